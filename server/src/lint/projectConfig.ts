// Where lint configuration lives in a project: `[tool.dmw]` in the nearest pyproject.toml (the
// folder of alembic.ini, then up to the project root). The reader is injected, so the language
// server (open buffers) and the CLI (disk) share this code.
import { dirname, join, relative } from "node:path";
import { resolveLintConfig, type LintConfig, type LintConfigProblem } from "./config";
import { RULE_IDS } from "./rules";

export interface LoadedLintConfig {
  config: LintConfig;
  problems: LintConfigProblem[];
  /** The pyproject.toml that was read, if any. */
  pyproject?: string;
}

/** Folders from `start` up to and including `root` (start itself when it lies outside root). */
function foldersUp(start: string, root: string): string[] {
  const out = [start];
  let dir = start;
  while (!relative(root, dir).startsWith("..") && dir !== root) {
    const parent = dirname(dir);
    if (parent === dir) break;
    out.push(parent);
    dir = parent;
  }
  return out;
}

export function loadLintConfig(
  layout: { root: string; alembicDir: string },
  settings: unknown,
  readFile: (path: string) => string | undefined,
): LoadedLintConfig {
  for (const dir of foldersUp(layout.alembicDir, layout.root)) {
    const path = join(dir, "pyproject.toml");
    const text = readFile(path);
    if (text === undefined) continue;
    return { ...resolveLintConfig(settings, text, RULE_IDS), pyproject: path };
  }
  return resolveLintConfig(settings, undefined, RULE_IDS);
}
