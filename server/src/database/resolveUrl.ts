// Where the database URL comes from; the first match wins:
//   1. an explicit value (extension setting / `--database-url`)
//   2. the environment variable named by a setting (default DATABASE_URL)
//   3. a `.env` file beside alembic.ini, then one at the workspace root (read, never loaded into process.env)
//   4. `sqlalchemy.url` in alembic.ini, unless it is the template placeholder or an interpolation
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse as parseDotenv } from "dotenv";
import { parse as parseIni } from "ini";

export type DatabaseUrlOrigin = "explicit" | "environment" | "dotenv" | "alembic.ini";

export interface ResolvedDatabaseUrl {
  url: string;
  origin: DatabaseUrlOrigin;
  /** Human description of where it came from: `DATABASE_URL`, `backend/.env`, `alembic.ini`. */
  from: string;
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

/** `sqlalchemy.url` of the `[alembic]` section (or of any section when the file is unusual). */
export function sqlalchemyUrlFromIni(text: string): string | undefined {
  let parsed: Record<string, unknown>;
  try {
    parsed = parseIni(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const sections = [parsed.alembic, ...Object.values(parsed)];
  for (const section of sections) {
    if (section && typeof section === "object") {
      const value = (section as Record<string, unknown>)["sqlalchemy.url"];
      if (typeof value === "string" && value.trim()) return value.trim();
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
    if (value && !isPlaceholderUrl(value)) return { url: value, origin: "dotenv", from: file };
  }

  if (inputs.alembicIni) {
    const text = read(inputs.alembicIni);
    const value = text === undefined ? undefined : sqlalchemyUrlFromIni(text);
    // configparser writes a literal `%` as `%%` (e.g. a percent-encoded password).
    if (value && !isPlaceholderUrl(value)) return { url: value.replace(/%%/g, "%"), origin: "alembic.ini", from: inputs.alembicIni };
  }
  return undefined;
}
