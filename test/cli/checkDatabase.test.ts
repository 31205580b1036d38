// `dmw check --database-url` on a real PostgreSQL database built with plain SQL.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, buildOnce, runDmw } from "../helpers/cliRun";
import { createTestDatabase, type TestDatabase } from "../helpers/postgres";

const PROJECT = join(REPO_ROOT, "test", "fixtures", "cli", "clean-project");
let db: TestDatabase;

before(async () => {
  buildOnce();
  db = await createTestDatabase("dmw_test_cli");
  // What `alembic upgrade head` makes of the fixture's one migration.
  await db.query(`
    CREATE TABLE projects (id SERIAL PRIMARY KEY, name VARCHAR(80) NOT NULL, archived BOOLEAN NOT NULL);
    CREATE UNIQUE INDEX ix_projects_name ON projects (name);
    CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
    INSERT INTO alembic_version VALUES ('1a2b3c4d5e6f');
  `);
});

after(async () => {
  await db?.drop();
});

test("a database at head that matches models and history: exit 0", () => {
  const result = runDmw(["check", "--root", PROJECT, "--database-url", db.url]);
  assert.equal(result.stderr, "");
  assert.equal(result.stdout, "no problems found\n");
  assert.equal(result.code, 0);
});

test("a column missing in the database: models-vs-database and history-vs-database findings, exit 1", async () => {
  await db.query("ALTER TABLE projects DROP COLUMN archived");
  const result = runDmw(["check", "--root", PROJECT, "--database-url", db.url, "--format", "json"]);
  assert.equal(result.stderr, "");
  const findings = JSON.parse(result.stdout).findings as { code: string; message: string; file?: string; column?: string }[];
  const byCode = new Map(findings.map((f) => [f.code, f]));
  assert.equal(byCode.get("db-missing-column")?.message, "projects.archived is in the model but the database does not have it");
  assert.equal(byCode.get("db-missing-column")?.file, "test/fixtures/cli/clean-project/app/models/project.py");
  assert.equal(byCode.get("db-history-missing-column")?.message, "projects.archived is created by the migrations but the database does not have it");
  assert.equal(byCode.get("db-history-missing-column")?.file, "test/fixtures/cli/clean-project/alembic/versions/1a2b3c4d5e6f_create_projects.py");
  assert.equal(result.code, 1);
});

test("with the cache warm, the database is still read on every run: the same output as without the cache", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dmw-cli-db-cache-"));
  const args = ["check", "--root", PROJECT, "--database-url", db.url, "--format", "json"];
  const cold = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.ok(readdirSync(dir).some((name) => name.startsWith("check-")), "the cold run kept its offline result");
  const warm = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.equal(warm.stdout, cold.stdout);
  assert.equal(warm.code, cold.code);
  assert.equal(warm.stdout, runDmw([...args, "--no-cache"]).stdout);
  await db.query("ALTER TABLE projects ADD COLUMN legacy_flag BOOLEAN");
  const changed = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.notEqual(changed.stdout, warm.stdout);
  assert.match(changed.stdout, /the database has projects\.legacy_flag/);
  assert.equal(changed.stdout, runDmw([...args, "--no-cache"]).stdout);

  // The stamp is read against the kept revision graph.
  await db.query("UPDATE alembic_version SET version_num = '0badc0ffee00'");
  const stamped = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.match(stamped.stdout, /stamped with revision 0badc0ffee00, which no migration file declares/);
  assert.equal(stamped.stdout, runDmw([...args, "--no-cache"]).stdout);
});

