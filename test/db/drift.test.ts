// Models, migration history and a real database together: the example backend migrated with real
// Alembic, and a schema built with real SQL that differs from a model file in every way a
// database can.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { compareDatabase } from "../../server/src/database/findings";
import { introspectDatabase } from "../../server/src/database/introspect";
import { isDatabaseProblem, type DatabaseSnapshot } from "../../server/src/database/types";
import type { Finding } from "../../server/src/findings/types";
import { buildRevisionGraph, parseMigration, replayHistory } from "../../server/src/history";
import type { RevisionGraph } from "../../server/src/history/types";
import { readModels } from "../../server/src/models/readModels";
import type { Schema } from "../../server/src/schema/types";
import { copyExample, runAlembic } from "../helpers/alembic";
import { createTestDatabase, type TestDatabase } from "../helpers/postgres";

let project: string;
let models: Schema;
let history: { graph: RevisionGraph; schema: Schema };

async function pythonFiles(dir: string): Promise<{ path: string; text: string }[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".py")).sort();
  return Promise.all(names.map(async (n) => ({ path: join(dir, n), text: await readFile(join(dir, n), "utf8") })));
}

async function snapshotOf(db: TestDatabase): Promise<DatabaseSnapshot> {
  const result = await introspectDatabase(db.url);
  assert.ok(!isDatabaseProblem(result), isDatabaseProblem(result) ? result.message : "");
  return result;
}

const codes = (findings: Finding[]) => findings.map((f) => f.code).sort();

before(async () => {
  project = await copyExample("backend");
  models = readModels(await pythonFiles(join(project, "app", "models"))).schema;
  const migrations = (await pythonFiles(join(project, "alembic", "versions"))).map((f) => parseMigration(f.path, f.text));
  const graph = buildRevisionGraph(migrations);
  history = { graph, schema: replayHistory(graph).schema };
});

after(async () => {
  if (project) await rm(dirname(project), { recursive: true, force: true });
});

test("example at head: the replayed history equals the real database; the models need a migration", async () => {
  const db = await createTestDatabase("dmw_test_db_drift_head");
  try {
    const upgraded = await runAlembic(project, ["upgrade", "head"], db.sqlalchemyUrl);
    assert.equal(upgraded.code, 0, upgraded.stderr);
    const result = compareDatabase({ snapshot: await snapshotOf(db), models, history });
    assert.deepEqual(result.historyChanges, []);
    assert.deepEqual(codes(result.findings), ["db-missing-column", "db-missing-foreign-key", "db-missing-table", "db-rename-candidate", "db-write-migration"]);
    const rename = result.findings.find((f) => f.code === "db-rename-candidate")!;
    assert.deepEqual([rename.table, rename.column], ["tasks", "priority_id"]);
    assert.equal(rename.message, "tasks.priority_id (integer) is in the model where the database has tasks.priority (varchar(20)): a rename with a type change?");
    assert.match(rename.file ?? "", /app[\\/]models[\\/]task\.py$/);
    assert.equal(result.findings.find((f) => f.code === "db-missing-column")?.column, "due_date");
    assert.match(result.findings.find((f) => f.code === "db-write-migration")!.message, /matches the migration head c4d7e2b9f815 but not the models \(4 differences\)/);
  } finally {
    await db.drop();
  }
});

test("example one revision behind: pending revision named, model drift still reported, no history drift", async () => {
  const db = await createTestDatabase("dmw_test_db_drift_behind");
  try {
    const upgraded = await runAlembic(project, ["upgrade", "8b61e0f4a2c9"], db.sqlalchemyUrl);
    assert.equal(upgraded.code, 0, upgraded.stderr);
    const result = compareDatabase({ snapshot: await snapshotOf(db), models, history });
    assert.deepEqual(codes(result.findings), ["db-behind-head", "db-missing-column", "db-missing-column", "db-missing-foreign-key", "db-missing-table"]);
    assert.match(result.findings[0].message, /is 1 revision behind head: c4d7e2b9f815 \(add priority to tasks\)/);
    assert.ok(!result.findings.some((f) => f.code.startsWith("db-history-")));
  } finally {
    await db.drop();
  }
});

