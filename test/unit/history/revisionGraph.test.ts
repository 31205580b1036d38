import { test } from "node:test";
import assert from "node:assert/strict";
import { parseMigration } from "../../../server/src/history/parseMigration";
import { ancestors, buildRevisionGraph, reuseRevisionGraph, revisionsBetween } from "../../../server/src/history/revisionGraph";

interface Rev {
  id: string;
  /** The body of upgrade() (indented), default `pass`. */
  body?: string;
  /** Lines before the docstring (moves every statement down). */
  before?: string;
  down?: string | string[];
  labels?: string[];
  depends?: string[];
  file?: string;
}

/** A minimal revision file; `revision` is on line 1 (0-based), `down_revision` on line 2. */
function revision({ id, down, labels, depends, file, body, before }: Rev) {
  const py = (v: string | string[] | undefined): string =>
    v === undefined ? "None" : Array.isArray(v) ? `(${v.map((x) => `"${x}"`).join(", ")},)` : `"${v}"`;
  const text = [
    ...(before === undefined ? [] : [before]),
    `"""revision ${id}"""`,
    `revision = "${id}"`,
    `down_revision = ${py(down)}`,
    `branch_labels = ${py(labels)}`,
    `depends_on = ${py(depends)}`,
    "",
    "def upgrade():",
    body ?? "    pass",
    "",
  ].join("\n");
  return parseMigration(`/project/alembic/versions/${file ?? id}.py`, text);
}

test("linear history: one head, one base, order base -> head", () => {
  const graph = buildRevisionGraph([revision({ id: "c", down: "b" }), revision({ id: "a" }), revision({ id: "b", down: "a" })]);
  assert.deepEqual(graph.order, ["a", "b", "c"]);
  assert.deepEqual(graph.heads, ["c"]);
  assert.deepEqual(graph.bases, ["a"]);
  assert.deepEqual(graph.findings, []);
  assert.deepEqual(ancestors(graph, "c"), ["a", "b"]);
  assert.deepEqual(revisionsBetween(graph, "a", "c"), ["b", "c"]);
  assert.deepEqual(revisionsBetween(graph, undefined, "b"), ["a", "b"]);
  assert.deepEqual(graph.children.get("a"), ["b"]);
  // Asked again (answers are kept per graph): the same, and asking one never changes another.
  assert.deepEqual(ancestors(graph, "c"), ["a", "b"]);
  assert.deepEqual(revisionsBetween(graph, "c", "c"), []);
  assert.deepEqual(revisionsBetween(graph, undefined, "c"), ["a", "b", "c"]);
});

test("two heads: graph-multiple-heads on each head's revision line, naming both and suggesting a merge", () => {
  const graph = buildRevisionGraph([
    revision({ id: "base1" }),
    revision({ id: "left", down: "base1", file: "002_left" }),
    revision({ id: "right", down: "base1", file: "003_right" }),
  ]);
  assert.deepEqual(graph.heads, ["left", "right"]);
  assert.deepEqual(graph.order, ["base1", "left", "right"], "ties broken by file path");
  const heads = graph.findings.filter((f) => f.code === "graph-multiple-heads");
  assert.deepEqual(heads.map((f) => [f.file, f.range?.start.line, f.severity]), [
    ["/project/alembic/versions/002_left.py", 1, "error"],
    ["/project/alembic/versions/003_right.py", 1, "error"],
  ]);
  assert.match(heads[0].message, /2 heads \(left, right\)/);
  assert.match(heads[0].message, /alembic merge/);
});

test("a merge revision joins the heads", () => {
  const graph = buildRevisionGraph([
    revision({ id: "base1" }),
    revision({ id: "left", down: "base1" }),
    revision({ id: "right", down: "base1" }),
    revision({ id: "merge", down: ["left", "right"] }),
  ]);
  assert.deepEqual(graph.heads, ["merge"]);
  assert.deepEqual(graph.findings, []);
  assert.deepEqual(graph.order.at(-1), "merge");
  assert.deepEqual(ancestors(graph, "merge"), ["base1", "left", "right"]);
  assert.deepEqual(revisionsBetween(graph, "left", "merge"), ["right", "merge"]);
});

