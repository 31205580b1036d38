// Replay of table and column operations: create_table, drop_table, rename_table, add_column,
// drop_column, alter_column (plain and in batch_alter_table blocks).
import { boolValue, kwarg, type PyExpr } from "../python/syntax";
import type { Column, Table } from "../schema/types";
import { emptyTable, findColumn } from "../schema/types";
import { extraArguments, nameValue, opArgument } from "./opArguments";
import { conflict, describe, opaqueStep, sourceOf, targetColumn, targetTable, type ReplayContext } from "./replayContext";
import { readColumn, readTableItem, saColumnType, serverDefaultText, type ColumnSpec } from "./saObjects";
import { dropColumn, ensureEnum, renameColumn, renameTable, setPrimaryKey } from "./schemaEdits";
import type { MigrationOp } from "./types";

const INTEGER_KINDS = new Set(["smallint", "integer", "bigint"]);

export function createTable(ctx: ReplayContext, op: MigrationOp): void {
  const name = op.table;
  if (name === undefined) return opaqueStep(ctx, op, "op.create_table with a table name that is not a literal");
  if (ctx.state.table(name)) {
    // PostgreSQL refuses the CREATE (or, with IF NOT EXISTS, skips it): the existing table stays.
    if (boolValue(kwarg(op.call, "if_not_exists")) !== true) conflict(ctx, op, `op.create_table creates ${name}, which already exists`, name);
    return;
  }
  const source = sourceOf(ctx, op);
  const table: Table = emptyTable(name, source);
  const specs: ColumnSpec[] = [];
  for (const arg of extraArguments(op)) {
    const item = readTableItem(arg, source, ctx.types);
    switch (item.kind) {
      case "column":
        specs.push(item.spec);
        addColumnSpec(ctx, table, item.spec);
        break;
      case "primary-key":
        setPrimaryKey(table, item.primaryKey.columns, item.primaryKey.name);
        break;
      case "foreign-key":
        table.foreignKeys.push(item.foreignKey);
        break;
      case "unique":
        table.uniques.push(item.unique);
        break;
      case "check":
        table.checks.push(item.check);
        break;
      case "index":
        table.indexes.push(item.index);
        break;
      case "unreadable":
        table.uncertain = true;
        opaqueStep(ctx, op, `an argument of op.create_table("${name}") that is not a column or constraint`);
        break;
    }
  }
  const pkColumns = specs.filter((s) => s.column.primaryKey).map((s) => s.column.name);
  if (!table.primaryKey && pkColumns.length > 0) setPrimaryKey(table, pkColumns);
  markAutoincrement(table, specs);
  ctx.state.putTable(table);
  ctx.state.createdIn.set(name, ctx.revision);
}

/**
 * SQLAlchemy's "auto" autoincrement: the single integer primary-key column with no foreign key
 * and no server default becomes SERIAL (sqlalchemy/sql/schema.py, PrimaryKeyConstraint
 * _autoincrement_column, 2.0). `autoincrement=True` or `sa.Identity()` force it.
 */
function markAutoincrement(table: Table, specs: ColumnSpec[]): void {
  const pk = table.primaryKey?.columns ?? [];
  for (const spec of specs) {
    const column = findColumn(table, spec.column.name);
    if (!column) continue;
    if (spec.autoincrement === true) column.autoincrement = true;
    else if (spec.autoincrement === false || pk.length !== 1 || pk[0] !== column.name) continue;
    else if (INTEGER_KINDS.has(column.type.kind) && spec.foreignKeys.length === 0 && column.serverDefault === undefined) column.autoincrement = true;
  }
}

