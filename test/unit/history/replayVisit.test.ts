// replayHistory's beforeRevision visitor (what lint uses): it sees, before each revision, exactly
// the schema keepSnapshots records, without a copy of the table map per revision; the tables it
// hands out are never changed afterwards, and the replay's outputs are those of a plain replay.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildRevisionGraph } from "../../../server/src/history/revisionGraph";
import { replayHistory } from "../../../server/src/history/replay";
import type { Schema, Table } from "../../../server/src/schema/types";
import { revisionFile } from "../../helpers/historyRevisions";

const BODIES = [
  `op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))`,
  `op.create_table("tasks", sa.Column("id", sa.Integer(), primary_key=True))`,
  `op.add_column("tasks", sa.Column("title", sa.String(50), nullable=True))\nop.create_index("ix_tasks_title", "tasks", ["title"])`,
  `op.alter_column("tasks", "title", nullable=False)\nop.rename_table("users", "accounts")`,
  `op.drop_table("tasks")`,
];

test("the visitor sees the schema before each revision, equal to the kept snapshots, and tables it saw stay as they were", () => {
  const graph = buildRevisionGraph(BODIES.map((body, i) => revisionFile(i + 1, body)));
  const withSnapshots = replayHistory(graph, { keepSnapshots: true });
  const seen: { revision: string; copy: Schema; tables: Record<string, Table> }[] = [];
  const visited = replayHistory(graph, {
    beforeRevision: (revision, file, schemaBefore) => {
      assert.equal(file.revision, revision);
      seen.push({ revision, copy: structuredClone(schemaBefore), tables: { ...schemaBefore.tables } });
    },
  });
  assert.deepEqual(seen.map((s) => s.revision), ["r1", "r2", "r3", "r4", "r5"]);
  for (const { revision, copy, tables } of seen) {
    assert.deepEqual(copy, withSnapshots.snapshots!.get(revision));
    // Copy-on-write: the table objects handed out then still hold what they held then.
    assert.deepEqual(structuredClone(tables), copy.tables);
  }
  assert.deepEqual(Object.keys(seen[3].tables), ["users", "tasks"]);
  // r4 made title NOT NULL later; what r4's visit saw says nullable.
  assert.equal(seen[3].tables.tasks.columns.find((c) => c.name === "title")?.nullable, true);
  const { snapshots: _kept, ...withoutSnapshots } = withSnapshots;
  assert.deepEqual(visited, withoutSnapshots);
  assert.deepEqual(visited, replayHistory(graph));
  assert.deepEqual(Object.keys(visited.schema.tables), ["accounts"]);
});

test("a replay resumed at a checkpoint ends where a full replay ends", () => {
  const graph = buildRevisionGraph(BODIES.map((body, i) => revisionFile(i + 1, body)));
  const full = replayHistory(graph);
  for (let index = 0; index < BODIES.length; index++) {
    const first = replayHistory(graph, { checkpointAt: index });
    assert.deepEqual(first.schema, full.schema);
    const resumed = replayHistory(graph, { resume: { index, checkpoint: first.checkpoint! } });
    assert.deepEqual(resumed.schema, full.schema);
    assert.deepEqual(resumed.createdIn, full.createdIn);
    // The checkpoint holds the tables before revision r<index + 1>.
    const expected = [[], ["users"], ["tasks", "users"], ["tasks", "users"], ["accounts", "tasks"]][index];
    assert.deepEqual(Object.keys(first.checkpoint!.tables).sort(), expected);
  }
  const twice = replayHistory(graph, { checkpointAt: 2 }).checkpoint!;
  const before = structuredClone(twice);
  replayHistory(graph, { resume: { index: 2, checkpoint: twice } });
  replayHistory(graph, { resume: { index: 2, checkpoint: twice } });
  assert.deepEqual(structuredClone(twice), before);
});
