// Parsed model files by path, reused while their text is unchanged; and built tables by table
// class, reused while every file the build read is unchanged (so an edit rebuilds only the tables
// it can affect).
import { scanFile, type ScannedClass, type ScannedFile } from "./scan";
import type { BuiltTable } from "./tables";

/** A table build's result: the table, or the message of the error that stopped it. */
export type BuildOutcome = { built: BuiltTable } | { error: string };

interface CachedBuild {
  /** Every file the build read, with the parse it read (compared by identity). */
  files: Map<string, ScannedFile>;
  outcome: BuildOutcome;
}

export class ModelScanCache {
  private readonly entries = new Map<string, { text: string; scanned: ScannedFile }>();
  private builds = new Map<ScannedClass, CachedBuild>();
  private buildsKey = "";

  scan(path: string, text: string): ScannedFile {
    const hit = this.entries.get(path);
    if (hit && hit.text === text) return hit.scanned;
    const scanned = scanFile(path, text, hit?.scanned);
    this.entries.set(path, { text, scanned });
    return scanned;
  }

  /** Forgets files that are no longer among the model files. */
  retain(paths: Iterable<string>): void {
    const keep = new Set(paths);
    for (const path of [...this.entries.keys()]) if (!keep.has(path)) this.entries.delete(path);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The earlier build of `cls`, when it was made under the same `key` (what every build reads
   * besides files: options, naming convention, enums, which names the files define) and each file
   * it read still has the same parse.
   */
  builtTable(cls: ScannedClass, key: string, fileOf: (path: string) => ScannedFile | undefined): CachedBuild | undefined {
    if (key !== this.buildsKey) return undefined;
    const hit = this.builds.get(cls);
    if (!hit) return undefined;
    for (const [path, scanned] of hit.files) if (fileOf(path) !== scanned) return undefined;
    return hit;
  }

  /** Replaces the kept builds with this reading's (builds of classes no longer read are dropped). */
  keepBuilds(key: string, builds: Map<ScannedClass, CachedBuild>): void {
    this.buildsKey = key;
    this.builds = builds;
  }
}

export type { CachedBuild };
