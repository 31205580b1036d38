// alter_column(type_=...) that PostgreSQL cannot apply without a USING expression: it fails with
// "column ... cannot be cast automatically to type ...". Clearing the values first does not help
// (PostgreSQL checks the cast, not the data), so only a USING clause or an explicit
// `ALTER ... TYPE ... USING` in op.execute counts as a conversion.
import { columnTypeFromSa } from "../../schema/sqlalchemyTypes";
import { needsUsing, renderType } from "../../schema/columnTypes";
import { addKwargEdit } from "../edits";
import { opKwarg, opString, opTable } from "../opArgs";
import { sqlBefore, typeBeforeAlter, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const typeChangeWithoutConversion: LintRule = {
  id: "type-change-without-conversion",
  severity: "error",
  summary: "Column type change PostgreSQL cannot cast implicitly, with no postgresql_using",
  docs: "docs/rules/type-change-without-conversion.md",
  equivalent: "none (squawk changing-column-type flags every change; it does not check the cast)",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      if (op.name !== "alter_column") continue;
      const typeArg = opKwarg(op, "type_");
      const table = opTable(op);
      const column = opString(op, "column_name");
      if (!typeArg || !table || !column || opKwarg(op, "postgresql_using")) continue;
      const from = typeBeforeAlter(ctx, op, table, column);
      const to = columnTypeFromSa(typeArg);
      if (!from || from.kind === "unknown" || to.kind === "unknown" || !needsUsing(from, to)) continue;
      const converted = sqlBefore(ctx, op).some(
        (s) => s.statement.kind === "alter-table" && s.statement.table === table &&
          s.statement.actions.some((a) => a.kind === "set-type" && a.using && a.column === column),
      );
      if (converted) continue;
      const target = renderType(to);
      out.push({
        range: typeArg.range,
        message:
          `PostgreSQL cannot change ${table}.${column} from ${renderType(from)} to ${target} without a USING expression; ` +
          `the upgrade fails with "cannot be cast automatically". Add postgresql_using.`,
        table,
        column,
        fix: {
          title: `Add postgresql_using="${column}::${target}"`,
          edits: [addKwargEdit(op.call, `postgresql_using=${JSON.stringify(`${quoteIfNeeded(column)}::${target}`)}`)],
        },
      });
    }
    return out;
  },
};

function quoteIfNeeded(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name}"`;
}
