// SQLAlchemy schema objects as written in migrations (`sa.Column(...)`, `sa.ForeignKey(...)`,
// `sa.PrimaryKeyConstraint(...)`, `sa.Index(...)`, ...) -> pieces of the shared Schema type.
import type { PyExpr } from "../python/syntax";
import { boolValue, dottedName, kwarg, lastSegment, numberValue, printExpr, stringValue } from "../python/syntax";
import { columnTypeFromSa, isSaType, type SaTypeContext } from "../schema/sqlalchemyTypes";
import type { CheckConstraint, Column, ColumnType, ForeignKey, Index, PrimaryKey, ReferentialAction, SourceRef, UniqueConstraint } from "../schema/types";
import { nameList, nameValue } from "./opArguments";
import { staticSql } from "./staticSql";

export interface ColumnSpec {
  column: Column;
  foreignKeys: ForeignKey[];
  /** Column-level `sa.CheckConstraint(...)` arguments. */
  checks: CheckConstraint[];
  /** `unique=True` / `index=True` on the column. */
  unique: boolean;
  index: boolean;
  /** `autoincrement=` as written (true/false/"auto"), undefined when absent. */
  autoincrement?: boolean | string;
  /** The column carries a FK but no type: SQLAlchemy takes the referenced column's type. */
  typeFromForeignKey: boolean;
}

export type TableItem =
  | { kind: "column"; spec: ColumnSpec }
  | { kind: "primary-key"; primaryKey: PrimaryKey }
  | { kind: "foreign-key"; foreignKey: ForeignKey }
  | { kind: "unique"; unique: UniqueConstraint }
  | { kind: "check"; check: CheckConstraint }
  | { kind: "index"; index: Index }
  | { kind: "unreadable"; expr: PyExpr };

/**
 * `columnTypeFromSa` plus what only matters in DDL: `sa.Enum(..., native_enum=False)` is a VARCHAR
 * as long as the longest label, or `length=` (sqlalchemy/sql/sqltypes.py, Enum, 2.0).
 */
export function saColumnType(expr: PyExpr, ctx: SaTypeContext = {}): ColumnType {
  const type = columnTypeFromSa(expr, ctx);
  if (type.kind !== "enum" || boolValue(kwarg(expr, "native_enum")) !== false) return type;
  const length = numberValue(kwarg(expr, "length")) ?? Math.max(0, ...(type.enumValues ?? []).map((v) => v.length));
  return { kind: "string", ...(length > 0 ? { length } : {}), raw: type.raw };
}

export function calleeOf(expr: PyExpr): string | undefined {
  return expr.kind === "call" ? lastSegment(dottedName(expr.func)) : undefined;
}

/** One positional argument of `op.create_table(...)`. */
export function readTableItem(expr: PyExpr, source: SourceRef, types: SaTypeContext = {}): TableItem {
  const name = calleeOf(expr);
  const names = (items: PyExpr[]): string[] | undefined => nameList({ kind: "list", items, range: expr.range });
  if (expr.kind !== "call") return { kind: "unreadable", expr };
  const constraintName = nameValue(kwarg(expr, "name"));
  const named = constraintName !== undefined ? { name: constraintName } : {};
  switch (name) {
    case "Column": {
      const spec = readColumn(expr, source, types);
      return spec ? { kind: "column", spec } : { kind: "unreadable", expr };
    }
    case "PrimaryKeyConstraint": {
      const columns = names(expr.args);
      return columns ? { kind: "primary-key", primaryKey: { ...named, columns } } : { kind: "unreadable", expr };
    }
    case "UniqueConstraint": {
      const columns = names(expr.args);
      return columns ? { kind: "unique", unique: { ...named, columns, source } } : { kind: "unreadable", expr };
    }
    case "ForeignKeyConstraint": {
      const columns = nameList(expr.args[0] ?? kwarg(expr, "columns"));
      const refs = nameList(expr.args[1] ?? kwarg(expr, "refcolumns"));
      if (!columns || !refs || refs.length === 0) return { kind: "unreadable", expr };
      const target = splitReference(refs[0]);
      return {
        kind: "foreign-key",
        foreignKey: { ...named, columns, refTable: target.table, refColumns: refs.map((r) => splitReference(r).column), ...actions(expr), source },
      };
    }
    case "CheckConstraint":
      return { kind: "check", check: { ...named, expression: sqlExpressionText(expr.args[0] ?? kwarg(expr, "sqltext")), source } };
    case "Index": {
      const indexName = nameValue(expr.args[0] ?? kwarg(expr, "name"));
      if (indexName === undefined) return { kind: "unreadable", expr };
      return { kind: "index", index: indexFrom(indexName, expr.args.slice(1), expr, source) };
    }
    default:
      return { kind: "unreadable", expr };
  }
}

/** Positional Column arguments that are not its type. */
const COLUMN_ITEMS = new Set(["ForeignKey", "Identity", "Sequence", "Computed", "CheckConstraint", "FetchedValue", "DefaultClause"]);

