// SQLAlchemy `Column(...)`, `ForeignKey(...)`, `server_default=` and type expressions as written in
// model files (`sa_column=Column(...)`, `sa_column_args=[...]`, `sa_column_kwargs={...}`, `sa_type=`).
import { boolValue, dottedName, lastSegment, printExpr, stringValue, type PyExpr } from "../python/syntax";
import { columnTypeFromSa } from "../schema/sqlalchemyTypes";
import type { ColumnType, Range, ReferentialAction } from "../schema/types";

export interface ForeignKeySpec {
  /** `"table.column"` or `"schema.table.column"` as written. */
  target: string;
  onDelete?: string;
  onUpdate?: string;
  name?: string;
  range: Range;
}

export interface ColumnSpec {
  name?: string;
  typeExpr?: PyExpr;
  nullable?: boolean;
  primaryKey?: boolean;
  unique?: boolean;
  index?: boolean;
  autoincrement?: boolean;
  serverDefault?: string;
  clientDefault?: string;
  comment?: string;
  foreignKeys: ForeignKeySpec[];
  checks: { expression: string; name?: string }[];
}

export interface EnumMembers {
  names: string[];
  /** Member values (string values as such, others as Python source), for `values_callable`. */
  values: string[];
}

export type EnumLookup = (className: string) => EnumMembers | undefined;

/** `Column(name?, type?, *ForeignKey/Constraint, **kw)` (sqlalchemy/sql/schema.py Column.__init__). */
export function readColumnCall(call: Extract<PyExpr, { kind: "call" }>): ColumnSpec {
  const spec: ColumnSpec = { foreignKeys: [], checks: [] };
  const args = [...call.args];
  const first = args[0];
  if (first && stringValue(first) !== undefined) {
    spec.name = stringValue(first);
    args.shift();
  }
  for (const arg of args) {
    const fk = readForeignKey(arg);
    if (fk) spec.foreignKeys.push(fk);
    else if (arg.kind === "call" && calledName(arg) === "CheckConstraint") spec.checks.push(readCheck(arg));
    else if (calledName(arg) !== "Sequence" && calledName(arg) !== "Identity" && spec.typeExpr === undefined) spec.typeExpr = arg;
  }
  applyColumnKeywords(spec, call.kwargs.map((k) => ({ name: k.name, value: k.value })));
  return spec;
}

/** Column keywords, also as merged from `sa_column_kwargs`. */
export function applyColumnKeywords(spec: ColumnSpec, keywords: { name: string; value: PyExpr }[]): void {
  for (const { name, value } of keywords) {
    const flag = boolValue(value);
    switch (name) {
      case "name":
        if (stringValue(value) !== undefined) spec.name = stringValue(value);
        break;
      case "type_":
        spec.typeExpr = value;
        break;
      case "nullable":
        if (flag !== undefined) spec.nullable = flag;
        break;
      case "primary_key":
        if (flag !== undefined) spec.primaryKey = flag;
        break;
      case "unique":
        if (flag !== undefined) spec.unique = flag;
        break;
      case "index":
        if (flag !== undefined) spec.index = flag;
        break;
      case "autoincrement":
        if (flag !== undefined) spec.autoincrement = flag;
        break;
      case "server_default":
        if (value.kind !== "none") spec.serverDefault = serverDefaultSql(value);
        break;
      case "default":
        if (value.kind !== "none") spec.clientDefault = printExpr(value);
        break;
      case "comment":
        if (stringValue(value) !== undefined) spec.comment = stringValue(value);
        break;
    }
  }
}

export function readForeignKey(expr: PyExpr): ForeignKeySpec | undefined {
  if (expr.kind !== "call" || calledName(expr) !== "ForeignKey") return undefined;
  const targetExpr = expr.args[0] ?? expr.kwargs.find((k) => k.name === "column")?.value;
  // ForeignKey(User.id) / ForeignKey(users.c.id): the attribute path names table and column.
  const target = stringValue(targetExpr) ?? dottedName(targetExpr)?.replace(/\.c\./, ".");
  if (!target) return undefined;
  const kw = (k: string): string | undefined => stringValue(expr.kwargs.find((a) => a.name === k)?.value);
  return {
    target,
    ...(kw("ondelete") ? { onDelete: kw("ondelete") } : {}),
    ...(kw("onupdate") ? { onUpdate: kw("onupdate") } : {}),
    ...(kw("name") ? { name: kw("name") } : {}),
    range: expr.range,
  };
}

