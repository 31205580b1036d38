// Parsed migration files, reused while a file's text is unchanged. The language server keeps one
// cache per workspace and re-analyses on every edit: only the edited file is parsed again. With a
// ParseStore behind it, a file not in memory is looked up on disk before it is parsed, so a new
// process (a CLI run, an editor start) parses only what changed since the last save. With a
// ReplayCheckpointStore too, such a process also replays only from the newest revision on, when
// nothing before it changed.
import { parseMigration } from "../history/parseMigration";
import { replayHistory } from "../history/replay";
import type { ReplayCheckpoint } from "../history/replayState";
import { buildRevisionGraph, reuseRevisionGraph } from "../history/revisionGraph";
import type { MigrationFile, ReplayOptions, ReplayResult, RevisionGraph } from "../history/types";
import { nextTurn } from "./eventLoop";
import { entryKey, type ParseStore } from "./parseCache";
import { checkpointKey, type KeptCheckpoint, type ReplayCheckpointStore } from "./replayCheckpoints";

export interface ReplayedHistory {
  graph: RevisionGraph;
  replay: ReplayResult;
}

/** The replay state before the revision an edit changed, to replay only from there next time. */
interface HistoryCheckpoint {
  /** Index in the graph's order of the revision the checkpoint precedes. */
  index: number;
  state: ReplayCheckpoint;
  /** The replay's findings before that revision (a prefix of the replay's findings). */
  findingsBefore: number;
}

export class MigrationCache {
  private readonly entries = new Map<string, { text: string; file: MigrationFile; key?: string }>();
  private lastHistory?: { migrations: readonly MigrationFile[]; key: string; history: ReplayedHistory; checkpoint?: HistoryCheckpoint };
  /**
   * The checkpoint of the latest replay, for `save` to keep on disk; its key there is computed by
   * `save` (rarely called in the language server, where every migration edit replays).
   */
  private checkpointToKeep?: { graph: RevisionGraph; options: string; checkpoint: KeptCheckpoint };

  /**
   * `checkpoints` keeps a replay state between processes; it is used only together with `store`,
   * whose entry keys say which files a kept state was replayed from.
   */
  constructor(
    private readonly store?: ParseStore,
    private readonly checkpoints?: ReplayCheckpointStore,
  ) {}

  /**
   * The revision graph and its replay. Reused whole while the parsed migrations are the very same
   * objects (no migration changed) and `options` (what else the replay reads: the models' naming
   * convention and enums) are equal: a model edit then costs no replay of the history.
   * When migrations changed, the replay starts again from a checkpoint taken before the first
   * changed revision last time, if nothing before it changed: editing one migration over and
   * over replays only the revisions from it to the head. A first replay in this process starts
   * from the checkpoint kept on disk, if one was taken on the same revisions and options.
   */
  history(migrations: readonly MigrationFile[], options: ReplayOptions): ReplayedHistory {
    const key = JSON.stringify(options);
    const last = this.lastHistory?.key === key ? this.lastHistory : undefined;
    if (last && last.migrations.length === migrations.length && last.migrations.every((m, i) => m === migrations[i])) {
      return last.history;
    }
    // The graph reads no option: the last one serves whatever the options were.
    const previous = this.lastHistory;
    const graph = (previous && reuseRevisionGraph(previous.history.graph, previous.migrations, migrations)) ?? buildRevisionGraph([...migrations]);
    // A first replay keeps the state before the newest revision, the one most often edited (as
    // the lint does); the tables that revision changes are then copied, no others.
    const changedAt = last ? firstChangedIndex(last.history.graph, graph) : Math.max(0, graph.order.length - 1);
    const from: KeptCheckpoint | undefined = last
      ? last.checkpoint && last.checkpoint.index <= changedAt
        ? { index: last.checkpoint.index, state: last.checkpoint.state, findings: last.history.replay.findings.slice(0, last.checkpoint.findingsBefore) }
        : undefined
      : this.checkpoints?.find((index) => (index <= changedAt ? this.checkpointKey(graph, index, key) : undefined));
    const replayed = replayHistory(graph, {
      ...options,
      ...(changedAt < graph.order.length ? { checkpointAt: changedAt } : {}),
      ...(from ? { resume: { index: from.index, checkpoint: from.state } } : {}),
    });
    const before = from?.findings ?? [];
    const { checkpoint, findingsAtCheckpoint, ...result } = replayed;
    const replay: ReplayResult = { ...result, findings: [...before, ...result.findings] };
    const history = { graph, replay };
    const findingsBefore = before.length + (findingsAtCheckpoint ?? 0);
    this.lastHistory = {
      migrations: [...migrations],
      key,
      history,
      ...(checkpoint ? { checkpoint: { index: changedAt, state: checkpoint, findingsBefore } } : {}),
    };
    this.checkpointToKeep =
      checkpoint && this.checkpoints && this.store
        ? { graph, options: key, checkpoint: { index: changedAt, state: checkpoint, findings: replay.findings.slice(0, findingsBefore) } }
        : undefined;
    return history;
  }

