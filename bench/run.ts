// `npm run bench`: the synthetic backend at each size, measured through the real language server,
// the real `dmw` processes, real PostgreSQL and the pinned Alembic, in one run. Prints a table,
// the targets (met / missed; never a failure) and the drift both tools found; writes the figures
// as JSON to bench/results/<date>.json.
//   --sizes 50/100,200/400   sizes as models/migrations (default 50/100,200/400,500/1000)
//   --quick                  a smoke run at 50/100 with few repetitions
//   --cpu-prof DIR           write V8 CPU profiles of every dmw and server process to DIR
//   --budget SECONDS         wall-time budget per figure (default 45); each figure still gets 3 runs
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "../test/helpers/alembic";
import { compareChecks, PROFILE_DIR_ENV, runDmw, type CacheMode } from "./compare";
import { benchIntrospection, migratedDatabase, venvReady } from "./database";
import { generateBackend, type BackendSize } from "./generate";
import { benchLanguageServer } from "./lspBench";
import { judgeTargets, renderCpuTable, renderDrift, renderTable, renderTargets, type SizeResult } from "./report";
import { figure, timeRuns } from "./stats";

interface Repeats {
  process: number;
  /** Runs without the parse cache (each is a first run, so fewer). */
  uncached: number;
  edit: number;
  introspection: number;
  alembic: number;
}

/** Wall-time budget per figure: a slow or busy machine takes fewer runs (at least 3) instead of hours. */
let BUDGET_MS = 45_000;

/** Enough repetitions for a median and a p95 while the whole bench stays within a few minutes. */
function repeatsFor(models: number, quick: boolean): Repeats {
  if (quick) return { process: 3, uncached: 2, edit: 5, introspection: 5, alembic: 2 };
  if (models <= 50) return { process: 10, uncached: 5, edit: 30, introspection: 20, alembic: 5 };
  if (models <= 200) return { process: 7, uncached: 4, edit: 25, introspection: 15, alembic: 3 };
  return { process: 5, uncached: 3, edit: 20, introspection: 10, alembic: 3 };
}

function parseSizes(text: string): BackendSize[] {
  return text.split(",").map((part) => {
    const match = /^(\d+)[/x:](\d+)$/.exec(part.trim());
    if (!match) throw new Error(`--sizes: "${part}" is not models/migrations, e.g. 500/1000`);
    return { models: Number(match[1]), migrations: Number(match[2]) };
  });
}

function ensureVenv(): void {
  if (venvReady()) return;
  process.stdout.write("the pinned Python venv is missing: running scripts/setup-python.sh\n");
  const setup = spawnSync("bash", [join(REPO_ROOT, "scripts", "setup-python.sh")], { cwd: REPO_ROOT, stdio: "inherit" });
  if (setup.status !== 0 || !venvReady()) throw new Error("scripts/setup-python.sh failed; the bench needs .venv-test");
}

function pythonVersions(): string {
  const python = join(REPO_ROOT, ".venv-test", "bin", "python");
  const script = "import alembic, sqlmodel, sqlalchemy, sys; print(f'Python {sys.version.split()[0]}, Alembic {alembic.__version__}, SQLModel {sqlmodel.__version__}, SQLAlchemy {sqlalchemy.__version__}')";
  return spawnSync(python, ["-c", script], { encoding: "utf8" }).stdout.trim();
}

