// Alembic already runs each migration in a transaction. A COMMIT inside op.execute ends it early
// (later statements run outside it, and Alembic's version update may land without them); a BEGIN
// only warns. Use op.get_context().autocommit_block() for statements that need no transaction.
import { sqlOfKind } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const beginCommitInMigration: LintRule = {
  id: "begin-commit-in-migration",
  severity: "error",
  summary: "BEGIN/COMMIT/ROLLBACK inside op.execute breaks Alembic's transaction",
  docs: "docs/rules/begin-commit-in-migration.md",
  equivalent: "squawk transaction-nesting, ban-uncommitted-transaction",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const { op, statement } of sqlOfKind(ctx, "transaction")) {
      out.push({
        range: op.call.range,
        message: `${statement.verb.toUpperCase()} inside a migration interferes with the transaction Alembic already runs it in. Use op.get_context().autocommit_block() instead.`,
      });
    }
    return out;
  },
};
