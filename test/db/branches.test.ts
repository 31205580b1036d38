// Two branches from the same parent (two developers each adding a migration): the history has two
// heads and the database, upgraded along one of them, has only that one.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { introspectDatabase } from "../../server/src/database/introspect";
import { stampFindings } from "../../server/src/database/stampFindings";
import { isDatabaseProblem } from "../../server/src/database/types";
import { buildRevisionGraph, parseMigration } from "../../server/src/history";
import { copyExample, runAlembic } from "../helpers/alembic";
import { createTestDatabase, type TestDatabase } from "../helpers/postgres";

let db: TestDatabase;
let project: string;

const SIBLING = `"""add archived to users

Revision ID: 5e0a1b2c3d4f
Revises: 8b61e0f4a2c9
Create Date: 2025-02-12 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "5e0a1b2c3d4f"
down_revision = "8b61e0f4a2c9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("archived", sa.Boolean(), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "archived")
`;

async function readGraph() {
  const versions = join(project, "alembic", "versions");
  const names = (await readdir(versions)).filter((n) => n.endsWith(".py"));
  return buildRevisionGraph(await Promise.all(names.map(async (n) => parseMigration(join(versions, n), await readFile(join(versions, n), "utf8")))));
}

before(async () => {
  db = await createTestDatabase("dmw_test_db_branches");
  project = await copyExample("backend");
  await writeFile(join(project, "alembic", "versions", "5e0a1b2c3d4f_add_archived_to_users.py"), SIBLING);
});

after(async () => {
  await db?.drop();
  if (project) await rm(dirname(project), { recursive: true, force: true });
});

test("several heads: the finding says which head the database has and which it lacks", async () => {
  const upgraded = await runAlembic(project, ["upgrade", "c4d7e2b9f815"], db.sqlalchemyUrl);
  assert.equal(upgraded.code, 0, upgraded.stderr);
  const graph = await readGraph();
  assert.deepEqual([...graph.heads].sort(), ["5e0a1b2c3d4f", "c4d7e2b9f815"]);

  const snapshot = await introspectDatabase(db.url);
  assert.ok(!isDatabaseProblem(snapshot));
  const state = stampFindings(snapshot, graph);
  assert.deepEqual(state.pending, ["5e0a1b2c3d4f"]);
  const heads = state.findings.find((f) => f.code === "db-several-heads");
  assert.match(heads?.message ?? "", /has 2 heads \(.*\) and the database has c4d7e2b9f815 but not 5e0a1b2c3d4f: merge them with `alembic merge heads`/);
  const behind = state.findings.find((f) => f.code === "db-behind-head");
  assert.match(behind?.message ?? "", /1 revision behind head: 5e0a1b2c3d4f \(add archived to users\) is not applied/);
});

test("after `alembic upgrade heads` both heads are stamped and only the several-heads advice remains", async () => {
  const upgraded = await runAlembic(project, ["upgrade", "heads"], db.sqlalchemyUrl);
  assert.equal(upgraded.code, 0, upgraded.stderr);
  const graph = await readGraph();
  const snapshot = await introspectDatabase(db.url);
  assert.ok(!isDatabaseProblem(snapshot));
  assert.deepEqual(snapshot.stamps, ["5e0a1b2c3d4f", "c4d7e2b9f815"]);
  const state = stampFindings(snapshot, graph);
  assert.equal(state.atHead, true);
  assert.deepEqual(state.findings.map((f) => f.code), ["db-several-heads"]);
  assert.match(state.findings[0].message, /and the database has all of them; merge them with `alembic merge heads` so that `alembic upgrade head` works again\.$/);
});
