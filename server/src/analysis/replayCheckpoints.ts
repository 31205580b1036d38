// The replay state before the newest revision, kept on disk between runs. The newest migration is
// the one a pull request edits or adds: with the state before it kept, a new process (`dmw check`
// in CI, an editor start) replays that revision alone instead of the whole history. Paired with
// the parse cache, which hands out a kept revision's operations only when they are read, the
// revisions before the checkpoint are then never decoded at all.
//
// A checkpoint is valid for one prefix of the history: the revisions before it, in replay order,
// each with its file's exact text (the parse cache's entry key), and the replay's options. Its key
// is `<index>:<hash of that prefix>`, so a later run knows which prefix to hash before it parses
// the value. One value per project in the cache folder, with the guarantees of parseCache.ts.
import { createHash } from "node:crypto";
import type { Finding } from "../findings/types";
import type { ReplayCheckpoint } from "../history/replayState";
import type { MigrationFile, RevisionGraph } from "../history/types";
import type { ProjectLayout } from "../project/types";
import type { EnumType, Table } from "../schema/types";
import { isPrintable } from "./checkSummary";
import { cacheDirectory, cacheFileFor, ValueStore } from "./parseCache";

/** A replay state kept before the revision at `index` of the graph's order. */
export interface KeptCheckpoint {
  index: number;
  state: ReplayCheckpoint;
  /** The replay's findings for the revisions before `index`. */
  findings: Finding[];
}

/** A replay state as JSON holds it (here and in the kept lint): `createdIn` as entries. */
export interface StoredReplayState {
  tables: Record<string, Table>;
  enums: Record<string, EnumType>;
  createdIn: [table: string, revision: string][];
  unseenChanges: boolean;
}

export function storedReplayState(state: ReplayCheckpoint): StoredReplayState {
  return { tables: { ...state.tables }, enums: { ...state.enums }, createdIn: [...state.createdIn], unseenChanges: state.unseenChanges };
}

export function replayStateOf(stored: StoredReplayState): ReplayCheckpoint {
  return { tables: stored.tables, enums: stored.enums, createdIn: new Map(stored.createdIn), unseenChanges: stored.unseenChanges };
}

/** Enough of a stored replay state's shape to resume from it. */
export function looksLikeStoredReplayState(value: unknown): value is StoredReplayState {
  if (!isObject(value)) return false;
  const { tables, enums, createdIn, unseenChanges } = value;
  return (
    isObject(tables) &&
    Object.values(tables).every((t) => isObject(t) && typeof t.name === "string" && Array.isArray(t.columns)) &&
    isObject(enums) &&
    Array.isArray(createdIn) &&
    createdIn.every((entry) => Array.isArray(entry) && entry.length === 2 && entry.every((part) => typeof part === "string")) &&
    typeof unseenChanges === "boolean"
  );
}

/** As stored: the index is in the key. */
interface StoredCheckpoint extends StoredReplayState {
  findings: Finding[];
}

/**
 * The key of a checkpoint before `graph.order[index]`: the options, then each earlier revision's id
 * and the key of its file's text (`fileKey`, the parse cache's entry key of that parsed file).
 * Undefined when a file's key is not known (nothing can be kept for a history read without the
 * parse cache, or from a file that was parsed again since).
 */
export function checkpointKey(graph: RevisionGraph, index: number, options: string, fileKey: (file: MigrationFile) => string | undefined): string | undefined {
  if (!Number.isInteger(index) || index < 0 || index > graph.order.length) return undefined;
  const hash = createHash("sha1").update(options);
  for (let i = 0; i < index; i++) {
    const revision = graph.order[i];
    const file = graph.revisions.get(revision);
    const key = file ? fileKey(file) : "";
    if (key === undefined) return undefined;
    hash.update("\0").update(revision).update("\0").update(key);
  }
  return `${index}:${hash.digest("hex")}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function looksStored(value: unknown): value is StoredCheckpoint {
  return looksLikeStoredReplayState(value) && Array.isArray((value as Partial<StoredCheckpoint>).findings) && (value as StoredCheckpoint).findings.every(isPrintable);
}

export class ReplayCheckpointStore {
  private readonly values: ValueStore<StoredCheckpoint>;

  constructor(readonly file: string, engine?: string) {
    this.values = new ValueStore(file, looksStored, engine);
  }

  /**
   * The kept checkpoint, if `keyAt` (the key of a checkpoint at an index of the current history;
   * undefined where none may be used) gives the key it was kept under.
   */
  find(keyAt: (index: number) => string | undefined): KeptCheckpoint | undefined {
    const kept = this.values.keptKey();
    if (kept === undefined) return undefined;
    const index = Number(kept.slice(0, kept.indexOf(":")));
    if (!Number.isInteger(index) || keyAt(index) !== kept) return undefined;
    const stored = this.values.get(kept);
    return stored ? { index, state: replayStateOf(stored), findings: stored.findings } : undefined;
  }

  /**
   * Keeps this checkpoint under `key` (`checkpointKey` at the checkpoint's index), unless the file
   * holds it already. True when written.
   */
  save(key: string, checkpoint: KeptCheckpoint): boolean {
    return this.values.save(key, { ...storedReplayState(checkpoint.state), findings: checkpoint.findings });
  }
}

/** Where a project's replay checkpoint is kept; `undefined` when the cache is turned off. */
export function replayCheckpointStoreFor(layout: Pick<ProjectLayout, "alembicDir">, env: Record<string, string | undefined> = process.env): ReplayCheckpointStore | undefined {
  const directory = cacheDirectory(env);
  return directory ? new ReplayCheckpointStore(cacheFileFor(directory, layout.alembicDir, "replay")) : undefined;
}
