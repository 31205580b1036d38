// The engine around the rules: suppression comments and their prepared edits, configured
// severities, row estimates in messages, broken input, `since`, the script.py.mako check, the
// merge-revision fix, and batch_alter_table blocks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseMigration } from "../../../server/src/history";
import { applyEdits } from "../../../server/src/lint/edits";
import { buildContext, humanCount, lintFile } from "../../../server/src/lint/engine";
import { createTableColumns, readingColumnsOnce } from "../../../server/src/lint/opArgs";
import { typeSites } from "../../../server/src/lint/ruleKit";
import { lintRevisionOf } from "../../../server/src/lint/fromHistory";
import { RULES } from "../../../server/src/lint/rules";
import { lintProject } from "../../../server/src/lint/project";
import type { LintFindingData } from "../../../server/src/lint/types";
import { allRulesConfig, baseFiles, LINT_FIXTURES, lintFixtureText } from "../../helpers/lintFixtures";

const PATH = join(LINT_FIXTURES, "rules", "engine-test.py");

function revision(body: string, header = ""): string {
  return [
    '"""engine test', "", "Revision ID: 0003", '"""', header, "from alembic import op", "import sqlalchemy as sa", "",
    'revision = "0003"', 'down_revision = "0002"', "", "", "def upgrade() -> None:", body, "", "", "def downgrade() -> None:", "    pass", "",
  ].join("\n");
}

const codes = (text: string, rule?: string) =>
  lintFixtureText(PATH, text).filter((f) => !rule || f.code === rule).map((f) => `${f.code}@${f.range!.start.line}`);

test("line and file suppressions silence their rule; unused ones are reported with a removal fix", () => {
  const text = revision([
    "    # dmw: ignore[drop-column]",
    '    op.drop_column("tasks", "priority")',
    '    op.drop_column("users", "name")  # dmw: ignore[drop-column, rename-table]',
    '    op.drop_table("users")',
  ].join("\n"), "# dmw: ignore-file[drop-table, missing-lock-timeout]");
  const findings = lintFixtureText(PATH, text);
  assert.deepEqual(findings.filter((f) => ["drop-column", "drop-table"].includes(f.code)), []);
  const unused = findings.filter((f) => f.code === "unused-suppression");
  assert.deepEqual(unused.map((f) => [f.range!.start.line, f.message]), [[15, "This suppression does not silence 'rename-table'."]]);
  const fixed = applyEdits(text, (unused[0].data as LintFindingData).fix!.edits);
  assert.ok(fixed.includes('op.drop_column("users", "name")  # dmw: ignore[drop-column]\n'));
  assert.deepEqual(codes(fixed, "unused-suppression"), []);
});

test("the prepared ignore edits silence the finding without leaving an unused suppression", () => {
  const text = revision('    op.drop_column("tasks", "priority")');
  const [finding] = lintFixtureText(PATH, text).filter((f) => f.code === "drop-column");
  const data = finding.data as LintFindingData;
  for (const edits of [data.ignoreLine, data.ignoreFile]) {
    const after = applyEdits(text, edits);
    assert.deepEqual(codes(after, "drop-column"), []);
    assert.deepEqual(codes(after, "unused-suppression"), []);
  }
  assert.equal(applyEdits(text, data.ignoreLine).split("\n")[13], "    # dmw: ignore[drop-column]");
});

test("configured levels override defaults and per-problem levels; 'off' disables", () => {
  const text = revision(['    op.execute("UPDATE tasks SET priority = NULL")', '    op.drop_column("tasks", "title")'].join("\n"));
  const config = allRulesConfig();
  assert.deepEqual(lintFixtureText(PATH, text).filter((f) => f.code === "data-migration-in-schema-revision").map((f) => f.severity), ["error"]);
  config.severities["data-migration-in-schema-revision"] = "info";
  config.severities["drop-column"] = "off";
  config.severities["missing-lock-timeout"] = "error";
  const findings = lintProject({ files: [...baseFiles(), { path: PATH, text }], config, only: [PATH] }).findings;
  assert.deepEqual(findings.filter((f) => f.code === "data-migration-in-schema-revision").map((f) => f.severity), ["info"]);
  assert.deepEqual(findings.filter((f) => f.code === "drop-column"), []);
  assert.deepEqual(findings.filter((f) => f.code === "missing-lock-timeout").map((f) => f.severity), ["error"]);
});