test("down_revision naming no file: graph-missing-parent on the down_revision line", () => {
  const graph = buildRevisionGraph([revision({ id: "a" }), revision({ id: "b", down: "gone" })]);
  const [f] = graph.findings;
  assert.equal(f.code, "graph-missing-parent");
  assert.equal(f.file, "/project/alembic/versions/b.py");
  assert.equal(f.range?.start.line, 2);
  assert.match(f.message, /names gone/);
  assert.deepEqual(graph.order, ["a", "b"], "the orphan is still ordered so replay can go on");
});

test("depends_on naming nothing is a missing parent; a label or a revision is an ordering edge", () => {
  const graph = buildRevisionGraph([
    revision({ id: "zzz_net", labels: ["networking"], file: "001" }),
    revision({ id: "aaa_app", depends: ["networking"], file: "000" }),
    revision({ id: "bad", down: "aaa_app", depends: ["nothing"], file: "005" }),
  ]);
  assert.deepEqual(graph.dependencies.get("aaa_app"), ["zzz_net"]);
  assert.ok(graph.order.indexOf("zzz_net") < graph.order.indexOf("aaa_app"), "dependency first even if its path sorts later");
  const missing = graph.findings.filter((f) => f.code === "graph-missing-parent");
  assert.equal(missing.length, 1);
  assert.equal(missing[0].range?.start.line, 4);
  assert.deepEqual(ancestors(graph, "bad"), ["zzz_net", "aaa_app"]);
});

test("duplicate revision ids: reported on the second file, the first one wins", () => {
  const graph = buildRevisionGraph([revision({ id: "a", file: "001_a" }), revision({ id: "a", file: "002_copy" })]);
  const [f] = graph.findings;
  assert.equal(f.code, "graph-duplicate-revision");
  assert.equal(f.file, "/project/alembic/versions/002_copy.py");
  assert.match(f.message, /001_a\.py and 002_copy\.py/);
  assert.equal(graph.revisions.get("a")?.path, "/project/alembic/versions/001_a.py");
});