async function benchSize(size: BackendSize, quick: boolean, log: (line: string) => void): Promise<{ result: SizeResult; postgres: string }> {
  const repeats = repeatsFor(size.models, quick);
  const loadAtStart = loadavg()[0];
  const work = mkdtempSync(join(tmpdir(), `dmw-bench-${size.models}-`));
  try {
    const backend = generateBackend(join(work, "drift"), { ...size, drift: true });
    const clean = generateBackend(join(work, "clean"), size);
    log(`N=${size.models} M=${size.migrations}: ${backend.columnCount} columns; migrating a fresh database with alembic upgrade head`);
    const { db, upgradeMs } = await migratedDatabase(backend.root, size.models);
    try {
      const postgres = String((await db.query<{ v: string }>("select current_setting('server_version') as v"))[0]?.v ?? "?");
      log(`  alembic upgrade head took ${Math.round(upgradeMs)} ms; introspection`);
      const introspection = await benchIntrospection(db.url, repeats.introspection, BUDGET_MS);
      // States of dmw's cache: none (the first run on a project, or DMW_NO_CACHE=1) and warm (every
      // later run on an unchanged project), in a folder of the bench's own.
      const warm: CacheMode = { cacheDir: join(work, "dmw-cache") };
      const primed = await runDmw(["check"], backend.root, warm);
      if (primed.code === 2) throw new Error(`dmw check failed on the generated project:\n${primed.stdout}${primed.stderr}`);
      // Each command keeps its own result: lint's is filled by a run of its own.
      const primedLint = await runDmw(["lint"], backend.root, warm);
      if (primedLint.code === 2) throw new Error(`dmw lint failed on the generated project:\n${primedLint.stdout}${primedLint.stderr}`);
      log("  dmw check (offline) and dmw lint: cache warm, newest migration edited, no cache");
      const cpuOf: Record<string, number[]> = {};
      const timed = (args: string[], cache: CacheMode, key: string) => async () => {
        const run = await runDmw(args, backend.root, cache);
        if (run.cpuMs !== undefined) (cpuOf[key] ??= []).push(run.cpuMs);
        return run.ms;
      };
      // The third state, a pull request's: the cache warm from the last run, then the newest
      // migration edited (a comment added, a new text each run). The check's kept result and that
      // file's parse entry no longer fit; the other files' entries and the models reading do.
      const newest = backend.migrationFiles[backend.migrationFiles.length - 1];
      const newestText = readFileSync(newest, "utf8");
      let edits = 0;
      const edited = (args: string[], key: string) => async () => {
        writeFileSync(newest, `${newestText}\n# bench edit ${++edits}\n`);
        return timed(args, warm, key)();
      };
      const coldCheckEdited = await timeRuns(repeats.process, edited(["check"], "coldCheckEdited"), BUDGET_MS);
      const checkEdited = await timeRuns(repeats.process, edited(["check", "--format", "json", "--database-url", db.url], "checkDatabaseEdited"), BUDGET_MS);
      // lint's kept result does not fit either: every revision is linted again (parsed ones from the cache).
      const lintEdited = await timeRuns(repeats.process, edited(["lint"], "lintEdited"), BUDGET_MS);
      writeFileSync(newest, newestText);
      await runDmw(["check"], backend.root, warm);
      await runDmw(["lint"], backend.root, warm);
      const coldCheck = await timeRuns(repeats.process, timed(["check"], warm, "coldCheck"), BUDGET_MS);
      const coldCheckNoCache = await timeRuns(repeats.uncached, timed(["check"], "no-cache", "coldCheckNoCache"), BUDGET_MS);
      const lint = await timeRuns(repeats.process, timed(["lint"], warm, "lint"), BUDGET_MS);
      const lintNoCache = await timeRuns(repeats.uncached, timed(["lint"], "no-cache", "lintNoCache"), BUDGET_MS);
      log("  alembic check vs dmw check --database-url");
      const check = await compareChecks(backend.root, db, { cache: warm, alembic: repeats.alembic, dmw: repeats.alembic, budgetMs: BUDGET_MS });
      const uncachedCheck = await compareChecks(backend.root, db, { cache: "no-cache", alembic: 0, dmw: repeats.uncached, budgetMs: BUDGET_MS });
      const cleanCheck = await compareChecks(clean.root, db, { cache: warm, alembic: 1, dmw: 1, budgetMs: 0, minimum: 1 });
      if (cleanCheck.alembicOperations.length > 0 || cleanCheck.dmwDatabaseDrift.length > 0) {
        log(`  WARNING the drift-free variant is not drift-free: alembic ${cleanCheck.alembicOperations.join(", ")}; dmw ${cleanCheck.dmwDatabaseDrift.join(", ")}`);
      }
      log("  language server: cold opens (parse cache warm and without it), model and migration edits");
      const lsp = await benchLanguageServer({ backend, databaseUrl: db.url, coldRuns: repeats.process,
        uncachedRuns: repeats.uncached,
        editRuns: repeats.edit,
        budgetMs: BUDGET_MS,
        cacheDir: warm.cacheDir,
        ...(process.env[PROFILE_DIR_ENV] ? { profileDir: process.env[PROFILE_DIR_ENV] } : {}),
      });
      const alembicCheck = figure(check.alembicMs);
      const checkDatabase = figure(check.dmwMs);
      const result: SizeResult = {
        models: size.models,
        migrations: size.migrations,
        columns: backend.columnCount,
        peakRssMb: lsp.peakRssMb,
        peakRssNoCacheMb: lsp.peakRssNoCacheMb,
        peakRssWarmMb: lsp.peakRssWarmMb,
        introspectedTables: introspection.tables,
        load: { start: loadAtStart, end: loadavg()[0] },
        figures: {
          coldServer: figure(lsp.coldMs),
          coldServerNoCache: figure(lsp.coldNoCacheMs),
          coldCheck: figure(coldCheck),
          coldCheckEdited: figure(coldCheckEdited),
          coldCheckNoCache: figure(coldCheckNoCache),
          modelEdit: figure(lsp.modelEditMs),
          modelUndo: figure(lsp.modelUndoMs),
          migrationEdit: figure(lsp.migrationEditMs),
          migrationUndo: figure(lsp.migrationUndoMs),
          introspection: figure(introspection.ms),
          lint: figure(lint),
          lintNoCache: figure(lintNoCache),
          lintEdited: figure(lintEdited),
          checkDatabase,
          checkDatabaseEdited: figure(checkEdited),
          checkDatabaseNoCache: figure(uncachedCheck.dmwMs),
          alembicCheck,
        },
        cpu: {
          coldServer: figure(lsp.coldCpuMs),
          coldServerNoCache: figure(lsp.coldNoCacheCpuMs),
          coldCheck: figure(cpuOf.coldCheck ?? []),
          coldCheckEdited: figure(cpuOf.coldCheckEdited ?? []),
          coldCheckNoCache: figure(cpuOf.coldCheckNoCache ?? []),
          modelEdit: figure(lsp.modelEditCpuMs),
          migrationEdit: figure(lsp.migrationEditCpuMs),
          lint: figure(cpuOf.lint ?? []),
          lintNoCache: figure(cpuOf.lintNoCache ?? []),
          lintEdited: figure(cpuOf.lintEdited ?? []),
          checkDatabase: figure(check.dmwCpuMs),
          checkDatabaseEdited: figure(cpuOf.checkDatabaseEdited ?? []),
          checkDatabaseNoCache: figure(uncachedCheck.dmwCpuMs),
          alembicCheck: figure(check.alembicCpuMs),
        },
        check: {
          alembicAddColumns: check.alembicAddColumns,
          dmwDatabaseDrift: check.dmwDatabaseDrift,
          alembicOperations: check.alembicOperations,
          agree: check.agree && uncachedCheck.dmwDatabaseDrift.join() === check.dmwDatabaseDrift.join(),
          ratio: alembicCheck.median / checkDatabase.median,
          cpuRatio: figure(check.alembicCpuMs).median / figure(check.dmwCpuMs).median,
          ratioNoCache: alembicCheck.median / figure(uncachedCheck.dmwMs).median,
          ratioEdited: alembicCheck.median / figure(checkEdited).median,
          plain: { alembicOperations: cleanCheck.alembicOperations, dmwDatabaseDrift: cleanCheck.dmwDatabaseDrift },
        },
      };
      return { result, postgres };
    } finally {
      await db.drop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** bench/results/<date>.json, never overwriting an earlier result. */
function resultPath(): string {
  const dir = join(REPO_ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/:/g, "-").replace(/\..*$/, "");
  let path = join(dir, `${stamp}.json`);
  for (let i = 2; existsSync(path); i++) path = join(dir, `${stamp}-${i}.json`);
  return path;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: "string" }, quick: { type: "boolean" }, "cpu-prof": { type: "string" }, budget: { type: "string" } }, strict: true });
  if (values.budget !== undefined) {
    if (!/^\d+$/.test(values.budget)) throw new Error("--budget takes whole seconds, e.g. 20");
    BUDGET_MS = Number(values.budget) * 1000;
  }
  if (values["cpu-prof"]) process.env[PROFILE_DIR_ENV] = resolve(values["cpu-prof"]);
  const quick = values.quick === true;
  const sizes = parseSizes(values.sizes ?? (quick ? "50/100" : "50/100,200/400,500/1000"));
  if (!existsSync(join(REPO_ROOT, "dist", "server.js"))) throw new Error("dist/server.js is missing: run `npm run build` (npm run bench does)");
  ensureVenv();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const cpuList = cpus();
  const machine = {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? "unknown",
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    python: pythonVersions(),
    postgres: "",
  };
  log(`machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGb} GB RAM, Node ${machine.node}, ${machine.python}`);
  const results: SizeResult[] = [];
  for (const size of sizes) {
    const { result, postgres } = await benchSize(size, quick, log);
    machine.postgres = postgres;
    results.push(result);
  }
  const targets = judgeTargets(results);
  log(`\nPostgreSQL ${machine.postgres}\n`);
  log(renderTable(results));
  log(`\n${renderCpuTable(results)}`);
  log(`\n${renderTargets(targets)}\n`);
  log(renderDrift(results));
  const path = resultPath();
  writeFileSync(path, `${JSON.stringify({ date: new Date().toISOString(), machine, results, targets }, null, 2)}\n`, { flag: "wx" });
  log(`\nresults written to ${path}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
