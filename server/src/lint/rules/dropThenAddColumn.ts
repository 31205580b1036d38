// A revision that drops a column and adds another of a compatible type to the same table: most
// often a rename written as drop + add (autogenerate cannot see renames), which loses the data.
import { sliceText } from "../../python/syntax";
import { conversionOf, needsUsing, renderType } from "../../schema/columnTypes";
import { saTypeSource } from "../../schema/sqlalchemyTypes";
import { fullLines, rewriteStatement } from "../edits";
import { opArg, opString, opTable, readColumn } from "../opArgs";
import { columnBefore, isNewTable, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule, TextEdit } from "../types";

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
      const args = [JSON.stringify(table), JSON.stringify(dropped), `new_column_name=${JSON.stringify(spec.name)}`];
      if (conversionOf(before.type, spec.type!) !== "same") {
        args.push(`type_=${sliceText(text, spec.typeExpr!.range)}`, `existing_type=${saTypeSource(before.type)}`);
        if (needsUsing(before.type, spec.type!)) args.push(`postgresql_using=${JSON.stringify(`${dropped}::${renderType(spec.type!)}`)}`);
      }
      const receiver = drop.batchTable !== undefined ? "batch_op" : "op";
      const callArgs = drop.batchTable !== undefined ? args.slice(1) : args;
      const replacement: TextEdit = { range: drop.call.range, newText: `${receiver}.alter_column(${callArgs.join(", ")})` };
      out.push({
        range: drop.call.range,
        message:
          `${table}.${dropped} is dropped and ${table}.${spec.name} (${renderType(spec.type!)}) is added in the same revision: ` +
          `if this is a rename, the data of ${dropped} is lost. Use alter_column(new_column_name=...).`,
        table,
        column: dropped,
        fix: {
          title: `Rename ${dropped} to ${spec.name} instead of drop + add`,
          edits: [rewriteStatement(text, drop, [replacement], false), { range: fullLines(add.range), newText: "" }],
        },
      });
    }
    return out;
  },
};

