// Language-server figures through the real server over stdio: cold open -> first complete set of
// diagnostics (process start included), model edit -> drift diagnostic and back, migration edit ->
// lint diagnostic and back, and the server's peak RSS (VmHWM).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { LspTestClient, uri } from "../test/helpers/lspClient";
import { serverLaunch } from "../client/src/serverOptions";
import { REPO_ROOT } from "../test/helpers/alembic";
import { cacheEnv, type CacheMode } from "./compare";
import type { GeneratedBackend } from "./generate";
import { processCpuMs, timeRuns } from "./stats";

const GUARD_MS = 300_000;

export interface LspFigures {
  /** Cold opens with the parse cache warm (the usual case: the workspace was open before). */
  coldMs: number[];
  /** Cold opens without the parse cache (the first time, or DMW_NO_CACHE=1). */
  coldNoCacheMs: number[];
  coldNoCacheCpuMs: number[];
  /** Peak RSS of a server without the parse cache, through its first complete analysis. */
  peakRssNoCacheMb: number;
  /** The same with the parse cache warm (the server that then takes the edits). */
  peakRssWarmMb: number;
  modelEditMs: number[];
  modelUndoMs: number[];
  migrationEditMs: number[];
  migrationUndoMs: number[];
  /** Peak RSS of the warm server after all the edits below. */
  peakRssMb: number;
  /** Server CPU time (user + system) to the first round, and during each edit -> diagnostic. */
  coldCpuMs: number[];
  modelEditCpuMs: number[];
  migrationEditCpuMs: number[];
}

export interface LspBenchOptions {
  backend: GeneratedBackend;
  databaseUrl: string;
  coldRuns: number;
  /** Cold opens without the parse cache. */
  uncachedRuns: number;
  editRuns: number;
  /** The bench's own parse cache folder (never the user's). */
  cacheDir: string;
  /** Wall-time budget for the cold opens and for the edit loop each. */
  budgetMs?: number;
  /** Write a CPU profile of every server process to this folder (bench/profiledServer.cjs). */
  profileDir?: string;
}

/** Peak resident set size of a process in MB, from /proc (Linux); NaN elsewhere. */
export function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return kb ? Number(kb[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function startServer(options: LspBenchOptions, cache: CacheMode): Promise<LspTestClient> {
  const profiled = options.profileDir ? { command: { file: join(__dirname, "profiledServer.cjs"), args: ["--stdio"] } } : {};
  const env = { ...cacheEnv(cache), ...(options.profileDir ? { DMW_BENCH_PROFILE_DIR: options.profileDir } : {}) };
  // The process as the VS Code client starts it (its V8 options), over stdio.
  const { execArgv } = serverLaunch(REPO_ROOT, false);
  return LspTestClient.start({ root: options.backend.root, settings: { databaseUrl: options.databaseUrl }, timeoutMs: GUARD_MS, env, execArgv, ...profiled });
}

/** Spawn -> the first analysis round published (its status notification follows its diagnostics). */
async function coldOpen(options: LspBenchOptions, cache: CacheMode): Promise<{ ms: number; cpuMs: number; client: LspTestClient }> {
  const started = performance.now();
  const client = await startServer(options, cache);
  await client.waitFor("the first analysis", () => client.statuses.length > 0);
  const ms = performance.now() - started;
  const cpuMs = processCpuMs(client.child?.pid);
  const drift = options.backend.driftField;
  if (drift) await client.diagnosticsFor(drift.file, "the uncovered model field", (d) => d.some((x) => String(x.message).includes(drift.column)));
  return { ms, cpuMs, client };
}

function lineIndex(text: string, needle: string): number {
  const line = text.split("\n").findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`"${needle}" not in the generated file`);
  return line;
}

/** Sends edited text, waits for `appeared`; sends the original back, waits for `gone`. */
async function editAndUndo(
  client: LspTestClient,
  file: string,
  original: string,
  edited: string,
  appeared: (d: Diagnostic[]) => boolean,
  gone: (d: Diagnostic[]) => boolean,
): Promise<[number, number, number]> {
  const cpuBefore = processCpuMs(client.child?.pid);
  let started = performance.now();
  await client.change(file, edited);
  await client.diagnosticsFor(file, "the edit's diagnostic", appeared);
  const edit = performance.now() - started;
  const cpu = processCpuMs(client.child?.pid) - cpuBefore;
  started = performance.now();
  await client.change(file, original);
  await client.diagnosticsFor(file, "the diagnostic to go", gone);
  return [edit, performance.now() - started, cpu];
}

/**
 * Waits until the server has published nothing for `quietMs`: each edit then meets an idle server
 * (a person switching files), not the second phase of the last edit's analysis (the lint round
 * that follows the drift diagnostics).
 */
async function settled(client: LspTestClient, quietMs = 50): Promise<void> {
  const published = () => client.statuses.length;
  for (let seen = published(); ; ) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    if (published() === seen) return;
    seen = published();
  }
}

/** The database round follows the offline one (drift, then lint): after it the first analysis is complete. */
async function databaseRound(client: LspTestClient): Promise<void> {
  await client.waitFor("the database round", () => client.statuses.some((s) => !s.offline || s.problem !== undefined));
}

