// Dropping a table deletes its data and breaks app instances that still query it.
import { opTable } from "../opArgs";
import { isNewTable, sqlOfKind, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const dropTable: LintRule = {
  id: "drop-table",
  severity: "warning",
  summary: "Dropping a table deletes its data and breaks app instances that still use it",
  docs: "docs/rules/drop-table.md",
  equivalent: "squawk ban-drop-table; Atlas DS102",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      if (op.name !== "drop_table") continue;
      const table = opTable(op);
      if (isNewTable(ctx, op, table)) continue;
      const rows = ctx.rowNote(table);
      out.push({ range: op.call.range, message: `Dropping ${table ?? "this table"} deletes its data${rows ? ` (${rows})` : ""}; remove the model and deploy before dropping it.`, table });
    }
    for (const { op, statement } of sqlOfKind(ctx, "drop-table")) {
      const tables = statement.tables.filter((t) => !isNewTable(ctx, op, t));
      if (tables.length > 0) out.push({ range: op.call.range, message: `DROP TABLE ${tables.join(", ")} deletes data and breaks app instances that still use it.`, table: tables[0] });
    }
    return out;
  },
};
