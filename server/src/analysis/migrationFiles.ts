// Which files of the version folders Alembic loads as revisions: `*.py` directly inside each
// folder (recursively with `recursive_version_locations`), except `__init__.py` and editor lock
// files (`.#name.py`), as alembic/script/base.py does (`_load_revisions`, 1.20.1).
// The one place the analysis lists a folder; the language server may pass its own list instead.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ProjectLayout } from "../project/types";

const SKIPPED_FILE = /^(__init__\.py|\.#.*)$/;
const SKIPPED_DIR = /^(__pycache__|\..*)$/;

interface FolderEntries {
  files: string[];
  folders: string[];
}

/** One folder's candidate revision files and subfolders; undefined when it cannot be read. */
function readFolder(dir: string): FolderEntries | undefined {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    // A missing folder is reported by project discovery (config-missing-versions-dir).
    return undefined;
  }
  const out: FolderEntries = { files: [], folders: [] };
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIR.test(entry.name)) out.folders.push(join(dir, entry.name));
    } else if (entry.name.endsWith(".py") && !SKIPPED_FILE.test(entry.name)) {
      out.files.push(join(dir, entry.name));
    }
  }
  return out;
}

function collect(layout: Pick<ProjectLayout, "versionsDirs" | "recursiveVersionLocations">, read: (dir: string) => FolderEntries | undefined): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    const entries = read(dir);
    if (!entries) return;
    out.push(...entries.files);
    if (layout.recursiveVersionLocations) for (const folder of entries.folders) visit(folder);
  };
  for (const dir of layout.versionsDirs) visit(dir);
  return [...new Set(out)].sort();
}

export function listMigrationFiles(layout: Pick<ProjectLayout, "versionsDirs" | "recursiveVersionLocations">): string[] {
  return collect(layout, readFolder);
}

/** How far apart two modification times must be to tell them apart on every file system we meet. */
const MTIME_GRANULARITY_MS = 2000;

/**
 * `listMigrationFiles` for a long-lived process (the language server): a folder is listed again
 * only when its modification time moved (a file was added, removed or renamed in it), so an edit
 * in a project with a thousand revisions costs one `stat` per folder instead of a listing.
 * A listing read within the file system's time granularity of the folder's last change is not
 * trusted (a change in the same tick would not move the time), as git does with its index.
 */
export class MigrationListing {
  private readonly folders = new Map<string, { mtimeMs: number; readAtMs: number; entries: FolderEntries | undefined }>();

  constructor(private readonly now: () => number = Date.now) {}

  list(layout: Pick<ProjectLayout, "versionsDirs" | "recursiveVersionLocations">): string[] {
    return collect(layout, (dir) => this.read(dir));
  }

  private read(dir: string): FolderEntries | undefined {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(dir).mtimeMs;
    } catch {
      this.folders.delete(dir);
      return undefined;
    }
    const known = this.folders.get(dir);
    if (known && known.mtimeMs === mtimeMs && known.readAtMs - mtimeMs > MTIME_GRANULARITY_MS) return known.entries;
    const readAtMs = this.now();
    const entries = readFolder(dir);
    this.folders.set(dir, { mtimeMs, readAtMs, entries });
    return entries;
  }
}