/**
 * Waits until the server process has used no CPU for a while: after the database round it still
 * prepares for edits what came from the cache (the models' per-file scans), and that belongs to
 * the start (its memory to the first analysis's peak), not to the first edit.
 */
async function idle(client: LspTestClient, quietMs = 300, limitMs = 30_000): Promise<void> {
  const pid = client.child?.pid;
  const started = performance.now();
  let cpu = processCpuMs(pid);
  let quietSince = performance.now();
  while (performance.now() - started < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = processCpuMs(pid);
    if (!(now - cpu <= 10)) quietSince = performance.now();
    cpu = now;
    if (performance.now() - quietSince >= quietMs) return;
  }
}

export async function benchLanguageServer(options: LspBenchOptions): Promise<LspFigures> {
  const { backend } = options;
  const warm: CacheMode = { cacheDir: options.cacheDir };
  // Without the cache: each open parses every file, as the very first one on a project does.
  const coldNoCacheCpuMs: number[] = [];
  let peakRssNoCacheMb = 0;
  const coldNoCacheMs = await timeRuns(options.uncachedRuns, async () => {
    const { ms, cpuMs, client } = await coldOpen(options, "no-cache");
    coldNoCacheCpuMs.push(cpuMs);
    await databaseRound(client);
    await idle(client);
    peakRssNoCacheMb = Math.max(peakRssNoCacheMb, peakRssMb(client.child?.pid));
    await client.stop();
    return ms;
  }, options.budgetMs, Math.min(2, options.uncachedRuns));
  // One open to fill the cache (if the dmw runs before did not), then the measured warm opens.
  const priming = await coldOpen(options, warm);
  await databaseRound(priming.client);
  await priming.client.stop();
  const coldCpuMs: number[] = [];
  const coldMs = await timeRuns(Math.max(0, options.coldRuns - 1), async () => {
    const { ms, cpuMs, client } = await coldOpen(options, warm);
    coldCpuMs.push(cpuMs);
    await client.stop();
    return ms;
  }, options.budgetMs, 2);
  const last = await coldOpen(options, warm);
  coldMs.push(last.ms);
  coldCpuMs.push(last.cpuMs);
  const client = last.client;
  // The database read follows the offline round; start editing once its analysis is out and the
  // server has made ready for edits what it took from the cache.
  await databaseRound(client);
  await idle(client);
  const peakRssWarmMb = peakRssMb(client.child?.pid);

  // Model edit: Entity0.notes becomes varchar(80), a type change no migration covers.
  const model = backend.modelFiles[0];
  const modelText = readFileSync(model, "utf8");
  const notesLine = lineIndex(modelText, "    notes: str | None = None");
  const modelEdited = modelText.replace("    notes: str | None = None", "    notes: str | None = Field(default=None, max_length=80)");
  const onNotes = (d: Diagnostic[]) => d.some((x) => x.range.start.line === notesLine);
  await client.open(model, modelText);
  // Migration edit: the last add_column becomes NOT NULL without a default, which lint flags.
  const migration = backend.migrationFiles[backend.migrationFiles.length - 1];
  const migrationText = readFileSync(migration, "utf8");
  const migrationEdited = migrationText.replace("sa.Integer(), nullable=True))", "sa.Integer(), nullable=False))");
  if (migrationEdited === migrationText) throw new Error("the last generated migration has no add_column to edit");
  const rounds = client.statuses.length;
  await client.open(migration, migrationText);
  await client.waitFor("the analysis after opening", () => client.statuses.length > rounds);
  const baseline = new Set((client.diagnostics.get(uri(migration)) ?? []).map((d) => String(d.code)));
  const newCode = (d: Diagnostic[]) => d.some((x) => !baseline.has(String(x.code)));

  const modelEditMs: number[] = [];
  const modelUndoMs: number[] = [];
  const migrationEditMs: number[] = [];
  const migrationUndoMs: number[] = [];
  const modelEditCpuMs: number[] = [];
  const migrationEditCpuMs: number[] = [];
  const editsStarted = performance.now();
  for (let i = 0; i < options.editRuns; i++) {
    if (i >= 3 && performance.now() - editsStarted > (options.budgetMs ?? Number.POSITIVE_INFINITY)) break;
    const [edit, undo, cpu] = await editAndUndo(client, model, modelText, modelEdited, onNotes, (d) => !onNotes(d));
    modelEditMs.push(edit);
    modelUndoMs.push(undo);
    modelEditCpuMs.push(cpu);
    await settled(client);
    const [lintEdit, lintUndo, lintCpu] = await editAndUndo(client, migration, migrationText, migrationEdited, newCode, (d) => !newCode(d));
    migrationEditMs.push(lintEdit);
    migrationUndoMs.push(lintUndo);
    migrationEditCpuMs.push(lintCpu);
    // The undo's drift round clears the lint diagnostic; its lint round still runs after it.
    await settled(client);
  }
  const peak = peakRssMb(client.child?.pid);
  await client.stop();
  return {
    coldMs,
    coldNoCacheMs,
    coldNoCacheCpuMs,
    peakRssNoCacheMb,
    peakRssWarmMb,
    modelEditMs,
    modelUndoMs,
    migrationEditMs,
    migrationUndoMs,
    peakRssMb: peak,
    coldCpuMs,
    modelEditCpuMs,
    migrationEditCpuMs,
  };
}

