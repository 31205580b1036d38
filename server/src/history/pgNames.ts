// Names PostgreSQL gives constraints created without one: `<table>_pkey`, `<table>_<cols>_fkey`,
// `<table>_<cols>_key`, shortened to fit 63 bytes the way PostgreSQL does it
// (src/backend/commands/indexcmds.c makeObjectName / ChooseConstraintName, PostgreSQL 16).
import type { Table } from "../schema/types";

const MAX_IDENTIFIER = 63;

export function makeObjectName(name1: string, name2: string, label: string): string {
  const overhead = (name2 ? 1 : 0) + (label ? label.length + 1 : 0);
  const available = MAX_IDENTIFIER - overhead;
  let n1 = name1.length;
  let n2 = name2.length;
  while (n1 + n2 > available) {
    if (n1 > n2) n1--;
    else n2--;
  }
  return [name1.slice(0, n1), ...(name2 ? [name2.slice(0, n2)] : []), ...(label ? [label] : [])].join("_");
}

export type ConstraintKind = "primary" | "foreignkey" | "unique";

/** The name PostgreSQL chooses for an unnamed constraint of this kind. */
export function defaultConstraintName(table: string, columns: string[], kind: ConstraintKind): string {
  if (kind === "primary") return makeObjectName(table, "", "pkey");
  return makeObjectName(table, columns.join("_"), kind === "foreignkey" ? "fkey" : "key");
}

/**
 * Writes the default names into unnamed constraints. PostgreSQL keeps a constraint's name when
 * its table or columns are renamed, so after a rename the default rule no longer predicts it.
 */
export function pinDefaultNames(table: Table): void {
  if (table.primaryKey && table.primaryKey.name === undefined) table.primaryKey.name = defaultConstraintName(table.name, table.primaryKey.columns, "primary");
  for (const fk of table.foreignKeys) if (fk.name === undefined) fk.name = defaultConstraintName(table.name, fk.columns, "foreignkey");
  for (const u of table.uniques) if (u.name === undefined) u.name = defaultConstraintName(table.name, u.columns, "unique");
}
