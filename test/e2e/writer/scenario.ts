// One writer scenario against real PostgreSQL and the pinned Alembic: a copy of the example
// backend at its migration head with seeded rows, a model edit, `dmw generate`, and then what a
// careful reviewer would run: upgrade, look at the rows, `alembic check`, downgrade -1 (the schema
// is back as it was), upgrade again, `dmw check`.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFile, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { after } from "node:test";
import pg from "pg";
import { diffSchemas } from "../../../server/src/diff/diffSchemas";
import { introspectDatabase } from "../../../server/src/database/introspect";
import { isDatabaseProblem } from "../../../server/src/database/types";
import type { Schema } from "../../../server/src/schema/types";
import { copyExample, runAlembic, venvBin, type ProcessResult } from "../../helpers/alembic";
import { REPO_ROOT } from "../../helpers/cliRun";
import { createTestDatabase, databaseUrl, type TestDatabase } from "../../helpers/postgres";

export const HEAD_MODELS = resolve(REPO_ROOT, "test", "fixtures", "writer", "head-models");
export const ADA = "00000000-0000-4000-8000-000000000001";

/** Rows every scenario starts with: a user and three tasks, one without description or priority. */
export const BASE_SEED = [
  `INSERT INTO users (id, email, name) VALUES ('${ADA}', 'ada@example.com', 'Ada')`,
  `INSERT INTO tasks (id, title, description, completed, user_id, created_at, priority) VALUES
     (1, 'Write report', 'quarterly', false, '${ADA}', now(), 'high'),
     (2, 'Review PR', NULL, true, '${ADA}', now(), NULL),
     (3, 'Plan sprint', 'next week', false, '${ADA}', now(), 'low')`,
  "SELECT setval('tasks_id_seq', 3)",
];

export interface Project {
  dir: string;
  db: TestDatabase;
  /** Path of a file in the project. */
  path(relativePath: string): string;
  edit(relativePath: string, change: (text: string) => string): Promise<void>;
  write(relativePath: string, text: string): Promise<void>;
  alembic(...args: string[]): Promise<ProcessResult>;
  dmw(...args: string[]): Promise<ProcessResult>;
  rows<R extends Record<string, unknown>>(sql: string): Promise<R[]>;
  introspect(): Promise<Schema>;
  close(): Promise<void>;
}

/**
 * `dmw <args>` from the sources (through tsx), not the shared dist/ bundle: other test runs may be
 * rebuilding that bundle at the same moment.
 */
export function runDmwFromSource(args: string[]): Promise<ProcessResult> {
  return spawnNode(["--import", "tsx", join("server", "src", "cli", "main.ts"), ...args], REPO_ROOT);
}

function spawnNode(args: string[], cwd: string): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, DMW_DEBUG: "" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

/** The example backend with models at the migration head, its database at head, seeded. */
// One database migrated to head per test file; each scenario starts from a copy of it
// (CREATE DATABASE ... TEMPLATE), which is much faster than running the history again.
let headTemplate: Promise<TestDatabase> | undefined;
let copying: Promise<unknown> = Promise.resolve();

after(async () => {
  if (headTemplate) await (await headTemplate).drop();
});

async function templateAtHead(dir: string): Promise<TestDatabase> {
  headTemplate ??= (async () => {
    const db = await createTestDatabase("dmw_test_writer_head");
    const upgrade = await runAlembic(dir, ["upgrade", "head"], db.sqlalchemyUrl);
    assert.equal(upgrade.code, 0, upgrade.stderr);
    return db;
  })();
  return headTemplate;
}

