// The names the database ends up with for constraints a migration creates without one: the
// metadata's naming convention when the project sets one, else PostgreSQL's defaults
// (`<table>_pkey`, `<table>_<cols>_fkey`, `<table>_<cols>_key`). Uses the models' namer so both
// producers name things alike.
import { namer, type Namer, type NamingConvention } from "../models/naming";
import type { Table } from "../schema/types";

export type { Namer, NamingConvention };

export function constraintNamer(convention?: NamingConvention): Namer {
  return namer(convention);
}

export type ConstraintKind = "primary" | "foreignkey" | "unique";

/** The name PostgreSQL chooses for an unnamed constraint of this kind (no naming convention). */
export function defaultConstraintName(table: string, columns: string[], kind: ConstraintKind): string {
  const names = namer(undefined);
  if (kind === "primary") return names.primaryKey(table, columns);
  return kind === "foreignkey" ? names.foreignKey(table, columns, "", []) : names.unique(table, columns);
}

/**
 * Writes the effective names into unnamed constraints. PostgreSQL keeps a constraint's name when
 * its table or columns are renamed, so after a rename the naming rule no longer predicts it.
 */
export function pinDefaultNames(table: Table, names: Namer): void {
  if (table.primaryKey && table.primaryKey.name === undefined) table.primaryKey.name = names.primaryKey(table.name, table.primaryKey.columns);
  for (const fk of table.foreignKeys) if (fk.name === undefined) fk.name = names.foreignKey(table.name, fk.columns, fk.refTable, fk.refColumns);
  for (const u of table.uniques) if (u.name === undefined) u.name = names.unique(table.name, u.columns);
  for (const c of table.checks) if (c.name === undefined) {
    const name = names.check(table.name);
    if (name !== undefined) c.name = name;
  }
}
