// SQLAlchemy type expressions (as written in migrations and in `sa_type=` / `sa_column=Column(...)`)
// <-> the shared ColumnType vocabulary. Recognised by the last segment of the callee, so `sa.String`,
// `sqlalchemy.types.String`, `String` and `postgresql.VARCHAR` all work whatever the import alias.
import { dottedName, lastSegment, numberValue, printExpr, stringValue, boolValue, type PyExpr } from "../python/syntax";
import type { ColumnType, TypeKind } from "./types";

const SA_KINDS: Record<string, TypeKind> = {
  String: "string",
  VARCHAR: "string",
  Unicode: "string",
  NVARCHAR: "string",
  AutoString: "string",
  Text: "text",
  TEXT: "text",
  UnicodeText: "text",
  CLOB: "text",
  CHAR: "char",
  NCHAR: "char",
  SmallInteger: "smallint",
  SMALLINT: "smallint",
  Integer: "integer",
  INTEGER: "integer",
  INT: "integer",
  BigInteger: "bigint",
  BIGINT: "bigint",
  Float: "float",
  FLOAT: "float",
  Double: "float",
  DOUBLE: "float",
  DOUBLE_PRECISION: "float",
  REAL: "real",
  Numeric: "numeric",
  NUMERIC: "numeric",
  DECIMAL: "numeric",
  Boolean: "boolean",
  BOOLEAN: "boolean",
  DateTime: "datetime",
  DATETIME: "datetime",
  TIMESTAMP: "datetime",
  // SQLModel >= 0.0.45 maps `datetime` to UTCDateTime, a DateTime(timezone=True) decorator
  // (sqlmodel/sql/sqltypes.py); autogenerate renders it as sqlmodel.sql.sqltypes.UTCDateTime().
  UTCDateTime: "datetime",
  Date: "date",
  DATE: "date",
  Time: "time",
  TIME: "time",
  Interval: "interval",
  INTERVAL: "interval",
  Uuid: "uuid",
  UUID: "uuid",
  GUID: "uuid",
  LargeBinary: "bytes",
  BYTEA: "bytes",
  BLOB: "bytes",
  BINARY: "bytes",
  VARBINARY: "bytes",
  JSON: "json",
  JSONB: "jsonb",
  Enum: "enum",
  ENUM: "enum",
  ARRAY: "array",
};

export interface SaTypeContext {
  /** Python Enum classes visible to the code: class name -> member names in order. */
  enums?: Record<string, string[]>;
}

/** True when the expression names a SQLAlchemy type we know (called or not). */
export function isSaType(expr: PyExpr): boolean {
  const callee = expr.kind === "call" ? dottedName(expr.func) : dottedName(expr);
  const name = lastSegment(callee);
  return name !== undefined && name in SA_KINDS;
}

/** `sa.String(50)`, `String(length=50)`, `sa.Integer`, `postgresql.ENUM(name="x")`, ... -> ColumnType. */
export function columnTypeFromSa(expr: PyExpr, ctx: SaTypeContext = {}): ColumnType {
  const raw = printExpr(expr);
  const call = expr.kind === "call" ? expr : undefined;
  const callee = call ? dottedName(call.func) : dottedName(expr);
  const name = lastSegment(callee);
  const kind = name !== undefined ? SA_KINDS[name] : undefined;
  if (!kind) return { kind: "unknown", raw };
  const args = call?.args ?? [];
  const kw = (key: string): PyExpr | undefined => call?.kwargs.find((k) => k.name === key)?.value;
  const type: ColumnType = { kind, raw };
  switch (kind) {
    case "string":
    case "char": {
      const length = numberValue(kw("length") ?? args[0]);
      if (length !== undefined) type.length = length;
      else if (kind === "char") type.length = 1;
      break;
    }
    case "numeric": {
      const precision = numberValue(kw("precision") ?? args[0]);
      const scale = numberValue(kw("scale") ?? args[1]);
      if (precision !== undefined) {
        type.precision = precision;
        type.scale = scale ?? 0;
      }
      break;
    }
    case "float": {
      // FLOAT(p) with p <= 24 is PostgreSQL `real` (docs: "Floating-Point Types").
      const precision = numberValue(kw("precision") ?? args[0]);
      if (name !== "DOUBLE_PRECISION" && name !== "DOUBLE" && name !== "Double" && precision !== undefined && precision <= 24) {
        type.kind = "real";
      }
      break;
    }
    case "datetime":
    case "time": {
      const tz = name === "UTCDateTime" || boolValue(kw("timezone") ?? args[0]);
      if (tz) type.timezone = true;
      break;
    }
    case "enum":
      readEnum(call, ctx, type);
      break;
    case "array": {
      const item = kw("item_type") ?? args[0];
      if (item) type.itemType = columnTypeFromSa(item, ctx);
      break;
    }
  }
  return type;
}

