// The synthetic schema on real PostgreSQL: a uniquely named database, migrated with the pinned
// Alembic (`alembic upgrade head`), introspected in-process the way the language server reads it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { introspectDatabase } from "../server/src/database/introspect";
import { isDatabaseProblem } from "../server/src/database/types";
import { createTestDatabase, type TestDatabase } from "../test/helpers/postgres";
import { REPO_ROOT } from "../test/helpers/alembic";
import { timeProcess, timeRuns } from "./stats";

export function alembicBin(): string {
  return join(REPO_ROOT, ".venv-test", "bin", "alembic");
}

export function venvReady(): boolean {
  return existsSync(alembicBin());
}

/**
 * Environment for Alembic in a generated project: its URL and the project on the import path.
 * Python keeps its bytecode cache (__pycache__ in the throwaway project), as it does in a real one:
 * Alembic is measured warm, like dmw with its parse cache.
 */
export function alembicEnv(root: string, sqlalchemyUrl: string): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: sqlalchemyUrl, PYTHONPATH: root, PYTHONDONTWRITEBYTECODE: "" };
}

/** Creates `dmw_bench_<n>_<random>` and migrates it to head with the project's own migrations. */
export async function migratedDatabase(root: string, models: number): Promise<{ db: TestDatabase; upgradeMs: number }> {
  const db = await createTestDatabase(`dmw_bench_${models}`);
  const run = await timeProcess(alembicBin(), ["upgrade", "head"], { cwd: root, env: alembicEnv(root, db.sqlalchemyUrl) });
  if (run.code !== 0) {
    await db.drop();
    throw new Error(`alembic upgrade head failed (exit ${run.code}):\n${run.stderr.slice(-2000)}`);
  }
  return { db, upgradeMs: run.ms };
}

/** In-process introspectDatabase timings; also returns the table count it saw. */
export async function benchIntrospection(url: string, runs: number, budgetMs?: number): Promise<{ ms: number[]; tables: number; columns: number }> {
  let tables = 0;
  let columns = 0;
  const ms = await timeRuns(runs, async () => {
    const started = performance.now();
    const snapshot = await introspectDatabase(url);
    const elapsed = performance.now() - started;
    if (isDatabaseProblem(snapshot)) throw new Error(`introspection failed: ${snapshot.message}`);
    const all = Object.values(snapshot.schema.tables).filter((t) => t.name !== "alembic_version");
    tables = all.length;
    columns = all.reduce((n, t) => n + t.columns.length, 0);
    return elapsed;
  }, budgetMs);
  return { ms, tables, columns };
}
