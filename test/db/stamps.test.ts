// The example backend migrated with real Alembic, then its stamp read back and compared with the
// revision graph of its migration files.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { introspectDatabase } from "../../server/src/database/introspect";
import { stampFindings } from "../../server/src/database/stampFindings";
import { isDatabaseProblem, type DatabaseSnapshot } from "../../server/src/database/types";
import { buildRevisionGraph } from "../../server/src/history/revisionGraph";
import { parseMigration } from "../../server/src/history/parseMigration";
import type { RevisionGraph } from "../../server/src/history/types";
import { copyExample, runAlembic } from "../helpers/alembic";
import { createTestDatabase, type TestDatabase } from "../helpers/postgres";

let db: TestDatabase;
let project: string;
let graph: RevisionGraph;

async function readGraph(versionsDir: string): Promise<RevisionGraph> {
  const names = (await readdir(versionsDir)).filter((n) => n.endsWith(".py"));
  const files = await Promise.all(names.map(async (n) => parseMigration(join(versionsDir, n), await readFile(join(versionsDir, n), "utf8"))));
  return buildRevisionGraph(files);
}

async function alembic(...args: string[]): Promise<void> {
  const result = await runAlembic(project, args, db.sqlalchemyUrl);
  assert.equal(result.code, 0, `alembic ${args.join(" ")} failed:\n${result.stderr}`);
}

async function snapshot(): Promise<DatabaseSnapshot> {
  const result = await introspectDatabase(db.url);
  assert.ok(!isDatabaseProblem(result), isDatabaseProblem(result) ? result.message : "");
  return result;
}

before(async () => {
  db = await createTestDatabase("dmw_test_db_stamps");
  project = await copyExample("backend");
  graph = await readGraph(join(project, "alembic", "versions"));
});

after(async () => {
  await db?.drop();
  if (project) await rm(dirname(project), { recursive: true, force: true });
});

test("a fresh database: no version table, no tables", async () => {
  const state = stampFindings(await snapshot(), graph);
  assert.deepEqual(state.findings.map((f) => f.code), ["db-no-version-table"]);
  assert.equal(state.pending.length, 3);
});

test("upgraded to the second revision: one revision behind head, named", async () => {
  await alembic("upgrade", "8b61e0f4a2c9");
  const snap = await snapshot();
  assert.deepEqual(snap.stamps, ["8b61e0f4a2c9"]);
  assert.deepEqual(Object.keys(snap.schema.tables).sort(), ["tasks", "users"]);
  const state = stampFindings(snap, graph);
  assert.deepEqual(state.pending, ["c4d7e2b9f815"]);
  assert.equal(state.findings.length, 1);
  assert.equal(state.findings[0].code, "db-behind-head");
  assert.equal(state.findings[0].message, "The database (at 8b61e0f4a2c9) is 1 revision behind head: c4d7e2b9f815 (add priority to tasks) is not applied; run `alembic upgrade head`.");
  assert.match(state.findings[0].file ?? "", /c4d7e2b9f815_add_priority_to_tasks\.py$/);
});

test("at head: nothing to report", async () => {
  await alembic("upgrade", "head");
  const state = stampFindings(await snapshot(), graph);
  assert.deepEqual(state.findings, []);
  assert.equal(state.atHead, true);
});

test("a stamp no migration file declares", async () => {
  await db.query("update alembic_version set version_num = 'ffffffffffff'");
  const state = stampFindings(await snapshot(), graph);
  assert.deepEqual(state.findings.map((f) => [f.code, f.severity]), [["db-unknown-stamp", "error"]]);
  assert.match(state.findings[0].message, /revision ffffffffffff, which no migration file declares/);
});

test("tables but no alembic_version table", async () => {
  await db.query("drop table alembic_version");
  const state = stampFindings(await snapshot(), graph);
  assert.deepEqual(state.findings.map((f) => f.code), ["db-no-version-table"]);
  assert.match(state.findings[0].message, /has 2 tables but no alembic_version table/);
});
