// Tables whose drift is in doubt because a file that shapes them does not parse. While someone is
// typing, a half-written model field swallows the lines after it; reporting those columns as
// errors ("no model declares it") would be noise. Their drift is lowered to warnings instead,
// with the reason; the syntax error itself stays an error of its own.
import { basename, relative } from "node:path";
import type { SchemaChange } from "../diff/types";
import type { Finding } from "../findings/types";
import type { MigrationFile } from "../history/types";
import type { ModelsResult } from "../models/types";

const MODEL_SYNTAX = "model-syntax-error";
const HISTORY_SYNTAX = "history-syntax-error";

export function doubtfulTables(
  root: string,
  models: ModelsResult,
  migrations: readonly MigrationFile[],
  findings: readonly Finding[],
  changes: readonly SchemaChange[],
): Map<string, string> {
  const out = new Map<string, string>();
  const brokenModels = new Set(findings.filter((f) => f.code === MODEL_SYNTAX && f.file).map((f) => f.file as string));
  const reason = (file: string) => `${relative(root, file) || basename(file)} has a syntax error`;

  for (const cls of models.classes) if (brokenModels.has(cls.file)) out.set(cls.table, reason(cls.file));
  for (const field of models.fields) if (brokenModels.has(field.file) && !out.has(field.table)) out.set(field.table, reason(field.file));
  // A table class lost inside a broken file looks like a table no model declares.
  const firstBroken = [...brokenModels].sort()[0];
  if (firstBroken) {
    for (const change of changes) if (change.kind === "drop-table" && !out.has(change.table.name)) out.set(change.table.name, reason(firstBroken));
  }

  const brokenMigrations = new Set(findings.filter((f) => f.code === HISTORY_SYNTAX && f.file).map((f) => f.file as string));
  for (const migration of migrations) {
    if (!brokenMigrations.has(migration.path)) continue;
    for (const op of migration.upgrade?.ops ?? []) {
      const table = op.batchTable ?? op.table;
      if (table && !out.has(table)) out.set(table, reason(migration.path));
    }
  }
  return out;
}
