// A revision that drops a column and adds another of a compatible type to the same table: most
// often a rename written as drop + add (autogenerate cannot see renames), which loses the data.
import { sliceText } from "../../python/syntax";
import { conversionOf, needsUsing, renderType } from "../../schema/columnTypes";
import { saTypeSource } from "../../schema/sqlalchemyTypes";
import { fullLines, rewriteStatement } from "../edits";
import { opArg, opString, opTable, readColumn } from "../opArgs";
import { columnBefore, downgradeOps, isNewTable, upgradeOps } from "../ruleKit";
import type { ColumnType } from "../../schema/types";
import type { LintContext, LintOp, LintProblem, LintRule, TextEdit } from "../types";

export const dropThenAddColumn: LintRule = {
  id: "drop-then-add-column",
  severity: "error",
  summary: "A column is dropped and a compatible one added in the same revision: a rename that loses data",
  docs: "docs/rules/drop-then-add-column.md",
  equivalent: "none (Atlas DS103 only flags the drop)",
  check(ctx) {
    const out: LintProblem[] = [];
    const ops = upgradeOps(ctx);
    const used = new Set<number>();
    for (const drop of ops) {
      if (drop.name !== "drop_column") continue;
      const table = opTable(drop);
      const dropped = opString(drop, "column_name");
      if (!table || !dropped || isNewTable(ctx, drop, table)) continue;
      const before = columnBefore(ctx, drop, table, dropped);
      if (!before.type || before.addedHere) continue;
      const add = ops.find((o) => {
        if (o.name !== "add_column" || opTable(o) !== table || used.has(o.index)) return false;
        const spec = readColumn(opArg(o, "column"));
        return spec?.name !== undefined && spec.name !== dropped && spec.type !== undefined && conversionOf(before.type!, spec.type) !== "none";
      });
      if (!add) continue;
      used.add(add.index);
      const spec = readColumn(opArg(add, "column"))!;
      const text = ctx.revision.text;
      const replacement: TextEdit = {
        range: drop.call.range,
        newText: renameCall(drop, table, dropped, spec.name!, before.type, spec.type!, sliceText(text, spec.typeExpr!.range)),
      };
      out.push({
        range: drop.call.range,
        message:
          `${table}.${dropped} is dropped and ${table}.${spec.name} (${renderType(spec.type!)}) is added in the same revision: ` +
          `if this is a rename, the data of ${dropped} is lost. Use alter_column(new_column_name=...).`,
        table,
        column: dropped,
        fix: {
          title: `Rename ${dropped} to ${spec.name} instead of drop + add`,
          edits: [rewriteStatement(text, drop, [replacement], false), { range: fullLines(add.range), newText: "" }, ...downgradeEdits(ctx, table, dropped, spec.name!)],
        },
      });
    }
    return out;
  },
};

/** `op.alter_column(table, from, new_column_name=to[, type_=..., existing_type=..., postgresql_using=...])`. */
function renameCall(op: LintOp, table: string, from: string, to: string, fromType: ColumnType, toType: ColumnType, toTypeSource: string): string {
  const args = [JSON.stringify(table), JSON.stringify(from), `new_column_name=${JSON.stringify(to)}`];
  if (conversionOf(fromType, toType) !== "same") {
    args.push(`type_=${toTypeSource}`, `existing_type=${saTypeSource(fromType)}`);
    if (needsUsing(fromType, toType)) args.push(`postgresql_using=${JSON.stringify(`${from}::${renderType(toType)}`)}`);
  }
  const batch = op.batchTable !== undefined;
  return `${batch ? "batch_op" : "op"}.alter_column(${(batch ? args.slice(1) : args).join(", ")})`;
}

// Autogenerate's downgrade mirrors the mistake (drop the new column, add the old one back):
// rename back there too, so a downgrade does not lose the data either.
function downgradeEdits(ctx: LintContext, table: string, oldName: string, newName: string): TextEdit[] {
  const ops = downgradeOps(ctx);
  const drop = ops.find((o) => o.name === "drop_column" && opTable(o) === table && opString(o, "column_name") === newName);
  const add = ops.find((o) => o.name === "add_column" && opTable(o) === table && readColumn(opArg(o, "column"))?.name === oldName);
  if (!drop || !add) return [];
  const oldSpec = readColumn(opArg(add, "column"))!;
  const newSpec = upgradeOps(ctx).map((o) => (o.name === "add_column" && opTable(o) === table ? readColumn(opArg(o, "column")) : undefined)).find((c) => c?.name === newName);
  if (!oldSpec.type || !oldSpec.typeExpr || !newSpec?.type) return [];
  const text = ctx.revision.text;
  const call = renameCall(drop, table, newName, oldName, newSpec.type, oldSpec.type, sliceText(text, oldSpec.typeExpr.range));
  return [rewriteStatement(text, drop, [{ range: drop.call.range, newText: call }], false), { range: fullLines(add.range), newText: "" }];
}
