// Public entry point: read a live database into a DatabaseSnapshot, or say in one sentence why not.
// One connection, one READ ONLY transaction opened with the catalog queries in the same message.
// The answers are kept as PostgreSQL sent them until a snapshot is asked for: a fingerprint of them
// is enough to tell an unchanged database.
import { schemaFromCatalog } from "./catalogMapper";
import { catalogFingerprint, catalogOpening, catalogRows, readCatalog, type CatalogText } from "./catalogQueries";
import { DATABASE_CODES } from "./codes";
import { InvalidDatabaseUrlError, maskSecrets, pgConfigFromUrl, withReadOnlyTransaction, type PgConnectionConfig, type Timeouts } from "./connection";
import { classifyDatabaseError } from "./problems";
import { isDatabaseProblem, type DatabaseProblem, type DatabaseRead, type DatabaseSnapshot } from "./types";

export const DEFAULT_SCHEMA = "public";

export interface IntrospectOptions {
  /** PostgreSQL schema (namespace) holding the tables; default "public". */
  schema?: string;
  /** Shorter limits for interactive use (the editor); defaults 5 s to connect, 10 s per query. */
  timeouts?: Partial<Timeouts>;
}

/**
 * Reads the catalog in one read-only transaction; the snapshot is made of it only when asked for.
 * A connection or catalog failure comes back as a problem, phrased for a person, never thrown.
 */
export async function readDatabase(url: string, options: IntrospectOptions = {}): Promise<DatabaseRead | DatabaseProblem> {
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
    const catalog = await withReadOnlyTransaction(
      connection,
      (client, opened) => readCatalog(client, schemaName, opened),
      catalogOpening(schemaName, connection.timeouts.statementMs),
    );
    if (!catalog.server.schema_exists) {
      return {
        code: DATABASE_CODES.missingSchema,
        severity: "error",
        message: `Schema "${schemaName}" does not exist in database "${target.database}" at ${target.host}:${target.port}.`,
      };
    }
    let fingerprint: string | undefined;
    let snapshot: DatabaseSnapshot | undefined;
    return {
      fingerprint: () => (fingerprint ??= catalogFingerprint(catalog)),
      snapshot: () => (snapshot ??= snapshotOf(catalog)),
    };
  } catch (error) {
    return classifyDatabaseError(error, target, secret, connection.timeouts);
  }
}

/** Reads the database and makes its snapshot at once. */
export async function introspectDatabase(url: string, options: IntrospectOptions = {}): Promise<DatabaseSnapshot | DatabaseProblem> {
  const read = await readDatabase(url, options);
  return isDatabaseProblem(read) ? read : read.snapshot();
}

function snapshotOf(catalog: CatalogText): DatabaseSnapshot {
  const rows = catalogRows(catalog);
  const { schema, rowEstimates } = schemaFromCatalog(rows);
  return {
    schema,
    stamps: rows.stamps ?? [],
    hasVersionTable: rows.stamps !== null,
    serverVersion: rows.server.server_version,
    rowEstimates,
  };
}
