// Which files of the version folders Alembic loads as revisions: `*.py` directly inside each
// folder (recursively with `recursive_version_locations`), except `__init__.py` and editor lock
// files (`.#name.py`), as alembic/script/base.py does (`_load_revisions`, 1.20.1).
// The one place the analysis lists a folder; the language server may pass its own list instead.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { ProjectLayout } from "../project/types";

const SKIPPED_FILE = /^(__init__\.py|\.#.*)$/;
const SKIPPED_DIR = /^(__pycache__|\..*)$/;

export function listMigrationFiles(layout: Pick<ProjectLayout, "versionsDirs" | "recursiveVersionLocations">): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      // A missing folder is reported by project discovery (config-missing-versions-dir).
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (layout.recursiveVersionLocations && !SKIPPED_DIR.test(entry.name)) visit(path);
      } else if (entry.name.endsWith(".py") && !SKIPPED_FILE.test(entry.name)) {
        out.push(path);
      }
    }
  };
  for (const dir of layout.versionsDirs) visit(dir);
  return [...new Set(out)].sort();
}
