// Foreign keys, unique constraints, indexes and primary keys on existing tables. Additions get
// explicit names; drops use the real names (database, else history, else PostgreSQL's default).
// Drops of these objects run early (phase "loosen"): removing a constraint never fails, and a
// foreign key or index in the way of a type change must be gone before the conversion.
import type { ForeignKey, Index, PrimaryKey, UniqueConstraint } from "../schema/types";
import type { PlanBuilder } from "./builder";
import {
  existingForeignKeyName,
  existingIndexName,
  existingPrimaryKeyName,
  existingUniqueName,
  newForeignKeyName,
  newIndexName,
  newUniqueName,
} from "./names";
import { createForeignKeySource, createIndexSource, createUniqueSource, dropConstraintSource, dropIndexSource } from "./source";
import { opExecute, pyList, pyString, quoteIdent } from "./sql";

export function planAddForeignKey(b: PlanBuilder, table: string, fk: ForeignKey): void {
  if (!b.claim(`fk:${table}:${fk.columns.join(",")}:${fk.refTable}`)) return;
  const name = newForeignKeyName(table, fk);
  const up = [createForeignKeySource(table, fk, name)];
  const newColumns = fk.columns.every((c) => b.changes.some((x) => x.kind === "add-column" && x.table === table && x.column.name === c));
  if (b.newTables.has(fk.refTable) && !b.newTables.has(table) && !newColumns) {
    // Existing rows may already hold values (a renamed or converted column): they must find a row.
    up.unshift(
      `# ${fk.refTable} is created empty by this migration: insert the rows that existing`,
      `# ${table}.${fk.columns.join(", ")} values refer to before this line, or the foreign key fails.`,
    );
  }
  b.add("foreign-key", `foreign key ${name}`, up, [dropConstraintSource(table, name, "foreignkey")]);
}

export function planDropForeignKey(b: PlanBuilder, table: string, fk: ForeignKey): void {
  const name = existingForeignKeyName(table, fk, b.database);
  b.add("loosen", `drop foreign key ${name}`, [dropConstraintSource(table, name, "foreignkey")], [createForeignKeySource(table, fk, name)]);
}

/** ON DELETE / ON UPDATE changed: PostgreSQL has no ALTER for it, so drop and re-create. */
export function planAlterForeignKey(b: PlanBuilder, table: string, from: ForeignKey, to: ForeignKey): void {
  const oldName = existingForeignKeyName(table, from, b.database);
  b.add("loosen", `drop foreign key ${oldName}`, [dropConstraintSource(table, oldName, "foreignkey")], [createForeignKeySource(table, from, oldName)]);
  const newName = newForeignKeyName(table, { ...to, name: to.name ?? from.name });
  b.add("foreign-key", `foreign key ${newName}`, [createForeignKeySource(table, to, newName)], [dropConstraintSource(table, newName, "foreignkey")]);
}

export function planAddIndex(b: PlanBuilder, table: string, index: Index): void {
  const name = newIndexName(table, index);
  if (!b.claim(`index:${table}:${name}`)) return;
  b.add("index", `index ${name}`, [createIndexSource(table, index)], [dropIndexSource(table, name)]);
}

export function planDropIndex(b: PlanBuilder, table: string, index: Index): void {
  const name = existingIndexName(table, index, b.database);
  b.add("loosen", `drop index ${name}`, [dropIndexSource(table, name)], [createIndexSource(table, { ...index, name })]);
}

/**
 * The same index under its new name: `ALTER INDEX ... RENAME TO` (Alembic has no operation for
 * it), which only changes the catalog: no rebuild, a brief lock.
 */
export function planRenameIndex(b: PlanBuilder, table: string, from: Index, to: Index): void {
  const oldName = existingIndexName(table, from, b.database);
  if (oldName === to.name || !b.claim(`index:${table}:${to.name}`)) return;
  const rename = (a: string, z: string) => opExecute(`ALTER INDEX ${quoteIdent(a)} RENAME TO ${quoteIdent(z)}`);
  b.add("rename", `rename index ${oldName} to ${to.name}`, [rename(oldName, to.name)], [rename(to.name, oldName)]);
}

export function planAddUnique(b: PlanBuilder, table: string, unique: UniqueConstraint): void {
  b.add("unique", `unique constraint on ${table}(${unique.columns.join(", ")})`, [createUniqueSource(table, unique)], [
    dropConstraintSource(table, newUniqueName(table, unique), "unique"),
  ]);
}

export function planDropUnique(b: PlanBuilder, table: string, unique: UniqueConstraint): void {
  const name = existingUniqueName(table, unique, b.database);
  b.add("loosen", `drop unique constraint ${name}`, [dropConstraintSource(table, name, "unique")], [createUniqueSource(table, unique, name)]);
}

function createPrimaryKey(table: string, pk: PrimaryKey, name: string): string {
  return `op.create_primary_key(${pyString(name)}, ${pyString(table)}, ${pyList(pk.columns)})`;
}

export function planAlterPrimaryKey(b: PlanBuilder, table: string, from?: PrimaryKey, to?: PrimaryKey): void {
  const oldName = existingPrimaryKeyName(table, from, b.database);
  const newName = to?.name ?? `${table}_pkey`;
  const up: string[] = [];
  const down: string[] = [];
  if (from) up.push(dropConstraintSource(table, oldName, "primary"));
  if (to) up.push(createPrimaryKey(table, to, newName));
  if (to) down.push(dropConstraintSource(table, newName, "primary"));
  if (from) down.push(createPrimaryKey(table, from, oldName));
  b.add("primary-key", `primary key of ${table}`, up, down);
}