test("files and database unchanged: the kept verdict is printed; a changed database is compared again", async () => {
  await db.query("UPDATE alembic_version SET version_num = '1a2b3c4d5e6f'");
  const dir = mkdtempSync(join(tmpdir(), "dmw-cli-db-verdict-"));
  const args = ["check", "--root", PROJECT, "--database-url", db.url];
  const cold = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  const file = (kind: string) => join(dir, readdirSync(dir).find((name) => name.startsWith(`${kind}-`)) ?? `${kind}-missing`);
  const body = JSON.parse(readFileSync(file("verdict"), "utf8")) as { value: { findings: unknown[] } };
  body.value.findings.push({ code: "db-missing-table", severity: "error", message: "planted in the verdict" });
  writeFileSync(file("verdict"), JSON.stringify(body));
  // Served without the offline result: a damaged one is not even read.
  writeFileSync(file("check"), "{ damaged");
  const served = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.match(served.stdout, /planted in the verdict/);
  assert.equal(served.code, 1);
  for (const line of cold.stdout.trimEnd().split("\n").slice(0, -1)) assert.ok(served.stdout.includes(`${line}\n`), line);
  // New statistics (row estimates) are no change of the database for a check.
  await db.query("ANALYZE projects");
  assert.match(runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir }).stdout, /planted in the verdict/);

  // A new column: compared again, from a new offline analysis (the kept one was damaged).
  await db.query("ALTER TABLE projects ADD COLUMN legacy_note TEXT");
  const changed = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.doesNotMatch(changed.stdout, /planted in the verdict/);
  assert.match(changed.stdout, /projects\.legacy_note is in the database/);
  assert.deepEqual([changed.stdout, changed.code], [runDmw([...args, "--no-cache"]).stdout, runDmw([...args, "--no-cache"]).code]);
  assert.doesNotMatch(readFileSync(file("verdict"), "utf8"), /planted in the verdict/);
  // And that verdict serves the next run, the same.
  assert.equal(runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir }).stdout, changed.stdout);
  await db.query("ALTER TABLE projects DROP COLUMN legacy_note");
});

test("a database that changed is compared with the kept schemas; without them the analysis is made again", async () => {
  await db.query("UPDATE alembic_version SET version_num = '1a2b3c4d5e6f'");
  const dir = mkdtempSync(join(tmpdir(), "dmw-cli-db-schemas-"));
  const args = ["check", "--root", PROJECT, "--database-url", db.url];
  const file = (kind: string) => join(dir, readdirSync(dir).find((name) => name.startsWith(`${kind}-`)) ?? `${kind}-missing`);
  runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  // Plant a table in the kept history schema: only a comparison made with the kept schemas reports it.
  const body = JSON.parse(readFileSync(file("schemas"), "utf8")) as { value: { history: { schema: { tables: Record<string, unknown> } } } };
  body.value.history.schema.tables.planted_by_test = { name: "planted_by_test", columns: [], foreignKeys: [], indexes: [], uniques: [], checks: [] };
  writeFileSync(file("schemas"), JSON.stringify(body));
  // And one in the kept models' schema (a file of its own, under the model files' key).
  const models = JSON.parse(readFileSync(file("modelschema"), "utf8")) as { value: { models: { tables: Record<string, unknown> } } };
  models.value.models.tables.planted_in_models = { name: "planted_in_models", columns: [], foreignKeys: [], indexes: [], uniques: [], checks: [] };
  writeFileSync(file("modelschema"), JSON.stringify(models));
  await db.query("ALTER TABLE projects ADD COLUMN legacy_note TEXT");
  try {
    const kept = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
    assert.match(kept.stdout, /planted_by_test/);
    assert.match(kept.stdout, /planted_in_models/);
    assert.match(kept.stdout, /projects\.legacy_note is in the database/);
    // Damaged: analysed again, the same as without the cache.
    writeFileSync(file("schemas"), "{ damaged");
    await db.query("ALTER TABLE projects ADD COLUMN legacy_code TEXT");
    const again = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
    assert.doesNotMatch(again.stdout, /planted_by_test|planted_in_models/);
    assert.deepEqual([again.stdout, again.code], [runDmw([...args, "--no-cache"]).stdout, runDmw([...args, "--no-cache"]).code]);
  } finally {
    await db.query("ALTER TABLE projects DROP COLUMN IF EXISTS legacy_note; ALTER TABLE projects DROP COLUMN IF EXISTS legacy_code");
  }
});
