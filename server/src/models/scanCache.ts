// Parsed model files by path, reused while their text is unchanged.
import { scanFile, type ScannedFile } from "./scan";

export class ModelScanCache {
  private readonly entries = new Map<string, { text: string; scanned: ScannedFile }>();

  scan(path: string, text: string): ScannedFile {
    const hit = this.entries.get(path);
    if (hit && hit.text === text) return hit.scanned;
    const scanned = scanFile(path, text);
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
}
