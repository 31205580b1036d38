import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { buildRevisionGraph, parseMigration } from "../../server/src/history";
import { buildMigrationTree } from "../../client/src/view/migrationTree";
import { loadHistory } from "../../client/src/view/readHistory";

// base -> b -> (c1 | c2) -> merge m -> head h
function migration(rev: string, down: string | string[] | null, message: string): ReturnType<typeof parseMigration> {
  const downText = down === null ? "None" : Array.isArray(down) ? `(${down.map((d) => `"${d}"`).join(", ")})` : `"${down}"`;
  const text = `"""${message}\n\nRevision ID: ${rev}\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "${rev}"\ndown_revision = ${downText}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n`;
  return parseMigration(`/proj/alembic/versions/${rev}_x.py`, text);
}

const graph = buildRevisionGraph([
  migration("aaaa0001", null, "create users"),
  migration("bbbb0002", "aaaa0001", "create tasks"),
  migration("cccc0003", "bbbb0002", "add priority"),
  migration("dddd0004", "bbbb0002", "add due_date"),
  migration("eeee0005", ["cccc0003", "dddd0004"], "merge heads"),
  migration("ffff0006", "eeee0005", "index tasks"),
]);

const summary = (stamp: string[] | undefined) =>
  buildMigrationTree(graph, stamp).items.map((i) => `${i.revision} ${i.state} [${i.description}]`);

describe("migration tree", () => {
  it("lists revisions head to base with branch point and merge marks, offline", () => {
    const tree = buildMigrationTree(graph, undefined);
    assert.deepEqual(tree.notes, []);
    assert.deepEqual(summary(undefined), [
      "ffff0006 unknown [head]",
      "eeee0005 unknown [merge of cccc0003, dddd0004]",
      "dddd0004 unknown []",
      "cccc0003 unknown []",
      "bbbb0002 unknown [branch point → cccc0003, dddd0004]",
      "aaaa0001 unknown [base]",
    ]);
    const merge = tree.items[1];
    assert.equal(merge.label, "eeee0005  merge heads");
    assert.equal(merge.icon, "git-merge");
    assert.equal(merge.file, "/proj/alembic/versions/eeee0005_x.py");
    assert.equal(merge.contextValue, "alembicRevision.unknown");
    assert.ok(merge.isMerge && !merge.isBranchPoint);
    assert.ok(tree.items[4].isBranchPoint && tree.items[5].isBase && tree.items[0].isHead);
  });

  it("marks current, applied and pending from a stamp on one branch", () => {
    assert.deepEqual(summary(["cccc0003"]), [
      "ffff0006 pending [pending · head]",
      "eeee0005 pending [pending · merge of cccc0003, dddd0004]",
      "dddd0004 pending [pending]",
      "cccc0003 current [current]",
      "bbbb0002 applied [branch point → cccc0003, dddd0004]",
      "aaaa0001 applied [base]",
    ]);
  });

  it("handles a stamp with both branch tips (two alembic_version rows)", () => {
    const states = buildMigrationTree(graph, ["dddd0004", "cccc0003"]).items.map((i) => i.state);
    assert.deepEqual(states, ["pending", "pending", "current", "current", "applied", "applied"]);
  });

  it("marks everything applied at head and everything pending on an empty database", () => {
    assert.deepEqual(
      buildMigrationTree(graph, ["ffff0006"]).items.map((i) => i.state),
      ["current", "applied", "applied", "applied", "applied", "applied"],
    );
    const empty = buildMigrationTree(graph, []);
    assert.ok(empty.items.every((i) => i.state === "pending" && i.contextValue === "alembicRevision.pending"));
  });

  it("reports a stamp that is not in the history and shows no marks", () => {
    const tree = buildMigrationTree(graph, ["9999abcd"]);
    assert.equal(tree.notes.length, 1);
    assert.match(tree.notes[0], /stamped 9999abcd, which is not in this migration history/);
    assert.ok(tree.items.every((i) => i.state === "unknown"));
  });
});

describe("migration tree from the example backend on disk", () => {
  it("reads the versions folder and lists its revisions head to base", () => {
    const { layout, graph } = loadHistory(join(__dirname, "..", "..", "examples", "backend"));
    assert.match(layout.alembicIni ?? "", /alembic\.ini$/);
    const tree = buildMigrationTree(graph, ["8b61e0f4a2c9"]);
    assert.deepEqual(
      tree.items.map((i) => [i.revision, i.state]),
      [
        ["c4d7e2b9f815", "pending"],
        ["8b61e0f4a2c9", "current"],
        ["3f2a9c1d7b40", "applied"],
      ],
    );
    assert.match(tree.items[0].file, /c4d7e2b9f815_add_priority_to_tasks\.py$/);
    assert.ok(tree.items[0].isHead && tree.items[2].isBase);
  });
});
