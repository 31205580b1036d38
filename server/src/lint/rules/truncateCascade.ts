// TRUNCATE ... CASCADE also empties every table with a foreign key to the named ones, and the
// tables that reference those: far more data than the statement names.
import { sqlOfKind } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const truncateCascade: LintRule = {
  id: "truncate-cascade",
  severity: "error",
  summary: "TRUNCATE ... CASCADE empties every table that references the named ones",
  docs: "docs/rules/truncate-cascade.md",
  equivalent: "squawk ban-truncate-cascade",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const { op, statement } of sqlOfKind(ctx, "truncate")) {
      if (!statement.cascade) continue;
      out.push({ range: op.call.range, message: `TRUNCATE ${statement.tables.join(", ")} CASCADE also empties every table that references them. Name the tables explicitly.`, table: statement.tables[0] });
    }
    return out;
  },
};
