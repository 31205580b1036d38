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
