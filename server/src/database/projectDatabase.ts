// The database of a project as `dmw check` and the language server see it: resolve the URL
// (explicit, env var, .env, alembic.ini), read it once, and turn a failure into one finding.
// A URL the user did not pass explicitly is a guess from the environment, so failing to reach it
// is a warning: the offline analysis is still complete and the command must not fail for it.
import { readDatabase } from "./introspect";
import { resolveDatabaseUrl, type DatabaseUrlInputs, type ResolvedDatabaseUrl } from "./resolveUrl";
import { isDatabaseProblem, type DatabaseProblem, type DatabaseRead } from "./types";

export interface ProjectDatabaseOptions extends DatabaseUrlInputs {
  /** PostgreSQL schema holding the tables (default "public"). */
  schema?: string;
}

export interface ProjectDatabase {
  /** Absent when no URL was found anywhere: the database checks are simply not run. */
  resolved?: ResolvedDatabaseUrl;
  /** The database as read: its fingerprint, and its snapshot when asked for. */
  database?: DatabaseRead;
  problem?: DatabaseProblem;
}

function describeOrigin(resolved: ResolvedDatabaseUrl): string {
  switch (resolved.origin) {
    case "explicit":
      return "--database-url";
    case "environment":
      return `the ${resolved.from} environment variable`;
    case "dotenv":
      return resolved.from.replace(/^.*[\\/]/, "");
    case "alembic.ini":
      return "sqlalchemy.url in alembic.ini";
  }
}

export async function readProjectDatabase(options: ProjectDatabaseOptions): Promise<ProjectDatabase> {
  const resolved = resolveDatabaseUrl(options);
  if (!resolved) return {};
  const result = await readDatabase(resolved.url, options.schema ? { schema: options.schema } : {});
  if (!isDatabaseProblem(result)) return { resolved, database: result };
  if (resolved.origin === "explicit") return { resolved, problem: result };
  // The message already ends with a full stop; say where the URL came from and soften it.
  const problem: DatabaseProblem = {
    ...result,
    severity: result.severity === "error" ? "warning" : result.severity,
    message: `${result.message.replace(/\.$/, "")} (database URL from ${describeOrigin(resolved)}).`,
  };
  if (resolved.origin === "dotenv" || resolved.origin === "alembic.ini") {
    const line = resolved.line ?? 0;
    problem.file = resolved.from;
    problem.range = { start: { line, character: 0 }, end: { line, character: 0 } };
  }
  return { resolved, problem };
}
