// alter_column(nullable=False) on a column that existed before the revision, with no UPDATE of
// its NULLs earlier in the same revision: the upgrade fails if any row still has NULL there.
import { boolValue } from "../../python/syntax";
import { opKwarg, opString, opTable } from "../opArgs";
import { columnBefore, sqlBefore, upgradeOps } from "../ruleKit";
import type { LintContext, LintOp, LintProblem, LintRule } from "../types";

export const setNotNullWithoutBackfill: LintRule = {
  id: "set-not-null-without-backfill",
  severity: "warning",
  summary: "SET NOT NULL on an existing column with no UPDATE of its NULLs first",
  docs: "docs/rules/set-not-null-without-backfill.md",
  equivalent: "squawk adding-not-nullable-field (locking only); Atlas MF104",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      if (op.name !== "alter_column" || boolValue(opKwarg(op, "nullable")) !== false) continue;
      const table = opTable(op);
      const column = opString(op, "column_name");
      if (!table || !column) continue;
      const before = columnBefore(ctx, op, table, column);
      // Columns added in this revision are handled by adding-required-column; NOT NULL already: nothing to do.
      if (before.addedHere || !before.column || !before.column.nullable) continue;
      if (hasBackfill(ctx, op, table, [column, before.originalName])) continue;
      out.push({
        range: opKwarg(op, "nullable")!.range,
        message: `${table}.${column} becomes NOT NULL, but no UPDATE fills its NULLs earlier in this revision: the upgrade fails if any row has NULL.`,
        table,
        column,
      });
    }
    return out;
  },
};

function hasBackfill(ctx: LintContext, op: LintOp, table: string, names: string[]): boolean {
  // Python code that runs SQL we cannot read (a loop over op.get_bind()) may be the backfill.
  if (upgradeOps(ctx).some((o) => o.index < op.index && (o.name === "unknown" || (o.name === "execute" && o.sql === undefined)))) return true;
  return sqlBefore(ctx, op).some((s) => {
    const st = s.statement;
    if (st.kind === "update") return st.table === table && st.setColumns.some((c) => names.includes(c));
    if (st.kind === "delete") return st.table === table && (!st.hasWhere || names.some((n) => s.op.sql!.includes(n)));
    return false;
  });
}
