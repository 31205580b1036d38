// lintProject with a LintProjectCache (the language server's incremental lint): after any edit it
// returns exactly what a fresh run returns, re-linting only the edited revision and the revisions
// replayed after it (their schema before may differ); revisions before it keep their findings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { buildRevisionGraph, parseMigration } from "../../../server/src/history";
import { LintProjectCache, lintProject, type SourceFile } from "../../../server/src/lint/project";
import { allRulesConfig } from "../../helpers/lintFixtures";

const DIR = join(tmpdir(), "dmw-lint-cache-versions");

function revision(id: string, down: string | undefined, body: string[]): SourceFile {
  const text = [
    `"""rev ${id}"""`, "from alembic import op", "import sqlalchemy as sa", "",
    `revision = "${id}"`, `down_revision = ${down ? `"${down}"` : "None"}`, "", "",
    "def upgrade() -> None:", ...body.map((l) => `    ${l}`), "", "", "def downgrade() -> None:", "    pass", "",
  ].join("\n");
  return { path: join(DIR, `${id}_rev.py`), text };
}

const table = (name: string, extra = ""): string =>
  `op.create_table("${name}", sa.Column("id", sa.Integer(), primary_key=True)${extra})`;

function history(second: string): SourceFile[] {
  return [
    revision("0001", undefined, [table("users")]),
    revision("0002", "0001", [table(second)]),
    revision("0003", "0002", [table("tasks", ', sa.Column("project_id", sa.Integer(), sa.ForeignKey("projects.id"))')]),
    revision("0004", "0003", ['op.add_column("tasks", sa.Column("owner_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False))', 'op.drop_column("users", "id")']),
  ];
}

// The language server passes parsed revisions, the same object for the same text.
const parsedOnce = new Map<string, ReturnType<typeof parseMigration>>();
function lint(files: SourceFile[], cache?: LintProjectCache) {
  const migrations = files.map((f) => {
    const key = `${f.path}\u0000${f.text}`;
    if (!parsedOnce.has(key)) parsedOnce.set(key, parseMigration(f.path, f.text));
    return parsedOnce.get(key)!;
  });
  return lintProject({ files, migrations, config: allRulesConfig() }, cache);
}

const byFile = <F extends { file?: string }>(findings: F[], file: string): F[] => findings.filter((f) => f.file === file);

test("an edit re-lints the edited revision and later ones; earlier findings are reused; results equal a fresh run", () => {
  const cache = new LintProjectCache();
  const before = history("projects");
  const first = lint(before, cache);
  assert.deepEqual(first, lint(before));
  assert.deepEqual(byFile(first.findings, before[2].path).filter((f) => f.code === "foreign-key-to-unknown-table"), []);

  // 0002 now creates "teams": 0003's foreign key to projects points at a table that is not there.
  const after = history("teams");
  const second = lint(after, cache);
  assert.deepEqual(second, lint(after));
  const unknown = byFile(second.findings, after[2].path).filter((f) => f.code === "foreign-key-to-unknown-table");
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0].range?.start.line, 9);
  // 0001 was replayed before the edit: its findings are the very objects of the first run.
  const firstOf0001 = byFile(first.findings, before[0].path);
  assert.ok(firstOf0001.length > 0);
  assert.deepEqual(byFile(second.findings, after[0].path).map((f) => firstOf0001.includes(f)), firstOf0001.map(() => true));
  // 0004 did not change, but it comes after the edit: linted again (new objects, same content).
  const fourth = byFile(second.findings, after[3].path);
  assert.ok(fourth.length > 0);
  assert.ok(fourth.every((f) => !byFile(first.findings, before[3].path).includes(f)));

  // Undo: back to the first result.
  assert.deepEqual(lint(before, cache), first);
});

test("a configuration change re-lints everything; removing the last revision keeps the others", () => {
  const cache = new LintProjectCache();
  const files = history("projects");
  lint(files, cache);
  const config = allRulesConfig();
  config.severities["drop-column"] = "off";
  const migrations = files.map((f) => parseMigration(f.path, f.text));
  const quiet = lintProject({ files, migrations, config }, cache);
  assert.deepEqual(quiet.findings.filter((f) => f.code === "drop-column"), []);
  assert.deepEqual(quiet, lintProject({ files, migrations, config }));
  const shorter = lint(files.slice(0, 3), cache);
  assert.deepEqual(shorter, lint(files.slice(0, 3)));
});

test("editing the same revision again resumes the replay at the checkpoint before it, with the same results", () => {
  const cache = new LintProjectCache();
  const files = history("projects");
  lint(files, cache);
  const edit = (body: string) => [...files.slice(0, 3), revision("0004", "0003", [body])];
  const required = edit('op.add_column("tasks", sa.Column("owner_id", sa.Integer(), nullable=False))');
  assert.deepEqual(lint(required, cache), lint(required));
  assert.equal(cache.checkpoint?.index, 3, "checkpoint before 0004");
  assert.deepEqual(Object.keys(cache.checkpoint!.state.tables).sort(), ["projects", "tasks", "users"]);
  const dropped = edit('op.drop_table("projects")');
  const again = lint(dropped, cache);
  assert.deepEqual(again, lint(dropped));
  assert.ok(again.findings.some((f) => f.code === "drop-table" && f.file === dropped[3].path));
  // An edit before the checkpoint makes it useless: the next one starts over and is still right.
  const earlier = [files[0], revision("0002", "0001", [table("teams")]), ...dropped.slice(2)];
  assert.deepEqual(lint(earlier, cache), lint(earlier));
  assert.equal(cache.checkpoint?.index, 1);
});

