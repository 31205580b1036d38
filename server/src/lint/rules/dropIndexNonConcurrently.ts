// DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table: even reads wait
// behind it, and everything queues behind a long-running query on that table.
import { addKwargEdit, rewriteStatement } from "../edits";
import { opTable } from "../opArgs";
import { isNewTable, isTrue, sqlOfKind, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const dropIndexNonConcurrently: LintRule = {
  id: "drop-index-non-concurrently",
  severity: "warning",
  summary: "Index dropped without CONCURRENTLY takes an ACCESS EXCLUSIVE lock",
  docs: "docs/rules/drop-index-non-concurrently.md",
  equivalent: "squawk require-concurrent-index-deletion; Atlas PG102; strong_migrations remove_index (opt-in)",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      if (op.name !== "drop_index" || isTrue(op, "postgresql_concurrently")) continue;
      const table = opTable(op);
      if (isNewTable(ctx, op, table)) continue;
      out.push({
        range: op.call.range,
        message: `Dropping this index locks ${table ?? "its table"} against reads and writes. Use postgresql_concurrently=True inside autocommit_block().`,
        table,
        ...(op.batchTable === undefined
          ? { fix: { title: "Drop the index concurrently (in autocommit_block)", edits: [rewriteStatement(ctx.revision.text, op, [addKwargEdit(op.call, "postgresql_concurrently=True")], true)] } }
          : {}),
      });
    }
    for (const { op, statement } of sqlOfKind(ctx, "drop-index")) {
      if (statement.concurrently) continue;
      out.push({ range: op.call.range, message: `DROP INDEX ${statement.name ?? ""} without CONCURRENTLY locks its table against reads and writes.`.replace("  ", " ") });
    }
    return out;
  },
};