test("row estimates from a connected database appear in messages", () => {
  const text = revision('    op.create_index("ix_tasks_title", "tasks", ["title"])');
  const findings = lintProject({ files: [...baseFiles(), { path: PATH, text }], rowEstimates: { tasks: 2_345_678 }, only: [PATH] }).findings;
  const index = findings.find((f) => f.code === "create-index-non-concurrently")!;
  assert.match(index.message, /\(tasks has about 2\.3 million rows\)/);
  assert.deepEqual([humanCount(120), humanCount(45_000), humanCount(2_300_000), humanCount(12_000_000_000)], ["120", "45 thousand", "2.3 million", "12 billion"]);
});

test("a half-typed revision still gets the findings that can be read", () => {
  const text = revision(['    op.drop_column("tasks", "priority")', "    op.add_column(\"tasks\", sa.Column(\"x\", sa.Integer(), nullable=False)", ""].join("\n"));
  const found = lintFixtureText(PATH, text).map((f) => f.code);
  assert.ok(found.includes("drop-column"), found.join(","));
});

test("batch_alter_table ops are linted against the batch's table (no text fix where it would be unsafe)", () => {
  const text = revision([
    '    with op.batch_alter_table("tasks") as batch_op:',
    '        batch_op.add_column(sa.Column("points", sa.Integer(), nullable=False))',
    '        batch_op.create_index("ix_tasks_points", ["points"])',
  ].join("\n"));
  const findings = lintFixtureText(PATH, text);
  const required = findings.find((f) => f.code === "adding-required-column")!;
  assert.equal(required.table, "tasks");
  assert.equal((required.data as LintFindingData).fix, undefined);
  assert.equal(findings.find((f) => f.code === "create-index-non-concurrently")?.table, "tasks");
});

test("since: only revisions after it are linted; an unknown one is an input problem", () => {
  const text = revision('    op.drop_column("tasks", "priority")');
  const files = [...baseFiles(), { path: PATH, text }];
  const config = allRulesConfig();
  config.since = "0002";
  const result = lintProject({ files, config });
  assert.deepEqual(result.linted, [PATH]);
  config.since = "0001";
  assert.equal(lintProject({ files, config }).linted.length, 2);
  config.since = "nope";
  assert.deepEqual(lintProject({ files, config }).problems, ["'since' names revision nope, which is not in the history"]);
});

test("script.py.mako without `import sqlmodel` is flagged when revisions use sqlmodel types; the fix adds it", () => {
  const template = { path: join(LINT_FIXTURES, "script.py.mako"), text: '"""${message}"""\nfrom alembic import op\nimport sqlalchemy as sa\n${imports if imports else ""}\n' };
  const uses = revision('    op.add_column("tasks", sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(), nullable=True))', "import sqlmodel");
  const result = lintProject({ files: [...baseFiles(), { path: PATH, text: uses }], scriptTemplate: template });
  const finding = result.findings.find((f) => f.file === template.path)!;
  assert.equal(finding.code, "sqlmodel-type-without-import");
  assert.equal(finding.range!.start.line, 2);
  const fixed = applyEdits(template.text, (finding.data as LintFindingData).fix!.edits);
  assert.equal(fixed.split("\n")[3], "import sqlmodel");
  const none = lintProject({ files: baseFiles(), scriptTemplate: template }).findings.filter((f) => f.file === template.path);
  assert.deepEqual(none, [], "no sqlmodel types in the history: nothing to say");
});

test("multiple heads: the merge revision the fix writes joins them", () => {
  const branch = revision('    op.add_column("tasks", sa.Column("due", sa.Date(), nullable=True))').replace('down_revision = "0002"', 'down_revision = "0001"');
  const files = [...baseFiles(), { path: PATH, text: branch }];
  const heads = lintProject({ files }).findings.filter((f) => f.code === "multiple-heads");
  assert.deepEqual(heads.map((f) => f.file!.split("/").pop()).sort(), ["0002_tasks.py", "engine-test.py"]);
  const newFile = (heads[0].data as LintFindingData).newFile!;
  assert.deepEqual(newFile, (heads[1].data as LintFindingData).newFile, "same merge file from either head");
  assert.match(newFile.text, /down_revision = \("0002", "0003"\)/);
  const merged = lintProject({ files: [...files, { path: join(LINT_FIXTURES, "rules", newFile.fileName), text: newFile.text }] });
  assert.deepEqual(merged.findings.filter((f) => f.code === "multiple-heads" || f.code === "missing-downgrade" && f.file!.endsWith(newFile.fileName)), []);
});

