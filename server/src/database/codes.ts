// Finding codes owned by the live-database analysis. Each has a page at docs/codes/<code>.md.
// Model/database and history/database *schema* differences use the shared drift codes of
// server/src/findings; these are what only a live database can tell.
export const DATABASE_CODES = {
  /** No server answers at host:port (refused, unknown host, network down). */
  unreachable: "db-unreachable",
  /** The server rejected the user (wrong password, unknown role, no pg_hba entry). */
  authFailed: "db-auth-failed",
  /** The server is up but the database named in the URL does not exist. */
  missingDatabase: "db-missing-database",
  /** The configured schema (default `public`) does not exist in the database. */
  missingSchema: "db-missing-schema",
  /** Connecting or a catalog query took longer than the time limit. */
  timeout: "db-timeout",
  /** The URL cannot describe a PostgreSQL connection (wrong scheme, unusable sslmode). */
  invalidUrl: "db-invalid-url",
  /** Any other server error while reading the catalog. */
  queryFailed: "db-query-failed",
  /** The database is stamped with an ancestor of the head: migrations are pending. */
  behindHead: "db-behind-head",
  /** The stamp names a revision no migration file declares. */
  unknownStamp: "db-unknown-stamp",
  /** The database has no alembic_version table: never migrated, or created by other means. */
  noVersionTable: "db-no-version-table",
  /** The alembic_version table exists but holds no revision. */
  emptyVersionTable: "db-empty-version-table",
  /** The migration history has several heads, so "up to date" is ambiguous. */
  severalHeads: "db-several-heads",
  /** The database matches the migration head but not the models: a migration is missing. */
  writeMigration: "db-write-migration",
  /** The database matches the models but its stamp is behind: stamp it or run the migrations. */
  stampOrMigrate: "db-stamp-or-migrate",
} as const;

export type DatabaseCode = (typeof DATABASE_CODES)[keyof typeof DATABASE_CODES];

/**
 * The same codes with their default severity and a one-line summary, keyed by code: the shape of
 * the finding-code registry (server/src/findings/codes.ts). Severities of connection problems are
 * those of an explicitly requested database; a URL found in the environment lowers them to warnings.
 */
export const DATABASE_CODE_TABLE = {
  "db-unreachable": { severity: "warning", summary: "No PostgreSQL server answers at the database URL's host and port; the database checks are skipped." },
  "db-auth-failed": { severity: "error", summary: "The server refused the user of the database URL (wrong password, unknown role, no pg_hba entry)." },
  "db-missing-database": { severity: "error", summary: "The database named in the URL does not exist on the server." },
  "db-missing-schema": { severity: "error", summary: "The configured PostgreSQL schema (default public) does not exist in the database." },
  "db-timeout": { severity: "warning", summary: "Connecting or reading the catalog took longer than the time limit; the database checks are skipped." },
  "db-invalid-url": { severity: "error", summary: "The database URL cannot describe a PostgreSQL connection." },
  "db-query-failed": { severity: "error", summary: "Reading the database catalog failed for another reason; the server's message is given." },
  "db-behind-head": { severity: "warning", summary: "The database's stamp is an ancestor of the migration head: some migrations are not applied." },
  "db-unknown-stamp": { severity: "error", summary: "alembic_version holds a revision that no migration file declares." },
  "db-no-version-table": { severity: "warning", summary: "The database has no alembic_version table." },
  "db-empty-version-table": { severity: "warning", summary: "The alembic_version table holds no revision." },
  "db-several-heads": { severity: "warning", summary: "The migration history has several heads; the finding says which the database has." },
  "db-write-migration": { severity: "warning", summary: "The database matches the migration head but not the models: a migration is missing." },
  "db-stamp-or-migrate": { severity: "warning", summary: "The database matches the models but not its stamp: stamp it, or write the migration and stamp." },
} as const satisfies Record<DatabaseCode, { severity: "error" | "warning" | "info" | "hint"; summary: string }>;
