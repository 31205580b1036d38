// Renaming a table breaks app instances that still query the old name. A view with the old name
// keeps them working until every instance is redeployed (squawk docs renaming-table; Atlas BC101).
import { insertAtTop, insertLinesAfter, pySql } from "../edits";
import { opString } from "../opArgs";
import { isNewTable, sqlAfter, sqlIdent, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const renameTable: LintRule = {
  id: "rename-table",
  severity: "warning",
  summary: "Renaming a table breaks app instances that still use the old name",
  docs: "docs/rules/rename-table.md",
  equivalent: "squawk renaming-table; Atlas BC101; strong_migrations rename_table",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      if (op.name !== "rename_table") continue;
      const from = opString(op, "old_table_name");
      const to = opString(op, "new_table_name");
      if (!from || !to || isNewTable(ctx, op, from)) continue;
      const view = new RegExp(`^\\s*CREATE\\s+(OR\\s+REPLACE\\s+)?VIEW\\s+"?${from}"?\\s`, "i");
      if (sqlAfter(ctx, op).some((s) => view.test(s.statement.text))) continue;
      const down = ctx.revision.downgrade;
      out.push({
        range: op.call.range,
        message: `Renaming ${from} to ${to} breaks app instances that still query ${from}. Keep a view named ${from} until they are redeployed.`,
        table: from,
        ...(op.batchTable === undefined && !op.conditional
          ? {
              fix: {
                title: `Keep a compatibility view named ${from}`,
                edits: [
                  insertLinesAfter(ctx.revision.text, op, [`op.execute(${pySql(`CREATE VIEW ${sqlIdent(from)} AS SELECT * FROM ${sqlIdent(to)}`)})`]),
                  ...(down && !down.empty ? [insertAtTop(down, [`op.execute(${pySql(`DROP VIEW IF EXISTS ${sqlIdent(from)}`)})`])] : []),
                ],
              },
            }
          : {}),
      });
    }
    return out;
  },
};
