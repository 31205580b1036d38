// Where the database URL comes from; the first match wins:
//   1. an explicit value (extension setting / `--database-url`)
//   2. the environment variable named by a setting (default DATABASE_URL)
//   3. a `.env` file beside alembic.ini, then one at the workspace root (read, never loaded into process.env)
//   4. `sqlalchemy.url` in alembic.ini, unless it is the template placeholder or an interpolation
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse as parseDotenv } from "dotenv";
import { getOption, InterpolationError, parseIni, type IniSections } from "../project/configParser";

export type DatabaseUrlOrigin = "explicit" | "environment" | "dotenv" | "alembic.ini";

export interface ResolvedDatabaseUrl {
  url: string;
  origin: DatabaseUrlOrigin;
  /** Human description of where it came from: `DATABASE_URL`, `backend/.env`, `alembic.ini`. */
  from: string;
  /** 0-based line of the setting in a .env file or alembic.ini, for pointing a finding at it. */
  line?: number;
}

export interface DatabaseUrlInputs {
  explicit?: string;
  /** Name of the environment variable to read (default DATABASE_URL). */
  envVar?: string;
  env?: Record<string, string | undefined>;
  /** Absolute path of alembic.ini, when the project has one. */
  alembicIni?: string;
  /** Absolute path of the workspace root. */
  workspaceRoot?: string;
  /** File reader (injected by tests); returns undefined when the file cannot be read. */
  readText?: (path: string) => string | undefined;
}

export const DEFAULT_DATABASE_URL_ENV = "DATABASE_URL";

/** First line that assigns `key` (`KEY=`, `export KEY=`, `key = `, `key: `), 0-based. */
function lineOf(text: string, key: string): number | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`^\\s*(?:export\\s+)?${escaped}\\s*[=:]`, "i");
  const index = text.split(/\r?\n/).findIndex((l) => pattern.test(l));
  return index < 0 ? undefined : index;
}

function withLine(resolved: ResolvedDatabaseUrl, text: string, key: string): ResolvedDatabaseUrl {
  const line = lineOf(text, key);
  return line === undefined ? resolved : { ...resolved, line };
}

function readTextFile(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * Placeholders that are not a real database: Alembic's template value
 * (`driver://user:pass@localhost/dbname`), `%(...)s` interpolations filled in by env.py,
 * and shell-style `${VAR}` references.
 */
export function isPlaceholderUrl(url: string): boolean {
  const value = url.trim();
  if (!value) return true;
  if (/%\([^)]*\)s/.test(value) || /\$\{[^}]*\}/.test(value)) return true;
  if (/^driver:\/\//i.test(value)) return true;
  return /^[a-z0-9+]+:\/\/user:pass@localhost\/dbname$/i.test(value);
}

/**
 * `sqlalchemy.url` as Alembic reads it: configparser rules (`;`/`#` inside a value are not
 * comments) and interpolation (`%%` -> `%`, `%(here)s`, `%(name)s` from the section or
 * [DEFAULT]). The `[alembic]` section first, then any section that sets it. A reference to an
 * option that is not set (filled in by env.py at run time) yields undefined.
 */
export function sqlalchemyUrlFromIni(text: string, iniPath?: string): string | undefined {
  let sections: IniSections;
  try {
    sections = parseIni(text);
  } catch {
    return undefined;
  }
  const defaults: Record<string, string> = iniPath ? { here: dirname(iniPath) } : {};
  const names = ["alembic", ...Object.keys(sections).filter((n) => n !== "alembic")];
  for (const name of names) {
    if (sections[name]?.["sqlalchemy.url"] === undefined) continue;
    try {
      const value = getOption(sections, name, "sqlalchemy.url", defaults)?.trim();
      if (value) return value;
    } catch (error) {
      if (error instanceof InterpolationError) return undefined;
      throw error;
    }
  }
  return undefined;
}

export function resolveDatabaseUrl(inputs: DatabaseUrlInputs): ResolvedDatabaseUrl | undefined {
  const read = inputs.readText ?? readTextFile;
  const envVar = inputs.envVar || DEFAULT_DATABASE_URL_ENV;
  const explicit = inputs.explicit?.trim();
  if (explicit) return { url: explicit, origin: "explicit", from: "--database-url" };

  const fromEnv = (inputs.env ?? process.env)[envVar]?.trim();
  if (fromEnv) return { url: fromEnv, origin: "environment", from: envVar };

  const dotenvFiles: string[] = [];
  if (inputs.alembicIni) dotenvFiles.push(join(dirname(inputs.alembicIni), ".env"));
  if (inputs.workspaceRoot) dotenvFiles.push(join(inputs.workspaceRoot, ".env"));
  for (const file of [...new Set(dotenvFiles)]) {
    const text = read(file);
    if (text === undefined) continue;
    const value = parseDotenv(text)[envVar]?.trim();
    if (value && !isPlaceholderUrl(value)) return withLine({ url: value, origin: "dotenv", from: file }, text, envVar);
  }

  if (inputs.alembicIni) {
    const text = read(inputs.alembicIni);
    const value = text === undefined ? undefined : sqlalchemyUrlFromIni(text, inputs.alembicIni);
    if (text !== undefined && value && !isPlaceholderUrl(value)) {
      return withLine({ url: value, origin: "alembic.ini", from: inputs.alembicIni }, text, "sqlalchemy.url");
    }
  }
  return undefined;
}
