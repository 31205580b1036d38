// A foreign key added as VALID scans the whole table under a SHARE ROW EXCLUSIVE lock on both
// tables: writes wait. Add it NOT VALID, then VALIDATE in a later revision (lighter lock).
// add_column(sa.Column(..., sa.ForeignKey(...))) emits that validated FK too, as a second ALTER
// (alembic/operations/ops.py, AddColumnOp docstring, 1.20).
import { sliceText } from "../../python/syntax";
import { addKwargEdit, insertLinesAfter, offsetAt, positionAt, rewriteStatement } from "../edits";
import { validateRevision } from "../newRevision";
import { validateInSameTransaction } from "../validateSameTransaction";
import { objectName, isNewTable, isTrue, sqlOfKind, upgradeOps } from "../ruleKit";
import { opArg, opTable, readColumn } from "../opArgs";
import type { CallExpr, LintProblem, LintRule, TextEdit } from "../types";

export const addingForeignKeyValidated: LintRule = {
  id: "adding-foreign-key-validated",
  severity: "warning",
  summary: "Foreign key added without NOT VALID scans the table while blocking writes",
  docs: "docs/rules/adding-foreign-key-validated.md",
  equivalent: "squawk adding-foreign-key-constraint; Atlas PG306; strong_migrations add_foreign_key",
  check(ctx) {
    const out: LintProblem[] = [];
    const text = ctx.revision.text;
    for (const op of upgradeOps(ctx)) {
      const table = opTable(op);
      if (!table || isNewTable(ctx, op, table)) continue;
      if (op.name === "create_foreign_key" && !isTrue(op, "postgresql_not_valid")) {
        const name = objectName(op);
        const follow = name ? validateRevision(ctx.revision.revision, table, name) : undefined;
        out.push({
          range: op.call.range,
          message: `This foreign key is validated while ${table} is locked against writes${note(ctx.rowNote(table))}. Add it with postgresql_not_valid=True and VALIDATE it in a later revision.`,
          table,
          ...(op.batchTable === undefined
            ? { fix: { title: "Add the foreign key NOT VALID", edits: [rewriteStatement(text, op, [addKwargEdit(op.call, "postgresql_not_valid=True")], false)] } }
            : {}),
          ...(follow ? { newFile: follow } : {}),
        });
      } else if (op.name === "add_column") {
        const col = readColumn(opArg(op, "column"));
        for (const fk of col?.foreignKeys ?? []) {
          const constraint = `${table}_${col!.name}_fkey`;
          const refColumn = fk.target.split(".").pop()!;
          const follow = validateRevision(ctx.revision.revision, table, constraint);
          out.push({
            range: fk.call.range,
            message: `add_column with sa.ForeignKey also adds a validated foreign key to ${fk.table}, locking ${table} against writes while it is checked. Create the foreign key NOT VALID in a separate call.`,
            table,
            column: col!.name,
            ...(op.batchTable === undefined && col!.name
              ? {
                  fix: {
                    title: "Split out the foreign key as NOT VALID",
                    edits: [
                      removeArgEdit(text, col!.call, fk.call),
                      insertLinesAfter(text, op, [
                        `op.create_foreign_key(${JSON.stringify(constraint)}, ${JSON.stringify(table)}, ${JSON.stringify(fk.table)}, [${JSON.stringify(col!.name)}], [${JSON.stringify(refColumn)}]${extraFkArgs(text, fk.call)}, postgresql_not_valid=True)`,
                      ]),
                    ],
                  },
                  newFile: follow,
                }
              : {}),
          });
        }
      }
    }
    for (const { op, statement } of sqlOfKind(ctx, "alter-table")) {
      if (isNewTable(ctx, op, statement.table)) continue;
      const bad = statement.actions.some((a) => (a.kind === "add-constraint" && a.constraint === "foreign-key" && !a.notValid) || (a.kind === "add-column" && a.references));
      if (bad) out.push({ range: op.call.range, message: `This foreign key is validated while ${statement.table ?? "the table"} is locked against writes; add it NOT VALID and VALIDATE it later.`, table: statement.table });
    }
    out.push(...validateInSameTransaction(ctx, "foreign-key"));
    return out;
  },
};

function note(rows: string | undefined): string {
  return rows ? ` (${rows})` : "";
}

/** ondelete/onupdate of sa.ForeignKey carry over to create_foreign_key. */
function extraFkArgs(text: string, fk: CallExpr): string {
  return fk.kwargs.filter((k) => k.name === "ondelete" || k.name === "onupdate").map((k) => `, ${sliceText(text, k.range)}`).join("");
}

/** Removes one positional argument together with the comma before it. */
export function removeArgEdit(text: string, call: CallExpr, arg: { range: CallExpr["range"] }): TextEdit {
  const start = offsetAt(text, arg.range.start);
  const comma = text.slice(0, start).search(/,\s*$/);
  return { range: { start: comma >= 0 ? positionAt(text, comma) : arg.range.start, end: arg.range.end }, newText: "" };
}
