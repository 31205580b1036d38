// An index created before a data update on the same table in the same revision: every updated
// row also updates the index, so the data migration is slower and bloats the index. Build
// indexes AFTER the data migration.
import { fullLines, insertAt, linesSource } from "../edits";
import { opTable } from "../opArgs";
import { isDataChange, sqlAfter, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const indexBeforeDataMigration: LintRule = {
  id: "index-before-data-migration",
  severity: "warning",
  summary: "Index created before a data update of the same table in the same revision",
  docs: "docs/rules/index-before-data-migration.md",
  equivalent: "none",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      if (op.name !== "create_index") continue;
      const table = opTable(op);
      const later = sqlAfter(ctx, op).filter((s) => isDataChange(s.statement) && ("table" in s.statement ? s.statement.table === table || s.statement.table === undefined : true));
      if (later.length === 0) continue;
      const last = later[later.length - 1].op;
      // Moving is only safe when both statements are at the same block level.
      const sameBlock = last.inAutocommitBlock === op.inAutocommitBlock && last.batchTable === op.batchTable && !last.conditional && !op.conditional;
      const text = ctx.revision.text;
      out.push({
        range: op.call.range,
        message: `Index on ${table ?? "this table"} is built before the data update at line ${last.range.start.line + 1}: every updated row also updates the index. Create the index after the data migration.`,
        table,
        ...(sameBlock
          ? {
              fix: {
                title: "Move the index after the data migration",
                edits: [{ range: fullLines(op.range), newText: "" }, insertAt({ line: last.range.end.line + 1, character: 0 }, linesSource(text, op.range))],
              },
            }
          : {}),
      });
    }
    return out;
  },
};
