// Schema changes shared by op replay and SQL replay, with PostgreSQL's ripple effects: renames
// carry into keys, indexes and referencing foreign keys; dropping a column drops what depends on it.
import type { ColumnType, SourceRef, Table } from "../schema/types";
import { pinDefaultNames } from "./pgNames";
import type { ReplayState } from "./replayState";

export function renameTable(state: ReplayState, from: string, to: string): void {
  const table = state.mutableTable(from);
  if (!table) return;
  pinDefaultNames(table, state.names);
  state.removeTable(from);
  table.name = to;
  state.putTable(table);
  for (const name of referencingTables(state, from)) {
    for (const fk of state.mutableTable(name)!.foreignKeys) if (fk.refTable === from) fk.refTable = to;
  }
  const created = state.createdIn.get(from);
  state.createdIn.delete(from);
  if (created !== undefined) state.createdIn.set(to, created);
}

export function renameColumn(state: ReplayState, tableName: string, from: string, to: string): void {
  const table = state.mutableTable(tableName);
  if (!table) return;
  pinDefaultNames(table, state.names);
  const swap = (cols: string[]): string[] => cols.map((c) => (c === from ? to : c));
  table.columns = table.columns.map((c) => (c.name === from ? { ...c, name: to } : c));
  if (table.primaryKey) table.primaryKey.columns = swap(table.primaryKey.columns);
  for (const fk of table.foreignKeys) fk.columns = swap(fk.columns);
  for (const index of table.indexes) index.columns = swap(index.columns);
  for (const unique of table.uniques) unique.columns = swap(unique.columns);
  for (const name of referencingTables(state, tableName)) {
    for (const fk of state.mutableTable(name)!.foreignKeys) if (fk.refTable === tableName) fk.refColumns = swap(fk.refColumns);
  }
}

/** PostgreSQL drops indexes and constraints that involve a dropped column. */
export function dropColumn(table: Table, name: string): void {
  const involves = (cols: string[]): boolean => cols.includes(name);
  table.columns = table.columns.filter((c) => c.name !== name);
  if (table.primaryKey && involves(table.primaryKey.columns)) delete table.primaryKey;
  table.foreignKeys = table.foreignKeys.filter((fk) => !involves(fk.columns));
  table.indexes = table.indexes.filter((i) => !involves(i.columns));
  table.uniques = table.uniques.filter((u) => !involves(u.columns));
}

export function setPrimaryKey(table: Table, columns: string[], name?: string): void {
  table.primaryKey = { ...(name !== undefined ? { name } : {}), columns };
  // A primary key makes its columns NOT NULL in PostgreSQL.
  table.columns = table.columns.map((c) => (columns.includes(c.name) ? { ...c, primaryKey: true, nullable: false } : c));
}

/** Creates the enum type a column type names, when it does not exist yet. */
export function ensureEnum(state: ReplayState, type: ColumnType, source: SourceRef): void {
  if (type.kind === "array" && type.itemType) return ensureEnum(state, type.itemType, source);
  if (type.kind !== "enum" || type.enumName === undefined || state.enumType(type.enumName)) return;
  state.putEnum({ name: type.enumName, values: [...(type.enumValues ?? [])], source });
}

/** Replaces an enum's labels and keeps the columns using it in step. */
export function updateEnum(state: ReplayState, name: string, values: string[], newName = name): void {
  const current = state.enumType(name);
  if (!current) return;
  if (newName !== name) state.removeEnum(name);
  state.putEnum({ ...current, name: newName, values });
  for (const tableName of Object.keys(state.schema.tables)) {
    const uses = state.table(tableName)!.columns.some((c) => c.type.kind === "enum" && c.type.enumName === name);
    if (!uses) continue;
    const table = state.mutableTable(tableName)!;
    table.columns = table.columns.map((c) =>
      c.type.kind === "enum" && c.type.enumName === name ? { ...c, type: { ...c.type, enumName: newName, enumValues: [...values] } } : c,
    );
  }
}

function referencingTables(state: ReplayState, target: string): string[] {
  return Object.keys(state.schema.tables).filter((name) => state.table(name)!.foreignKeys.some((fk) => fk.refTable === target));
}
