// A revision whose upgrade() changes the schema but whose downgrade() is missing or only `pass`:
// `alembic downgrade -1` then succeeds and leaves the schema as it was, out of step with history.
import { changesSchema, upgradeOps } from "../ruleKit";
import type { LintRule } from "../types";

export const missingDowngrade: LintRule = {
  id: "missing-downgrade",
  severity: "warning",
  summary: "upgrade() changes the schema but downgrade() is missing or empty",
  docs: "docs/rules/missing-downgrade.md",
  equivalent: "strong_migrations check_down; pytest-alembic up_down_consistency",
  check(ctx) {
    const { upgrade, downgrade } = ctx.revision;
    // A revision that only moves data or validates constraints has nothing to undo.
    const ops = upgradeOps(ctx).filter((o) => changesSchema(ctx, o) || (o.name === "execute" && o.sql === undefined));
    if (!upgrade || ops.length === 0) return [];
    if (downgrade && !downgrade.empty) return [];
    return [{
      range: (downgrade ?? upgrade).nameRange,
      message: downgrade
        ? `downgrade() does nothing, but upgrade() runs ${ops.length} schema change(s): 'alembic downgrade' would leave them in place.`
        : "This revision has no downgrade(): 'alembic downgrade' through it fails.",
    }];
  },
};
