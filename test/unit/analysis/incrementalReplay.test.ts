// The migration cache replays an edited history from a checkpoint before the edited revision:
// the result must be exactly what a full replay gives, findings and all.
import { strict as assert } from "node:assert";
import { test } from "node:test";
import { MigrationCache } from "../../../server/src/analysis/migrationCache";
import { replayHistory } from "../../../server/src/history/replay";
import { buildRevisionGraph } from "../../../server/src/history/revisionGraph";
import type { MigrationFile } from "../../../server/src/history/types";
import { revisionFile, twelveRevisionBodies } from "../../helpers/historyRevisions";

const bodies = twelveRevisionBodies;

const history = (variant: number, edited: number): MigrationFile[] =>
  bodies(0).map((body, i) => revisionFile(i + 1, i === edited ? bodies(variant)[i] : body));

function fullReplay(files: MigrationFile[]) {
  const graph = buildRevisionGraph(files);
  return replayHistory(graph);
}

function comparable(replay: { schema: unknown; findings: unknown; createdIn: Map<string, string> }) {
  return JSON.parse(JSON.stringify({ schema: replay.schema, findings: replay.findings, createdIn: [...replay.createdIn].sort() }));
}

test("editing revisions one after another: each replay equals a full replay of the same files", () => {
  const cache = new MigrationCache();
  // Keep the unchanged revisions the very same objects, as the parse cache does.
  const base = history(0, -1);
  assert.deepEqual(comparable(cache.history(base, {}).replay), comparable(fullReplay(base)));
  for (const edited of [3, 3, 3, 10, 10, 1]) {
    for (const variant of [1, 2]) {
      const files = base.map((file, i) => (i === edited ? revisionFile(i + 1, bodies(variant)[i]) : file));
      const next = cache.history(files, {});
      assert.deepEqual(comparable(next.replay), comparable(fullReplay(files)), `revision ${edited + 1}, variant ${variant}`);
      assert.ok(next.replay.findings.length >= 2, "the unreadable steps' findings are kept, also those before the checkpoint");
    }
  }
});

test("a second edit of the same revision resumes: tables finished before it stay the same objects", () => {
  const cache = new MigrationCache();
  const base = history(0, -1);
  cache.history(base, {});
  const edit = (variant: number) => base.map((file, i) => (i === 10 ? revisionFile(11, bodies(variant)[10]) : file));
  const first = cache.history(edit(1), {});
  const second = cache.history(edit(2), {});
  // tasks is last changed by revision 10: a resumed replay (from before revision 11) shares it.
  assert.equal(second.replay.schema.tables.tasks, first.replay.schema.tables.tasks);
  assert.notEqual(second.replay.schema.tables.projects, first.replay.schema.tables.projects, "projects is changed by revision 11");
  assert.equal(second.replay.schema.tables.projects.columns.find((c) => c.name === "budget")?.nullable, true);
  // Editing an earlier revision (4) cannot resume from the checkpoint before 11: a full replay.
  const earlier = cache.history(base.map((file, i) => (i === 3 ? revisionFile(4, bodies(3)[3]) : i === 10 ? edit(2)[10] : file)), {});
  assert.deepEqual(comparable(earlier.replay), comparable(fullReplay(base.map((file, i) => (i === 3 ? revisionFile(4, bodies(3)[3]) : i === 10 ? edit(2)[10] : file)))));
  assert.equal(earlier.replay.schema.tables.users.columns.some((c) => c.name === "email"), false);
});

test("other replay options replay from scratch", () => {
  const cache = new MigrationCache();
  const base = history(0, -1);
  const plain = cache.history(base, {});
  const withConvention = cache.history(base, { namingConvention: { ix: "idx_%(column_0_label)s" } });
  assert.notEqual(withConvention, plain);
  assert.ok(withConvention.replay.schema.tables.tasks.indexes.length > 0);
});

test("the first replay keeps a checkpoint before the newest revision: its first edit resumes there", () => {
  const cache = new MigrationCache();
  const base = history(0, -1);
  const first = cache.history(base, {});
  // Revision 12 (the newest) drops users.email; an edit of it must not replay revisions 1-11.
  const edited = base.map((file, i) => (i === 11 ? revisionFile(12, `op.drop_column("projects", "budget")`) : file));
  const next = cache.history(edited, {});
  assert.deepEqual(comparable(next.replay), comparable(fullReplay(edited)));
  assert.equal(next.replay.schema.tables.tasks, first.replay.schema.tables.tasks, "tasks, untouched by revision 12, is shared: resumed");
  assert.ok(next.replay.schema.tables.users.columns.some((c) => c.name === "email"), "the edit no longer drops users.email");
});