test("already parsed revisions (the language server's cache) give the same findings", () => {
  const text = revision('    op.drop_column("tasks", "priority")');
  const files = [...baseFiles(), { path: PATH, text }];
  const migrations = files.map((f) => parseMigration(f.path, f.text));
  const strip = (fs: { code: string; range?: unknown; message: string }[]) => fs.map((f) => [f.code, f.range, f.message]);
  assert.deepEqual(strip(lintProject({ files, migrations }).findings), strip(lintProject({ files }).findings));
});

test("a rule that throws on odd input does not take the others down; without history, history rules stay quiet", () => {
  const text = revision(['    op.create_foreign_key("fk", "tasks", "nowhere", ["owner_id"], ["id"])', '    op.drop_column("tasks", "priority")'].join("\n"));
  const file = parseMigration(PATH, text);
  const rules = [
    { id: "always-throws", severity: "error" as const, summary: "x", docs: "docs/rules/x.md", check: () => { throw new Error("boom"); } },
    RULES.find((r) => r.id === "drop-column")!,
    RULES.find((r) => r.id === "foreign-key-to-unknown-table")!,
  ];
  const findings = lintFile(lintRevisionOf(file, text), { rules });
  assert.deepEqual(findings.map((f) => f.code), ["drop-column"]);
  const withHistory = lintFixtureText(PATH, text).map((f) => f.code);
  assert.ok(withHistory.includes("foreign-key-to-unknown-table"));
});

test("files that do not parse are reported next to the lint findings", () => {
  const text = revision('    op.drop_column("tasks", "priority"\n');
  const result = lintProject({ files: [...baseFiles(), { path: PATH, text }], only: [PATH] });
  assert.deepEqual(result.fileProblems.map((f) => f.code), ["history-syntax-error"]);
});

test("code inserted at the top of upgrade() goes after a multi-line docstring", () => {
  const text = revision(['    """Add the due date.', "", "    Backfilled later.", '    """', "    # ### commands auto generated by Alembic ###", '    op.add_column("tasks", sa.Column("due", sa.Date(), nullable=True))'].join("\n"));
  const finding = lintFixtureText(PATH, text).find((f) => f.code === "missing-lock-timeout")!;
  const fixed = applyEdits(text, (finding.data as LintFindingData).fix!.edits);
  assert.deepEqual(fixed.split("\n").slice(13, 19), [
    '    """Add the due date.',
    "",
    "    Backfilled later.",
    '    """',
    `    op.execute("SET lock_timeout = '5s'")`,
    "    # ### commands auto generated by Alembic ###",
  ]);
  assert.deepEqual(lintFixtureText(PATH, fixed).filter((f) => f.code === "missing-lock-timeout"), []);
});

test("fixes that write sa.* add `import sqlalchemy as sa` when the file imports names instead", () => {
  const text = revision('    op.add_column("tasks", Column("due_at", DateTime(), nullable=True))').replace("import sqlalchemy as sa", "from sqlalchemy import Column, DateTime");
  const finding = lintFixtureText(PATH, text).find((f) => f.code === "prefer-timestamptz")!;
  const fixed = applyEdits(text, (finding.data as LintFindingData).fix!.edits);
  assert.ok(fixed.includes("from sqlalchemy import Column, DateTime\nimport sqlalchemy as sa\n"));
  assert.ok(fixed.includes('Column("due_at", sa.DateTime(timezone=True), nullable=True)'));
  assert.deepEqual(lintFixtureText(PATH, fixed).filter((f) => f.code === "prefer-timestamptz"), []);
});

test("while a file is linted each Column(...) call is read once and the type sites found once; outside, afresh", () => {
  const text = revision('    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(20)))');
  const lintRevision = lintRevisionOf(parseMigration(PATH, text), text);
  const create = lintRevision.upgrade!.ops.find((op) => op.name === "create_table")!;
  const ctx = buildContext(lintRevision, { config: allRulesConfig() });
  const [a, b] = readingColumnsOnce(() => [createTableColumns(create), createTableColumns(create)]);
  assert.equal(a.length, 2);
  a.forEach((spec, i) => assert.equal(spec, b[i], "the same reading within one lint"));
  const c = createTableColumns(create);
  assert.notEqual(c[0], a[0], "no reading is kept once the lint is over");
  assert.deepEqual(c, a);
  assert.equal(typeSites(ctx), typeSites(ctx));
  assert.deepEqual(typeSites(ctx).map((s) => s.column), ["id", "name"]);
  assert.notEqual(typeSites(buildContext(lintRevision, { config: allRulesConfig() })), typeSites(ctx));
});
