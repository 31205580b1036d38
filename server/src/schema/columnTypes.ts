// The shared type vocabulary: how a ColumnType is spelt for people (PostgreSQL names), when two
// types are the same, what PostgreSQL needs to change one into another, and how to read
// PostgreSQL's own `format_type()` output.
import type { ColumnType, TypeKind } from "./types";

/** PostgreSQL spelling, e.g. `varchar(255)`, `integer`, `numeric(10,2)`, `timestamptz`, `status[]`. */
export function renderType(t: ColumnType): string {
  switch (t.kind) {
    case "string":
      return t.length !== undefined ? `varchar(${t.length})` : "varchar";
    case "char":
      return `char(${t.length ?? 1})`;
    case "numeric":
      if (t.precision === undefined) return "numeric";
      return t.scale !== undefined ? `numeric(${t.precision},${t.scale})` : `numeric(${t.precision})`;
    case "float":
      return "double precision";
    case "datetime":
      return t.timezone ? "timestamptz" : "timestamp";
    case "time":
      return t.timezone ? "timetz" : "time";
    case "bytes":
      return "bytea";
    case "enum":
      return t.enumName ?? "enum";
    case "array":
      return `${t.itemType ? renderType(t.itemType) : "unknown"}[]`;
    case "unknown":
      return t.raw;
    default:
      return t.kind;
  }
}

/**
 * Strict equivalence as PostgreSQL stores it: kind plus length, precision/scale, time zone, enum
 * type name and array element. Enum *labels* are compared separately (an `alter-enum` change).
 */
export function sameType(a: ColumnType, b: ColumnType): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "string":
    case "char":
      return a.length === b.length;
    case "numeric":
      // numeric(p) is numeric(p,0) in PostgreSQL.
      return a.precision === b.precision && (a.precision === undefined || (a.scale ?? 0) === (b.scale ?? 0));
    case "datetime":
    case "time":
      return Boolean(a.timezone) === Boolean(b.timezone);
    case "enum":
      return a.enumName === undefined || b.enumName === undefined || a.enumName === b.enumName;
    case "array":
      return a.itemType !== undefined && b.itemType !== undefined ? sameType(a.itemType, b.itemType) : a.itemType === b.itemType;
    case "unknown":
      return normaliseRaw(a.raw) === normaliseRaw(b.raw);
    default:
      return true;
  }
}

function normaliseRaw(raw: string): string {
  return raw.replace(/\s+/g, "").toLowerCase();
}

/**
 * What PostgreSQL needs for `ALTER COLUMN ... TYPE to` on a column of type `from`:
 * - "same": nothing;
 * - "binary-coercible": no table rewrite and no USING (varchar -> text, raising a length or precision);
 * - "cast": a conversion (table rewrite; possibly failing on existing values; see `needsUsing`);
 * - "none": no sensible cast exists (e.g. uuid -> integer): data must be mapped by hand.
 * Sources: PostgreSQL docs "ALTER TABLE" (SET DATA TYPE) and pg_cast; strong_migrations' list of
 * safe type changes (README, "Changing the type of a column").
 */
export type Conversion = "same" | "binary-coercible" | "cast" | "none";

const STRINGISH: ReadonlySet<TypeKind> = new Set(["string", "text", "char"]);
const INTEGERS: TypeKind[] = ["smallint", "integer", "bigint"];
const NUMBERS: ReadonlySet<TypeKind> = new Set(["smallint", "integer", "bigint", "numeric", "real", "float"]);

export function conversionOf(from: ColumnType, to: ColumnType): Conversion {
  if (sameType(from, to)) return "same";
  if (isBinaryCoercible(from, to)) return "binary-coercible";
  // Anything can be read from or written to a string type through its text form.
  if (STRINGISH.has(from.kind) || STRINGISH.has(to.kind)) return "cast";
  if (NUMBERS.has(from.kind) && NUMBERS.has(to.kind)) return "cast";
  if (from.kind === "boolean" && INTEGERS.includes(to.kind)) return "cast";
  if (INTEGERS.includes(from.kind) && to.kind === "boolean") return "cast";
  const temporal = new Set<TypeKind>(["date", "datetime"]);
  if (temporal.has(from.kind) && temporal.has(to.kind)) return "cast";
  if (from.kind === "time" && to.kind === "time") return "cast";
  if (from.kind === "datetime" && to.kind === "time") return "cast";
  if ((from.kind === "json" || from.kind === "jsonb") && (to.kind === "json" || to.kind === "jsonb")) return "cast";
  if (from.kind === "enum" && to.kind === "enum") return "cast";
  if (from.kind === "array" && to.kind === "array" && from.itemType && to.itemType) {
    return conversionOf(from.itemType, to.itemType) === "none" ? "none" : "cast";
  }
  return "none";
}

