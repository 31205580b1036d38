// CREATE INDEX without CONCURRENTLY holds a SHARE lock for the whole build: writes to the table
// wait until it finishes. Tables created earlier in the same upgrade() are exempt (no one writes to them yet).
import { addKwargEdit, rewriteStatement } from "../edits";
import { opTable } from "../opArgs";
import { isNewTable, isTrue, sqlOfKind, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const createIndexNonConcurrently: LintRule = {
  id: "create-index-non-concurrently",
  severity: "warning",
  summary: "Index built without CONCURRENTLY on an existing table blocks writes",
  docs: "docs/rules/create-index-non-concurrently.md",
  equivalent: "squawk require-concurrent-index-creation; Atlas PG101; strong_migrations add_index",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      if (op.name !== "create_index" || isTrue(op, "postgresql_concurrently")) continue;
      const table = opTable(op);
      if (isNewTable(ctx, op, table)) continue;
      const rows = ctx.rowNote(table);
      out.push({
        range: op.call.range,
        message: `Building this index locks ${table ?? "the table"} against writes until it is done${rows ? ` (${rows})` : ""}. Use postgresql_concurrently=True inside autocommit_block().`,
        table,
        ...(op.batchTable === undefined
          ? { fix: { title: "Create the index concurrently (in autocommit_block)", edits: [rewriteStatement(ctx.revision.text, op, [addKwargEdit(op.call, "postgresql_concurrently=True")], true)] } }
          : {}),
      });
    }
    for (const { op, statement } of sqlOfKind(ctx, "create-index")) {
      if (statement.concurrently || isNewTable(ctx, op, statement.table)) continue;
      out.push({ range: op.call.range, message: `CREATE INDEX without CONCURRENTLY locks ${statement.table ?? "the table"} against writes until the index is built.`, table: statement.table });
    }
    return out;
  },
};
