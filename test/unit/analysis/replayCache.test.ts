// The analysis caches: the migration cache reuses the revision graph and replay while no migration
// changed (a model edit), and replays again as soon as one migration differs; the models cache
// re-reads only what an edit changed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { analyzeProject } from "../../../server/src/analysis/analyzeProject";
import { MigrationCache } from "../../../server/src/analysis/migrationCache";
import { ModelsCache } from "../../../server/src/analysis/modelsCache";
import type { SchemaChange } from "../../../server/src/diff/types";
import type { ProjectLayout } from "../../../server/src/project/types";

const ROOT = join("/", "virtual", "cached");
const MODEL = join(ROOT, "app", "models.py");
const MIGRATION = join(ROOT, "alembic", "versions", "aa11_notes.py");

const layout: ProjectLayout = {
  root: ROOT,
  alembicIni: join(ROOT, "alembic.ini"),
  alembicDir: ROOT,
  scriptLocation: join(ROOT, "alembic"),
  versionsDirs: [join(ROOT, "alembic", "versions")],
  recursiveVersionLocations: false,
  fileTemplate: "%(rev)s_%(slug)s",
  modelFiles: [MODEL],
  modelsFrom: "default",
  sourceRoots: [ROOT],
  findings: [],
};

const model = (extra: string) =>
  `from sqlmodel import Field, SQLModel\n\n\nclass Note(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n    title: str\n${extra}`;
const migration = (titleType: string) => `revision = 'aa11'
down_revision = None

from alembic import op
import sqlalchemy as sa


def upgrade():
    op.create_table('note', sa.Column('id', sa.Integer(), nullable=False), sa.Column('title', ${titleType}, nullable=False), sa.PrimaryKeyConstraint('id'))
`;

test("a model edit reuses the replay; a migration edit replays again", () => {
  const cache = new MigrationCache();
  const files = new Map([
    [MODEL, model("")],
    [MIGRATION, migration("sqlmodel.sql.sqltypes.AutoString()")],
  ]);
  const options = { cache, migrationFiles: [MIGRATION] };
  const first = analyzeProject(layout, (p) => files.get(p), options);
  assert.deepEqual(first.changes, []);

  files.set(MODEL, model("    body: str | None = None\n"));
  const afterModelEdit = analyzeProject(layout, (p) => files.get(p), options);
  assert.equal(afterModelEdit.replay, first.replay);
  assert.equal(afterModelEdit.graph, first.graph);
  assert.deepEqual(afterModelEdit.changes.map((c) => c.kind), ["add-column"]);

  files.set(MIGRATION, migration("sa.Integer()"));
  const afterMigrationEdit = analyzeProject(layout, (p) => files.get(p), options);
  assert.notEqual(afterMigrationEdit.replay, first.replay);
  assert.deepEqual(afterMigrationEdit.changes.map((c) => c.kind).sort(), ["add-column", "alter-type"]);
});

function describe(change: SchemaChange): string {
  if (change.kind === "add-table") return `add-table ${change.table.name}`;
  if (change.kind === "add-column") return `add-column ${change.table}.${change.column.name}`;
  return change.kind;
}

test("the models cache re-reads an edited model file and keeps the other file's tables", () => {
  const other = join(ROOT, "app", "tags.py");
  const twoFiles: ProjectLayout = { ...layout, modelFiles: [MODEL, other] };
  const tag = "from sqlmodel import Field, SQLModel\n\n\nclass Tag(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n";
  const files = new Map([
    [MODEL, model("")],
    [other, tag],
    [MIGRATION, migration("sqlmodel.sql.sqltypes.AutoString()")],
  ]);
  const cache = new MigrationCache();
  const modelsCache = new ModelsCache();
  const options = { cache, modelsCache, migrationFiles: [MIGRATION] };
  const first = analyzeProject(twoFiles, (p) => files.get(p), options);
  assert.deepEqual(first.changes.map(describe), ["add-table tag"]);

  files.set(MODEL, model("    body: str | None = None\n"));
  const edited = analyzeProject(twoFiles, (p) => files.get(p), options);
  assert.deepEqual(edited.changes.map(describe).sort(), ["add-column note.body", "add-table tag"]);
  assert.deepEqual(edited.models.schema.tables.tag, first.models.schema.tables.tag);
  assert.deepEqual(edited.models.schema.tables.note.columns.map((c) => c.name), ["id", "title", "body"]);
});