function isBinaryCoercible(from: ColumnType, to: ColumnType): boolean {
  if (from.kind === "string" && to.kind === "string") {
    return to.length === undefined || (from.length !== undefined && to.length >= from.length);
  }
  if (from.kind === "string" && to.kind === "text") return true;
  if (from.kind === "text" && to.kind === "string") return to.length === undefined;
  if (from.kind === "numeric" && to.kind === "numeric") {
    if (to.precision === undefined) return true;
    return from.precision !== undefined && to.precision >= from.precision && (to.scale ?? 0) === (from.scale ?? 0);
  }
  if (from.kind === "json" && to.kind === "json") return true;
  return false;
}

/**
 * True when `ALTER COLUMN ... TYPE` without `USING` fails ("column cannot be cast automatically"):
 * PostgreSQL applies only assignment casts there. Casts *to* string types are assignment casts
 * (I/O conversion), casts *from* string types to anything else are explicit.
 */
export function needsUsing(from: ColumnType, to: ColumnType): boolean {
  const conversion = conversionOf(from, to);
  if (conversion === "same" || conversion === "binary-coercible") return false;
  if (conversion === "none") return true;
  if (STRINGISH.has(to.kind)) return false;
  if (STRINGISH.has(from.kind)) return true;
  if (NUMBERS.has(from.kind) && NUMBERS.has(to.kind)) return false;
  if (from.kind === "date" && to.kind === "datetime") return false;
  if (from.kind === "datetime" && (to.kind === "datetime" || to.kind === "date" || to.kind === "time")) return false;
  if (from.kind === "time" && to.kind === "time") return false;
  if (from.kind === "json" && to.kind === "jsonb") return false;
  return true;
}

// ---- reading PostgreSQL's format_type() ----

const PG_NAMES: Record<string, TypeKind> = {
  "character varying": "string",
  varchar: "string",
  text: "text",
  character: "char",
  char: "char",
  bpchar: "char",
  smallint: "smallint",
  int2: "smallint",
  integer: "integer",
  int: "integer",
  int4: "integer",
  bigint: "bigint",
  int8: "bigint",
  "double precision": "float",
  float8: "float",
  real: "real",
  float4: "real",
  numeric: "numeric",
  decimal: "numeric",
  boolean: "boolean",
  bool: "boolean",
  timestamp: "datetime",
  timestamptz: "datetime",
  date: "date",
  time: "time",
  timetz: "time",
  interval: "interval",
  uuid: "uuid",
  bytea: "bytes",
  json: "json",
  jsonb: "jsonb",
};

/**
 * `format_type()` text -> ColumnType. `enums` maps enum type names (unqualified) to labels, so a
 * user-defined type name is recognised as an enum.
 */
export function parsePgType(text: string, enums: Record<string, string[]> = {}): ColumnType {
  const raw = text.trim();
  if (raw.endsWith("[]")) {
    return { kind: "array", itemType: parsePgType(raw.slice(0, -2), enums), raw };
  }
  const withTz = /\bwith time zone\b/.test(raw);
  const base = raw
    .replace(/\s+with(out)? time zone\b/, "")
    .replace(/^"(.*)"$/, "$1")
    .trim();
  const match = /^(.*?)\s*(?:\(([^)]*)\))?$/.exec(base);
  const name = (match?.[1] ?? base).trim();
  const args = (match?.[2] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(Number);
  const unqualified = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).replace(/^"|"$/g, "") : name;
  if (unqualified in enums) return { kind: "enum", enumName: unqualified, enumValues: [...enums[unqualified]], raw };
  const kind = PG_NAMES[name.toLowerCase()];
  if (!kind) return { kind: "unknown", raw };
  const type: ColumnType = { kind, raw };
  if ((kind === "string" || kind === "char") && args.length > 0) type.length = args[0];
  if (kind === "char" && args.length === 0) type.length = 1;
  if (kind === "numeric" && args.length > 0) {
    type.precision = args[0];
    type.scale = args[1] ?? 0;
  }
  if (kind === "datetime" || kind === "time") type.timezone = withTz || name === "timestamptz" || name === "timetz";
  return type;
}
