// `dmw check`: drift between models and migration history (and, with --database-url, the live
// database), printed compiler-style or as JSON.
// Exit codes (public contract): 0 no error-level finding, 1 drift or graph errors, 2 usage errors
// or input that cannot be read at all (missing root folder, no usable alembic.ini, a database
// given with --database-url that cannot be read); findings are still printed in that last case.
import { resolve } from "node:path";
import { compareWithDatabase } from "../analysis/compareWithDatabase";
import {
  checkModelsKey,
  checkSummaryKey,
  checkSummaryStoreFor,
  summarizeAnalysis,
  withoutData,
  type CheckKeys,
  type CheckSchemas,
  type CheckSummary,
  type CheckSummaryStore,
} from "../analysis/checkSummary";
import { checkVerdictStoreFor } from "../analysis/checkVerdict";
import { nextTurn } from "../analysis/eventLoop";
import { cacheDirectory } from "../analysis/parseCache";
import { listMigrationFiles } from "../analysis/migrationFiles";
import { readProjectDatabase, type ProjectDatabase } from "../database/projectDatabase";
import type { Finding } from "../findings/types";
import { discoverProject } from "../project/discover";
import type { ProjectLayout } from "../project/types";
import { isDirectory, parseOptions, readTextOrUndefined, UsageError } from "./args";
import { exitCodeFor, formatFindings, type OutputFormat } from "./format";

export const CHECK_USAGE = `usage: dmw check [options]

Report where the SQLModel models, the Alembic migration history and (optionally) a live
PostgreSQL database disagree. No database is needed without --database-url.

options:
  --root DIR            project folder holding alembic.ini, or its parent (default: .)
  --models GLOB         model files, relative to the root (default: app/models/*.py or
                        app/models.py beside alembic.ini, else what env.py imports)
  --versions DIR        migration folder, relative to the root (default: from alembic.ini)
  --format text|json    output format (default: text)
  --database-url URL    also compare with this database (read-only); without it the URL
                        comes from DATABASE_URL, a .env file, or sqlalchemy.url in alembic.ini
  --database-schema S   PostgreSQL schema holding the tables (default: public)
  --no-database         do not read any database, even when a URL is configured
  --no-cache            analyse every migration and model file again, without the cache
                        (also DMW_NO_CACHE=1; its folder: DMW_CACHE_DIR)
  -h, --help            show this help

exit status: 0 no errors, 1 drift or history errors found, 2 usage error, unusable project,
or a --database-url database that cannot be read
`;

/** Findings that leave nothing to analyse: the command exits with 2 after printing them. */
const UNUSABLE_PROJECT = new Set(["config-missing-alembic-ini", "config-unreadable-alembic-ini"]);

interface CheckArgs {
  root: string;
  models?: string;
  versions?: string;
  format: OutputFormat;
  databaseUrl?: string;
  databaseSchema?: string;
  noDatabase?: boolean;
  noCache?: boolean;
}

