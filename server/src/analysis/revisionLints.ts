// Each revision's lint, kept on disk between runs by `dmw lint` and between sessions by the
// language server: the LintProjectCache of the last run, with files named by the hash of their path
// and text instead of their parsed objects. A new run starts from it, and lintProject's own rules
// decide what still holds (a revision whose file, and the history before it, are unchanged, with
// the same configuration, graph findings and looked-up row estimates): the newest migration edited
// or added is linted alone, and replayed alone too, from the replay state the last run kept before
// it (which holds, by the same rules, while no revision before it changed). One value per project
// in the cache folder (see parseCache.ts).
import { docsUrlFor } from "../docsLocation";
import type { Finding } from "../findings/types";
import type { MigrationFile } from "../history/types";
import { LintProjectCache, type CachedFile, type SourceFile } from "../lint/project";
import type { ProjectLayout } from "../project/types";
import { isPrintable } from "./checkSummary";
import { cacheDirectory, cacheFileFor, entryKey, ValueStore } from "./parseCache";
import { looksLikeStoredReplayState, replayStateOf, storedReplayState, type StoredReplayState } from "./replayCheckpoints";

/**
 * A LintProjectCache as kept on disk: the revisions and their findings (with their quick-fix
 * `data`, for the language server), each file named by the hash of its path and text instead of
 * its parsed object.
 */
export interface KeptRevisionLints {
  key: string;
  order: string[];
  /** Every file the run parsed: path and hash. */
  parsed: [path: string, hash: string][];
  files: KeptRevisionLint[];
  /** The lint's replay state before the revision at `index` of `order`. */
  checkpoint?: StoredReplayState & { index: number };
}

interface KeptRevisionLint {
  path: string;
  hash: string;
  position: number;
  graphKey: string;
  findings: Finding[];
  usesSqlmodel: boolean;
  /** JSON has no undefined: a table without an estimate is kept as null. */
  rows: [table: string, estimate: number | null][];
}

/**
 * The file holds one value, and what of it is still valid is decided per revision. Its key names
 * where documentation links point (the kept findings' quick-fix data holds them): another
 * installation, or another DMW_DOCS_BASE_URL, starts afresh.
 */
export function revisionLintsKey(): string {
  return JSON.stringify(["revisions", docsUrlFor("docs/rules/")]);
}

/** Path -> hash of path and text, for each file: what names a kept revision. */
export function fileHashes(files: readonly SourceFile[]): Map<string, string> {
  return new Map(files.map((f) => [f.path, entryKey(f.path, f.text)]));
}

/** What a run's cache becomes on disk. `hashes`: of the files the run linted (fileHashes). */
export function keepRevisionLints(cache: LintProjectCache, hashes: ReadonlyMap<string, string>): KeptRevisionLints {
  const hashOf = (path: string): string => hashes.get(path) ?? "";
  const checkpoint = cache.checkpoint;
  return {
    ...(checkpoint ? { checkpoint: { index: checkpoint.index, ...storedReplayState(checkpoint.state) } } : {}),
    key: cache.key,
    order: [...cache.order],
    parsed: [...cache.parsed.keys()].map((path): [string, string] => [path, hashOf(path)]),
    files: [...cache.files.values()].map((f) => ({
      path: f.file.path,
      hash: hashOf(f.file.path),
      position: f.position,
      graphKey: f.graphKey,
      findings: f.findings,
      usesSqlmodel: f.usesSqlmodel,
      rows: f.rows.map(([table, estimate]): [string, number | null] => [table, estimate ?? null]),
    })),
  };
}

/**
 * The cache a new run starts from: a kept revision counts only when its file has the same path
 * and text now, and then stands for this run's parse of it (lintProject compares parsed objects).
 */
export function restoreRevisionLints(kept: KeptRevisionLints, hashes: ReadonlyMap<string, string>, migrations: readonly MigrationFile[]): LintProjectCache {
  const parsed = new Map(migrations.map((m) => [m.path, m]));
  const current = (path: string, hash: string): MigrationFile | undefined => (hashes.get(path) === hash ? parsed.get(path) : undefined);
  const cache = new LintProjectCache();
  cache.key = kept.key;
  cache.order = kept.order;
  for (const [path, hash] of kept.parsed) {
    const file = current(path, hash);
    if (file) cache.parsed.set(path, file);
  }
  for (const f of kept.files) {
    const file = current(f.path, f.hash);
    if (!file) continue;
    const rows = f.rows.map(([table, estimate]): [string, number | undefined] => [table, estimate ?? undefined]);
    const entry: CachedFile = { file, position: f.position, graphKey: f.graphKey, findings: f.findings, usesSqlmodel: f.usesSqlmodel, rows };
    cache.files.set(f.path, entry);
  }
  if (kept.checkpoint) cache.checkpoint = { index: kept.checkpoint.index, state: replayStateOf(kept.checkpoint) };
  return cache;
}

const isString = (v: unknown): v is string => typeof v === "string";
const isPair = (v: unknown, second: (x: unknown) => boolean): boolean => Array.isArray(v) && v.length === 2 && isString(v[0]) && second(v[1]);

function looksLikeRevisionLints(value: unknown): value is KeptRevisionLints {
  const kept = value as Partial<KeptRevisionLints> | null;
  return (
    typeof kept === "object" &&
    kept !== null &&
    isString(kept.key) &&
    Array.isArray(kept.order) &&
    kept.order.every(isString) &&
    Array.isArray(kept.parsed) &&
    kept.parsed.every((p) => isPair(p, isString)) &&
    Array.isArray(kept.files) &&
    kept.files.every((f: Partial<KeptRevisionLint> | null) =>
      typeof f === "object" &&
      f !== null &&
      isString(f.path) &&
      isString(f.hash) &&
      typeof f.position === "number" &&
      isString(f.graphKey) &&
      typeof f.usesSqlmodel === "boolean" &&
      Array.isArray(f.findings) &&
      f.findings.every(isPrintable) &&
      Array.isArray(f.rows) &&
      f.rows.every((r) => isPair(r, (e) => e === null || typeof e === "number")),
    ) &&
    (kept.checkpoint === undefined || looksLikeReplayState(kept.checkpoint))
  );
}

function looksLikeReplayState(value: unknown): value is StoredReplayState & { index: number } {
  const index = (value as { index?: unknown } | null)?.index;
  return typeof index === "number" && Number.isInteger(index) && index >= 0 && looksLikeStoredReplayState(value);
}

export type RevisionLintsStore = ValueStore<KeptRevisionLints>;

/** Where a project's last per-revision lint is kept; `undefined` when the cache is turned off. */
export function revisionLintsStoreFor(layout: Pick<ProjectLayout, "alembicDir">, env: Record<string, string | undefined> = process.env): RevisionLintsStore | undefined {
  const directory = cacheDirectory(env);
  return directory ? new ValueStore(cacheFileFor(directory, layout.alembicDir, "lint-revisions"), looksLikeRevisionLints, undefined, false) : undefined;
}