async function copyOfHead(dir: string, name: string): Promise<TestDatabase> {
  const template = await templateAtHead(dir);
  const dbName = `dmw_test_writer_${name}_${randomBytes(4).toString("hex")}`;
  // One copy at a time: PostgreSQL refuses to copy a template while another session uses it.
  const created = copying.then(() => adminQuery(`CREATE DATABASE "${dbName}" TEMPLATE "${template.name}"`));
  copying = created.catch(() => undefined);
  await created;
  let client: pg.Client | undefined;
  const url = databaseUrl(dbName);
  return {
    name: dbName,
    url,
    sqlalchemyUrl: databaseUrl(dbName, "postgresql+psycopg"),
    async query(sql, params) {
      if (!client) {
        client = new pg.Client({ connectionString: url });
        await client.connect();
      }
      return (await client.query(sql, params)).rows;
    },
    async drop() {
      await client?.end();
      client = undefined;
      await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl("postgres") });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export async function projectAtHead(name: string, seed: string[] = BASE_SEED): Promise<Project> {
  venvBin("alembic");
  const dir = await copyExample("backend");
  await copyFile(join(HEAD_MODELS, "task.py"), join(dir, "app", "models", "task.py"));
  await copyFile(join(HEAD_MODELS, "__init__.py"), join(dir, "app", "models", "__init__.py"));
  await rm(join(dir, "app", "models", "priority.py"));
  const db = await copyOfHead(dir, name);
  const project: Project = {
    dir,
    db,
    path: (p) => join(dir, p),
    async edit(p, change) {
      const before = await readFile(resolve(dir, p), "utf8");
      const after = change(before);
      assert.notEqual(after, before, `the edit of ${p} changed nothing`);
      await writeFile(resolve(dir, p), after);
    },
    write: (p, text) => writeFile(join(dir, p), text),
    alembic: (...args) => runAlembic(dir, args, db.sqlalchemyUrl),
    dmw: (...args) => runDmwFromSource(args),
    rows: (sql) => db.query(sql),
    async introspect() {
      const snapshot = await introspectDatabase(db.url);
      if (isDatabaseProblem(snapshot)) throw new Error(snapshot.message);
      return snapshot.schema;
    },
    async close() {
      await db.drop();
      await rm(dirname(dir), { recursive: true, force: true });
    },
  };
  for (const sql of seed) await db.query(sql);
  return project;
}

/** `dmw generate`; asserts success and returns the new file's path and text. */
export async function generate(project: Project, ...args: string[]): Promise<{ path: string; text: string; stderr: string }> {
  const result = await project.dmw("generate", "--root", project.dir, ...args);
  assert.equal(result.code, 0, `dmw generate failed:\n${result.stderr}`);
  const path = result.stdout.trim();
  assert.match(path, /alembic[\\/]versions[\\/][0-9a-f]{12}_\w+\.py$/);
  return { path, text: await readFile(path, "utf8"), stderr: result.stderr };
}

export function ok(result: ProcessResult, what: string): void {
  assert.equal(result.code, 0, `${what} failed:\n${result.stdout}${result.stderr}`);
}

/**
 * Upgrade, `alembic check` (real Alembic agrees with the models), downgrade -1 (schema back as it
 * was before), upgrade again, `dmw check` clean. `afterUpgrade` looks at the rows in between.
 * `checkBlindSpot`: what Alembic's own comparison cannot see in this scenario (said in the test).
 */
export async function proveRoundTrip(project: Project, afterUpgrade: () => Promise<void>): Promise<void> {
  const before = await project.introspect();
  ok(await project.alembic("upgrade", "head"), "alembic upgrade head");
  await afterUpgrade();
  const check = await project.alembic("check");
  assert.equal(check.code, 0, `alembic check found differences:\n${check.stdout}${check.stderr}`);
  assert.match(check.stdout + check.stderr, /No new upgrade operations detected/);
  ok(await project.alembic("downgrade", "-1"), "alembic downgrade -1");
  assert.deepEqual(diffSchemas(before, await project.introspect()), [], "downgrade -1 did not restore the schema");
  ok(await project.alembic("upgrade", "head"), "alembic upgrade head (again)");
  const dmwCheck = await project.dmw("check", "--root", project.dir);
  assert.equal(dmwCheck.code, 0, `dmw check is not clean:\n${dmwCheck.stdout}${dmwCheck.stderr}`);
}

/** Puts the example backend's own (moved-on) models back: the seed scenario's drift. */
export async function useExampleModels(project: Project): Promise<void> {
  const models = join(REPO_ROOT, "examples", "backend", "app", "models");
  for (const file of ["task.py", "priority.py", "__init__.py"]) await copyFile(join(models, file), project.path(join("app", "models", file)));
}
