// Turning a database URL (libpq or SQLAlchemy spelling) into a read-only `pg` connection.
// Everything that may be shown to a person goes through `maskUrl`/`maskSecrets` first.
import pg from "pg";
import { parse as parseConnectionString } from "pg-connection-string";

export const CONNECT_TIMEOUT_MS = 5_000;
export const STATEMENT_TIMEOUT_MS = 10_000;

/** What a connection failure message may name: never the password. */
export interface ConnectionTarget {
  user: string;
  host: string;
  port: number;
  database: string;
}

export interface Timeouts {
  /** Giving up on connecting (default 5 s). */
  connectMs: number;
  /** PostgreSQL statement_timeout for each catalog query (default 10 s). */
  statementMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: CONNECT_TIMEOUT_MS, statementMs: STATEMENT_TIMEOUT_MS };

export interface PgConnectionConfig {
  config: pg.ClientConfig;
  timeouts: Timeouts;
  target: ConnectionTarget;
  /** libpq's sslmode=prefer/allow: try TLS first, fall back to a plain connection. */
  sslFallback: boolean;
  /** The password (if any), so messages can be scrubbed of it. */
  secret?: string;
}

// SQLAlchemy spells the driver into the scheme: postgresql+psycopg://, +psycopg2, +asyncpg, +pg8000.
const SCHEME = /^(postgres(?:ql)?)(\+[a-z0-9_]+)?:\/\//i;

export function isPostgresUrl(url: string): boolean {
  return SCHEME.test(url.trim());
}

/** `postgresql+asyncpg://u:p@h/db` -> `postgresql://u:p@h/db`. */
export function withoutDriver(url: string): string {
  return url.trim().replace(SCHEME, "postgresql://");
}