test("example changed by hand to match the models while stamped at head: write the migration, then stamp", async () => {
  const db = await createTestDatabase("dmw_test_db_drift_byhand");
  try {
    const upgraded = await runAlembic(project, ["upgrade", "head"], db.sqlalchemyUrl);
    assert.equal(upgraded.code, 0, upgraded.stderr);
    await db.query(`
      create table priorities (id serial primary key, name varchar(20) not null, color varchar(7) not null);
      alter table tasks drop column priority;
      alter table tasks add column priority_id integer references priorities(id);
      alter table tasks add column due_date timestamptz;`);
    const result = compareDatabase({ snapshot: await snapshotOf(db), models, history });
    assert.deepEqual(result.modelChanges, []);
    const verdict = result.findings.filter((f) => f.code === "db-stamp-or-migrate");
    assert.equal(verdict.length, 1);
    assert.match(verdict[0].message, /write a migration for the model changes, then `alembic stamp` the database to it instead of upgrading/);
    assert.ok(result.findings.some((f) => f.code === "db-history-extra-table" && f.table === "priorities"));
  } finally {
    await db.drop();
  }
});

const MODEL_FILE = `
import enum
from typing import Optional

from sqlmodel import Field, SQLModel


class Status(str, enum.Enum):
    todo = "To do"
    doing = "Doing"
    done = "Done"


class Team(SQLModel, table=True):
    __tablename__ = "teams"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=255, unique=True)


class Member(SQLModel, table=True):
    __tablename__ = "members"
    id: Optional[int] = Field(default=None, primary_key=True)
    email: str = Field(max_length=255, index=True)
    nickname: Optional[str] = Field(default=None, max_length=50)
    status: Status = Field(default=Status.todo)
    team_id: Optional[int] = Field(default=None, foreign_key="teams.id", ondelete="CASCADE")
`;

// Differs from MODEL_FILE in one way per finding kind.
const DATABASE_SQL = `
create type status as enum ('todo', 'done');
create table teams (id serial primary key, name varchar(255) not null);
create table members (
  id serial primary key,
  email varchar(100) not null,
  nickname varchar(50) not null,
  status status not null,
  team_id integer references teams(id),
  legacy_blob bytea
);
create index ix_members_lower_email on members (lower(email));
create table audit_log (id integer primary key);
`;

test("each model vs database difference on a real schema", async () => {
  const db = await createTestDatabase("dmw_test_db_drift_kinds");
  try {
    await db.query(DATABASE_SQL);
    const fileModels = readModels([{ path: join(project, "app", "models", "members.py"), text: MODEL_FILE }]).schema;
    const { findings } = compareDatabase({ snapshot: await snapshotOf(db), models: fileModels });
    const by = (code: string) => findings.filter((f) => f.code === code);
    assert.equal(by("db-enum-mismatch")[0]?.message, "enum type status has labels (todo, doing, done) in the model but (todo, done) in the database");
    assert.equal(by("db-type-mismatch").find((f) => f.column === "email")?.message, "members.email is varchar(255) in the model but varchar(100) in the database");
    assert.equal(by("db-nullable-mismatch")[0]?.message, "members.nickname is nullable in the model but NOT NULL in the database");
    assert.match(by("db-foreign-key-mismatch")[0]?.message ?? "", /ON DELETE CASCADE in the model but ON DELETE NO ACTION in the database/);
    assert.equal(by("db-extra-column")[0]?.message, "members.legacy_blob is in the database but no model declares it");
    assert.equal(by("db-extra-table")[0]?.table, "audit_log");
    assert.equal(by("db-missing-index")[0]?.message, "index ix_members_email on members(email) is in the model but the database does not have it");
    assert.deepEqual(by("db-missing-unique").map((f) => f.table), ["teams"]);
    assert.deepEqual(by("db-unknown-index").map((f) => [f.severity, f.message]), [["info", "index ix_members_lower_email on members is an expression or partial index that cannot be compared; check it by hand"]]);
    assert.equal(by("db-extra-index").length, 0);
  } finally {
    await db.drop();
  }
});
