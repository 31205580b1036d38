// Replay of index and constraint operations: create_index/drop_index, create_foreign_key,
// create_unique_constraint, create_primary_key, create_check_constraint, drop_constraint.
import { kwarg, stringValue } from "../python/syntax";
import type { Table } from "../schema/types";
import { nameList, nameValue, opArgument } from "./opArguments";
import type { Namer } from "./pgNames";
import { conflict, describe, opaqueStep, sourceOf, targetTable, type ReplayContext } from "./replayContext";
import { indexFrom, referentialAction, sqlExpressionText } from "./saObjects";
import { setPrimaryKey } from "./schemaEdits";
import type { MigrationOp } from "./types";

export function createIndex(ctx: ReplayContext, op: MigrationOp): void {
  const table = targetTable(ctx, op);
  if (!table) return;
  const columnsExpr = opArgument(op, "columns");
  const columns = nameList(columnsExpr);
  const name = nameValue(opArgument(op, "index_name")) ?? ctx.state.names.index(table.name, columns ?? []);
  if (table.indexes.some((i) => i.name === name)) conflict(ctx, op, `${describe(op)} creates index ${name}, which already exists on ${table.name}`, table.name);
  const index = indexFrom(name, columnsExpr ? [columnsExpr] : [], op.call, sourceOf(ctx, op), op.text.trim());
  table.indexes = [...table.indexes.filter((i) => i.name !== name), index];
}

export function dropIndex(ctx: ReplayContext, op: MigrationOp): void {
  const name = nameValue(opArgument(op, "index_name"));
  if (name === undefined) return opaqueStep(ctx, op, `${describe(op)} with an index name that is not a literal`, op.table ? [op.table] : []);
  const owner = op.table !== undefined ? [op.table] : Object.keys(ctx.state.schema.tables);
  const tableName = owner.find((t) => ctx.state.table(t)?.indexes.some((i) => i.name === name));
  if (tableName === undefined) {
    const lenient = ctx.state.unseenChanges || (op.table !== undefined && ctx.state.table(op.table)?.uncertain) || kwarg(op.call, "if_exists") !== undefined;
    if (!lenient) conflict(ctx, op, `${describe(op)} drops index ${name}, which does not exist at this point of the history`, op.table);
    return;
  }
  const table = ctx.state.mutableTable(tableName)!;
  table.indexes = table.indexes.filter((i) => i.name !== name);
}

export function createForeignKey(ctx: ReplayContext, op: MigrationOp): void {
  const refTable = nameValue(opArgument(op, "referent_table"));
  const columns = nameList(opArgument(op, "local_cols"));
  const refColumns = nameList(opArgument(op, "remote_cols"));
  if (refTable === undefined || !columns || !refColumns) {
    return opaqueStep(ctx, op, `${describe(op)} with arguments that are not literals`, op.table ? [op.table] : []);
  }
  const table = targetTable(ctx, op);
  if (!table) return;
  const name = nameValue(opArgument(op, "constraint_name"));
  const onDelete = referentialAction(kwarg(op.call, "ondelete"));
  const onUpdate = referentialAction(kwarg(op.call, "onupdate"));
  table.foreignKeys.push({
    ...(name !== undefined ? { name } : {}),
    columns,
    refTable,
    refColumns,
    ...(onDelete ? { onDelete } : {}),
    ...(onUpdate ? { onUpdate } : {}),
    source: sourceOf(ctx, op),
  });
}

export function createUniqueConstraint(ctx: ReplayContext, op: MigrationOp): void {
  const columns = nameList(opArgument(op, "columns"));
  if (!columns) return opaqueStep(ctx, op, `${describe(op)} with columns that are not literals`, op.table ? [op.table] : []);
  const table = targetTable(ctx, op);
  if (!table) return;
  const name = nameValue(opArgument(op, "constraint_name"));
  table.uniques.push({ ...(name !== undefined ? { name } : {}), columns, source: sourceOf(ctx, op) });
}

export function createPrimaryKey(ctx: ReplayContext, op: MigrationOp): void {
  const columns = nameList(opArgument(op, "columns"));
  if (!columns) return opaqueStep(ctx, op, `${describe(op)} with columns that are not literals`, op.table ? [op.table] : []);
  const table = targetTable(ctx, op);
  if (!table) return;
  if (table.primaryKey) conflict(ctx, op, `${describe(op)} adds a primary key to ${table.name}, which already has one`, table.name);
  setPrimaryKey(table, columns, nameValue(opArgument(op, "constraint_name")));
}

export function createCheckConstraint(ctx: ReplayContext, op: MigrationOp): void {
  const table = targetTable(ctx, op);
  if (!table) return;
  const name = nameValue(opArgument(op, "constraint_name"));
  table.checks.push({ ...(name !== undefined ? { name } : {}), expression: sqlExpressionText(opArgument(op, "condition")), source: sourceOf(ctx, op) });
}

type Kind = "foreignkey" | "unique" | "primary" | "check";

export function dropConstraint(ctx: ReplayContext, op: MigrationOp): void {
  const name = nameValue(opArgument(op, "constraint_name"));
  if (name === undefined) return opaqueStep(ctx, op, `${describe(op)} without a literal constraint name`, op.table ? [op.table] : []);
  const table = targetTable(ctx, op);
  if (!table) return;
  const kind = stringValue(opArgument(op, "type_")) as Kind | undefined;
  if (!removeConstraint(table, name, ctx.state.names, kind) && !table.uncertain && !ctx.state.unseenChanges && kwarg(op.call, "if_exists") === undefined) {
    conflict(ctx, op, `${describe(op)} drops constraint ${name}, which ${table.name} does not have at this point of the history`, table.name);
  }
}

/** Removes the named constraint (matching PostgreSQL's default names for unnamed ones). */
export function removeConstraint(table: Table, name: string, names: Namer, kind?: Kind): boolean {
  const is = (k: Kind): boolean => kind === undefined || kind === k;
  if (is("foreignkey")) {
    const i = table.foreignKeys.findIndex((fk) => (fk.name ?? names.foreignKey(table.name, fk.columns, fk.refTable, fk.refColumns)) === name);
    if (i >= 0) return Boolean(table.foreignKeys.splice(i, 1));
  }
  if (is("unique")) {
    const i = table.uniques.findIndex((u) => (u.name ?? names.unique(table.name, u.columns)) === name);
    if (i >= 0) return Boolean(table.uniques.splice(i, 1));
  }
  if (is("primary") && table.primaryKey && (table.primaryKey.name ?? names.primaryKey(table.name, table.primaryKey.columns)) === name) {
    // The columns stay NOT NULL after the key is dropped, as in PostgreSQL.
    table.columns = table.columns.map((c) => (c.primaryKey ? { ...c, primaryKey: false } : c));
    delete table.primaryKey;
    return true;
  }
  if (is("check")) {
    const i = table.checks.findIndex((c) => (c.name ?? names.check(table.name)) === name);
    if (i >= 0) return Boolean(table.checks.splice(i, 1));
  }
  return false;
}
