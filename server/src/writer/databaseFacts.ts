// The writer's only I/O: read, in a READ ONLY transaction, the values of columns about to change
// type that would not convert, so the migration can list them in a CASE mapping scaffold. Each
// value is tried with the migration's own cast inside a savepoint (PostgreSQL 15 has no
// pg_input_is_valid). Best effort: any failure means "no facts", and the guard in the migration
// still protects the data.
import type { SchemaChange } from "../diff/types";
import { renderType } from "../schema/columnTypes";
import type { Column } from "../schema/types";
import { pgConfigFromUrl, withReadOnlyTransaction } from "../database/connection";
import { castExpression, conversionNeeds } from "./conversion";
import { quoteIdent } from "./sql";

/** At most this many distinct values are read per column. */
const SAMPLE_LIMIT = 200;

interface Conversion {
  table: string;
  /** Name in the database (before a rename). */
  column: string;
  from: Column;
  to: Column;
}

export function conversionsOf(changes: SchemaChange[]): Conversion[] {
  return changes.flatMap((c): Conversion[] => {
    if (c.kind === "alter-type") return [{ table: c.table, column: c.from.name, from: c.from, to: c.to }];
    if (c.kind === "rename-column" && c.typeChanged) return [{ table: c.table, column: c.from.name, from: c.from, to: c.to }];
    return [];
  });
}

/** `table.column` -> values that fail the conversion. Undefined when the database cannot be read. */
export async function findNonCastableValues(databaseUrl: string, changes: SchemaChange[], schemaName = "public"): Promise<Record<string, string[]> | undefined> {
  const conversions = conversionsOf(changes).filter((c) => conversionNeeds(c.column, c.from.type, c.to.type).guard);
  if (conversions.length === 0) return {};
  try {
    const connection = pgConfigFromUrl(databaseUrl);
    return await withReadOnlyTransaction(connection, async (client) => {
      await client.query(`SET LOCAL search_path TO ${quoteIdent(schemaName)}`);
      const found: Record<string, string[]> = {};
      for (const { table, column, from, to } of conversions) {
        const c = quoteIdent(column);
        // A database behind the history may lack the column: skip it, keep the others.
        await client.query("SAVEPOINT dmw_column");
        let rows;
        try {
          rows = await client.query<{ v: string }>(
            `SELECT DISTINCT ${c}::text AS v FROM ${quoteIdent(table)} WHERE ${c} IS NOT NULL ORDER BY 1 LIMIT ${SAMPLE_LIMIT}`,
          );
          await client.query("RELEASE SAVEPOINT dmw_column");
        } catch {
          await client.query("ROLLBACK TO SAVEPOINT dmw_column");
          continue;
        }
        const bad: string[] = [];
        const source = `($1::text::${renderType(from.type)})`;
        const test =
          ["string", "text", "char"].includes(to.type.kind) && to.type.length !== undefined
            ? `SELECT CASE WHEN length(${source}::text) > ${to.type.length} THEN 1/0 END`
            : `SELECT ${castExpression(source, from.type, to.type)}`;
        for (const { v } of rows.rows) {
          await client.query("SAVEPOINT dmw_cast");
          try {
            await client.query(test, [v]);
            await client.query("RELEASE SAVEPOINT dmw_cast");
          } catch {
            await client.query("ROLLBACK TO SAVEPOINT dmw_cast");
            bad.push(v);
          }
        }
        if (bad.length > 0) found[`${table}.${column}`] = bad;
      }
      return found;
    });
  } catch {
    return undefined;
  }
}
