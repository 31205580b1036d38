// UPDATE/DELETE with no WHERE rewrites or removes every row (an error: rarely meant, as in
// "UPDATE tasks SET priority = NULL"). Other data changes in a revision that also changes the
// schema hold the schema locks for as long as the data takes: info, louder on a large table.
import { changesSchema, sqlOfKind, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

const LARGE_TABLE_ROWS = 100_000;

export const dataMigrationInSchemaRevision: LintRule = {
  id: "data-migration-in-schema-revision",
  severity: "info",
  summary: "Data change in a schema revision; UPDATE/DELETE without WHERE is an error",
  docs: "docs/rules/data-migration-in-schema-revision.md",
  equivalent: "django-migration-linter RUNPYTHON/RUNSQL; pg-migration-lint PGM301-303",
  check(ctx) {
    const out: LintProblem[] = [];
    const hasDdl = upgradeOps(ctx).some((op) => changesSchema(ctx, op));
    const dml = [...sqlOfKind(ctx, "update"), ...sqlOfKind(ctx, "delete")];
    for (const { op, statement } of dml) {
      const verb = statement.kind === "update" ? "UPDATE" : "DELETE";
      const rows = ctx.rowNote(statement.table);
      if (!statement.hasWhere) {
        out.push({
          range: op.call.range,
          severity: "error",
          message: `${verb} of ${statement.table ?? "a table"} without WHERE ${statement.kind === "update" ? "overwrites" : "deletes"} every row${rows ? ` (${rows})` : ""}. Add a WHERE clause (e.g. WHERE ... IS NULL).`,
          table: statement.table,
        });
      } else if (hasDdl) {
        const large = (ctx.rowEstimate(statement.table) ?? 0) >= LARGE_TABLE_ROWS;
        out.push({
          range: op.call.range,
          ...(large ? { severity: "warning" as const } : {}),
          message: `${verb} of ${statement.table ?? "a table"} runs in the same transaction as schema changes, which keep their locks until it ends${rows ? ` (${rows})` : ""}. For large tables, backfill in batches in a separate revision.`,
          table: statement.table,
        });
      }
    }
    return out;
  },
};
