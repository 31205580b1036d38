import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { replayBodies, revisionFile } from "../../helpers/historyRevisions";
import { buildRevisionGraph } from "../../../server/src/history/revisionGraph";
import { parseMigration } from "../../../server/src/history/parseMigration";
import { replayHistory } from "../../../server/src/history/replay";
import { findColumn } from "../../../server/src/schema/types";

test("snapshots hold the schema before each revision and do not change afterwards", () => {
  const { snapshots, schema } = replayBodies(
    [
      `op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))`,
      `op.create_table("tasks", sa.Column("id", sa.Integer(), primary_key=True))`,
      `op.add_column("tasks", sa.Column("title", sa.String(50), nullable=True))`,
      `op.alter_column("tasks", "title", nullable=False)`,
    ],
    { keepSnapshots: true },
  );
  assert.ok(snapshots);
  assert.deepEqual(Object.keys(snapshots.get("r1")!.tables), []);
  assert.deepEqual(Object.keys(snapshots.get("r2")!.tables), ["users"]);
  assert.deepEqual(snapshots.get("r3")!.tables.tasks.columns.map((c) => c.name), ["id"]);
  assert.equal(findColumn(snapshots.get("r4")!.tables.tasks, "title")?.nullable, true);
  assert.equal(findColumn(schema.tables.tasks, "title")?.nullable, false);
  assert.equal(snapshots.get("r3")!.origin, "history");
  // Copy-on-write: a table no later revision touched is shared, not copied.
  assert.equal(snapshots.get("r3")!.tables.users, schema.tables.users);
  assert.notEqual(snapshots.get("r4")!.tables.tasks, schema.tables.tasks);
});

test("without keepSnapshots there are no snapshots", () => {
  const result = replayBodies([`op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))`]);
  assert.equal(result.snapshots, undefined);
  assert.equal(result.schema.origin, "history");
});

test("several heads: every branch is replayed, in topological order", () => {
  const base = revisionFile(1, `op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))`);
  const left = parseMigration("/p/versions/002_left.py", `revision = "left"\ndown_revision = "r1"\ndef upgrade():\n    op.add_column("users", sa.Column("a", sa.Integer()))\n`);
  const right = parseMigration("/p/versions/003_right.py", `revision = "right"\ndown_revision = "r1"\ndef upgrade():\n    op.add_column("users", sa.Column("b", sa.Integer()))\n`);
  const graph = buildRevisionGraph([right, left, base]);
  const { schema, createdIn } = replayHistory(graph);
  assert.deepEqual(schema.tables.users.columns.map((c) => c.name), ["id", "a", "b"]);
  assert.equal(createdIn.get("users"), "r1");
  assert.ok(graph.findings.some((f) => f.code === "graph-multiple-heads"));
});

test("a file with a syntax error still contributes the ops before the error", () => {
  const dir = join(__dirname, "..", "..", "fixtures", "migrations", "parse");
  const read = (name: string) => parseMigration(join(dir, name), readFileSync(join(dir, name), "utf8"));
  const graph = buildRevisionGraph([
    parseMigration("/p/versions/000_tasks.py", `revision = "1a2b3c4d5e6f"\ndown_revision = None\ndef upgrade():\n    op.create_table("tasks", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("title", sa.String()))\n`),
    read("annotated_revision_variables.py"),
    read("half_typed_revision.py"),
  ]);
  const { schema } = replayHistory(graph);
  assert.deepEqual(graph.order, ["1a2b3c4d5e6f", "3f2a1b9c8d7e", "h4lf00000001"]);
  assert.deepEqual(schema.tables.tasks.columns.map((c) => c.name), ["id", "title", "priority_id", "due_date"]);
  assert.deepEqual(schema.tables.tasks.foreignKeys.map((fk) => fk.refTable), ["priorities"]);
  assert.deepEqual(graph.findings.map((f) => f.code), ["history-syntax-error"]);
});

test("a thousand revisions replay with snapshots, sharing untouched tables", () => {
  const bodies = Array.from({ length: 1000 }, (_, i) =>
    i % 10 === 0
      ? `op.create_table("t${i}", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(50)))`
      : `op.add_column("t${i - (i % 10)}", sa.Column("c${i}", sa.Integer(), nullable=True))\nop.create_index("ix_${i}", "t${i - (i % 10)}", ["c${i}"])`,
  );
  const { schema, snapshots, findings } = replayBodies(bodies, { keepSnapshots: true });
  assert.deepEqual(findings, []);
  assert.equal(Object.keys(schema.tables).length, 100);
  assert.equal(schema.tables.t990.columns.length, 11);
  assert.equal(snapshots?.size, 1000);
  assert.equal(snapshots?.get("r1000")?.tables.t0, schema.tables.t0, "t0 was last changed in r10 and is shared since");
});
