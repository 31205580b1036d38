// Public entry point: read a live database into a DatabaseSnapshot, or say in one sentence why not.
// One connection, one READ ONLY transaction opened with the catalog queries in the same message.
import { schemaFromCatalog } from "./catalogMapper";
import { catalogOpening, readCatalog } from "./catalogQueries";
import { DATABASE_CODES } from "./codes";
import { InvalidDatabaseUrlError, maskSecrets, pgConfigFromUrl, withReadOnlyTransaction, type PgConnectionConfig, type Timeouts } from "./connection";
import { classifyDatabaseError } from "./problems";
import type { DatabaseProblem, DatabaseSnapshot } from "./types";

export const DEFAULT_SCHEMA = "public";

export interface IntrospectOptions {
  /** PostgreSQL schema (namespace) holding the tables; default "public". */
  schema?: string;
  /** Shorter limits for interactive use (the editor); defaults 5 s to connect, 10 s per query. */
  timeouts?: Partial<Timeouts>;
}

export async function introspectDatabase(url: string, options: IntrospectOptions = {}): Promise<DatabaseSnapshot | DatabaseProblem> {
  const schemaName = options.schema || DEFAULT_SCHEMA;
  let connection: PgConnectionConfig;
  try {
    connection = pgConfigFromUrl(url, options.timeouts);
  } catch (error) {
    const message = error instanceof InvalidDatabaseUrlError ? error.message : "the database URL cannot be parsed";
    return { code: DATABASE_CODES.invalidUrl, severity: "error", message: `${maskSecrets(message)}.` };
  }
  const { target, secret } = connection;
  try {
    const rows = await withReadOnlyTransaction(
      connection,
      (client, opened) => readCatalog(client, schemaName, opened),
      catalogOpening(schemaName, connection.timeouts.statementMs),
    );
    if (!rows.server.schema_exists) {
      return {
        code: DATABASE_CODES.missingSchema,
        severity: "error",
        message: `Schema "${schemaName}" does not exist in database "${target.database}" at ${target.host}:${target.port}.`,
      };
    }
    const { schema, rowEstimates } = schemaFromCatalog(rows);
    return {
      schema,
      stamps: rows.stamps ?? [],
      hasVersionTable: rows.stamps !== null,
      serverVersion: rows.server.server_version,
      rowEstimates,
    };
  } catch (error) {
    return classifyDatabaseError(error, target, secret, connection.timeouts);
  }
}
