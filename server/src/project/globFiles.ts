// Files matching a glob under a folder. Node 20 has no fs.glob, so we walk the tree and let
// minimatch decide; its partial match prunes folders the pattern can never enter.
import { readdirSync, statSync } from "node:fs";
import { isAbsolute, join, sep } from "node:path";
import { Minimatch } from "minimatch";

// Folders that never hold a project's own models and can be huge.
const SKIPPED_DIRS = new Set(["node_modules", "__pycache__", "site-packages", ".git", ".hg", ".svn", ".tox", ".mypy_cache", ".pytest_cache", ".ruff_cache"]);

function skipped(name: string): boolean {
  return SKIPPED_DIRS.has(name) || /^\.?venv/.test(name) || name.startsWith(".venv");
}

/** Absolute paths of files matching `pattern` (relative to `base`, or absolute), sorted. */
export function globFiles(base: string, pattern: string): string[] {
  // Walk from the pattern's static prefix: `backend/app/**/models.py` starts at backend/app.
  const segments = toPosix(isAbsolute(pattern) ? pattern : join(base, pattern)).split("/");
  const firstMagic = segments.findIndex((s) => /[*?[\]{}()!+@]/.test(s));
  if (firstMagic < 0) return existingFile(segments.join("/") || "/");
  const start = segments.slice(0, firstMagic).join("/") || "/";
  const relPattern = segments.slice(firstMagic).join("/");
  const matcher = new Minimatch(relPattern, { dot: false, nocomment: true, nonegate: true });
  const out: string[] = [];
  const walk = (dir: string, relDir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing to match there
    }
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (skipped(entry.name)) continue;
        if (matcher.match(rel, true)) walk(path, rel);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && matcher.match(rel)) {
        out.push(path);
      }
    }
  };
  walk(start, "");
  return out.sort();
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

function existingFile(path: string): string[] {
  try {
    return statSync(path).isFile() ? [path] : [];
  } catch {
    return [];
  }
}
