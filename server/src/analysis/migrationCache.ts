// Parsed migration files, reused while a file's text is unchanged. The language server keeps one
// cache per workspace and re-analyses on every edit: only the edited file is parsed again.
import { parseMigration } from "../history/parseMigration";
import type { MigrationFile, ReplayResult, RevisionGraph } from "../history/types";

export interface ReplayedHistory {
  graph: RevisionGraph;
  replay: ReplayResult;
}

export class MigrationCache {
  private readonly entries = new Map<string, { text: string; file: MigrationFile }>();
  private lastHistory?: { migrations: readonly MigrationFile[]; key: string; history: ReplayedHistory };

  /**
   * The revision graph and its replay, reused while the parsed migrations are the very same objects
   * (no migration changed) and `key` (what else the replay reads, e.g. the models' naming
   * convention) is the same: a model edit then costs no replay of the whole history.
   */
  history(migrations: readonly MigrationFile[], build: () => ReplayedHistory, key = ""): ReplayedHistory {
    const last = this.lastHistory;
    if (last && last.key === key && last.migrations.length === migrations.length && last.migrations.every((m, i) => m === migrations[i])) {
      return last.history;
    }
    const history = build();
    this.lastHistory = { migrations: [...migrations], key, history };
    return history;
  }

  parse(path: string, text: string): MigrationFile {
    const cached = this.entries.get(path);
    if (cached && cached.text === text) return cached.file;
    const file = parseMigration(path, text);
    this.entries.set(path, { text, file });
    return file;
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
