import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { analyzeProject, analyzeProjectInterleaved } from "../../../server/src/analysis/analyzeProject";
import { compareWithDatabase } from "../../../server/src/analysis/compareWithDatabase";
import { MigrationCache } from "../../../server/src/analysis/migrationCache";
import { ModelsCache } from "../../../server/src/analysis/modelsCache";
import type { DatabaseSnapshot } from "../../../server/src/database/types";
import type { ProjectLayout } from "../../../server/src/project/types";
import { col, pk, schema, t, table } from "../../helpers/diffSchemaBuilders";
import { eventLoopTurns } from "../../helpers/eventLoop";

// An in-memory project: nothing here touches the file system.
const ROOT = join("/", "virtual", "backend");
const MODEL = join(ROOT, "app", "models", "note.py");
const MIGRATION = join(ROOT, "alembic", "versions", "aa11_create_notes.py");

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

const MODEL_TEXT = [
  "from typing import Optional",
  "from sqlmodel import Field, SQLModel",
  "",
  "",
  "class Note(SQLModel, table=True):",
  '    __tablename__ = "notes"',
  "    id: Optional[int] = Field(default=None, primary_key=True)",
  "    body: str",
  "",
].join("\n");

const MIGRATION_TEXT = [
  '"""create notes"""',
  "from alembic import op",
  "import sqlalchemy as sa",
  "import sqlmodel",
  "",
  'revision = "aa11"',
  "down_revision = None",
  "",
  "",
  "def upgrade():",
  '    op.create_table("notes",',
  '        sa.Column("id", sa.Integer(), nullable=False),',
  '        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(), nullable=False),',
  '        sa.PrimaryKeyConstraint("id"))',
  "",
  "",
  "def downgrade():",
  '    op.drop_table("notes")',
  "",
].join("\n");

function reader(files: Record<string, string>) {
  return (path: string) => files[path];
}

test("models and history in step: graph, replay and models are returned, no findings", () => {
  const analysis = analyzeProject(layout, reader({ [MODEL]: MODEL_TEXT, [MIGRATION]: MIGRATION_TEXT }), { migrationFiles: [MIGRATION] });
  assert.deepEqual(analysis.findings, []);
  assert.deepEqual(analysis.changes, []);
  assert.deepEqual(analysis.graph.heads, ["aa11"]);
  assert.deepEqual(Object.keys(analysis.replay.schema.tables), ["notes"]);
  assert.deepEqual(Object.keys(analysis.models.schema.tables), ["notes"]);
  assert.equal(analysis.migrations[0].revision, "aa11");
});

test("unsaved text from the reader is what gets analysed; drift points at the model line", () => {
  const edited = MODEL_TEXT.replace("    body: str\n", "    body: str\n    pinned: bool = False\n");
  const analysis = analyzeProject(layout, reader({ [MODEL]: edited, [MIGRATION]: MIGRATION_TEXT }), { migrationFiles: [MIGRATION] });
  assert.deepEqual(
    analysis.findings.map((f) => [f.code, f.file, f.range?.start.line, f.message]),
    [["migration-missing-column", MODEL, 8, "notes.pinned is in the model but no migration creates it"]],
  );
  assert.equal(analysis.changes[0].kind, "add-column");
});

test("a cache reuses parsed migrations whose text is unchanged", () => {
  const cache = new MigrationCache();
  const files = { [MODEL]: MODEL_TEXT, [MIGRATION]: MIGRATION_TEXT };
  const first = analyzeProject(layout, reader(files), { migrationFiles: [MIGRATION], cache });
  const second = analyzeProject(layout, reader(files), { migrationFiles: [MIGRATION], cache });
  assert.equal(second.migrations[0], first.migrations[0]);
  const third = analyzeProject(layout, reader({ ...files, [MIGRATION]: MIGRATION_TEXT + "\n" }), { migrationFiles: [MIGRATION], cache });
  assert.notEqual(third.migrations[0], first.migrations[0]);
  analyzeProject(layout, reader(files), { migrationFiles: [], cache });
  assert.equal(cache.size, 0);
});

test("a models cache reuses the reading until a model file changes", () => {
  const modelsCache = new ModelsCache();
  const files = { [MODEL]: MODEL_TEXT, [MIGRATION]: MIGRATION_TEXT };
  const first = analyzeProject(layout, reader(files), { migrationFiles: [MIGRATION], modelsCache });
  const second = analyzeProject(layout, reader({ ...files, [MIGRATION]: MIGRATION_TEXT + "\n" }), { migrationFiles: [MIGRATION], modelsCache });
  assert.equal(second.models, first.models);
  const third = analyzeProject(layout, reader({ ...files, [MODEL]: MODEL_TEXT + "\n" }), { migrationFiles: [MIGRATION], modelsCache });
  assert.notEqual(third.models, first.models);
  assert.deepEqual(third.models.schema, first.models.schema);
});