export function readCheck(expr: Extract<PyExpr, { kind: "call" }>): { expression: string; name?: string } {
  const text = expr.args[0] ?? expr.kwargs.find((k) => k.name === "sqltext")?.value;
  const name = stringValue(expr.kwargs.find((k) => k.name === "name")?.value);
  return { expression: text ? (stringValue(text) ?? sqlTextOf(text) ?? printExpr(text)) : "", ...(name ? { name } : {}) };
}

/**
 * The SQL of a server default: a plain string is a string literal (`"false"` -> `'false'`),
 * `text("now()")` is SQL as written, `func.now()` is a function call (sqlalchemy/sql/schema.py DefaultClause).
 */
export function serverDefaultSql(expr: PyExpr): string {
  const literal = stringValue(expr);
  if (literal !== undefined) return `'${literal.replace(/'/g, "''")}'`;
  const sql = sqlTextOf(expr);
  if (sql !== undefined) return sql;
  if (expr.kind === "call") {
    const callee = dottedName(expr.func) ?? "";
    const fn = /(?:^|\.)func\.(\w+(?:\.\w+)*)$/.exec(callee);
    if (fn && expr.args.length === 0 && expr.kwargs.length === 0) return `${fn[1]}()`;
    const last = lastSegment(callee);
    if ((last === "true" || last === "false" || last === "null") && expr.args.length === 0) return last;
  }
  if (expr.kind === "num" || expr.kind === "bool") return printExpr(expr);
  return printExpr(expr);
}

/** `text("...")`, `sa.text(...)`, `literal_column("...")`: the SQL inside. */
function sqlTextOf(expr: PyExpr): string | undefined {
  if (expr.kind !== "call") return undefined;
  const name = calledName(expr);
  if (name !== "text" && name !== "literal_column") return undefined;
  return stringValue(expr.args[0]);
}

function calledName(expr: PyExpr): string | undefined {
  return expr.kind === "call" ? lastSegment(dottedName(expr.func)) : undefined;
}

/**
 * A SQLAlchemy type expression -> ColumnType, through the shared reader, plus what only the model
 * files can tell: `Enum(PyEnum, values_callable=...)` stores member values instead of names,
 * `native_enum=False` makes a VARCHAR, and a TypeDecorator class maps through its `impl`.
 */
export function typeFromSa(
  expr: PyExpr,
  enumOf: EnumLookup,
  enumsByName: Record<string, string[]>,
  /** `impl` of a TypeDecorator class defined in the model files, for custom column types. */
  implOf?: (type: PyExpr) => PyExpr | undefined,
  depth = 0,
): ColumnType {
  const type = columnTypeFromSa(expr, { enums: enumsByName });
  if (type.kind === "unknown" && implOf && depth < 3) {
    // class UTCTimestamp(TypeDecorator): impl = DateTime(timezone=True)
    const impl = implOf(expr);
    if (impl) return { ...typeFromSa(impl, enumOf, enumsByName, implOf, depth + 1), raw: type.raw };
  }
  if (type.kind === "enum" && expr.kind === "call" && expr.kwargs.some((k) => k.name === "values_callable")) {
    const cls = lastSegment(dottedName(expr.args[0]));
    const members = cls ? enumOf(cls) : undefined;
    if (members) type.enumValues = members.values;
  }
  // Enum(..., native_enum=False) is a VARCHAR as long as the longest label, unless length= says
  // otherwise (sqlalchemy/sql/sqltypes.py Enum._enum_init).
  if (type.kind === "enum" && expr.kind === "call" && expr.kwargs.some((k) => k.name === "native_enum" && boolValue(k.value) === false)) {
    const explicit = expr.kwargs.find((k) => k.name === "length")?.value;
    const length = explicit?.kind === "num" ? explicit.value : Math.max(0, ...(type.enumValues ?? []).map((v) => v.length));
    return { kind: "string", length, raw: type.raw };
  }
  return type;
}

/** "CASCADE" / "set null" -> the Schema's action, or undefined for anything else. */
export function referentialAction(text: string | undefined): ReferentialAction | undefined {
  const upper = text?.trim().toUpperCase().replace(/\s+/g, " ");
  return upper === "CASCADE" || upper === "SET NULL" || upper === "SET DEFAULT" || upper === "RESTRICT" || upper === "NO ACTION" ? upper : undefined;
}

/** `"users.id"` -> table and column; `"auth.users.id"` -> table `users`. */
export function splitForeignKeyTarget(target: string): { table: string; column: string } | undefined {
  const parts = target.split(".");
  if (parts.length < 2 || parts.some((p) => p === "")) return undefined;
  return { table: parts[parts.length - 2], column: parts[parts.length - 1] };
}
