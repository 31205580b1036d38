// Constraint and index names as the database ends up with them.
// - With a naming convention on the metadata, SQLAlchemy builds the name from the template
//   (sqlalchemy/sql/naming.py ConventionDict) and shortens names over 63 characters to
//   name[:55] + "_" + the last 4 hex digits of md5(name) (sql/compiler.py _truncate_and_render_maxlen_name).
// - Without one, SQLAlchemy's default convention names indexes `ix_%(column_0_label)s`
//   (sql/schema.py DEFAULT_NAMING_CONVENTION) and leaves the other constraints unnamed; PostgreSQL
//   then names them `<table>_<columns>_key` / `_fkey` / `<table>_pkey` (src/backend/commands/indexcmds.c
//   ChooseRelationName, src/backend/catalog/pg_constraint.c ChooseConstraintName / makeObjectName).
import { createHash } from "node:crypto";
import { dottedName, lastSegment, stringValue, type PyExpr } from "../python/syntax";

export type ConventionKey = "ix" | "uq" | "fk" | "pk" | "ck";

export type NamingConvention = Partial<Record<ConventionKey, string>>;

// SQLAlchemy also accepts the constraint classes as keys.
const KEY_BY_CLASS: Record<string, ConventionKey> = {
  ix: "ix", uq: "uq", fk: "fk", pk: "pk", ck: "ck",
  Index: "ix", UniqueConstraint: "uq", ForeignKeyConstraint: "fk", PrimaryKeyConstraint: "pk", CheckConstraint: "ck",
};

const MAX_IDENTIFIER = 63; // PostgreSQL NAMEDATALEN - 1

/** A naming_convention dict literal -> the templates we can apply (callable tokens are skipped). */
export function conventionFromDict(expr: PyExpr): NamingConvention | undefined {
  if (expr.kind !== "dict") return undefined;
  const out: NamingConvention = {};
  for (const { key, value } of expr.entries) {
    const name = key.kind === "str" ? key.value : lastSegment(dottedName(key));
    const convKey = name !== undefined ? KEY_BY_CLASS[name] : undefined;
    const template = stringValue(value);
    if (convKey && template !== undefined) out[convKey] = template;
  }
  return out;
}

export interface NameParts {
  table: string;
  columns: string[];
  referredTable?: string;
  referredColumns?: string[];
  /** An explicit name, for the %(constraint_name)s token. */
  constraintName?: string;
}

/** The name a convention template gives, or undefined when a token cannot be filled. */
export function applyConvention(template: string, parts: NameParts): string | undefined {
  let failed = false;
  const name = template.replace(/%\(([^)]+)\)s/g, (_, token: string) => {
    const value = tokenValue(token, parts);
    if (value === undefined) failed = true;
    return value ?? "";
  });
  return failed ? undefined : truncateConventionName(name);
}

function tokenValue(token: string, p: NameParts): string | undefined {
  if (token === "table_name") return p.table;
  if (token === "referred_table_name") return p.referredTable;
  if (token === "constraint_name") return p.constraintName;
  // column_0_name, column_0N_name (joined), column_0_N_name (joined with "_"), also _key and _label;
  // referred_column_0_name and its N forms.
  const m = /^(referred_)?column_(\d+)(_?N)?_(name|key|label)$/.exec(token);
  if (!m) return undefined;
  const referred = m[1] !== undefined;
  const cols = referred ? (p.referredColumns ?? []) : p.columns;
  const show = (c: string): string => (m[4] === "label" && !referred ? `${p.table}_${c}` : c);
  if (m[3]) return cols.map(show).join(m[3].startsWith("_") ? "_" : "");
  const col = cols[Number(m[2])];
  return col === undefined ? "" : show(col);
}

export function truncateConventionName(name: string): string {
  if (name.length <= MAX_IDENTIFIER) return name;
  const hash = createHash("md5").update(name).digest("hex");
  return `${name.slice(0, MAX_IDENTIFIER - 8)}_${hash.slice(-4)}`;
}

/** PostgreSQL's makeObjectName: shortens the longer of the two parts until the name fits in 63 bytes. */
export function postgresName(table: string, columnsPart: string | undefined, label: string): string {
  const overhead = (columnsPart !== undefined ? 1 : 0) + label.length + 1;
  const available = MAX_IDENTIFIER - overhead;
  let n1 = table.length;
  let n2 = columnsPart?.length ?? 0;
  while (n1 + n2 > available) {
    if (n1 > n2) n1--;
    else n2--;
  }
  return [table.slice(0, n1), ...(columnsPart !== undefined ? [columnsPart.slice(0, n2)] : []), label].join("_");
}

export interface Namer {
  index(table: string, columns: string[], explicit?: string): string;
  unique(table: string, columns: string[], explicit?: string): string;
  foreignKey(table: string, columns: string[], refTable: string, refColumns: string[], explicit?: string): string;
  primaryKey(table: string, columns: string[], explicit?: string): string;
  check(table: string, explicit?: string): string | undefined;
}

/**
 * Names under a metadata's convention (undefined: SQLAlchemy's default, `ix` only). An explicit
 * name wins unless the template uses %(constraint_name)s (sql/naming.py _constraint_name_for_table).
 */
export function namer(convention: NamingConvention | undefined): Namer {
  const templates: NamingConvention = convention ?? { ix: "ix_%(column_0_label)s" };
  const named = (key: ConventionKey, parts: NameParts, fallback: () => string | undefined): string | undefined => {
    const template = templates[key];
    if (parts.constraintName !== undefined && !(template && template.includes("%(constraint_name)s"))) return parts.constraintName;
    if (template) return applyConvention(template, parts) ?? fallback();
    return fallback();
  };
  return {
    index: (table, columns, explicit) =>
      named("ix", { table, columns, constraintName: explicit }, () => postgresName(table, columns.join("_"), "idx"))!,
    unique: (table, columns, explicit) =>
      named("uq", { table, columns, constraintName: explicit }, () => postgresName(table, columns.join("_"), "key"))!,
    foreignKey: (table, columns, refTable, refColumns, explicit) =>
      named("fk", { table, columns, referredTable: refTable, referredColumns: refColumns, constraintName: explicit }, () =>
        postgresName(table, columns.join("_"), "fkey"),
      )!,
    primaryKey: (table, columns, explicit) =>
      named("pk", { table, columns, constraintName: explicit }, () => postgresName(table, undefined, "pkey"))!,
    check: (table, explicit) => named("ck", { table, columns: [], constraintName: explicit }, () => undefined),
  };
}
