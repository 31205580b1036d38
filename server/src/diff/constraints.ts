// Table-level objects: primary key, foreign keys, indexes, unique constraints.
// Objects are matched by what they do, not by name: producers name them differently (SQLModel
// leaves most names to PostgreSQL, migrations use op.f(...) or naming conventions).
// Column names on the `from` side are first translated through the table's renames, so renaming
// an indexed column is one rename, not a rename plus a dropped and an added index.
import type { SchemaChange } from "./types";
import type { ForeignKey, Index, ReferentialAction, Table, UniqueConstraint } from "../schema/types";

/** old column name -> new column name, for one table. */
export type ColumnRenames = ReadonlyMap<string, string>;

function renamed(columns: string[], renames: ColumnRenames): string[] {
  return columns.map((c) => renames.get(c) ?? c);
}

function orderedKey(columns: string[]): string {
  return columns.join("\u0000");
}

function setKey(columns: string[]): string {
  return [...columns].sort().join("\u0000");
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
  for (const fk of from.foreignKeys) {
    const key = foreignKeyKey(fk, renames);
    remaining.set(key, [...(remaining.get(key) ?? []), fk]);
  }
  for (const fk of to.foreignKeys) {
    const key = foreignKeyKey(fk, new Map());
    const candidates = remaining.get(key) ?? [];
    const match = candidates.shift();
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
  return {
    viaIndex: new Set(table.indexes.filter((i) => i.unique && !i.opaque).map((i) => setKey(renamed(i.columns, renames)))),
    viaConstraint: new Set(table.uniques.map((u) => setKey(renamed(u.columns, renames)))),
  };
}

/**
 * Indexes by columns (ordered) and uniqueness, unique constraints by column set. A unique index
 * and a unique constraint on the same columns are equivalent for drift (both enforce uniqueness;
 * SQLModel makes one or the other depending on `index=True`). Opaque (expression/partial) indexes
 * cannot be compared: an unmatched one is reported as `unknown-index`, never dropped.
 */
export function diffIndexesAndUniques(from: Table, to: Table, renames: ColumnRenames): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const none: ColumnRenames = new Map();
  const fromUnique = uniqueSets(from, renames);
  const toUnique = uniqueSets(to, none);

  const fromPlain = from.indexes.filter((i) => !i.opaque);
  const remaining = new Map<string, Index[]>();
  for (const index of fromPlain) {
    const key = indexKey(index, renames);
    remaining.set(key, [...(remaining.get(key) ?? []), index]);
  }
  for (const index of to.indexes.filter((i) => !i.opaque)) {
    const match = (remaining.get(indexKey(index, none)) ?? []).shift();
    if (match) continue;
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
  for (const unique of from.uniques) {
    const key = setKey(renamed(unique.columns, renames));
    remainingUniques.set(key, [...(remainingUniques.get(key) ?? []), unique]);
  }
  for (const unique of to.uniques) {
    const key = setKey(unique.columns);
    if ((remainingUniques.get(key) ?? []).shift()) continue;
    if (fromUnique.viaIndex.has(key)) continue;
    changes.push({ kind: "add-unique", table: to.name, unique });
  }
  for (const [key, uniques] of remainingUniques) {
    for (const unique of uniques) if (!toUnique.viaIndex.has(key)) changes.push({ kind: "drop-unique", table: to.name, unique });
  }

  changes.push(...diffOpaqueIndexes(from, to));
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
