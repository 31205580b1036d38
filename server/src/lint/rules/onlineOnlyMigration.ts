// op.get_bind() / sa.inspect() need a live connection: `alembic upgrade --sql` (offline mode,
// used to review SQL and by SQL linters) fails or produces wrong SQL for this revision.
import type { LintRule } from "../types";

export const onlineOnlyMigration: LintRule = {
  id: "online-only-migration",
  severity: "info",
  summary: "op.get_bind() / inspect() make the revision fail in offline (--sql) mode",
  docs: "docs/rules/online-only-migration.md",
  equivalent: "none",
  check(ctx) {
    return ctx.revision.onlineCalls.map((c) => ({
      range: c.range,
      message: `${c.name} needs a live database connection: 'alembic upgrade --sql' cannot render this revision. Prefer op.* calls and op.execute with SQL.`,
    }));
  },
};
