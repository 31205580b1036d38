// Which SQLModel the project uses decides how some annotations map (from 0.0.45 a plain `datetime`
// is a timestamp WITH time zone). Read, in order of trust: an installed virtual environment beside
// the project, a lock file, an exact pin in requirements*.txt or pyproject.toml.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";

// smol-toml's type declarations are ESM-only; its package also ships a CommonJS build for require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml } = require("smol-toml") as typeof import("smol-toml", { with: { "resolution-mode": "import" } });

const VENV_DIRS = [".venv", "venv", "env", ".env"];
const LOCK_FILES = ["uv.lock", "poetry.lock", "pdm.lock"];

/** The SQLModel version found in `dirs` (searched in order), or undefined. */
export function detectSqlmodelVersion(dirs: string[]): string | undefined {
  const unique = [...new Set(dirs)];
  for (const dir of unique) {
    const installed = installedVersion(dir);
    if (installed) return installed;
  }
  for (const dir of unique) {
    for (const lock of LOCK_FILES) {
      const version = readText(join(dir, lock), versionFromTomlLock);
      if (version) return version;
    }
    const pipfile = readText(join(dir, "Pipfile.lock"), versionFromPipfileLock);
    if (pipfile) return pipfile;
  }
  for (const dir of unique) {
    for (const name of listDir(dir).filter((n) => /^requirements.*\.txt$/i.test(n)).sort()) {
      const version = readText(join(dir, name), versionFromRequirements);
      if (version) return version;
    }
    const pyproject = readText(join(dir, "pyproject.toml"), versionFromPyproject);
    if (pyproject) return pyproject;
  }
  return undefined;
}

/** Folders worth searching for a project rooted at `root` with alembic.ini in `alembicDir`. */
export function versionSearchDirs(root: string, alembicDir: string): string[] {
  return [alembicDir, root, dirname(alembicDir)];
}

/** `<venv>/lib/python3.x/site-packages/sqlmodel-0.0.47.dist-info` (Windows: `Lib/site-packages`). */
function installedVersion(dir: string): string | undefined {
  for (const venv of VENV_DIRS) {
    const libs = [join(dir, venv, "Lib", "site-packages"), ...listDir(join(dir, venv, "lib")).map((py) => join(dir, venv, "lib", py, "site-packages"))];
    for (const sitePackages of libs) {
      for (const entry of listDir(sitePackages)) {
        const m = /^sqlmodel-([0-9][^-]*)\.dist-info$/i.exec(entry);
        if (m) return m[1];
      }
    }
  }
  return undefined;
}

/** uv.lock / poetry.lock / pdm.lock: `[[package]] name = "sqlmodel" version = "0.0.22"`. */
export function versionFromTomlLock(text: string): string | undefined {
  let doc: unknown;
  try {
    doc = parseToml(text);
  } catch {
    return undefined;
  }
  const packages = (doc as { package?: { name?: unknown; version?: unknown }[] }).package;
  const entry = Array.isArray(packages) ? packages.find((p) => typeof p?.name === "string" && p.name.toLowerCase() === "sqlmodel") : undefined;
  return typeof entry?.version === "string" ? entry.version : undefined;
}

export function versionFromPipfileLock(text: string): string | undefined {
  try {
    const doc = JSON.parse(text) as Record<string, Record<string, { version?: string }> | undefined>;
    const version = doc.default?.sqlmodel?.version ?? doc.develop?.sqlmodel?.version;
    return version?.replace(/^==/, "");
  } catch {
    return undefined;
  }
}

/** Only exact pins tell the version: `sqlmodel==0.0.22`, `sqlmodel[extra] == 0.0.22`. */
export function versionFromRequirements(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*sqlmodel(\[[^\]]*\])?\s*===?\s*([0-9][\w.]*)\s*(;.*)?(#.*)?$/i.exec(line);
    if (m) return m[2];
  }
  return undefined;
}

/** PEP 621 `[project] dependencies` or Poetry's `[tool.poetry.dependencies] sqlmodel = "0.0.22"`. */
export function versionFromPyproject(text: string): string | undefined {
  let doc: { project?: { dependencies?: unknown }; tool?: { poetry?: { dependencies?: Record<string, unknown> } } };
  try {
    doc = parseToml(text) as typeof doc;
  } catch {
    return undefined;
  }
  const deps = doc.project?.dependencies;
  if (Array.isArray(deps)) {
    const pinned = versionFromRequirements(deps.filter((d): d is string => typeof d === "string").join("\n"));
    if (pinned) return pinned;
  }
  const poetry = doc.tool?.poetry?.dependencies?.sqlmodel;
  const spec = typeof poetry === "string" ? poetry : typeof (poetry as { version?: unknown })?.version === "string" ? (poetry as { version: string }).version : undefined;
  return spec && /^=?=?\s*[0-9][\w.]*$/.test(spec.trim()) ? spec.trim().replace(/^=+\s*/, "") : undefined;
}

function readText(path: string, parse: (text: string) => string | undefined): string | undefined {
  try {
    return parse(readFileSync(path, "utf8"));
  } catch {
    return undefined; // absent or unreadable: look elsewhere
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
