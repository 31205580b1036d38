// Parsed model files by path, reused while their text is unchanged; and built tables by table
// class, reused while every file the build read is unchanged (so an edit rebuilds only the tables
// it can affect).
import { scanFile, type ScannedClass, type ScannedFile } from "./scan";
import type { BuiltTable } from "./tables";

/** A table build's result: the table, or the message of the error that stopped it. */
export type BuildOutcome = { built: BuiltTable } | { error: string };

interface CachedBuild {
  /** Every class the build read (an edited class is a new object). */
  classes: ScannedClass[];
  /** Every file whose imports or module-level values the build read, with their signature then. */
  modules: [path: string, signature: string | undefined][];
  outcome: BuildOutcome;
}

export class ModelScanCache {
  private readonly entries = new Map<string, { text: string; scanned: ScannedFile }>();
  private builds = new Map<ScannedClass, CachedBuild>();
  private buildsKey = "";

  /**
   * A file seen before with another text is being edited: its syntax tree is kept for the next
   * edit's incremental re-parse. A first reading (the start, the warm-up) keeps none.
   */
  scan(path: string, text: string): ScannedFile {
    const hit = this.entries.get(path);
    if (hit && hit.text === text) return hit.scanned;
    const scanned = scanFile(path, text, hit?.scanned, hit !== undefined);
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
   * besides files: options, naming convention, enums, which names the files define), each class it
   * read is still among the `current` ones and each file it read has the same imports and values.
   */
  builtTable(cls: ScannedClass, key: string, current: Set<ScannedClass>, signatureOf: (path: string) => string | undefined): CachedBuild | undefined {
    if (key !== this.buildsKey) return undefined;
    const hit = this.builds.get(cls);
    if (!hit) return undefined;
    for (const c of hit.classes) if (!current.has(c)) return undefined;
    for (const [path, signature] of hit.modules) if (signatureOf(path) !== signature) return undefined;
    return hit;
  }

  /** Replaces the kept builds with this reading's (builds of classes no longer read are dropped). */
  keepBuilds(key: string, builds: Map<ScannedClass, CachedBuild>): void {
    this.buildsKey = key;
    this.builds = builds;
  }
}

export type { CachedBuild };
