// Table-level objects: primary key, foreign keys, indexes, unique constraints.
// Objects are matched by what they do, not by name: producers name them differently (SQLModel
// leaves most names to PostgreSQL, migrations use op.f(...) or naming conventions).
// Column names on the `from` side are first translated through the table's renames, so renaming
// an indexed column is one rename, not a rename plus a dropped and an added index.
import type { SchemaChange } from "./types";
import type { ForeignKey, Index, ReferentialAction, Table, UniqueConstraint } from "../schema/types";

/** old column name -> new column name, for one table. */
export type ColumnRenames = ReadonlyMap<string, string>;

/** No renames. (Every table of every diff goes through these functions: they spare allocations.) */
const NONE: ColumnRenames = new Map();

function renamed(columns: string[], renames: ColumnRenames): string[] {
  return renames.size === 0 ? columns : columns.map((c) => renames.get(c) ?? c);
}

function orderedKey(columns: string[]): string {
  return columns.length === 1 ? columns[0] : columns.join("\u0000");
}

function setKey(columns: string[]): string {
  return columns.length === 1 ? columns[0] : [...columns].sort().join("\u0000");
}

/** Adds `item` to the list under `key`. */
function addTo<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

export function primaryKeyColumns(table: Table): string[] {
  return table.primaryKey?.columns ?? table.columns.filter((c) => c.primaryKey).map((c) => c.name);
}

export function diffPrimaryKey(from: Table, to: Table, renames: ColumnRenames): SchemaChange[] {
  const before = renamed(primaryKeyColumns(from), renames);
  const after = primaryKeyColumns(to);
  // Compared as sets: column order inside a key is rarely intended and producers disagree on it.
  if (setKey(before) === setKey(after)) return [];
  const toKey = (t: Table, columns: string[]) => (columns.length ? { ...(t.primaryKey?.name ? { name: t.primaryKey.name } : {}), columns } : undefined);
  const fromKey = toKey(from, primaryKeyColumns(from));
  const nextKey = toKey(to, after);
  return [{ kind: "alter-primary-key", table: to.name, ...(fromKey ? { from: fromKey } : {}), ...(nextKey ? { to: nextKey } : {}) }];
}

function foreignKeyKey(fk: ForeignKey, renames: ColumnRenames): string {
  return `${orderedKey(renamed(fk.columns, renames))}\u0001${fk.refTable}\u0001${orderedKey(fk.refColumns)}`;
}

/** PostgreSQL's default action is NO ACTION; an absent action means the default. */
function action(a: ReferentialAction | undefined): ReferentialAction {
  return a ?? "NO ACTION";
}

export function diffForeignKeys(from: Table, to: Table, renames: ColumnRenames): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const remaining = new Map<string, ForeignKey[]>();
  for (const fk of from.foreignKeys) addTo(remaining, foreignKeyKey(fk, renames), fk);
  for (const fk of to.foreignKeys) {
    const match = remaining.get(foreignKeyKey(fk, NONE))?.shift();
    if (!match) {
      changes.push({ kind: "add-foreign-key", table: to.name, foreignKey: fk });
    } else if (action(match.onDelete) !== action(fk.onDelete) || action(match.onUpdate) !== action(fk.onUpdate)) {
      changes.push({ kind: "alter-foreign-key", table: to.name, from: match, to: fk });
    }
  }
  for (const fks of remaining.values()) for (const fk of fks) changes.push({ kind: "drop-foreign-key", table: to.name, foreignKey: fk });
  return changes;
}

function indexKey(index: Index, renames: ColumnRenames): string {
  return `${index.unique ? "u" : "i"}\u0001${orderedKey(renamed(index.columns, renames))}`;
}

/** Column sets that are unique through a unique index or a unique constraint. */
function uniqueSets(table: Table, renames: ColumnRenames): { viaIndex: Set<string>; viaConstraint: Set<string> } {
  const viaIndex = new Set<string>();
  for (const index of table.indexes) if (index.unique && !index.opaque) viaIndex.add(setKey(renamed(index.columns, renames)));
  const viaConstraint = new Set<string>();
  for (const unique of table.uniques) viaConstraint.add(setKey(renamed(unique.columns, renames)));
  return { viaIndex, viaConstraint };
}

/**
 * Indexes by columns (ordered) and uniqueness, unique constraints by column set. A unique index
 * and a unique constraint on the same columns are equivalent for drift (both enforce uniqueness;
 * SQLModel makes one or the other depending on `index=True`). Opaque (expression/partial) indexes
 * cannot be compared: an unmatched one is reported as `unknown-index`, never dropped.
 */
export function diffIndexesAndUniques(from: Table, to: Table, renames: ColumnRenames): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const fromUnique = uniqueSets(from, renames);
  const toUnique = uniqueSets(to, NONE);

  const remaining = new Map<string, Index[]>();
  for (const index of from.indexes) if (!index.opaque) addTo(remaining, indexKey(index, renames), index);
  for (const index of to.indexes) {
    if (index.opaque) continue;
    const match = remaining.get(indexKey(index, NONE))?.shift();
    if (match) {
      if (match.name && index.name && match.name !== index.name) changes.push({ kind: "rename-index", table: to.name, from: match, to: index });
      continue;
    }
    if (index.unique && fromUnique.viaConstraint.has(setKey(index.columns))) continue;
    changes.push({ kind: "add-index", table: to.name, index });
  }
  for (const indexes of remaining.values()) {
    for (const index of indexes) {
      if (index.unique && toUnique.viaConstraint.has(setKey(renamed(index.columns, renames)))) continue;
      changes.push({ kind: "drop-index", table: to.name, index });
    }
  }

  const remainingUniques = new Map<string, UniqueConstraint[]>();
  for (const unique of from.uniques) addTo(remainingUniques, setKey(renamed(unique.columns, renames)), unique);
  for (const unique of to.uniques) {
    const key = setKey(unique.columns);
    if (remainingUniques.get(key)?.shift()) continue;
    if (fromUnique.viaIndex.has(key)) continue;
    changes.push({ kind: "add-unique", table: to.name, unique });
  }
  for (const [key, uniques] of remainingUniques) {
    for (const unique of uniques) if (!toUnique.viaIndex.has(key)) changes.push({ kind: "drop-unique", table: to.name, unique });
  }

  if (from.indexes.some((i) => i.opaque) || to.indexes.some((i) => i.opaque)) changes.push(...diffOpaqueIndexes(from, to));
  return changes;
}

function sameOpaque(a: Index, b: Index): boolean {
  const norm = (s: string | undefined) => (s ?? "").replace(/\s+/g, " ").trim().toLowerCase();
  return a.name === b.name || (a.definition !== undefined && norm(a.definition) === norm(b.definition));
}

function diffOpaqueIndexes(from: Table, to: Table): SchemaChange[] {
  const fromOpaque = from.indexes.filter((i) => i.opaque);
  const toOpaque = to.indexes.filter((i) => i.opaque);
  const changes: SchemaChange[] = [];
  for (const index of toOpaque) if (!fromOpaque.some((o) => sameOpaque(o, index))) changes.push({ kind: "unknown-index", table: to.name, index });
  for (const index of fromOpaque) if (!toOpaque.some((o) => sameOpaque(o, index))) changes.push({ kind: "unknown-index", table: to.name, index });
  return changes;
}
