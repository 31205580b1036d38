import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { pgConfigFromUrl, withReadOnlyTransaction } from "../../server/src/database/connection";
import { introspectDatabase } from "../../server/src/database/introspect";
import { isDatabaseProblem } from "../../server/src/database/types";
import { createTestDatabase, PG_HOST, PG_PORT, type TestDatabase } from "../helpers/postgres";

let db: TestDatabase;

before(async () => {
  db = await createTestDatabase("dmw_test_db_problems");
  await db.query("create table notes (id int primary key, body text)");
});

after(async () => {
  await db?.drop();
});

/** A port nobody listens on: bind an ephemeral port, then release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, PG_HOST, resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test("unreachable host: one warning naming host and port, password masked", async () => {
  const port = await closedPort();
  const result = await introspectDatabase(`postgresql+psycopg://app:Sup3rSecret@${PG_HOST}:${port}/app`);
  assert.ok(isDatabaseProblem(result));
  assert.equal(result.code, "db-unreachable");
  assert.equal(result.severity, "warning");
  assert.equal(result.message, `No PostgreSQL server answers at ${PG_HOST}:${port} (connection refused); the database checks were skipped.`);
});

test("a role the server rejects: the message names user and host, never the password", async () => {
  // The local server trusts 127.0.0.1, so a wrong password cannot be provoked; an unknown role is
  // the server's real authentication failure (SQLSTATE 28000). 28P01 is covered by the unit test.
  const role = `dmw_nobody_${randomBytes(4).toString("hex")}`;
  const result = await introspectDatabase(`postgresql+psycopg://${role}:Sup3rSecret@${PG_HOST}:${PG_PORT}/${db.name}`);
  assert.ok(isDatabaseProblem(result));
  assert.equal(result.code, "db-auth-failed");
  assert.match(result.message, new RegExp(`user "${role}"`));
  assert.match(result.message, new RegExp(`${PG_HOST}:${PG_PORT}`));
  assert.doesNotMatch(JSON.stringify(result), /Sup3rSecret/);
});

test("missing database and missing schema", async () => {
  const missing = `${db.name}_gone`;
  const noDb = await introspectDatabase(`postgresql://postgres@${PG_HOST}:${PG_PORT}/${missing}`);
  assert.ok(isDatabaseProblem(noDb));
  assert.equal(noDb.code, "db-missing-database");
  assert.equal(noDb.message, `Database "${missing}" does not exist on the PostgreSQL server at ${PG_HOST}:${PG_PORT}.`);

  const noSchema = await introspectDatabase(db.url, { schema: "tenant_a" });
  assert.ok(isDatabaseProblem(noSchema));
  assert.equal(noSchema.code, "db-missing-schema");
  assert.equal(noSchema.message, `Schema "tenant_a" does not exist in database "${db.name}" at ${PG_HOST}:${PG_PORT}.`);
});

test("a URL that is not PostgreSQL is one finding, password masked", async () => {
  const result = await introspectDatabase("mysql+pymysql://root:Sup3rSecret@localhost/app");
  assert.ok(isDatabaseProblem(result));
  assert.equal(result.code, "db-invalid-url");
  assert.doesNotMatch(result.message, /Sup3rSecret/);
});

test("READ ONLY: a write through the introspection connection fails and changes nothing", async () => {
  const connection = pgConfigFromUrl(db.sqlalchemyUrl);
  await assert.rejects(
    withReadOnlyTransaction(connection, (client) => client.query("insert into notes values (1, 'x')")),
    (error: { code?: string }) => error.code === "25006",
  );
  // Even after leaving the READ ONLY transaction, the session default forbids writes.
  await assert.rejects(
    withReadOnlyTransaction(connection, async (client) => {
      await client.query("commit");
      await client.query("create table sneaky (id int)");
    }),
    (error: { code?: string }) => error.code === "25006",
  );
  const tables = await db.query<{ relname: string }>("select relname from pg_class where relname in ('sneaky') ");
  assert.deepEqual(tables, []);
  assert.deepEqual(await db.query("select * from notes"), []);
});

test("timeouts: a server that accepts but never answers, and a catalog query stuck behind a lock", async () => {
  // A TCP listener that never speaks the PostgreSQL protocol.
  const sockets: import("node:net").Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, PG_HOST, resolve));
  const { port } = silent.address() as { port: number };
  try {
    const result = await introspectDatabase(`postgresql://app:pw@${PG_HOST}:${port}/app`, { timeouts: { connectMs: 300 } });
    assert.ok(isDatabaseProblem(result));
    assert.deepEqual([result.code, result.severity], ["db-timeout", "warning"]);
    assert.equal(result.message, `PostgreSQL at ${PG_HOST}:${port} did not answer within 300 ms; the database checks were skipped.`);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }

  // A long migration holding an exclusive lock on a catalog the introspection reads.
  await db.query("begin");
  await db.query("lock table pg_catalog.pg_enum in access exclusive mode");
  try {
    const result = await introspectDatabase(db.url, { timeouts: { statementMs: 300 } });
    assert.ok(isDatabaseProblem(result));
    assert.equal(result.code, "db-timeout");
    assert.equal(result.message, `Reading the catalog of "${db.name}" at ${PG_HOST}:${PG_PORT} took longer than 300 ms; the database checks were skipped.`);
  } finally {
    await db.query("rollback");
  }
});
