// Constraint names. New constraints get explicit, predictable names (fk_/uq_/ix_ prefixes) so that a
// later migration can drop them; drops use the real name: the database's when connected, else the
// one the history gave it, else the name PostgreSQL chose by default. Never `None`.
import type { ForeignKey, Index, PrimaryKey, Schema, UniqueConstraint } from "../schema/types";

/** PostgreSQL identifiers are at most 63 bytes (NAMEDATALEN - 1). */
const MAX_IDENTIFIER = 63;

function sameColumns(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

/**
 * PostgreSQL's default constraint name `<table>_<columns>_<label>`, shortening the longer part
 * first when too long (src/backend/commands/indexcmds.c makeObjectName, PostgreSQL 16).
 */
export function pgDefaultName(table: string, columns: string[], label: string): string {
  let name1 = table;
  let name2 = columns.join("_");
  const overhead = label.length + 1 + (name2 ? 1 : 0);
  while (name1.length + name2.length + overhead > MAX_IDENTIFIER) {
    if (name1.length > name2.length) name1 = name1.slice(0, -1);
    else name2 = name2.slice(0, -1);
  }
  return [name1, name2, label].filter((p) => p !== "").join("_");
}

function conventionName(prefix: string, table: string, columns: string[]): string {
  return `${prefix}_${table}_${columns.join("_")}`.slice(0, MAX_IDENTIFIER);
}

/**
 * A name the source chose, or undefined when it left the name to PostgreSQL: absent, or equal to
 * PostgreSQL's default (producers may fill that in for unnamed constraints).
 */
function chosenName(name: string | undefined, table: string, columns: string[], label: string): string | undefined {
  return name && name !== pgDefaultName(table, columns, label) ? name : undefined;
}

export function newForeignKeyName(table: string, fk: ForeignKey): string {
  return chosenName(fk.name, table, fk.columns, "fkey") ?? conventionName("fk", table, fk.columns);
}

export function newUniqueName(table: string, unique: UniqueConstraint): string {
  return chosenName(unique.name, table, unique.columns, "key") ?? conventionName("uq", table, unique.columns);
}

/** The primary key's name when it is not PostgreSQL's default `<table>_pkey`. */
export function chosenPrimaryKeyName(table: string, pk: PrimaryKey): string | undefined {
  return pk.name && pk.name !== `${table}_pkey`.slice(0, MAX_IDENTIFIER) ? pk.name : undefined;
}

export function newIndexName(table: string, index: Index): string {
  return index.name || conventionName("ix", table, index.columns);
}

/** The name to drop an existing foreign key by. */
export function existingForeignKeyName(table: string, fk: ForeignKey, database?: Schema): string {
  const live = database?.tables[table]?.foreignKeys.find(
    (f) => sameColumns(f.columns, fk.columns) && f.refTable === fk.refTable && f.name,
  );
  return live?.name ?? fk.name ?? pgDefaultName(table, fk.columns, "fkey");
}

export function existingUniqueName(table: string, unique: UniqueConstraint, database?: Schema): string {
  const live = database?.tables[table]?.uniques.find((u) => sameColumns(u.columns, unique.columns) && u.name);
  return live?.name ?? unique.name ?? pgDefaultName(table, unique.columns, "key");
}

export function existingIndexName(table: string, index: Index, database?: Schema): string {
  if (index.name) return index.name;
  const live = database?.tables[table]?.indexes.find((i) => sameColumns(i.columns, index.columns));
  return live?.name ?? pgDefaultName(table, index.columns, "idx");
}

export function existingPrimaryKeyName(table: string, pk: PrimaryKey | undefined, database?: Schema): string {
  return database?.tables[table]?.primaryKey?.name ?? pk?.name ?? `${table}_pkey`.slice(0, MAX_IDENTIFIER);
}
