// The fixes that change ops (NOT NULL pattern, concurrent index, NOT VALID foreign key + VALIDATE
// revision) produce migrations that real Alembic runs on real PostgreSQL with rows in the table,
// where the unfixed migration fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { writeFile, copyFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { applyEdits } from "../../../server/src/lint/edits";
import { lintProject } from "../../../server/src/lint/project";
import type { LintFindingData } from "../../../server/src/lint/types";
import { copyExample, runAlembic } from "../../helpers/alembic";
import { LINT_FIXTURES } from "../../helpers/lintFixtures";
import { createTestDatabase } from "../../helpers/postgres";

const REVISION = "d1e2f3a4b5c6_add_points_and_reviewer.py";
const FIXED_RULES = ["adding-required-column", "set-not-null-on-large-table", "create-index-non-concurrently", "adding-foreign-key-validated", "missing-lock-timeout"];

function versionsOf(project: string): { path: string; text: string }[] {
  const dir = join(project, "alembic", "versions");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".py"))
    .map((f) => ({ path: join(dir, f), text: readFileSync(join(dir, f), "utf8") }));
}

/**
 * Applies the fixes of `rules` one at a time, re-linting after each, writes the fixed file and the
 * follow-up revisions the fixes create, and checks that those rules have nothing left to say.
 */
async function applyFixes(project: string, path: string, rules: string[]): Promise<{ text: string; newFiles: string[] }> {
  const versions = join(project, "alembic", "versions");
  let text = readFileSync(path, "utf8");
  const newFiles = new Map<string, string>();
  for (let round = 0; round < 20; round++) {
    const files = versionsOf(project).map((f) => (f.path === path ? { path, text } : f));
    const next = lintProject({ files, only: [path] }).findings.find((f) => rules.includes(f.code) && (f.data as LintFindingData).fix);
    if (!next) break;
    const data = next.data as LintFindingData;
    text = applyEdits(text, data.fix!.edits);
    if (data.newFile) newFiles.set(data.newFile.fileName, data.newFile.text);
  }
  await writeFile(path, text);
  for (const [name, body] of newFiles) await writeFile(join(versions, name), body, { flag: "wx" });
  const ours = [path, ...[...newFiles.keys()].map((n) => join(versions, n))];
  const remaining = lintProject({ files: versionsOf(project), only: ours }).findings.filter((f) => rules.includes(f.code));
  assert.deepEqual(remaining.map((f) => `${f.code}: ${f.message}`), [], text);
  return { text, newFiles: [...newFiles.keys()] };
}

test("fixed NOT NULL / concurrent index / NOT VALID FK migration runs under Alembic; the original fails", async () => {
  const project = await copyExample("backend");
  const db = await createTestDatabase("dmw_test_lint");
  try {
    const versions = join(project, "alembic", "versions");
    const up = await runAlembic(project, ["upgrade", "head"], db.sqlalchemyUrl);
    assert.equal(up.code, 0, up.stderr);
    await db.query("INSERT INTO users (id, email, name) VALUES (gen_random_uuid(), 'a@example.com', 'A')");
    await db.query("INSERT INTO tasks (title, completed, user_id, created_at) SELECT 'T' || g, false, (SELECT id FROM users), now() FROM generate_series(1, 50) g");

    // The migration as written: lint flags it, and PostgreSQL refuses it.
    const path = join(versions, REVISION);
    await copyFile(join(LINT_FIXTURES, "e2e", REVISION), path);
    const flagged = lintProject({ files: versionsOf(project), only: [path] }).findings.map((f) => f.code).sort();
    for (const rule of ["adding-required-column", "create-index-non-concurrently", "adding-foreign-key-validated"]) assert.ok(flagged.includes(rule), `${rule} in ${flagged}`);
    const broken = await runAlembic(project, ["upgrade", "head"], db.sqlalchemyUrl);
    assert.notEqual(broken.code, 0);
    assert.match(broken.stderr, /column "points" of relation "tasks" contains null values/);

    const { text, newFiles } = await applyFixes(project, path, FIXED_RULES);
    assert.equal(newFiles.length, 1, "one VALIDATE revision");

    const fixed = await runAlembic(project, ["upgrade", "head"], db.sqlalchemyUrl);
    assert.equal(fixed.code, 0, `${fixed.stderr}\n${text}`);
    const [points] = await db.query("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'tasks' AND column_name = 'points'");
    assert.equal(points.is_nullable, "NO");
    assert.deepEqual(await db.query("SELECT count(*)::int AS n FROM tasks WHERE points = 0"), [{ n: 50 }]);
    const [index] = await db.query("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'ix_tasks_reviewer_id'");
    assert.equal(index.indisvalid, true);
    const [fk] = await db.query("SELECT convalidated FROM pg_constraint WHERE conname = 'fk_tasks_reviewer_id_users'");
    assert.equal(fk.convalidated, true, "validated by the follow-up revision");
    assert.deepEqual(await db.query("SELECT conname FROM pg_constraint WHERE conname = 'tasks_points_not_null'"), [], "helper CHECK dropped");

    const down = await runAlembic(project, ["downgrade", "c4d7e2b9f815"], db.sqlalchemyUrl);
    assert.equal(down.code, 0, down.stderr);
  } finally {
    await db.drop();
    await rm(project, { recursive: true, force: true });
  }
});