// A URL's authority up to the path; the password may itself hold an unencoded '@' (a common
// slip), so the host starts after the *last* '@'.
const URL_AUTHORITY = /([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)/gi;
// `?password=...` in a URL and `password=...` in a libpq keyword string.
const PASSWORD_PARAMETER = /(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&#]*)/gi;

function maskAuthority(scheme: string, authority: string): string {
  const at = authority.lastIndexOf("@");
  const colon = at < 0 ? -1 : authority.indexOf(":");
  if (colon < 0 || colon > at) return scheme + authority;
  return `${scheme}${authority.slice(0, colon)}:***${authority.slice(at)}`;
}

function maskPasswords(text: string): string {
  return text
    .replace(URL_AUTHORITY, (_m, scheme: string, authority: string) => maskAuthority(scheme, authority))
    .replace(PASSWORD_PARAMETER, "$1***");
}

/** Hides the password of a URL: `postgresql://app:***@db:5432/app`; also `password=` parameters. */
export function maskUrl(url: string): string {
  return maskPasswords(url);
}

/** Replaces every URL's password, `password=` parameters, and the secret itself (raw and percent-encoded). */
export function maskSecrets(text: string, secret?: string): string {
  let out = maskPasswords(text);
  if (secret) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join("***");
  }
  return out;
}

/** Thrown for URLs that cannot describe a PostgreSQL connection; the message is already masked. */
export class InvalidDatabaseUrlError extends Error {}

/**
 * Reduces a URL to a `pg` client configuration with a connect timeout, a statement timeout and
 * `default_transaction_read_only=on` as a server option (a second guard next to `BEGIN READ ONLY`).
 * `sslmode` follows libpq semantics (`useLibpqCompat`), as psycopg users expect.
 */
export function pgConfigFromUrl(url: string, timeouts: Partial<Timeouts> = {}): PgConnectionConfig {
  const limits: Timeouts = { ...DEFAULT_TIMEOUTS, ...timeouts };
  if (!isPostgresUrl(url)) {
    throw new InvalidDatabaseUrlError(`${maskUrl(url)} is not a PostgreSQL URL (expected postgresql://...)`);
  }
  let parsed: ReturnType<typeof parseConnectionString>;
  try {
    parsed = parseConnectionString(withoutDriver(url), { useLibpqCompat: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new InvalidDatabaseUrlError(`cannot use ${maskUrl(url)}: ${maskSecrets(reason)}`);
  }
  const sslmode = typeof parsed.sslmode === "string" ? parsed.sslmode : undefined;
  const port = parsed.port ? Number(parsed.port) : 5432;
  const user = parsed.user || process.env.PGUSER || "postgres";
  const host = parsed.host || "localhost";
  const database = parsed.database || user;
  const readOnly = "-c default_transaction_read_only=on";
  const config: pg.ClientConfig = {
    host,
    port,
    user,
    database,
    password: parsed.password || undefined,
    connectionTimeoutMillis: limits.connectMs,
    statement_timeout: limits.statementMs,
    // A client-side backstop in case the server never answers a query.
    query_timeout: limits.statementMs + 2_000,
    application_name: typeof parsed.application_name === "string" ? parsed.application_name : "db-migration-wizard",
    options: typeof parsed.options === "string" && parsed.options ? `${parsed.options} ${readOnly}` : readOnly,
  };
  if (parsed.ssl !== undefined && parsed.ssl !== false) config.ssl = parsed.ssl as pg.ClientConfig["ssl"];
  return {
    config,
    timeouts: limits,
    target: { user, host, port, database },
    sslFallback: sslmode === "prefer" || sslmode === "allow",
    secret: parsed.password || undefined,
  };
}

async function connect(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client(config);
  // An idle connection that the server drops must not become an unhandled 'error' event.
  client.on("error", () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

// Connection poolers (PgBouncer in transaction mode and the hosted poolers built on it) refuse
// startup parameters such as `options` and `statement_timeout`; the transaction then sets them.
const UNSUPPORTED_STARTUP = /unsupported startup parameter/i;
const NO_TLS = /does not support SSL/i;

export async function openClient(connection: PgConnectionConfig): Promise<pg.Client> {
  let config = connection.config;
  for (;;) {
    try {
      return await connect(config);
    } catch (error) {
      const message = error instanceof Error ? error.message : "";
      if (connection.sslFallback && config.ssl && NO_TLS.test(message)) {
        config = { ...config, ssl: false };
      } else if (UNSUPPORTED_STARTUP.test(message) && (config.options !== undefined || config.statement_timeout !== undefined)) {
        config = { ...config, options: undefined, statement_timeout: undefined };
      } else {
        throw error;
      }
    }
  }
}

/** Statements sent in the same message as the transaction's BEGIN (simple protocol: no parameters). */
export interface OpeningQuery {
  text: string;
  /** Client-side backstop for the whole message (default: the client's, made for one statement). */
  timeoutMs?: number;
}

/**
 * Runs `work` inside `BEGIN READ ONLY` and always rolls back: nothing the analysis does can write.
 * `opening` goes out in the same message as the BEGIN, one round trip less (on a remote database a
 * network round trip, and one event-loop turn fewer before PostgreSQL has the work); `work` gets
 * its results. Errors propagate unchanged (classify them with `classifyDatabaseError`).
 */
export async function withReadOnlyTransaction<T>(
  connection: PgConnectionConfig,
  work: (client: pg.Client, opened: pg.QueryResult[]) => Promise<T>,
  opening?: OpeningQuery,
): Promise<T> {
  const client = await openClient(connection);
  try {
    // The timeout is also set here, for connections made without startup parameters (poolers).
    const begin = `BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.floor(connection.timeouts.statementMs)}`;
    const text = opening ? `${begin};\n${opening.text}` : begin;
    const query: pg.QueryConfig & { query_timeout?: number } = opening?.timeoutMs !== undefined ? { text, query_timeout: opening.timeoutMs } : { text };
    const results = (await client.query(query)) as unknown as pg.QueryResult[];
    try {
      return await work(client, results.slice(2));
    } finally {
      await client.query("ROLLBACK").catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