/** Adds a column with what its flags create: foreign keys, a unique constraint, an index. */
function addColumnSpec(ctx: ReplayContext, table: Table, spec: ColumnSpec): void {
  const column: Column = { ...spec.column };
  if (spec.typeFromForeignKey) {
    const fk = spec.foreignKeys[0];
    const referenced = ctx.state.table(fk.refTable) ?? (fk.refTable === table.name ? table : undefined);
    const refColumn = referenced && findColumn(referenced, fk.refColumns[0]);
    if (refColumn) column.type = refColumn.type;
  }
  ensureEnum(ctx.state, column.type, column.source ?? { file: ctx.file.path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  table.columns.push(column);
  table.foreignKeys.push(...spec.foreignKeys);
  table.checks.push(...spec.checks);
  // SQLAlchemy: index=True makes an index named by the `ix` convention (default `ix_<table>_<column>`),
  // unique when unique=True too; unique=True alone is an unnamed UNIQUE constraint.
  if (spec.index) table.indexes.push({ name: ctx.state.names.index(table.name, [column.name]), columns: [column.name], unique: spec.unique, ...(column.source ? { source: column.source } : {}) });
  else if (spec.unique) table.uniques.push({ columns: [column.name], ...(column.source ? { source: column.source } : {}) });
}

export function dropTable(ctx: ReplayContext, op: MigrationOp): void {
  const name = op.table;
  if (name === undefined) return opaqueStep(ctx, op, "op.drop_table with a table name that is not a literal");
  if (!ctx.state.table(name)) {
    if (!ctx.state.unseenChanges && boolValue(kwarg(op.call, "if_exists")) !== true) {
      conflict(ctx, op, `op.drop_table drops ${name}, which does not exist at this point of the history`, name);
    }
    return;
  }
  ctx.state.removeTable(name);
  ctx.state.createdIn.delete(name);
}

export function renameTableOp(ctx: ReplayContext, op: MigrationOp): void {
  const to = nameValue(opArgument(op, "new_table_name"));
  if (to === undefined) return opaqueStep(ctx, op, "op.rename_table with a name that is not a literal", op.table ? [op.table] : []);
  const table = targetTable(ctx, op);
  if (!table) return;
  if (ctx.state.table(to)) conflict(ctx, op, `op.rename_table renames ${table.name} to ${to}, which already exists`, to);
  renameTable(ctx.state, table.name, to);
}

export function addColumn(ctx: ReplayContext, op: MigrationOp): void {
  const columnExpr = opArgument(op, "column");
  const spec = columnExpr && readColumn(columnExpr, sourceOf(ctx, op), ctx.types);
  if (!spec) return opaqueStep(ctx, op, `${describe(op)} with a column that is not sa.Column(...)`, op.table ? [op.table] : []);
  const table = targetTable(ctx, op);
  if (!table) return;
  if (findColumn(table, spec.column.name)) {
    // PostgreSQL refuses the statement, so the existing column stays as it was.
    if (boolValue(kwarg(op.call, "if_not_exists")) !== true) conflict(ctx, op, `${describe(op)} adds ${table.name}.${spec.column.name}, which already exists`, table.name, spec.column.name);
    return;
  }
  // add_column does not create a primary key unless asked (alembic/operations/toimpl.py add_column, 1.20.1).
  const inlinePk = boolValue(kwarg(op.call, "inline_primary_key")) === true;
  const added: ColumnSpec = inlinePk ? spec : { ...spec, column: { ...spec.column, primaryKey: false } };
  addColumnSpec(ctx, table, added);
  if (inlinePk && spec.column.primaryKey) setPrimaryKey(table, [spec.column.name]);
}

export function dropColumnOp(ctx: ReplayContext, op: MigrationOp): void {
  const name = nameValue(opArgument(op, "column_name"));
  if (name === undefined) return opaqueStep(ctx, op, `${describe(op)} with a column name that is not a literal`, op.table ? [op.table] : []);
  const table = targetTable(ctx, op);
  if (!table) return;
  if (!targetColumn(ctx, op, table, name)) return;
  dropColumn(table, name);
}

export function alterColumn(ctx: ReplayContext, op: MigrationOp): void {
  const name = nameValue(opArgument(op, "column_name"));
  if (name === undefined) return opaqueStep(ctx, op, `${describe(op)} with a column name that is not a literal`, op.table ? [op.table] : []);
  const table = targetTable(ctx, op);
  if (!table) return;
  const current = targetColumn(ctx, op, table, name);
  if (!current) return;
  const next: Column = { ...current };
  const nullable = boolValue(kwarg(op.call, "nullable"));
  if (nullable !== undefined) next.nullable = nullable;
  const typeExpr = kwarg(op.call, "type_");
  if (typeExpr && typeExpr.kind !== "none") {
    next.type = saColumnType(typeExpr, ctx.types);
    ensureEnum(ctx.state, next.type, sourceOf(ctx, op));
  }
  applyServerDefault(next, kwarg(op.call, "server_default"));
  const comment = kwarg(op.call, "comment");
  if (comment?.kind === "none") delete next.comment;
  else if (comment?.kind === "str") next.comment = comment.value;
  const auto = boolValue(kwarg(op.call, "autoincrement"));
  if (auto !== undefined) next.autoincrement = auto;
  table.columns = table.columns.map((c) => (c.name === name ? next : c));
  const newName = nameValue(kwarg(op.call, "new_column_name"));
  if (newName !== undefined && newName !== name) {
    if (findColumn(table, newName)) conflict(ctx, op, `${describe(op)} renames ${table.name}.${name} to ${newName}, which already exists`, table.name, newName);
    renameColumn(ctx.state, table.name, name, newName);
  }
}

/** Alembic: `server_default=False` (the default) means unchanged, `None` drops the default. */
function applyServerDefault(column: Column, expr: PyExpr | undefined): void {
  if (!expr || (expr.kind === "bool" && !expr.value)) return;
  if (expr.kind === "none") {
    delete column.serverDefault;
    return;
  }
  const text = serverDefaultText(expr);
  if (text !== undefined) column.serverDefault = text;
}
