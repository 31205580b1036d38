// Each revision's lint as `dmw lint` and the language server keep it on disk (through JSON), and
// the cache a new run starts from: only what changed, or follows a change, is linted again.
import { strict as assert } from "node:assert";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { withoutData } from "../../../server/src/analysis/checkSummary";
import { fileHashes, keepRevisionLints, restoreRevisionLints, revisionLintsKey, revisionLintsStoreFor, type KeptRevisionLints } from "../../../server/src/analysis/revisionLints";
import type { Finding } from "../../../server/src/findings/types";
import { parseMigration } from "../../../server/src/history";
import { LintProjectCache, lintProject, type SourceFile } from "../../../server/src/lint/project";
import { allRulesConfig } from "../../helpers/lintFixtures";

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

/** Lints `files` with every rule and keeps the result as a new run would read it (through JSON). */
function lintAndKeep(files: SourceFile[]): { config: ReturnType<typeof allRulesConfig>; kept: KeptRevisionLints } {
  const config = allRulesConfig();
  const cache = new LintProjectCache();
  lintProject({ files, migrations: parseAll(files), config }, cache);
  return { config, kept: JSON.parse(JSON.stringify(keepRevisionLints(cache, fileHashes(files)))) as KeptRevisionLints };
}

test("kept revision lints, through JSON, serve a new run that lints only the changed head", () => {
  const before = historyFiles('op.drop_column("tasks", "title")');
  const { config, kept } = lintAndKeep(before);
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
  const files = historyFiles('op.drop_column("tasks", "title")');
  const { config, kept } = lintAndKeep(files);
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

test("the lint's replay state before the head is kept too: a new run lints an edited head from it, not from a replay", () => {
  const files = historyFiles('op.drop_column("tasks", "title")');
  const { config, kept } = lintAndKeep(files);
  assert.equal(kept.checkpoint?.index, 2, "kept before the head, r3");
  assert.deepEqual(Object.keys(kept.checkpoint.tables), ["tasks"]);
  // Plant a table in the kept state: only a lint resumed from it knows the table.
  kept.checkpoint.tables.planted = { name: "planted", columns: [], foreignKeys: [], indexes: [], uniques: [], checks: [] };
  const unknownTable = (findings: readonly Finding[]) => findings.filter((f) => f.code === "foreign-key-to-unknown-table");

  const head = historyFiles('op.create_foreign_key("fk_tasks_planted", "tasks", "planted", ["id"], ["id"])');
  assert.equal(unknownTable(lintProject({ files: head, migrations: parseAll(head), config }).findings).length, 1, "a fresh lint does not know it");
  const migrations = parseAll(head);
  const resumed = restoreRevisionLints(kept, fileHashes(head), migrations);
  assert.equal(resumed.checkpoint?.index, 2);
  assert.deepEqual(unknownTable(lintProject({ files: head, migrations, config }, resumed).findings), []);
  // The checkpoint holds on for the next run; the kept file has it again.
  assert.equal(keepRevisionLints(resumed, fileHashes(head)).checkpoint?.index, 2);

  // An earlier revision changed: the kept state is not used (the first changed revision comes before it).
  const edited = [{ ...head[0], text: head[0].text.replace("sa.String()", "sa.Text()") }, head[1], head[2]];
  const editedMigrations = parseAll(edited);
  const replayed = lintProject({ files: edited, migrations: editedMigrations, config }, restoreRevisionLints(kept, fileHashes(edited), editedMigrations));
  assert.equal(unknownTable(replayed.findings).length, 1);
  assert.deepEqual(printed(replayed.findings), printed(lintProject({ files: edited, migrations: parseAll(edited), config }).findings));
});

test("a kept lint whose replay state is damaged is not used", () => {
  const { kept } = lintAndKeep(historyFiles('op.drop_column("tasks", "title")'));
  assert.ok(kept.checkpoint);
  const dir = mkdtempSync(join(tmpdir(), "dmw-revision-lints-"));
  const store = revisionLintsStoreFor({ alembicDir: "/p" }, { DMW_CACHE_DIR: dir })!;
  for (const damaged of [{ index: -1 }, { index: 1.5 }, { tables: [] }, { tables: { tasks: 3 } }, { createdIn: { tasks: "r1" } }, { unseenChanges: "no" }]) {
    assert.equal(store.save(revisionLintsKey(), { ...kept, checkpoint: { ...kept.checkpoint, ...damaged } } as KeptRevisionLints, true), true);
    assert.equal(revisionLintsStoreFor({ alembicDir: "/p" }, { DMW_CACHE_DIR: dir })!.get(revisionLintsKey()), undefined, JSON.stringify(damaged));
  }
  assert.equal(store.save(revisionLintsKey(), kept, true), true);
  assert.equal(revisionLintsStoreFor({ alembicDir: "/p" }, { DMW_CACHE_DIR: dir })!.get(revisionLintsKey())?.checkpoint?.index, 2);
});
