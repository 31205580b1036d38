// The key of the findings `dmw lint` keeps between runs changes with every input lintProject reads
// (each migration's path and text, the configuration, the script template, row estimates) and
// with nothing else.
import { strict as assert } from "node:assert";
import { test } from "node:test";
import { fileHashes, keepRevisionLints, lintSummaryKey, restoreRevisionLints, type KeptRevisionLints, type LintSummaryInputs } from "../../../server/src/analysis/lintSummary";
import { withoutData } from "../../../server/src/analysis/checkSummary";
import type { Finding } from "../../../server/src/findings/types";
import { parseMigration } from "../../../server/src/history";
import { defaultLintConfig } from "../../../server/src/lint/config";
import { LintProjectCache, lintProject, type SourceFile } from "../../../server/src/lint/project";
import { allRulesConfig } from "../../helpers/lintFixtures";

const base: LintSummaryInputs = {
  config: defaultLintConfig(),
  files: [
    { path: "/p/alembic/versions/a.py", text: "def upgrade():\n    pass\n" },
    { path: "/p/alembic/versions/b.py", text: "def upgrade():\n    op.drop_column('t', 'c')\n" },
  ],
  scriptTemplate: { path: "/p/alembic/script.py.mako", text: "import sqlalchemy as sa\n" },
};

test("the key is stable and follows every input", () => {
  const key = lintSummaryKey(base);
  assert.equal(lintSummaryKey({ ...base, files: base.files.map((f) => ({ ...f })) }), key);
  const [a, b] = base.files;
  const changed = [
    { ...base, files: [a, { ...b, text: `${b.text} ` }] },
    { ...base, files: [a, { ...b, path: "/p/alembic/versions/c.py" }] },
    { ...base, files: [b, a] },
    { ...base, files: [a] },
    // The text of one file moved to the other must not hash the same.
    { ...base, files: [{ ...a, text: a.text + b.text }, { ...b, text: "" }] },
    { ...base, config: { ...base.config, since: "abc" } },
    { ...base, config: { ...base.config, postgresVersion: 11 } },
    { ...base, config: { ...base.config, lockTimeoutInEnv: true } },
    { ...base, config: { ...base.config, severities: { "drop-column": "off" as const } } },
    { ...base, scriptTemplate: undefined },
    { ...base, scriptTemplate: { ...base.scriptTemplate!, text: "import sqlmodel\n" } },
    { ...base, rowEstimates: { t: 10 } },
    { ...base, rowEstimates: { t: 11 } },
  ].map(lintSummaryKey);
  assert.equal(new Set([key, ...changed]).size, changed.length + 1);
});

// Each revision's lint as `dmw lint` keeps it on disk (JSON), and the cache a new run starts from.
const VERSIONS = "/p/alembic/versions";
function revisionText(id: string, down: string | undefined, body: string): SourceFile {
  const text = [`revision = "${id}"`, `down_revision = ${down ? `"${down}"` : "None"}`, "", "def upgrade():", `    ${body}`, "", "def downgrade():", "    pass", ""].join("\n");
  return { path: `${VERSIONS}/${id}.py`, text };
}
const historyFiles = (headBody: string): SourceFile[] => [
  revisionText("r1", undefined, 'op.create_table("tasks", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("title", sa.String()))'),
  revisionText("r2", "r1", 'op.create_index("ix_tasks_title", "tasks", ["title"])'),
  revisionText("r3", "r2", headBody),
];
const parseAll = (files: SourceFile[]) => files.map((f) => parseMigration(f.path, f.text));
const printed = (findings: readonly Finding[]) => findings.map(withoutData);

test("kept revision lints, through JSON, serve a new run that lints only the changed head", () => {
  const config = allRulesConfig();
  const before = historyFiles('op.drop_column("tasks", "title")');
  const cache = new LintProjectCache();
  lintProject({ files: before, migrations: parseAll(before), config }, cache);
  const kept = JSON.parse(JSON.stringify(keepRevisionLints(cache, fileHashes(before)))) as KeptRevisionLints;
  // r2's index rule looked up tasks, which has no estimate: kept as null, read back as none.
  assert.deepEqual(kept.files.find((f) => f.path.endsWith("r2.py"))?.rows, [["tasks", null]]);

  const after = historyFiles('op.add_column("tasks", sa.Column("done", sa.Boolean(), nullable=False))');
  const migrations = parseAll(after); // a new process: new objects for unchanged files too
  const restored = restoreRevisionLints(kept, fileHashes(after), migrations);
  assert.deepEqual([...restored.files.keys()].sort(), [`${VERSIONS}/r1.py`, `${VERSIONS}/r2.py`], "the changed head is not restored");
  const reusedFindings = [...restored.files.values()].flatMap((f) => f.findings);
  assert.ok(reusedFindings.some((f) => f.code === "create-index-non-concurrently"));
  const result = lintProject({ files: after, migrations, config }, restored);
  assert.deepEqual(printed(result.findings), printed(lintProject({ files: after, migrations, config }).findings));
  // r1 and r2 were not linted again: their findings are the restored objects.
  const early = result.findings.filter((f) => !f.file?.endsWith("r3.py"));
  assert.ok(early.length > 0);
  assert.deepEqual(early.map((f) => reusedFindings.includes(f)), early.map(() => true));
  assert.ok(result.findings.some((f) => f.file?.endsWith("r3.py") && f.code === "adding-required-column"));
});

test("kept revision lints follow the texts: an earlier revision changed lints everything after it again", () => {
  const config = allRulesConfig();
  const files = historyFiles('op.drop_column("tasks", "title")');
  const cache = new LintProjectCache();
  lintProject({ files, migrations: parseAll(files), config }, cache);
  const kept = JSON.parse(JSON.stringify(keepRevisionLints(cache, fileHashes(files)))) as KeptRevisionLints;
  const edited = [{ ...files[0], text: files[0].text.replace('sa.String()', "sa.Text()") }, files[1], files[2]];
  const migrations = parseAll(edited);
  const restored = restoreRevisionLints(kept, fileHashes(edited), migrations);
  assert.equal(restored.parsed.has(edited[0].path), false);
  const reused = new Set([...restored.files.values()].flatMap((f) => f.findings));
  assert.ok(reused.size > 0, "r2 and r3 were restored");
  const result = lintProject({ files: edited, migrations, config }, restored);
  assert.ok(result.findings.length > 0);
  assert.ok(result.findings.every((f) => !reused.has(f)), "nothing after the changed base is reused");
  assert.deepEqual(printed(result.findings), printed(lintProject({ files: edited, migrations, config }).findings));
});