test("fixed unique constraint, CHECK NOT VALID, concurrent drop, rename instead of drop+add, USING cast and compatibility view run up and down", async () => {
  const project = await copyExample("backend");
  const db = await createTestDatabase("dmw_test_lint");
  try {
    const name = "e2f3a4b5c6d7_constraints_and_renames.py";
    const path = join(project, "alembic", "versions", name);
    assert.equal((await runAlembic(project, ["upgrade", "head"], db.sqlalchemyUrl)).code, 0);
    await db.query("INSERT INTO users (id, email, name) VALUES (gen_random_uuid(), 'a@example.com', 'A')");
    await db.query("INSERT INTO tasks (title, completed, user_id, created_at, priority) SELECT 'T' || g, g % 2 = 0, (SELECT id FROM users), now(), 'p' || g FROM generate_series(1, 20) g");
    await copyFile(join(LINT_FIXTURES, "e2e", name), path);
    const rules = ["adding-unique-constraint", "adding-check-constraint-validated", "drop-index-non-concurrently", "drop-then-add-column", "type-change-without-conversion", "rename-table"];
    const flagged = new Set(lintProject({ files: versionsOf(project), only: [path] }).findings.map((f) => f.code));
    assert.deepEqual(rules.filter((r) => !flagged.has(r)), []);
    const original = await runAlembic(project, ["upgrade", "head"], db.sqlalchemyUrl);
    assert.match(original.stderr, /cannot be cast automatically to type integer/);

    const { text, newFiles } = await applyFixes(project, path, rules);
    assert.equal(newFiles.length, 1, "one VALIDATE revision for the CHECK");
    const up = await runAlembic(project, ["upgrade", "head"], db.sqlalchemyUrl);
    assert.equal(up.code, 0, `${up.stderr}\n${text}`);
    assert.deepEqual(await db.query("SELECT count(*)::int AS n FROM tasks WHERE priority_level LIKE 'p%'"), [{ n: 20 }], "renamed, data kept");
    assert.deepEqual(await db.query("SELECT sum(completed)::int AS n FROM tasks"), [{ n: 10 }], "boolean cast to integer");
    assert.deepEqual(await db.query("SELECT count(*)::int AS n FROM users"), [{ n: 1 }], "old name still readable through the view");
    const constraints = await db.query("SELECT conname, contype, convalidated FROM pg_constraint WHERE conname IN ('uq_users_email', 'ck_tasks_title_len') ORDER BY conname");
    assert.deepEqual(constraints, [
      { conname: "ck_tasks_title_len", contype: "c", convalidated: true },
      { conname: "uq_users_email", contype: "u", convalidated: true },
    ]);
    assert.deepEqual(await db.query("SELECT indexname FROM pg_indexes WHERE indexname = 'ix_tasks_user_id'"), []);

    const down = await runAlembic(project, ["downgrade", "c4d7e2b9f815"], db.sqlalchemyUrl);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(await db.query("SELECT count(*)::int AS n FROM tasks WHERE priority LIKE 'p%'"), [{ n: 20 }], "renamed back, data kept");
    assert.deepEqual(await db.query("SELECT count(*)::int AS n FROM users"), [{ n: 1 }]);
  } finally {
    await db.drop();
    await rm(project, { recursive: true, force: true });
  }
});
