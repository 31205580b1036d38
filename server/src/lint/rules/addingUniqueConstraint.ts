// ADD CONSTRAINT ... UNIQUE builds its index under an ACCESS EXCLUSIVE lock. Build a unique index
// CONCURRENTLY first, then attach it with ADD CONSTRAINT ... UNIQUE USING INDEX (instant).
import { sliceText } from "../../python/syntax";
import { fullLines, indentOf, pySql } from "../edits";
import { opArg, opTable } from "../opArgs";
import { isNewTable, objectName, sqlIdent, sqlOfKind, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const addingUniqueConstraint: LintRule = {
  id: "adding-unique-constraint",
  severity: "warning",
  summary: "UNIQUE constraint added directly builds its index under an exclusive lock",
  docs: "docs/rules/adding-unique-constraint.md",
  equivalent: "squawk disallowed-unique-constraint; Atlas PG105; strong_migrations add_unique_constraint",
  check(ctx) {
    const out: LintProblem[] = [];
    const text = ctx.revision.text;
    for (const op of upgradeOps(ctx)) {
      if (op.name !== "create_unique_constraint") continue;
      const table = opTable(op);
      if (!table || isNewTable(ctx, op, table)) continue;
      const name = objectName(op);
      const columns = opArg(op, "columns");
      const canFix = name !== undefined && columns !== undefined && op.batchTable === undefined && !op.inAutocommitBlock;
      const indent = indentOf(text, op.range.start.line);
      out.push({
        range: op.call.range,
        message: `Adding a UNIQUE constraint builds its index while ${table} is locked against reads and writes. Build a unique index concurrently, then ADD CONSTRAINT ... USING INDEX.`,
        table,
        ...(canFix
          ? {
              fix: {
                title: "Build the unique index concurrently, then attach it",
                edits: [{
                  range: fullLines(op.range),
                  newText: [
                    `${indent}with op.get_context().autocommit_block():`,
                    `${indent}    op.create_index(${JSON.stringify(name)}, ${JSON.stringify(table)}, ${sliceText(text, columns!.range)}, unique=True, postgresql_concurrently=True)`,
                    `${indent}op.execute(${pySql(`ALTER TABLE ${sqlIdent(table)} ADD CONSTRAINT ${sqlIdent(name!)} UNIQUE USING INDEX ${sqlIdent(name!)}`)})`,
                    "",
                  ].join("\n"),
                }],
              },
            }
          : {}),
      });
    }
    for (const { op, statement } of sqlOfKind(ctx, "alter-table")) {
      if (isNewTable(ctx, op, statement.table)) continue;
      if (statement.actions.some((a) => a.kind === "add-constraint" && a.constraint === "unique" && !a.usingIndex)) {
        out.push({ range: op.call.range, message: `ADD CONSTRAINT ... UNIQUE builds its index while ${statement.table ?? "the table"} is locked; use a concurrent unique index and USING INDEX.`, table: statement.table });
      }
    }
    return out;
  },
};
