// Renaming a column breaks app instances that still use the old name until they are redeployed.
import { stringValue } from "../../python/syntax";
import { opKwarg, opString, opTable } from "../opArgs";
import { isNewTable, sqlOfKind, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const renameColumn: LintRule = {
  id: "rename-column",
  severity: "warning",
  summary: "Renaming a column breaks app instances that still use the old name",
  docs: "docs/rules/rename-column.md",
  equivalent: "squawk renaming-column; Atlas BC102; strong_migrations rename_column",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      const to = op.name === "alter_column" ? stringValue(opKwarg(op, "new_column_name")) : undefined;
      const table = opTable(op);
      if (!to || isNewTable(ctx, op, table)) continue;
      const from = opString(op, "column_name");
      out.push({
        range: opKwarg(op, "new_column_name")!.range,
        message: `Renaming ${table}.${from} to ${to} breaks app instances still running with the old name. Deploy code that maps the field to the new name (sa.Column("${from}") / sa_column) in step, or expand and contract.`,
        table,
        column: from,
      });
    }
    for (const { op, statement } of sqlOfKind(ctx, "alter-table")) {
      if (isNewTable(ctx, op, statement.table)) continue;
      for (const a of statement.actions) {
        if (a.kind === "rename-column") out.push({ range: op.call.range, message: `RENAME COLUMN ${a.from} TO ${a.to} breaks app instances that still use ${a.from}.`, table: statement.table, column: a.from });
      }
    }
    return out;
  },
};
