// Side by side on the same project and database: `alembic check` (the pinned venv) and
// `dmw check --database-url`. Both must find the same drift: Alembic's add_column operations
// against our models-vs-database missing-column findings.
import { join } from "node:path";
import { REPO_ROOT } from "../test/helpers/alembic";
import { alembicBin, alembicEnv } from "./database";
import { timeProcess, timeRuns, type TimedProcess } from "./stats";

export const DMW = join(REPO_ROOT, "bin", "dmw.js");

export interface CheckComparison {
  alembicMs: number[];
  dmwMs: number[];
  alembicCpuMs: number[];
  dmwCpuMs: number[];
  /** `table.column` of every add_column operation `alembic check` reported. */
  alembicAddColumns: string[];
  /** `code table.column` of every models-vs-database drift finding of `dmw check`. */
  dmwDatabaseDrift: string[];
  /** Every operation name in Alembic's output (add_column, modify_type, ...). */
  alembicOperations: string[];
  agree: boolean;
}

/** `('add_column', None, 'entity_0', Column('drift_note', ...` in Alembic's "New upgrade operations" line. */
export function alembicAddColumns(output: string): string[] {
  const found = [...output.matchAll(/\('add_column', (?:None|'[^']*'), '([^']+)', Column\('([^']+)'/g)];
  return found.map((m) => `${m[1]}.${m[2]}`).sort();
}

interface JsonFinding {
  code: string;
  table?: string;
  column?: string;
}

/** Models-vs-database drift codes are `db-<what>`; `db-history-*` compares history, the rest are states. */
const MODELS_DATABASE_DRIFT = /^db-(?!history-)(missing|extra|rename|type|nullable|default|primary|foreign|unknown|enum)/;

export function alembicOperations(output: string): string[] {
  return [...output.matchAll(/\('((?:add|remove|modify)_\w+)', /g)].map((m) => m[1]).sort();
}

export function dmwDatabaseDrift(stdout: string): string[] {
  const parsed = JSON.parse(stdout) as { findings: JsonFinding[] };
  return parsed.findings
    .filter((f) => MODELS_DATABASE_DRIFT.test(f.code))
    .map((f) => `${f.code} ${f.table ?? "?"}${f.column ? `.${f.column}` : ""}`)
    .sort();
}

/** When set, every dmw process writes a V8 CPU profile into this folder. */
export const PROFILE_DIR_ENV = "DMW_BENCH_PROFILE_DIR";

/**
 * How a dmw process finds its cache: a warm cache in a folder of the bench's own, or none
 * at all (the first run on a project). Never the user's own cache folder.
 */
export type CacheMode = { cacheDir: string } | "no-cache";

export function cacheEnv(mode: CacheMode): Record<string, string> {
  return mode === "no-cache" ? { DMW_NO_CACHE: "1" } : { DMW_CACHE_DIR: mode.cacheDir };
}

export async function runDmw(args: string[], cwd: string, cache: CacheMode): Promise<TimedProcess> {
  const dir = process.env[PROFILE_DIR_ENV];
  const flags = dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : [];
  const env: NodeJS.ProcessEnv = { ...process.env, DMW_DEBUG: "" };
  delete env.DMW_CACHE_DIR;
  delete env.DMW_NO_CACHE;
  return timeProcess(process.execPath, [...flags, DMW, ...args], { cwd, env: { ...env, ...cacheEnv(cache) } });
}

export interface CheckRuns {
  /** How dmw finds its cache. */
  cache: CacheMode;
  /** Runs of each tool; `alembic: 0` measures dmw alone (no comparison). */
  alembic: number;
  dmw: number;
  budgetMs?: number;
  /** Runs each tool gets whatever the budget says (default 3). */
  minimum?: number;
}

export async function compareChecks(root: string, db: { url: string; sqlalchemyUrl: string }, runs: CheckRuns): Promise<CheckComparison> {
  let alembicOutput = "";
  const alembicCpuMs: number[] = [];
  const dmwCpuMs: number[] = [];
  const alembicMs = await timeRuns(runs.alembic, async () => {
    const run = await timeProcess(alembicBin(), ["check"], { cwd: root, env: alembicEnv(root, db.sqlalchemyUrl) });
    alembicOutput = run.stdout + run.stderr;
    if (run.cpuMs !== undefined) alembicCpuMs.push(run.cpuMs);
    return run.ms;
  }, runs.budgetMs, Math.min(runs.alembic, runs.minimum ?? 3));
  let dmwOutput = "";
  const dmwMs = await timeRuns(runs.dmw, async () => {
    const run = await runDmw(["check", "--format", "json", "--database-url", db.url], root, runs.cache);
    if (run.code === 2) throw new Error(`dmw check could not read the project or database:\n${run.stdout}${run.stderr}`);
    dmwOutput = run.stdout;
    if (run.cpuMs !== undefined) dmwCpuMs.push(run.cpuMs);
    return run.ms;
  }, runs.budgetMs, Math.min(runs.dmw, runs.minimum ?? 3));
  const added = alembicAddColumns(alembicOutput);
  const ours = dmwDatabaseDrift(dmwOutput);
  const oursAsColumns = ours.filter((f) => f.startsWith("db-missing-column ")).map((f) => f.slice("db-missing-column ".length));
  const operations = alembicOperations(alembicOutput);
  const agree = operations.length === added.length && ours.length === oursAsColumns.length && JSON.stringify(oursAsColumns) === JSON.stringify(added);
  return { alembicMs, dmwMs, alembicCpuMs, dmwCpuMs, alembicAddColumns: added, dmwDatabaseDrift: ours, alembicOperations: operations, agree };
}