/** `sa.Column("name", sa.String(50), sa.ForeignKey("t.id"), nullable=False, ...)`. */
export function readColumn(expr: PyExpr, source: SourceRef, types: SaTypeContext = {}): ColumnSpec | undefined {
  if (expr.kind !== "call" || calleeOf(expr) !== "Column") return undefined;
  const [first, ...rest] = expr.args;
  const columnName = nameValue(first) ?? nameValue(kwarg(expr, "name"));
  if (columnName === undefined) return undefined;
  let typeExpr = kwarg(expr, "type_");
  const foreignKeys: ForeignKey[] = [];
  const checks: CheckConstraint[] = [];
  let identity = false;
  for (const arg of rest) {
    const callee = calleeOf(arg);
    if (callee === "ForeignKey" && arg.kind === "call") {
      const ref = stringValue(arg.args[0] ?? kwarg(arg, "column"));
      if (ref === undefined) continue;
      const target = splitReference(ref);
      const fkName = nameValue(kwarg(arg, "name"));
      foreignKeys.push({ ...(fkName !== undefined ? { name: fkName } : {}), columns: [columnName], refTable: target.table, refColumns: [target.column], ...actions(arg), source });
    } else if (callee === "Identity") identity = true;
    else if (callee === "CheckConstraint" && arg.kind === "call") {
      const checkName = nameValue(kwarg(arg, "name"));
      checks.push({ ...(checkName !== undefined ? { name: checkName } : {}), expression: sqlExpressionText(arg.args[0] ?? kwarg(arg, "sqltext")), source });
    }
    else if (!typeExpr && arg.kind !== "none" && (isSaType(arg) || !COLUMN_ITEMS.has(callee ?? ""))) typeExpr = arg;
  }
  const primaryKey = boolValue(kwarg(expr, "primary_key")) ?? false;
  // SQLAlchemy: nullable defaults to `not primary_key` (sqlalchemy/sql/schema.py, Column.__init__, 2.0).
  const nullable = primaryKey ? false : (boolValue(kwarg(expr, "nullable")) ?? true);
  const type: ColumnType = typeExpr ? saColumnType(typeExpr, types) : { kind: "unknown", raw: "" };
  const column: Column = { name: columnName, type, nullable, primaryKey, source };
  const serverDefault = serverDefaultText(kwarg(expr, "server_default"));
  if (serverDefault !== undefined) column.serverDefault = serverDefault;
  const clientDefault = kwarg(expr, "default");
  if (clientDefault && clientDefault.kind !== "none") column.clientDefault = printExpr(clientDefault);
  const comment = stringValue(kwarg(expr, "comment"));
  if (comment !== undefined) column.comment = comment;
  const autoExpr = kwarg(expr, "autoincrement");
  const autoincrement = identity ? true : (boolValue(autoExpr) ?? stringValue(autoExpr));
  return {
    column,
    foreignKeys,
    checks,
    unique: boolValue(kwarg(expr, "unique")) ?? false,
    index: boolValue(kwarg(expr, "index")) ?? false,
    ...(autoincrement !== undefined ? { autoincrement } : {}),
    typeFromForeignKey: !typeExpr && foreignKeys.length > 0,
  };
}

/**
 * Server default as SQL text: `sa.text("now()")` -> `now()`, `"draft"` -> `'draft'`,
 * `sa.func.now()` -> `now()`, `sa.false()` -> `false`. None/False (Alembic's "unchanged") -> undefined.
 */
export function serverDefaultText(expr: PyExpr | undefined): string | undefined {
  if (!expr || expr.kind === "none" || expr.kind === "bool") return undefined;
  // FetchedValue: the server sets a value by means the migration does not say (a trigger).
  if (calleeOf(expr) === "FetchedValue") return undefined;
  const literal = stringValue(expr);
  if (literal !== undefined) return `'${literal.replace(/'/g, "''")}'`;
  const sql = staticSql(expr);
  if (sql !== undefined) return sql;
  if (expr.kind === "call") {
    const callee = dottedName(expr.func) ?? "";
    const fn = lastSegment(callee) ?? "";
    if ((fn === "true" || fn === "false") && expr.args.length === 0) return fn;
    if (/(^|\.)func\./.test(callee) && expr.args.length === 0) return `${fn}()`;
  }
  return printExpr(expr);
}

/** SQL text of a condition / expression argument (`"x > 0"`, `sa.text("x > 0")`, or Python source). */
export function sqlExpressionText(expr: PyExpr | undefined): string {
  if (!expr) return "";
  return staticSql(expr) ?? printExpr(expr);
}

/** Index over literal column names, else an opaque (expression/partial) index keeping its source. */
export function indexFrom(name: string, columnExprs: PyExpr[], call: PyExpr, source: SourceRef, definition?: string): Index {
  const flattened = columnExprs.length === 1 && (columnExprs[0].kind === "list" || columnExprs[0].kind === "tuple") ? columnExprs[0].items : columnExprs;
  const columns = flattened.map(nameValue);
  const partial = ["postgresql_where", "sqlite_where"].some((k) => kwarg(call, k) !== undefined);
  const literal = columns.every((c): c is string => c !== undefined);
  const index: Index = { name, columns: literal ? columns : columns.filter((c): c is string => c !== undefined), unique: boolValue(kwarg(call, "unique")) ?? false, source };
  if (!literal || partial) {
    index.opaque = true;
    index.definition = definition ?? printExpr(call);
  }
  return index;
}

/** `"tasks.id"` -> tasks/id; `"public.tasks.id"` -> tasks/id. */
export function splitReference(ref: string): { table: string; column: string } {
  const parts = ref.split(".");
  return parts.length >= 2 ? { table: parts[parts.length - 2], column: parts[parts.length - 1] } : { table: ref, column: "id" };
}

const ACTIONS: ReferentialAction[] = ["CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"];

export function referentialAction(expr: PyExpr | undefined): ReferentialAction | undefined {
  const value = stringValue(expr)?.trim().toUpperCase().replace(/\s+/g, " ");
  return ACTIONS.find((a) => a === value);
}

function actions(call: PyExpr): Pick<ForeignKey, "onDelete" | "onUpdate"> {
  const onDelete = referentialAction(kwarg(call, "ondelete"));
  const onUpdate = referentialAction(kwarg(call, "onupdate"));
  return { ...(onDelete ? { onDelete } : {}), ...(onUpdate ? { onUpdate } : {}) };
}
