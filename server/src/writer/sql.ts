// Spelling SQL and Python source safely: identifiers, literals, and SQL text inside `op.execute`.
import { pyString } from "../schema/sqlalchemyTypes";

export { pyString };

// PostgreSQL reserved key words (appendix C, "reserved" and "reserved (can be function or type)"),
// the ones that may not appear as bare column or table names.
const RESERVED = new Set(
  (
    "all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate " +
    "collation column concurrently constraint create cross current_catalog current_date current_role " +
    "current_schema current_time current_timestamp current_user default deferrable desc distinct do else end " +
    "except false fetch for foreign freeze from full grant group having ilike in initially inner intersect into " +
    "is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on " +
    "only or order outer overlaps placing primary references returning right select session_user similar some " +
    "symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when " +
    "where window with"
  ).split(" "),
);

/** An SQL identifier, quoted only when PostgreSQL needs it (as `quote_ident` does). */
export function quoteIdent(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * An SQL string literal. `op.execute` passes plain strings through SQLAlchemy's `text()`, which
 * reads `:word` as a bind parameter; a backslash keeps such a colon literal.
 */
export function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''").replace(/:(?=\w)/g, "\\:")}'`;
}

/** `table.column` for messages. */
export function qualified(table: string, column: string): string {
  return `${table}.${column}`;
}

/** Python source for an SQL statement: one line as a normal string, several as a triple-quoted block. */
export function pySql(sql: string): string {
  if (!sql.includes("\n")) {
    // As Python's repr does: double quotes when that spares escaping single quotes.
    if (sql.includes("'") && !sql.includes('"')) return `"${sql.replace(/\\/g, "\\\\")}"`;
    return pyString(sql);
  }
  const body = sql.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
  return `"""\n${body}\n"""`;
}

/** `op.execute(...)` for an SQL statement. */
export function opExecute(sql: string): string {
  return `op.execute(${pySql(sql)})`;
}

/** Python list literal of strings: `['a', 'b']`. */
export function pyList(values: string[]): string {
  return `[${values.map(pyString).join(", ")}]`;
}
