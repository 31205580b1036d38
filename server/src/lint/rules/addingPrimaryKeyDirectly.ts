// Adding a primary key to an existing table builds its index (and checks NOT NULL) under an
// ACCESS EXCLUSIVE lock. Build a unique index concurrently, then ADD PRIMARY KEY USING INDEX.
import { opArg, opTable, readColumn } from "../opArgs";
import { isNewTable, sqlOfKind, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const addingPrimaryKeyDirectly: LintRule = {
  id: "adding-primary-key-directly",
  severity: "warning",
  summary: "Primary key added to an existing table builds its index under an exclusive lock",
  docs: "docs/rules/adding-primary-key-directly.md",
  equivalent: "squawk adding-serial-primary-key-field; Atlas PG104/PG304",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      const table = opTable(op);
      if (!table || isNewTable(ctx, op, table)) continue;
      const direct = op.name === "create_primary_key";
      const viaColumn = op.name === "add_column" && readColumn(opArg(op, "column"))?.primaryKey === true;
      if (!direct && !viaColumn) continue;
      out.push({
        range: op.call.range,
        message: `Adding a primary key to ${table} builds its index while the table is locked against reads and writes. Build a unique index concurrently, then ADD PRIMARY KEY USING INDEX.`,
        table,
      });
    }
    for (const { op, statement } of sqlOfKind(ctx, "alter-table")) {
      if (isNewTable(ctx, op, statement.table)) continue;
      if (statement.actions.some((a) => a.kind === "add-constraint" && a.constraint === "primary-key" && !a.usingIndex)) {
        out.push({ range: op.call.range, message: `ADD PRIMARY KEY builds its index while ${statement.table ?? "the table"} is locked; use a concurrent unique index and USING INDEX.`, table: statement.table });
      }
    }
    return out;
  },
};
