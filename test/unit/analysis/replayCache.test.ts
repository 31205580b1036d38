// The migration cache reuses the revision graph and replay while no migration changed (a model
// edit in the editor), and replays again as soon as one migration's text differs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { analyzeProject } from "../../../server/src/analysis/analyzeProject";
import { MigrationCache } from "../../../server/src/analysis/migrationCache";
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
