// CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction block, and Alembic runs each
// migration in one: the upgrade fails with "cannot run inside a transaction block".
import { rewriteStatement } from "../edits";
import { opTable } from "../opArgs";
import { isTrue, upgradeOps } from "../ruleKit";
import { scanSql } from "../sqlScan";
import type { LintProblem, LintRule } from "../types";

export const concurrentlyOutsideAutocommitBlock: LintRule = {
  id: "concurrently-outside-autocommit-block",
  severity: "error",
  summary: "CONCURRENTLY used outside op.get_context().autocommit_block(): fails in a transaction",
  docs: "docs/rules/concurrently-outside-autocommit-block.md",
  equivalent: "squawk ban-concurrent-index-creation-in-transaction; Atlas PG103",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      if (op.inAutocommitBlock) continue;
      const kwarg = (op.name === "create_index" || op.name === "drop_index") && isTrue(op, "postgresql_concurrently");
      const sql = op.name === "execute" && op.sql !== undefined &&
        scanSql(op.sql).some((s) => (s.kind === "create-index" || s.kind === "drop-index") && s.concurrently || (s.kind === "other" && /\bREINDEX\b.*\bCONCURRENTLY\b/i.test(s.text)));
      if (!kwarg && !sql) continue;
      out.push({
        range: op.call.range,
        message: "CONCURRENTLY cannot run inside the transaction Alembic wraps around the migration; put this call in `with op.get_context().autocommit_block():`.",
        table: opTable(op),
        ...(op.batchTable === undefined ? { fix: { title: "Wrap in autocommit_block()", edits: [rewriteStatement(ctx.revision.text, op, [], true)] } } : {}),
      });
    }
    return out;
  },
};