test("an unreadable file is a finding, the rest is analysed", () => {
  const analysis = analyzeProject(layout, reader({ [MODEL]: MODEL_TEXT }), { migrationFiles: [MIGRATION] });
  const codes = analysis.findings.map((f) => f.code);
  assert.equal(codes[0], "analysis-unreadable-file");
  assert.equal(analysis.findings[0].file, MIGRATION);
  assert.ok(codes.includes("migration-missing-table"), codes.join(", "));
});

test("a database snapshot adds models-vs-database findings through the same drift codes", () => {
  const database: DatabaseSnapshot = {
    schema: schema("database", [table("notes", [pk(), col("body", t.varchar(), { nullable: false }), col("legacy", t.text())])]),
    stamps: ["aa11"],
    hasVersionTable: true,
    serverVersion: "16.4",
    rowEstimates: {},
  };
  const analysis = analyzeProject(layout, reader({ [MODEL]: MODEL_TEXT, [MIGRATION]: MIGRATION_TEXT }), { migrationFiles: [MIGRATION], database });
  const codes = analysis.findings.map((f) => f.code);
  assert.ok(codes.includes("db-extra-column"), codes.join(", "));
  assert.ok(codes.includes("db-history-extra-column"), codes.join(", "));
  assert.equal(analysis.database?.stamps?.atHead, true);
});

test("unreadable model and migration files: the model's finding comes first", () => {
  const analysis = analyzeProject(layout, reader({}), { migrationFiles: [MIGRATION] });
  assert.deepEqual(
    analysis.findings.filter((f) => f.code === "analysis-unreadable-file").map((f) => f.file),
    [MODEL, MIGRATION],
  );
});

const DRIFTED_DATABASE: DatabaseSnapshot = {
  schema: schema("database", [table("notes", [pk(), col("body", t.varchar(), { nullable: false }), col("legacy", t.text())])]),
  stamps: ["aa11"],
  hasVersionTable: true,
  serverVersion: "16.4",
  rowEstimates: {},
};

test("interleaved analysis, then compareWithDatabase: the same findings as analyzeProject with the database", async () => {
  const files = { [MODEL]: MODEL_TEXT.replace("    body: str\n", "    body: str\n    pinned: bool = False\n"), [MIGRATION]: MIGRATION_TEXT };
  const sync = analyzeProject(layout, reader(files), { migrationFiles: [MIGRATION], database: DRIFTED_DATABASE });
  assert.deepEqual(sync.findings.map((f) => f.code), ["migration-missing-column", "db-rename-candidate", "db-history-extra-column"]);

  const interleaved = await analyzeProjectInterleaved(layout, reader(files), { migrationFiles: [MIGRATION] });
  assert.equal(interleaved.database, undefined);
  assert.deepEqual(interleaved.findings, analyzeProject(layout, reader(files), { migrationFiles: [MIGRATION] }).findings);
  assert.deepEqual(interleaved.changes, sync.changes);
  const database = compareWithDatabase(layout, DRIFTED_DATABASE, interleaved.models.schema, { graph: interleaved.graph, schema: interleaved.replay.schema });
  assert.deepEqual(database, sync.database);
  assert.deepEqual([...interleaved.findings, ...database.findings], sync.findings);
});

test("interleaved analysis gives the event loop turns between files", async () => {
  const paths = Array.from({ length: 20 }, (_, i) => join(ROOT, "alembic", "versions", `m${i}.py`));
  const files: Record<string, string> = { [MODEL]: MODEL_TEXT };
  paths.forEach((path, i) => {
    files[path] = MIGRATION_TEXT.replace('revision = "aa11"', `revision = "r${i}"`).replace("down_revision = None", i === 0 ? "down_revision = None" : `down_revision = "r${i - 1}"`);
  });
  const turns = eventLoopTurns();
  const analysis = await analyzeProjectInterleaved(layout, reader(files), { migrationFiles: paths, sliceMs: 0 });
  turns.stop();
  assert.ok(turns.count >= paths.length, `${turns.count} event-loop turns during the analysis of ${paths.length} migrations`);
  assert.deepEqual(analysis.findings, analyzeProject(layout, reader(files), { migrationFiles: paths }).findings);
  assert.deepEqual(analysis.graph.heads, ["r19"]);
});
