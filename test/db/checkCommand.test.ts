// `dmw check` finding its database the way (environment, .env, alembic.ini) on the example
// backend migrated with real Alembic.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { buildOnce, REPO_ROOT } from "../helpers/cliRun";
import { copyExample, runAlembic } from "../helpers/alembic";
import { createTestDatabase, PG_HOST, type TestDatabase } from "../helpers/postgres";

let db: TestDatabase;
let project: string;

interface Finding {
  code: string;
  severity: string;
  message: string;
  file?: string;
  table?: string;
  column?: string;
}

/** `node bin/dmw.js check --root <project> --format json ...` with exactly the given DATABASE_URL. */
function check(args: string[], databaseUrl?: string): { code: number | null; findings: Finding[]; stderr: string } {
  const env: Record<string, string | undefined> = { ...process.env, DMW_DEBUG: "" };
  delete env.DATABASE_URL;
  if (databaseUrl !== undefined) env.DATABASE_URL = databaseUrl;
  const result = spawnSync(process.execPath, [resolve(REPO_ROOT, "bin", "dmw.js"), "check", "--root", project, "--format", "json", ...args], {
    encoding: "utf8",
    env,
    timeout: 60_000,
  });
  return { code: result.status, findings: JSON.parse(result.stdout).findings as Finding[], stderr: result.stderr };
}

before(async () => {
  buildOnce();
  db = await createTestDatabase("dmw_test_db_check");
  project = await copyExample("backend");
  const upgraded = await runAlembic(project, ["upgrade", "head"], db.sqlalchemyUrl);
  assert.equal(upgraded.code, 0, upgraded.stderr);
});

after(async () => {
  await db?.drop();
  if (project) await rm(dirname(project), { recursive: true, force: true });
});

test("DATABASE_URL in the environment: the database is compared with models and history", () => {
  const { code, findings, stderr } = check([], db.sqlalchemyUrl);
  assert.equal(stderr, "");
  assert.equal(code, 1);
  const rename = findings.find((f) => f.code === "db-rename-candidate");
  assert.deepEqual([rename?.table, rename?.column], ["tasks", "priority_id"]);
  assert.match(findings.find((f) => f.code === "db-write-migration")?.message ?? "", /matches the migration head c4d7e2b9f815 but not the models/);
  assert.ok(!findings.some((f) => f.code.startsWith("db-history-") || f.code === "db-behind-head"), JSON.stringify(findings));
});

test("--no-database ignores every configured URL", () => {
  const { findings } = check(["--no-database"], db.sqlalchemyUrl);
  assert.deepEqual(findings.filter((f) => f.code.startsWith("db-")), []);
  assert.ok(findings.some((f) => f.code === "migration-rename-candidate"));
});

test("--database-schema names a schema the database lacks: one warning for a URL from the environment", () => {
  const { code, findings } = check(["--database-schema", "tenant_a"], db.sqlalchemyUrl);
  const problem = findings.find((f) => f.code === "db-missing-schema");
  assert.equal(problem?.severity, "warning");
  assert.match(problem?.message ?? "", /Schema "tenant_a" does not exist .* \(database URL from the DATABASE_URL environment variable\)\.$/);
  assert.equal(code, 1);
});

test("a .env beside alembic.ini with an unreachable URL: one warning at that line, password masked, offline findings intact", async () => {
  await writeFile(join(project, ".env"), `# local settings\nDATABASE_URL=postgresql+psycopg://tasks:Env-Secret-9@${PG_HOST}:1/tasks\n`);
  try {
    const { code, findings } = check([]);
    const problem = findings.find((f) => f.code === "db-unreachable");
    assert.equal(problem?.severity, "warning");
    assert.equal(problem?.message, `No PostgreSQL server answers at ${PG_HOST}:1 (connection refused); the database checks were skipped (database URL from .env).`);
    assert.match(problem?.file ?? "", /[\\/]backend[\\/]\.env$/);
    assert.ok(!JSON.stringify(findings).includes("Env-Secret-9"));
    assert.equal(findings.filter((f) => f.code.startsWith("migration-")).length, 4);
    assert.equal(code, 1);
  } finally {
    await rm(join(project, ".env"));
  }
});