function readEnum(call: Extract<PyExpr, { kind: "call" }> | undefined, ctx: SaTypeContext, type: ColumnType): void {
  if (!call) return;
  const values: string[] = [];
  for (const arg of call.args) {
    const literal = stringValue(arg);
    if (literal !== undefined) values.push(literal);
    else {
      // sa.Enum(TaskStatus): SQLAlchemy stores member names and names the type after the class,
      // lower-cased (sqlalchemy/sql/sqltypes.py, Enum._enum_init / name default).
      const cls = lastSegment(dottedName(arg));
      if (cls && ctx.enums?.[cls]) {
        values.push(...ctx.enums[cls]);
        type.enumName = cls.toLowerCase();
      }
    }
  }
  const explicit = stringValue(call.kwargs.find((k) => k.name === "name")?.value);
  if (explicit !== undefined) type.enumName = explicit;
  if (values.length > 0) type.enumValues = values;
}

export interface SaTypeOptions {
  /** Render varchar as SQLModel's AutoString (what autogenerate writes for `str` fields). */
  autoString?: boolean;
}

/**
 * Alembic source text for a type: `sa.String(length=255)`, `sa.Integer()`, `sa.Numeric(precision=10, scale=2)`,
 * `postgresql.JSONB(astext_type=sa.Text())`. Prefixes used: `sa.`, `postgresql.`, `sqlmodel.`;
 * the caller adds the matching imports.
 */
export function saTypeSource(t: ColumnType, options: SaTypeOptions = {}): string {
  switch (t.kind) {
    case "string":
      if (options.autoString) return t.length !== undefined ? `sqlmodel.sql.sqltypes.AutoString(length=${t.length})` : "sqlmodel.sql.sqltypes.AutoString()";
      return t.length !== undefined ? `sa.String(length=${t.length})` : "sa.String()";
    case "text":
      return "sa.Text()";
    case "char":
      return `sa.CHAR(length=${t.length ?? 1})`;
    case "smallint":
      return "sa.SmallInteger()";
    case "integer":
      return "sa.Integer()";
    case "bigint":
      return "sa.BigInteger()";
    case "float":
      return "sa.Float()";
    case "real":
      return "sa.REAL()";
    case "numeric":
      return t.precision !== undefined ? `sa.Numeric(precision=${t.precision}, scale=${t.scale ?? 0})` : "sa.Numeric()";
    case "boolean":
      return "sa.Boolean()";
    case "datetime":
      return t.timezone ? "sa.DateTime(timezone=True)" : "sa.DateTime()";
    case "date":
      return "sa.Date()";
    case "time":
      return t.timezone ? "sa.Time(timezone=True)" : "sa.Time()";
    case "interval":
      return "sa.Interval()";
    case "uuid":
      return "sa.Uuid()";
    case "bytes":
      return "sa.LargeBinary()";
    case "json":
      return "sa.JSON()";
    case "jsonb":
      return "postgresql.JSONB(astext_type=sa.Text())";
    case "enum": {
      const labels = (t.enumValues ?? []).map((v) => pyString(v));
      const name = t.enumName !== undefined ? `name=${pyString(t.enumName)}` : undefined;
      return `sa.Enum(${[...labels, ...(name ? [name] : [])].join(", ")})`;
    }
    case "array":
      return `postgresql.ARRAY(${t.itemType ? saTypeSource(t.itemType, options) : "sa.Text()"})`;
    case "unknown":
      return t.raw;
  }
}

/** A Python string literal (single-quoted, as Alembic renders). */
export function pyString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
}
