// Dropping a column breaks every running instance of the app that still selects it (SQLAlchemy
// lists columns explicitly). Remove it from the model and deploy first, then drop it.
import { opString, opTable } from "../opArgs";
import { columnBefore, isNewTable, sqlOfKind, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const dropColumn: LintRule = {
  id: "drop-column",
  severity: "warning",
  summary: "Dropping a column breaks app instances that still read it, and loses its data",
  docs: "docs/rules/drop-column.md",
  equivalent: "squawk ban-drop-column; Atlas DS103; strong_migrations remove_column",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      if (op.name !== "drop_column") continue;
      const table = opTable(op);
      const column = opString(op, "column_name");
      if (!table || !column || isNewTable(ctx, op, table) || columnBefore(ctx, op, table, column).addedHere) continue;
      out.push({
        range: op.call.range,
        message: `Dropping ${table}.${column} deletes its data, and app instances still running the old model fail on it. Remove the field from the model and deploy before dropping.`,
        table,
        column,
      });
    }
    for (const { op, statement } of sqlOfKind(ctx, "alter-table")) {
      if (isNewTable(ctx, op, statement.table)) continue;
      for (const a of statement.actions) {
        if (a.kind === "drop-column") out.push({ range: op.call.range, message: `DROP COLUMN ${a.column} deletes its data and breaks app instances that still read it.`, table: statement.table, column: a.column });
      }
    }
    return out;
  },
};
