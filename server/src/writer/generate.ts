// generateMigration: everything `dmw generate` and the quick fixes need, without touching the file
// system: diff history -> models (with the user's rename decisions), plan, render, and name the
// file. The caller writes it (never overwriting: open with flag "wx").
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { diffSchemas } from "../diff/diffSchemas";
import type { SchemaChange } from "../diff/types";
import type { Schema } from "../schema/types";
import { sourceFromAnalysis, type AnalysisLike } from "./analysisSource";
import { migrationFileName, newRevisionId } from "./fileName";
import { planMigration } from "./plan";
import { renderMigration } from "./render";
import type { MigrationPlan, WriterDatabaseFacts } from "./types";

/** What generating needs to know about a project: a subset of the project analysis. */
export interface GenerateSource {
  layout: { versionsDirs: string[]; fileTemplate: string };
  /** Schema at the migration head(s), and the heads of the revision graph. */
  history: { schema: Schema; heads: string[] };
  models: { schema: Schema };
  database?: WriterDatabaseFacts;
}

export interface GenerateOptions {
  message: string;
  /** Explicit renames: table -> old column -> new column (`--rename tasks.priority=priority_id`). */
  renames?: Record<string, Record<string, string>>;
  /** Pair dropped and added columns as renames when unambiguous (default true; `--no-rename`). */
  detectRenames?: boolean;
  /** Facts from a live database (real constraint names, values that would not convert). */
  database?: WriterDatabaseFacts;
  /** alembic.ini's `truncate_slug_length` (Alembic's default: 40). */
  truncateSlugLength?: number;
  /** Fixed for tests; random otherwise. */
  revision?: string;
  createDate?: Date;
}

export type GenerateErrorCode = "nothing-to-generate" | "several-heads" | "no-versions-folder" | "no-message";

export interface GeneratedMigration {
  fileName: string;
  /** Absolute path in the first versions folder. */
  path: string;
  text: string;
  plan: MigrationPlan;
  changes: SchemaChange[];
}

export type GenerateResult = GeneratedMigration | { error: string; code: GenerateErrorCode };

export function isGenerateError(result: GenerateResult): result is { error: string; code: GenerateErrorCode } {
  return "error" in result;
}

/** Changes a migration can act on (an incomparable index is reported, not migrated). */
function actionable(changes: SchemaChange[]): SchemaChange[] {
  return changes.filter((c) => c.kind !== "unknown-index");
}

/**
 * `input`: the project analysis (`analyzeProject`'s result) or an explicit GenerateSource.
 * Pure apart from the random revision id and the clock (both can be fixed through `options`).
 */
export function generateMigration(input: GenerateSource | AnalysisLike, options: GenerateOptions): GenerateResult {
  const source = "replay" in input ? sourceFromAnalysis(input) : input;
  const database = options.database ?? source.database;
  const message = options.message.trim();
  if (!message) return { code: "no-message", error: "a message is required (-m \"what this migration does\")" };
  const heads = source.history.heads;
  if (heads.length > 1) {
    return {
      code: "several-heads",
      error: `the migration history has ${heads.length} heads (${heads.join(", ")}); merge them first: alembic merge -m "merge heads" ${heads.join(" ")}`,
    };
  }
  const versionsDir = source.layout.versionsDirs[0];
  if (!versionsDir) return { code: "no-versions-folder", error: "no migration versions folder is configured (script_location / version_locations)" };
  const changes = diffSchemas(source.history.schema, source.models.schema, {
    detectRenames: options.detectRenames ?? true,
    ...(options.renames ? { renames: options.renames } : {}),
  });
  if (actionable(changes).length === 0) return { code: "nothing-to-generate", error: "nothing to generate: the models match the migration history" };
  const plan = planMigration(changes, {
    headSchema: source.history.schema,
    targetSchema: source.models.schema,
    ...(database ? { database } : {}),
  });
  const meta = {
    message,
    revision: options.revision ?? newRevisionId(randomBytes),
    ...(heads[0] !== undefined ? { downRevision: heads[0] } : {}),
    createDate: options.createDate ?? new Date(),
  };
  const fileName = migrationFileName(source.layout.fileTemplate, meta, options.truncateSlugLength);
  return { fileName, path: join(versionsDir, fileName), text: renderMigration(plan, meta), plan, changes };
}

/** `tasks.priority=priority_id` -> { tasks: { priority: "priority_id" } }; undefined when malformed. */
export function parseRenameOption(value: string, into: Record<string, Record<string, string>> = {}): Record<string, Record<string, string>> | undefined {
  const match = /^([^.=\s]+)\.([^.=\s]+)=([^.=\s]+)$/.exec(value.trim());
  if (!match) return undefined;
  const [, table, from, to] = match;
  into[table] = { ...(into[table] ?? {}), [from]: to };
  return into;
}