test("cycles: graph-cycle on every member; members still appear in the order", () => {
  const graph = buildRevisionGraph([
    revision({ id: "root" }),
    revision({ id: "x", down: ["root", "z"] }),
    revision({ id: "y", down: "x" }),
    revision({ id: "z", down: "y" }),
  ]);
  const cycles = graph.findings.filter((f) => f.code === "graph-cycle");
  assert.deepEqual(cycles.map((f) => f.file?.replace(/.*\//, "")).sort(), ["x.py", "y.py", "z.py"]);
  assert.match(cycles[0].message, /->/);
  assert.deepEqual(graph.order, ["root", "x", "y", "z"]);
});

test("labelled branches: membership follows Alembic, and heads on distinct branches are deliberate", () => {
  const graph = buildRevisionGraph([
    revision({ id: "app1", labels: ["app"] }),
    revision({ id: "app2", down: "app1" }),
    revision({ id: "net1", labels: ["networking"] }),
    revision({ id: "net2", down: "net1" }),
  ]);
  assert.deepEqual(graph.branches.get("app2"), ["app"]);
  assert.deepEqual(graph.branches.get("net2"), ["networking"]);
  assert.deepEqual(graph.bases, ["app1", "net1"]);
  assert.deepEqual(graph.heads, ["app2", "net2"]);
  assert.deepEqual(graph.findings, [], "separate labelled branches are not a forgotten merge");
});

test("file findings are carried into the graph; non-migrations are not revisions", () => {
  const graph = buildRevisionGraph([revision({ id: "a" }), parseMigration("/project/alembic/versions/util.py", "import os\n")]);
  assert.deepEqual(graph.findings.map((f) => f.code), ["graph-not-a-migration"]);
  assert.deepEqual([...graph.revisions.keys()], ["a"]);
});

test("a thousand linear revisions build quickly and in order", () => {
  const files = Array.from({ length: 1000 }, (_, i) => revision({ id: `r${String(i).padStart(4, "0")}`, down: i === 0 ? undefined : `r${String(i - 1).padStart(4, "0")}`, file: `f${999 - i}` }));
  const graph = buildRevisionGraph(files);
  assert.equal(graph.order[0], "r0000");
  assert.equal(graph.order[999], "r0999");
  assert.deepEqual(graph.heads, ["r0999"]);
  assert.equal(revisionsBetween(graph, "r0990", "r0999").length, 9);
});

test("a revision naming itself as its parent is a cycle", () => {
  const graph = buildRevisionGraph([revision({ id: "a" }), revision({ id: "b", down: ["a", "b"] })]);
  assert.deepEqual(graph.findings.map((f) => [f.code, f.file?.replace(/.*\//, "")]), [["graph-cycle", "b.py"]]);
  assert.deepEqual(graph.order, ["a", "b"]);
});

// A history with graph findings of its own (two heads, a missing parent) and a file that is no
// migration, so a reused graph has findings to keep and findings to replace.
function branchyHistory() {
  return [
    revision({ id: "a" }),
    revision({ id: "b", down: "a" }),
    revision({ id: "c", down: "a" }),
    revision({ id: "d", down: "zzz" }),
    parseMigration("/project/alembic/versions/notes.py", "import os\n"),
  ];
}

test("an edit of a revision's operations reuses the graph: same as a fresh build, its order shared", () => {
  const before = branchyHistory();
  const graph = buildRevisionGraph(before);
  const after = [...before];
  after[1] = revision({ id: "b", down: "a", body: '    op.add_column("t", sa.Column("x", sa.Integer()))' });
  const reused = reuseRevisionGraph(graph, before, after);
  assert.ok(reused);
  assert.equal(reused.order, graph.order, "the order is not computed again");
  assert.equal(reused.revisions.get("b"), after[1]);
  assert.equal(graph.revisions.get("b"), before[1], "the earlier graph is left as it was");
  assert.deepEqual(reused, buildRevisionGraph(after));
  assert.equal(reuseRevisionGraph(graph, before, [...before]), graph, "no file changed: the same graph");
});

test("a reused graph replaces the edited files' own findings and keeps the graph's", () => {
  const before = branchyHistory();
  const graph = buildRevisionGraph(before);
  // b gets a syntax error after its header; the non-migration file becomes another non-migration.
  const after = [...before];
  after[1] = revision({ id: "b", down: "a", body: "    op.add_column(" });
  after[4] = parseMigration("/project/alembic/versions/notes.py", "import sys\nx = (\n");
  const reused = reuseRevisionGraph(graph, before, after);
  assert.ok(reused);
  const fresh = buildRevisionGraph(after);
  assert.deepEqual(reused.findings, fresh.findings);
  assert.deepEqual(reused, fresh);
  assert.ok(reused.findings.some((f) => f.code === "history-syntax-error"));
  assert.ok(reused.findings.some((f) => f.code === "graph-multiple-heads"));
  // And back: the syntax error goes, the graph's findings stay.
  const again = reuseRevisionGraph(reused, after, before);
  assert.ok(again);
  assert.deepEqual(again.findings, graph.findings);
});

test("an edit that moves or changes a revision's identifiers builds the graph again", () => {
  const before = branchyHistory();
  const graph = buildRevisionGraph(before);
  const edits: [string, ReturnType<typeof revision> | ReturnType<typeof parseMigration>][] = [
    ["down_revision", revision({ id: "b", down: "c" })],
    ["revision", revision({ id: "b2", down: "a" })],
    ["branch_labels", revision({ id: "b", down: "a", labels: ["feature"] })],
    ["depends_on", revision({ id: "b", down: "a", depends: ["c"] })],
    ["a line above (every range moves)", revision({ id: "b", down: "a", before: "# moved" })],
  ];
  for (const [what, file] of edits) {
    const after = [...before];
    after[1] = file;
    assert.equal(reuseRevisionGraph(graph, before, after), undefined, what);
  }
  assert.equal(reuseRevisionGraph(graph, before, [...before, revision({ id: "e", down: "b" })]), undefined, "a file added");
  assert.equal(reuseRevisionGraph(graph, before, before.slice(1)), undefined, "a file removed");
  const renamed = [...before];
  renamed[1] = revision({ id: "b", down: "a", file: "b_renamed" });
  assert.equal(reuseRevisionGraph(graph, before, renamed), undefined, "a file renamed");
});

test("editing the losing file of a duplicate revision id keeps the winner in the graph", () => {
  const before = [revision({ id: "a" }), revision({ id: "b", down: "a", file: "b1" }), revision({ id: "b", down: "a", file: "b2" })];
  const graph = buildRevisionGraph(before);
  const after = [...before];
  after[2] = revision({ id: "b", down: "a", file: "b2", body: "    op.drop_table(\"t\")" });
  const reused = reuseRevisionGraph(graph, before, after);
  assert.ok(reused);
  assert.equal(reused.revisions.get("b"), before[1]);
  assert.deepEqual(reused, buildRevisionGraph(after));
});
