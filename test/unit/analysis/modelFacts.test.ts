// The models tell the replay what migrations leave implicit: the metadata's naming convention
// (unnamed constraints) and Python Enum classes (`sa.Enum(TaskStatus)`), and the project's
// SQLModel version decides how `datetime` maps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { analyzeProject } from "../../../server/src/analysis/analyzeProject";
import type { ProjectLayout } from "../../../server/src/project/types";

const ROOT = join("/", "virtual", "facts");
const MODEL = join(ROOT, "app", "models", "task.py");
const VERSIONS = join(ROOT, "alembic", "versions");

function layoutWith(extra: Partial<ProjectLayout> = {}): ProjectLayout {
  return {
    root: ROOT,
    alembicIni: join(ROOT, "alembic.ini"),
    alembicDir: ROOT,
    scriptLocation: join(ROOT, "alembic"),
    versionsDirs: [VERSIONS],
    recursiveVersionLocations: false,
    fileTemplate: "%(rev)s_%(slug)s",
    modelFiles: [MODEL],
    modelsFrom: "default",
    sourceRoots: [ROOT],
    findings: [],
    ...extra,
  };
}

function migration(rev: string, down: string | null, body: string[]): string {
  return [
    "from alembic import op",
    "import sqlalchemy as sa",
    "from app.models.task import TaskStatus",
    `revision = "${rev}"`,
    `down_revision = ${down === null ? "None" : `"${down}"`}`,
    "def upgrade():",
    ...body.map((l) => `    ${l}`),
    "def downgrade():",
    "    pass",
    "",
  ].join("\n");
}

const MODEL_TEXT = [
  "import enum",
  "from datetime import datetime",
  "from sqlmodel import Field, SQLModel",
  'SQLModel.metadata.naming_convention = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}',
  "class TaskStatus(str, enum.Enum):",
  '    todo = "todo"',
  '    done = "done"',
  "class Owner(SQLModel, table=True):",
  "    id: int | None = Field(default=None, primary_key=True)",
  "class Task(SQLModel, table=True):",
  "    id: int | None = Field(default=None, primary_key=True)",
  "    status: TaskStatus",
  "    due: datetime",
  "",
].join("\n");

const FILES: Record<string, string> = {
  [MODEL]: MODEL_TEXT,
  [join(VERSIONS, "a1_owner.py")]: migration("a1", null, ['op.create_table("owner", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))']),
  [join(VERSIONS, "b2_task.py")]: migration("b2", "a1", [
    'op.create_table("task", sa.Column("id", sa.Integer(), nullable=False), sa.Column("status", sa.Enum(TaskStatus), nullable=False),',
    '    sa.Column("due", sa.DateTime(timezone=True), nullable=False), sa.Column("owner_id", sa.Integer(), sa.ForeignKey("owner.id"), nullable=True),',
    '    sa.PrimaryKeyConstraint("id"))',
  ]),
  [join(VERSIONS, "c3_drop_fk.py")]: migration("c3", "b2", [
    'op.drop_constraint("fk_task_owner_id_owner", "task", type_="foreignkey")',
    'op.drop_column("task", "owner_id")',
  ]),
};

const migrationFiles = Object.keys(FILES).filter((p) => p.startsWith(VERSIONS));

test("the models' naming convention names the constraints a migration left unnamed", () => {
  const analysis = analyzeProject(layoutWith(), (p) => FILES[p], { migrationFiles });
  const conflicts = analysis.findings.filter((f) => f.code === "history-replay-conflict");
  assert.deepEqual(conflicts.map((f) => f.message), [], "drop_constraint finds the conventionally named FK");
  assert.deepEqual(analysis.replay.schema.tables.task.foreignKeys, []);
});

test("sa.Enum(TaskStatus) in a migration takes the member names from the model files", () => {
  const analysis = analyzeProject(layoutWith(), (p) => FILES[p], { migrationFiles });
  assert.deepEqual(analysis.replay.schema.enums.taskstatus?.values, ["todo", "done"]);
  assert.deepEqual(analysis.changes, [], "models and history agree");
});

test("the project's SQLModel version decides how a plain datetime maps", () => {
  const old = analyzeProject(layoutWith({ sqlmodelVersion: "0.0.22" }), (p) => FILES[p], { migrationFiles });
  const change = old.changes.find((c) => c.kind === "alter-type");
  assert.ok(change && change.kind === "alter-type" && change.column === "due", "0.0.22 maps datetime to a naive timestamp");
  assert.equal(change.to.type.timezone ?? false, false);
});
