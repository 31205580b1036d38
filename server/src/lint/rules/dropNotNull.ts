// Dropping NOT NULL lets NULLs in: code that reads the column (and models typed as non-Optional)
// may break on them. Informational.
import { boolValue } from "../../python/syntax";
import { opKwarg, opString, opTable } from "../opArgs";
import { columnBefore, isNewTable, sqlOfKind, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const dropNotNull: LintRule = {
  id: "drop-not-null",
  severity: "info",
  summary: "Column made nullable: readers may get NULLs they do not expect",
  docs: "docs/rules/drop-not-null.md",
  equivalent: "squawk ban-drop-not-null",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      if (op.name !== "alter_column" || boolValue(opKwarg(op, "nullable")) !== true) continue;
      const table = opTable(op);
      const column = opString(op, "column_name");
      if (!table || !column || isNewTable(ctx, op, table)) continue;
      const before = columnBefore(ctx, op, table, column);
      if (before.column?.nullable === true || before.addedHere) continue;
      out.push({ range: opKwarg(op, "nullable")!.range, message: `${table}.${column} becomes nullable: code and models that expect a value may now get NULL.`, table, column });
    }
    for (const { op, statement } of sqlOfKind(ctx, "alter-table")) {
      for (const a of statement.actions) {
        if (a.kind === "drop-not-null") out.push({ range: op.call.range, message: `${statement.table ?? "The table"}.${a.column} becomes nullable: readers may now get NULL.`, table: statement.table, column: a.column });
      }
    }
    return out;
  },
};