export function parseCheckArgs(argv: string[]): CheckArgs | "help" {
  const values = parseOptions(argv, {
    root: { type: "string" },
    models: { type: "string" },
    versions: { type: "string" },
    format: { type: "string" },
    "database-url": { type: "string" },
    "database-schema": { type: "string" },
    "no-database": { type: "boolean" },
    "no-cache": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return "help";
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not '${format}'`);
  for (const flag of ["root", "models", "versions", "database-url", "database-schema"] as const) {
    if (values[flag] === "") throw new UsageError(`--${flag} needs a value`);
  }
  return {
    root: values.root ?? ".",
    format,
    ...(values.models !== undefined ? { models: values.models } : {}),
    ...(values.versions !== undefined ? { versions: values.versions } : {}),
    ...(values["database-url"] !== undefined ? { databaseUrl: values["database-url"] } : {}),
    ...(values["database-schema"] !== undefined ? { databaseSchema: values["database-schema"] } : {}),
    ...(values["no-database"] ? { noDatabase: true } : {}),
    ...(values["no-cache"] ? { noCache: true } : {}),
  };
}

/**
 * Seam to the live-database reader (server/src/database): the URL from --database-url, else
 * DATABASE_URL, a .env beside alembic.ini or at the root, else sqlalchemy.url; read once,
 * read-only. A problem comes back as one finding (password masked) and the offline analysis goes
 * on; for a URL not passed explicitly that finding is a warning.
 */
export async function readDatabaseForCheck(args: CheckArgs, alembicIni: string | undefined, root: string): Promise<ProjectDatabase> {
  if (args.noDatabase) return {};
  return readProjectDatabase({
    ...(args.databaseUrl !== undefined ? { explicit: args.databaseUrl } : {}),
    ...(alembicIni ? { alembicIni } : {}),
    workspaceRoot: root,
    ...(args.databaseSchema !== undefined ? { schema: args.databaseSchema } : {}),
  });
}

export async function checkCommand(argv: string[], cwd = process.cwd()): Promise<number> {
  let args: CheckArgs | "help";
  try {
    args = parseCheckArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`dmw check: ${error.message}\n\n${CHECK_USAGE}`);
    return 2;
  }
  if (args === "help") {
    process.stdout.write(CHECK_USAGE);
    return 0;
  }
  const root = resolve(cwd, args.root);
  if (!isDirectory(root)) {
    process.stderr.write(`dmw check: the root folder ${args.root} does not exist or is not a folder\n`);
    return 2;
  }

  const layout = discoverProject(root, {
    ...(args.models !== undefined ? { modelsGlob: args.models } : {}),
    ...(args.versions !== undefined ? { versionsDir: args.versions } : {}),
  });
  if (layout.findings.some((f) => UNUSABLE_PROJECT.has(f.code))) {
    process.stdout.write(formatFindings(layout.findings, args.format, cwd));
    return 2;
  }

  // The database is read while the offline analysis runs: PostgreSQL does the catalog work in its
  // own process, and the analysis gives the event loop a turn between files so the read progresses.
  // Settled into a value at once, so a failure is never an unhandled rejection meanwhile.
  const reading = readDatabaseForCheck(args, layout.alembicIni, root).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const inputs = await readInputs(layout, args.noCache);
  // With the input files unchanged since a check against a database, its verdict may still hold:
  // the offline result is then loaded only if the database changed since.
  const key = inputs.keys?.all;
  const verdicts = key !== undefined && !args.noDatabase ? checkVerdictStoreFor(layout) : undefined;
  const verdict = key !== undefined ? verdicts?.get(key) : undefined;
  let summary = verdict ? undefined : await offlineSummary(layout, inputs, args.noCache);
  const settled = await reading;
  if ("error" in settled) throw settled.error;
  const read = settled.value;

  const findings: Finding[] = [];
  let databaseUnreadable = false;
  if (read.problem) {
    // Not there: the offline findings are still worth printing. Only an explicitly requested
    // database that cannot be read makes the run unusable (exit 2).
    findings.push(read.problem);
    databaseUnreadable = read.resolved?.origin === "explicit";
  }
  if (read.database) {
    // The fingerprint alone tells whether the kept verdict holds: the catalog is made into a
    // snapshot only for a comparison.
    const database = read.database.fingerprint();
    if (verdict?.database === database) {
      findings.push(...verdict.findings);
    } else {
      summary ??= await offlineSummary(layout, inputs, args.noCache);
      const { models, history } = await summary.schemas();
      const compared = [...summary.findings, ...compareWithDatabase(layout, read.database.snapshot(), models, history).findings];
      findings.push(...compared);
      if (key !== undefined) verdicts?.save(key, { database, findings: compared.map(withoutData) }, true);
    }
  } else {
    summary ??= await offlineSummary(layout, inputs, args.noCache);
    findings.push(...summary.findings);
  }
  process.stdout.write(formatFindings(findings, args.format, cwd));
  return databaseUnreadable ? 2 : exitCodeFor(findings);
}

interface CheckInputs {
  migrationFiles: string[];
  /** Each input file's text, read once. */
  readFile: (path: string) => string | undefined;
  /** The keys of the offline result (checkSummaryKey, checkModelsKey); undefined when the cache is off. */
  keys?: CheckKeys;
}

/** Reads every model and migration file and, with the cache on, hashes them into the offline result's key. */
async function readInputs(layout: ProjectLayout, noCache: boolean | undefined): Promise<CheckInputs> {
  const migrationFiles = listMigrationFiles(layout);
  const texts = await readInterleaved([...migrationFiles, ...layout.modelFiles]);
  const readFile = (path: string): string | undefined => {
    if (!texts.has(path)) texts.set(path, readTextOrUndefined(path));
    return texts.get(path);
  };
  const cached = !noCache && cacheDirectory() !== undefined;
  const keys: CheckKeys | undefined = cached ? { all: checkSummaryKey(layout, migrationFiles, readFile), models: checkModelsKey(layout, readFile) } : undefined;
  await nextTurn();
  return { migrationFiles, readFile, ...(keys ? { keys } : {}) };
}

/** A check's offline result: its findings, and the schemas a comparison with a database reads. */
interface OfflineResult {
  findings: Finding[];
  schemas(): Promise<CheckSchemas>;
}

/**
 * The offline analysis as a check needs it: the last run's, when no input file changed since
 * (the layout, every model and migration file's text), else a new one, which is then kept. Of a
 * kept result only the findings are read at first; the schemas when a database asks for them
 * (should they be missing, the analysis is made again).
 */
async function offlineSummary(layout: ProjectLayout, inputs: CheckInputs, noCache: boolean | undefined): Promise<OfflineResult> {
  const { keys } = inputs;
  const store = keys ? checkSummaryStoreFor(layout) : undefined;
  const findings = keys ? store?.findings(keys) : undefined;
  if (findings && keys) {
    let schemas: Promise<CheckSchemas> | undefined;
    return { findings, schemas: () => (schemas ??= Promise.resolve(store?.schemas(keys) ?? analyse(layout, inputs, noCache, store))) };
  }
  const summary = await analyse(layout, inputs, noCache, store);
  return { findings: summary.findings, schemas: async () => summary };
}

/**
 * A new offline analysis, kept for the next run in `store` (the one that was just asked: it knows
 * which of its files turned out damaged and must be written again).
 */
async function analyse(layout: ProjectLayout, inputs: CheckInputs, noCache: boolean | undefined, store: CheckSummaryStore | undefined): Promise<CheckSummary> {
  const { migrationFiles, readFile, keys } = inputs;
  // Loaded only now: the parsers (tree-sitter's native module among them) take a while to load.
  const [{ analyzeProjectInterleaved }, { runCaches }] = await Promise.all([import("../analysis/analyzeProject.js"), import("./runCaches.js")]);
  const caches = runCaches(layout, noCache);
  const analysis = await analyzeProjectInterleaved(layout, readFile, { cache: caches.migrations, modelsCache: caches.models, migrationFiles });
  caches.save();
  const summary = summarizeAnalysis(analysis);
  if (keys) store?.save(keys, summary);
  return summary;
}

/**
 * Reads the files, giving the event loop a turn about every `sliceMs`: the database read started
 * before needs a few turns (connection, authentication, transaction) before it can send its
 * catalog queries, which PostgreSQL then answers while this process goes on.
 */
async function readInterleaved(paths: readonly string[], sliceMs = 4): Promise<Map<string, string | undefined>> {
  const texts = new Map<string, string | undefined>();
  let sliceStart = performance.now();
  for (const path of paths) {
    texts.set(path, readTextOrUndefined(path));
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  return texts;
}
