// `diffSchemas(from, to)`: the changes that turn `from` into `to`. Pure and deterministic:
// new and changed enum types first (tables may use them), then tables in alphabetical order, each
// with its column changes in `to`'s column order (dropped columns after, in `from`'s order) and
// then its key, foreign key, index and unique changes; dropped enum types last.
import { sameType } from "../schema/columnTypes";
import type { Column, EnumType, Schema, Table } from "../schema/types";
import { diffForeignKeys, diffIndexesAndUniques, diffPrimaryKey } from "./constraints";
import { findRenameCandidates } from "./renames";
import { sameServerDefault } from "./serverDefaults";
import type { DiffOptions, SchemaChange } from "./types";

export function diffSchemas(from: Schema, to: Schema, options: DiffOptions = {}): SchemaChange[] {
  const enums = diffEnums(from.enums, to.enums);
  const changes: SchemaChange[] = enums.filter((c) => c.kind !== "drop-enum");
  const names = [...new Set([...Object.keys(from.tables), ...Object.keys(to.tables)])].sort();
  for (const name of names) {
    const before = from.tables[name];
    const after = to.tables[name];
    if (!before && after) changes.push({ kind: "add-table", table: after });
    else if (before && !after) changes.push({ kind: "drop-table", table: before });
    else if (before && after) changes.push(...diffTableOnce(before, after, options));
  }
  changes.push(...enums.filter((c) => c.kind === "drop-enum"));
  return changes;
}

function diffEnums(from: Record<string, EnumType>, to: Record<string, EnumType>): SchemaChange[] {
  const changes: SchemaChange[] = [];
  for (const name of [...new Set([...Object.keys(from), ...Object.keys(to)])].sort()) {
    const before = from[name];
    const after = to[name];
    if (!before && after) changes.push({ kind: "add-enum", enumType: after });
    else if (before && !after) changes.push({ kind: "drop-enum", enumType: before });
    else if (before && after && before.values.join("\u0000") !== after.values.join("\u0000")) {
      changes.push({ kind: "alter-enum", from: before, to: after });
    }
  }
  return changes;
}

/** Explicit renames (old -> new) that name an existing old column and an existing new one. */
function explicitRenames(fromColumns: ReadonlyMap<string, Column>, toColumns: ReadonlyMap<string, Column>, table: string, options: DiffOptions): Map<string, string> {
  const out = new Map<string, string>();
  for (const [oldName, newName] of Object.entries(options.renames?.[table] ?? {})) {
    const oldExists = fromColumns.has(oldName) && !toColumns.has(oldName);
    const newExists = toColumns.has(newName) && !fromColumns.has(newName);
    if (oldExists && newExists) out.set(oldName, newName);
  }
  return out;
}

// A table's changes depend on the two tables and the options for that table only. Producers hand
// out the same table object while nothing it was built from changed (the models reader keeps the
// tables of unedited classes, the replay its schema while no migration changed, the database
// snapshot until it is read again), so an edit re-diffs only the tables it touched. Tables and
// changes are plain data that nothing mutates.
const diffed = new WeakMap<Table, WeakMap<Table, { optionsKey: string; changes: readonly SchemaChange[] }>>();

function diffTableOnce(from: Table, to: Table, options: DiffOptions): readonly SchemaChange[] {
  const renames = options.renames?.[to.name];
  const optionsKey = `${options.detectRenames !== false}${renames ? JSON.stringify(renames) : ""}`;
  let byTarget = diffed.get(from);
  if (!byTarget) diffed.set(from, (byTarget = new WeakMap()));
  const cached = byTarget.get(to);
  if (cached?.optionsKey === optionsKey) return cached.changes;
  const changes = diffTable(from, to, options);
  byTarget.set(to, { optionsKey, changes });
  return changes;
}

/** Columns by name; the first of a name wins, as a lookup by `find` would. */
function byName(columns: readonly Column[]): Map<string, Column> {
  const out = new Map<string, Column>();
  for (const column of columns) if (!out.has(column.name)) out.set(column.name, column);
  return out;
}

function diffTable(from: Table, to: Table, options: DiffOptions): SchemaChange[] {
  const fromColumns = byName(from.columns);
  const toColumns = byName(to.columns);
  const renames = explicitRenames(fromColumns, toColumns, to.name, options);
  const renamedTo = new Set(renames.values());
  const dropped = from.columns.filter((c) => !renames.has(c.name) && !toColumns.has(c.name));
  const added = to.columns.filter((c) => !renamedTo.has(c.name) && !fromColumns.has(c.name));
  if (options.detectRenames !== false && dropped.length > 0 && added.length > 0) {
    for (const pair of findRenameCandidates(dropped, added)) renames.set(pair.from.name, pair.to.name);
  }
  const oldNameOf = new Map([...renames].map(([oldName, newName]) => [newName, oldName]));

  const changes: SchemaChange[] = [];
  for (const column of to.columns) {
    const oldName = oldNameOf.get(column.name);
    const previous = fromColumns.get(oldName ?? column.name);
    if (!previous) changes.push({ kind: "add-column", table: to.name, column });
    else if (oldName) changes.push({ kind: "rename-column", table: to.name, from: previous, to: column, typeChanged: !sameType(previous.type, column.type) });
    else diffColumn(to.name, previous, column, changes);
  }
  for (const column of from.columns) {
    if (!renames.has(column.name) && !toColumns.has(column.name)) changes.push({ kind: "drop-column", table: to.name, column });
  }
  changes.push(...diffPrimaryKey(from, to, renames));
  changes.push(...diffForeignKeys(from, to, renames));
  changes.push(...diffIndexesAndUniques(from, to, renames));
  return changes;
}

/** Adds the changes of one column (same name on both sides) to `changes`. */
function diffColumn(table: string, from: Column, to: Column, changes: SchemaChange[]): void {
  const base = { table, column: to.name, from, to };
  // An unknown type on either side (unmapped annotation, unparsable op) is not evidence of drift.
  if (from.type.kind !== "unknown" && to.type.kind !== "unknown" && !sameType(from.type, to.type)) {
    changes.push({ kind: "alter-type", ...base });
  }
  if (from.nullable !== to.nullable) changes.push({ kind: "alter-nullable", ...base });
  // Compared only when both sides know it: models rarely declare server defaults.
  if (from.serverDefault !== undefined && to.serverDefault !== undefined && !sameServerDefault(from.serverDefault, to.serverDefault)) {
    changes.push({ kind: "alter-server-default", ...base });
  }
}