  /** `checkpointKey` from the parse cache's keys of the files in memory; undefined without the parse cache. */
  private checkpointKey(graph: RevisionGraph, index: number, options: string): string | undefined {
    if (!this.store) return undefined;
    return checkpointKey(graph, index, options, (file) => {
      const entry = this.entries.get(file.path);
      return entry?.file === file ? entry.key : undefined;
    });
  }

  parse(path: string, text: string): MigrationFile {
    return this.lookup(path, text).file;
  }

  /**
   * Parses, ahead of an analysis, the files that are neither in memory nor in the persistent
   * store, and yields to the event loop after every few parses. node-tree-sitter frees a syntax
   * tree only in a finalizer, and finalizers run when the event loop turns: parsing a whole
   * history in one synchronous stretch holds every tree in native memory at once (about 170 MB
   * for 1,000 migrations). Afterwards `parse` answers these files from memory. Also lets a
   * database read in flight make progress between the parses.
   */
  async prepare(files: Iterable<{ path: string; text: string }>, parsesPerTurn = 25): Promise<void> {
    let parsed = 0;
    for (const { path, text } of files) {
      if (!this.lookup(path, text).parsed) continue;
      if (++parsed % parsesPerTurn === 0) await nextTurn();
    }
  }

  private lookup(path: string, text: string): { file: MigrationFile; parsed: boolean } {
    const cached = this.entries.get(path);
    if (cached && cached.text === text) return { file: cached.file, parsed: false };
    const key = this.store ? entryKey(path, text) : undefined;
    const stored = key !== undefined ? this.store?.get(key, path, () => parseMigration(path, text)) : undefined;
    const file = stored ?? parseMigration(path, text);
    this.entries.set(path, { text, file, ...(key !== undefined ? { key } : {}) });
    return { file, parsed: stored === undefined };
  }

  /**
   * Writes what is in memory (the files of the latest analysis) to the persistent store, if there
   * is one and it holds something else, and the latest replay's checkpoint to the checkpoint store
   * likewise. Never throws; true when a file was written.
   */
  save(): boolean {
    if (!this.store) return false;
    const entries = new Map<string, MigrationFile>();
    for (const entry of this.entries.values()) if (entry.key !== undefined) entries.set(entry.key, entry.file);
    const saved = this.store.save(entries);
    const keep = this.checkpointToKeep;
    const keepKey = keep ? this.checkpointKey(keep.graph, keep.checkpoint.index, keep.options) : undefined;
    const kept = keep !== undefined && keepKey !== undefined && this.checkpoints?.save(keepKey, keep.checkpoint) === true;
    this.checkpointToKeep = undefined;
    return saved || kept;
  }

  /** Drops entries for files no longer in the project (deleted or moved). */
  retainOnly(paths: Iterable<string>): void {
    const keep = new Set(paths);
    for (const path of this.entries.keys()) if (!keep.has(path)) this.entries.delete(path);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Index (in the new graph's order) of the first revision that moved or whose file changed. */
function firstChangedIndex(before: RevisionGraph, after: RevisionGraph): number {
  const n = Math.min(before.order.length, after.order.length);
  for (let i = 0; i < n; i++) {
    const revision = after.order[i];
    if (before.order[i] !== revision || before.revisions.get(revision) !== after.revisions.get(revision)) return i;
  }
  return n;
}
