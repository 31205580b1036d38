// op.create_foreign_key(None, ...) and friends: PostgreSQL picks the name, so downgrade() cannot
// drop it by name reliably (and naming conventions differ between databases).
import { opArg, opTable } from "../opArgs";
import { upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

const CONSTRAINT_OPS = new Set(["create_foreign_key", "create_unique_constraint", "create_check_constraint", "create_primary_key", "create_exclude_constraint"]);

export const unnamedConstraint: LintRule = {
  id: "unnamed-constraint",
  severity: "warning",
  summary: "Constraint created without a name: downgrade cannot drop it reliably",
  docs: "docs/rules/unnamed-constraint.md",
  equivalent: "Atlas naming policy (NM1xx, Pro)",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      if (!CONSTRAINT_OPS.has(op.name)) continue;
      const name = opArg(op, "constraint_name");
      if (name && name.kind !== "none") continue;
      out.push({
        range: (name ?? op.call).range,
        message: `This ${op.name.replace(/^create_/, "").replace(/_/g, " ")} on ${opTable(op) ?? "the table"} has no name: PostgreSQL picks one, and downgrade() cannot drop it by name reliably. Name it (op.f("...")).`,
        table: opTable(op),
      });
    }
    return out;
  },
};
