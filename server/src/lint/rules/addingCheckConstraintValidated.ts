// A CHECK constraint added as VALID scans the table under an ACCESS EXCLUSIVE lock. Add it
// NOT VALID (only new rows are checked), then VALIDATE in a later revision.
import { addKwargEdit, rewriteStatement } from "../edits";
import { validateRevision } from "../newRevision";
import { validateInSameTransaction } from "../validateSameTransaction";
import { opTable } from "../opArgs";
import { isNewTable, isTrue, objectName, sqlOfKind, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const addingCheckConstraintValidated: LintRule = {
  id: "adding-check-constraint-validated",
  severity: "warning",
  summary: "CHECK constraint added without NOT VALID scans the table under an exclusive lock",
  docs: "docs/rules/adding-check-constraint-validated.md",
  equivalent: "squawk constraint-missing-not-valid; Atlas PG305; strong_migrations add_check_constraint",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      if (op.name !== "create_check_constraint" || isTrue(op, "postgresql_not_valid")) continue;
      const table = opTable(op);
      if (!table || isNewTable(ctx, op, table)) continue;
      const name = objectName(op);
      const follow = name ? validateRevision(ctx.revision.revision, table, name) : undefined;
      const rows = ctx.rowNote(table);
      out.push({
        range: op.call.range,
        message: `Adding this CHECK scans every row of ${table} while it is locked against reads and writes${rows ? ` (${rows})` : ""}. Add it with postgresql_not_valid=True and VALIDATE it in a later revision.`,
        table,
        ...(op.batchTable === undefined
          ? { fix: { title: "Add the CHECK constraint NOT VALID", edits: [rewriteStatement(ctx.revision.text, op, [addKwargEdit(op.call, "postgresql_not_valid=True")], false)] } }
          : {}),
        ...(follow ? { newFile: follow } : {}),
      });
    }
    for (const { op, statement } of sqlOfKind(ctx, "alter-table")) {
      if (isNewTable(ctx, op, statement.table)) continue;
      if (statement.actions.some((a) => a.kind === "add-constraint" && a.constraint === "check" && !a.notValid)) {
        out.push({ range: op.call.range, message: `ADD CONSTRAINT ... CHECK without NOT VALID scans ${statement.table ?? "the table"} under an exclusive lock.`, table: statement.table });
      }
    }
    out.push(...validateInSameTransaction(ctx, "check"));
    return out;
  },
};
