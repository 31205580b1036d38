// A throw-away PostgreSQL database per test: uniquely named, dropped WITH (FORCE) at the end.
// The server runs at 127.0.0.1:5432 with trust authentication for user `postgres`.
import { randomBytes } from "node:crypto";
import pg from "pg";

export const PG_HOST = "127.0.0.1";
export const PG_PORT = 5432;
export const PG_USER = "postgres";

export interface TestDatabase {
  name: string;
  /** libpq-style URL for `pg` and psql. */
  url: string;
  /** The same database as SQLAlchemy spells it for psycopg 3 (what Alembic's env.py reads). */
  sqlalchemyUrl: string;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

export function databaseUrl(name: string, scheme = "postgresql"): string {
  return `${scheme}://${PG_USER}@${PG_HOST}:${PG_PORT}/${name}`;
}

async function withAdminClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl("postgres"), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates `<prefix>_<random>` (prefix lower-cased, reduced to [a-z0-9_]). */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]/g, "_").slice(0, 40);
  const name = `${clean}_${randomBytes(5).toString("hex")}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  let client: pg.Client | undefined;
  const connected = async (): Promise<pg.Client> => {
    if (!client) {
      client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
      await client.connect();
    }
    return client;
  };
  return {
    name,
    url,
    sqlalchemyUrl: databaseUrl(name, "postgresql+psycopg"),
    async query(sql, params) {
      const result = await (await connected()).query(sql, params);
      return result.rows;
    },
    async drop() {
      if (client) await client.end();
      client = undefined;
      await withAdminClient((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
