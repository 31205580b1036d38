// Type changes that must not lose or corrupt data: a guard that names the values which would not
// convert (and raises before anything is altered, so PostgreSQL rolls the revision back), an
// optional CASE mapping scaffold for values found in the database, and the USING expression.
import { conversionOf, needsUsing, renderType } from "../schema/columnTypes";
import type { ColumnType } from "../schema/types";
import { quoteIdent, sqlLiteral } from "./sql";

const STRINGISH = new Set(["string", "text", "char"]);

/** How much a conversion from -> to needs: nothing, a USING cast, and/or a guard. */
export interface ConversionNeeds {
  using?: string;
  guard: boolean;
}

/** The cast expression applied to `expr` (a column, or a loop variable in the guard). */
export function castExpression(expr: string, from: ColumnType, to: ColumnType): string {
  const target = renderType(to);
  // No direct cast between two enum types or from an enum to non-string types: go through text.
  const viaText = conversionOf(from, to) === "none" || (from.kind === "enum" && !STRINGISH.has(to.kind));
  return viaText ? `${expr}::text::${target}` : `${expr}::${target}`;
}

/** Longest text form of fixed-size types: a string column at least this long always fits them. */
const MAX_TEXT_LENGTH: Partial<Record<ColumnType["kind"], number>> = { smallint: 6, integer: 11, bigint: 20, boolean: 5, uuid: 36, date: 13 };

function alwaysFits(from: ColumnType, to: ColumnType): boolean {
  // json and jsonb hold the same documents (json has no equality operator for the check, either).
  if ((from.kind === "json" || from.kind === "jsonb") && (to.kind === "json" || to.kind === "jsonb")) return true;
  if (!STRINGISH.has(to.kind)) return false;
  if (to.length === undefined) return true;
  const longest = MAX_TEXT_LENGTH[from.kind];
  return longest !== undefined && to.length >= longest;
}

export function conversionNeeds(column: string, from: ColumnType, to: ColumnType): ConversionNeeds {
  const conversion = conversionOf(from, to);
  if (conversion === "same" || conversion === "binary-coercible") return { guard: false };
  const using = needsUsing(from, to) ? castExpression(quoteIdent(column), from, to) : undefined;
  const guard = !alwaysFits(from, to);
  return { ...(using ? { using } : {}), guard };
}

/**
 * A DO block that raises, naming up to 20 values that would not convert, before anything is
 * altered. The common case costs one pass: the whole column is cast at once, and only when that
 * fails is every distinct value tried on its own (each PL/pgSQL EXCEPTION block is a savepoint).
 * Plain SQL in op.execute, so `alembic upgrade --sql` still renders it.
 */
export function castGuardSql(table: string, column: string, from: ColumnType, to: ColumnType): string {
  const t = quoteIdent(table);
  const c = quoteIdent(column);
  const target = renderType(to);
  const collect =
    STRINGISH.has(to.kind) && to.length !== undefined
      ? [
          `    FOR r IN SELECT DISTINCT ${c} AS v FROM ${t} WHERE length(${c}::text) > ${to.length} ORDER BY 1 LOOP`,
          "        bad := bad || quote_literal(r.v::text);",
          "    END LOOP;",
        ]
      : [
          "    BEGIN",
          `        PERFORM count(${castExpression(c, from, to)}) FROM ${t};`,
          "    EXCEPTION WHEN others THEN",
          `        FOR r IN SELECT DISTINCT ${c} AS v FROM ${t} WHERE ${c} IS NOT NULL ORDER BY 1 LOOP`,
          "            BEGIN",
          `                PERFORM ${castExpression("r.v", from, to)};`,
          "            EXCEPTION WHEN others THEN",
          "                bad := bad || quote_literal(r.v::text);",
          "            END;",
          "        END LOOP;",
          "    END;",
        ];
  const message = sqlLiteral(`${table}.${column}: % value(s) do not convert to ${target}: %`);
  const hint = sqlLiteral("Map them to valid values in this migration before the type change, then run it again.");
  return [
    "DO $$",
    "DECLARE",
    "    r record;",
    "    bad text[] := '{}';",
    "BEGIN",
    ...collect,
    "    IF cardinality(bad) > 0 THEN",
    `        RAISE EXCEPTION ${message}, cardinality(bad), array_to_string(bad[1:20], ', ')`,
    `            USING HINT = ${hint};`,
    "    END IF;",
    "END",
    "$$",
  ].join("\n");
}

/**
 * The CASE mapping scaffold for values seen in the database. Each value maps to itself, so the
 * guard keeps failing until someone writes what the value becomes: nothing is guessed.
 * Only for string-typed columns, where any text can be stored before the conversion.
 */
export function mappingScaffoldSql(table: string, column: string, from: ColumnType, values: string[]): string | undefined {
  if (!STRINGISH.has(from.kind) || values.length === 0) return undefined;
  const c = quoteIdent(column);
  const whens = values.map((v) => `    WHEN ${sqlLiteral(v)} THEN ${sqlLiteral(v)}`);
  return [
    `UPDATE ${quoteIdent(table)} SET ${c} = CASE ${c}`,
    ...whens,
    `    ELSE ${c}`,
    "END",
    `WHERE ${c} IN (${values.map(sqlLiteral).join(", ")})`,
  ].join("\n");
}

/** A DO block that raises when rows still hold NULL in a column about to become NOT NULL. */
export function nullGuardSql(table: string, column: string, reason: string): string {
  const t = quoteIdent(table);
  const c = quoteIdent(column);
  return [
    "DO $$",
    "BEGIN",
    `    IF EXISTS (SELECT 1 FROM ${t} WHERE ${c} IS NULL) THEN`,
    `        RAISE EXCEPTION ${sqlLiteral(`${table}.${column}: ${reason}`)};`,
    "    END IF;",
    "END",
    "$$",
  ].join("\n");
}
