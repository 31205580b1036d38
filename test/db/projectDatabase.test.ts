import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readProjectDatabase } from "../../server/src/database/projectDatabase";
import { createTestDatabase, PG_HOST, PG_PORT, type TestDatabase } from "../helpers/postgres";

let db: TestDatabase;
let workspace: string;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, PG_HOST, resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A workspace with backend/alembic.ini (and optionally backend/.env). */
async function project(ini: string, dotenv?: string): Promise<{ root: string; alembicIni: string }> {
  const root = await mkdtemp(join(workspace, "ws-"));
  await mkdir(join(root, "backend"));
  const alembicIni = join(root, "backend", "alembic.ini");
  await writeFile(alembicIni, ini);
  if (dotenv !== undefined) await writeFile(join(root, "backend", ".env"), dotenv);
  return { root, alembicIni };
}

before(async () => {
  db = await createTestDatabase("dmw_test_db_project");
  await db.query("create table notes (id int primary key)");
  workspace = await mkdtemp(join(tmpdir(), "dmw-projectdb-"));
});

after(async () => {
  await db?.drop();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

test("the .env beside alembic.ini is read (SQLAlchemy spelling) before alembic.ini's url", async () => {
  const port = await closedPort();
  const { root, alembicIni } = await project(
    `[alembic]\nsqlalchemy.url = postgresql://app:pw@${PG_HOST}:${port}/app\n`,
    `DATABASE_URL=${db.sqlalchemyUrl}\n`,
  );
  const found = await readProjectDatabase({ alembicIni, workspaceRoot: root, env: {} });
  assert.equal(found.resolved?.origin, "dotenv");
  assert.equal(found.problem, undefined);
  assert.deepEqual(Object.keys(found.database!.snapshot().schema.tables), ["notes"]);
});

test("an unreachable URL from alembic.ini is one warning pointing at alembic.ini, password masked", async () => {
  const port = await closedPort();
  const { root, alembicIni } = await project(`[alembic]\nsqlalchemy.url = postgresql+psycopg://app:Sup3r%%25Secret@${PG_HOST}:${port}/app\n`);
  const found = await readProjectDatabase({ alembicIni, workspaceRoot: root, env: {} });
  assert.equal(found.resolved?.origin, "alembic.ini");
  assert.deepEqual([found.problem?.code, found.problem?.severity, found.problem?.file], ["db-unreachable", "warning", alembicIni]);
  assert.equal(
    found.problem?.message,
    `No PostgreSQL server answers at ${PG_HOST}:${port} (connection refused); the database checks were skipped (database URL from sqlalchemy.url in alembic.ini).`,
  );
  assert.deepEqual(found.problem?.range?.start, { line: 1, character: 0 });
  assert.doesNotMatch(JSON.stringify(found.problem), /Sup3r/);
});

test("from the environment a rejected role is a warning; passed explicitly it is an error", async () => {
  const url = `postgresql://dmw_no_such_role:pw@${PG_HOST}:${PG_PORT}/${db.name}`;
  const fromEnv = await readProjectDatabase({ env: { DATABASE_URL: url } });
  assert.deepEqual([fromEnv.problem?.code, fromEnv.problem?.severity], ["db-auth-failed", "warning"]);
  assert.match(fromEnv.problem!.message, /\(database URL from the DATABASE_URL environment variable\)\.$/);
  const explicit = await readProjectDatabase({ explicit: url, env: {} });
  assert.deepEqual([explicit.problem?.code, explicit.problem?.severity], ["db-auth-failed", "error"]);
});

test("no URL anywhere: nothing is read and nothing reported", async () => {
  const { root, alembicIni } = await project("[alembic]\nsqlalchemy.url = driver://user:pass@localhost/dbname\n");
  assert.deepEqual(await readProjectDatabase({ alembicIni, workspaceRoot: root, env: {} }), {});
});

test("the configured schema is passed through", async () => {
  const found = await readProjectDatabase({ explicit: db.url, schema: "tenant_x", env: {} });
  assert.equal(found.problem?.code, "db-missing-schema");
});
