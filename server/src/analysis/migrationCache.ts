// Parsed migration files, reused while a file's text is unchanged. The language server keeps one
// cache per workspace and re-analyses on every edit: only the edited file is parsed again.
import { parseMigration } from "../history/parseMigration";
import type { MigrationFile } from "../history/types";

export class MigrationCache {
  private readonly entries = new Map<string, { text: string; file: MigrationFile }>();

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