test("row estimates arriving (a database connected) re-lint only the revisions whose rules looked a table up", () => {
  const files = [
    revision("0001", undefined, [table("users")]),
    revision("0002", "0001", [table("tasks", ', sa.Column("title", sa.String())')]),
    revision("0003", "0002", ['op.create_index("ix_tasks_title", "tasks", ["title"])']),
  ];
  const migrations = files.map((f) => parseMigration(f.path, f.text));
  const run = (rowEstimates: Record<string, number> | undefined, cache?: LintProjectCache) =>
    lintProject({ files, migrations, config: allRulesConfig(), ...(rowEstimates ? { rowEstimates } : {}) }, cache);
  const cache = new LintProjectCache();
  const offline = run(undefined, cache);
  const index = () => byFile(offline.findings, files[2].path).find((f) => f.code === "create-index-non-concurrently");
  assert.ok(index(), "the index finding is there offline");
  assert.ok(offline.findings.some((f) => f.file !== files[2].path), "other revisions have findings to keep");

  // Estimates for a table no rule looked up: every finding is the one kept from before.
  const unrelated = run({ audit_log: 5_000_000 }, cache);
  assert.deepEqual(unrelated, run({ audit_log: 5_000_000 }));
  assert.equal(unrelated.findings.length, offline.findings.length);
  unrelated.findings.forEach((f, i) => assert.equal(f, offline.findings[i]));

  // tasks' estimate: the revision indexing it is linted again (its message names the rows), the others are kept.
  const connected = run({ audit_log: 5_000_000, tasks: 2_345_678 }, cache);
  assert.deepEqual(connected, run({ audit_log: 5_000_000, tasks: 2_345_678 }));
  const indexNow = byFile(connected.findings, files[2].path).find((f) => f.code === "create-index-non-concurrently");
  assert.match(indexNow?.message ?? "", /tasks has about 2\.3 million rows/);
  for (const f of connected.findings.filter((f) => f.file !== files[2].path)) assert.ok(offline.findings.includes(f), `${f.code} kept`);
  // And when the statistics move, again.
  const moved = run({ audit_log: 5_000_000, tasks: 9_000_000 }, cache);
  assert.match(byFile(moved.findings, files[2].path).find((f) => f.code === "create-index-non-concurrently")?.message ?? "", /9 million rows/);
});

test("a revision graph passed in is used only when every file is one of the given migrations", () => {
  const files = history("projects");
  const migrations = files.map((f) => parseMigration(f.path, f.text));
  const config = allRulesConfig();
  const graph = buildRevisionGraph(migrations);
  assert.deepEqual(lintProject({ files, migrations, graph, config }), lintProject({ files, migrations, config }));
  // A graph of the history without 0002 (0003's parent missing, its foreign key's table unknown).
  const without = [migrations[0], migrations[2], migrations[3]];
  const partial = buildRevisionGraph(without);
  // Not trusted when a file (0002) is not among the given migrations and must be parsed here.
  assert.deepEqual(lintProject({ files, migrations: without, graph: partial, config }), lintProject({ files, config }));
  // Trusted when every file is one of them: it is the graph the lint reads (here, wrongly, so it shows).
  const trusted = lintProject({ files, migrations, graph: partial, config });
  assert.ok(trusted.findings.some((f) => f.code === "broken-down-revision"), trusted.findings.map((f) => f.code).join(","));
  assert.ok(!lintProject({ files, migrations, config }).findings.some((f) => f.code === "broken-down-revision"));
});

test("a revision added on top is linted alone; a second head re-lints the files the graph reports", () => {
  const cache = new LintProjectCache();
  const files = history("projects");
  const first = lint(files, cache);
  const added = [...files, revision("0005", "0004", ['op.drop_column("tasks", "owner_id")'])];
  const second = lint(added, cache);
  assert.deepEqual(second, lint(added));
  // Every finding of 0001-0004 is the very object of the first run: nothing before 0005 was linted.
  const kept = second.findings.filter((f) => f.file !== added[4].path);
  assert.deepEqual(kept.map((f) => first.findings.includes(f)), kept.map(() => true));
  assert.ok(second.findings.some((f) => f.file === added[4].path && f.code === "drop-column"));

  // 0006 branches off 0004: two heads. Both heads' files carry the graph's finding (and the heads
  // it names), so those two are linted again; the others keep their findings.
  const branched = [...added, revision("0006", "0004", [table("labels")])];
  const third = lint(branched, cache);
  assert.deepEqual(third, lint(branched));
  const heads = third.findings.filter((f) => f.code === "multiple-heads").map((f) => f.file);
  assert.deepEqual(heads.sort(), [added[4].path, branched[5].path].sort());
  const earlier = third.findings.filter((f) => f.file !== added[4].path && f.file !== branched[5].path);
  assert.deepEqual(earlier.map((f) => second.findings.includes(f)), earlier.map(() => true));
  // Joined again by removing the branch: 0005 loses its multiple-heads finding.
  assert.deepEqual(lint(added, cache), lint(added));
});
