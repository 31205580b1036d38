// A foreign key whose referenced table does not exist at that point of the history (typo, wrong
// order of revisions, or a table created later in the same upgrade): the upgrade fails with
// `relation "..." does not exist`.
import { calleeName, lastSegment, stringValue, type PyExpr } from "../../python/syntax";
import type { Range } from "../../schema/types";
import { createTableColumns, opArg, opKwarg, opString, opTable, readColumn } from "../opArgs";
import { upgradeOps } from "../ruleKit";
import type { LintContext, LintOp, LintProblem, LintRule } from "../types";

export const foreignKeyToUnknownTable: LintRule = {
  id: "foreign-key-to-unknown-table",
  severity: "error",
  summary: "Foreign key to a table that does not exist at that point of the history",
  docs: "docs/rules/foreign-key-to-unknown-table.md",
  equivalent: "none (Atlas finds it only by running on a dev database)",
  check(ctx) {
    if (!ctx.historyKnown) return [];
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      for (const ref of referencedTables(op)) {
        const problem = unknownTarget(ctx, op, ref.table);
        if (problem) out.push({ range: ref.range, message: problem, table: opTable(op) });
      }
    }
    return out;
  },
};

function referencedTables(op: LintOp): { table: string; range: Range }[] {
  const out: { table: string; range: Range }[] = [];
  // Tables in another schema (Supabase's auth.users) are outside the replayed history.
  const local = (target: string): boolean => target.split(".").length <= 2;
  if (op.name === "create_foreign_key") {
    const arg = opArg(op, "referent_table");
    const t = stringValue(arg);
    if (t && arg && !opKwarg(op, "referent_schema")) out.push({ table: t, range: arg.range });
  } else if (op.name === "add_column") {
    const col = readColumn(opArg(op, "column"));
    for (const fk of col?.foreignKeys ?? []) if (local(fk.target)) out.push({ table: fk.table, range: fk.call.range });
  } else if (op.name === "create_table") {
    for (const col of createTableColumns(op)) for (const fk of col.foreignKeys) if (local(fk.target)) out.push({ table: fk.table, range: fk.call.range });
    for (const c of op.call.args) {
      if (c.kind !== "call" || lastSegment(calleeName(c)) !== "ForeignKeyConstraint") continue;
      const target = c.args[1]?.kind === "list" || c.args[1]?.kind === "tuple" ? stringValue(c.args[1].items[0]) : undefined;
      if (target && !local(target)) continue;
      const first = targetOf(c.args[1]);
      if (first) out.push({ table: first, range: c.range });
    }
  }
  return out;
}

function targetOf(expr: PyExpr | undefined): string | undefined {
  if (!expr || (expr.kind !== "list" && expr.kind !== "tuple")) return undefined;
  const s = stringValue(expr.items[0]);
  return s?.split(".").slice(-2)[0];
}

function unknownTarget(ctx: LintContext, op: LintOp, table: string): string | undefined {
  if (ctx.schemaBefore.tables[table]) return undefined;
  if (ctx.createdBefore(op).has(table)) return undefined;
  // Self-reference inside the create_table that defines the table.
  if (op.name === "create_table" && opTable(op) === table) return undefined;
  const later = upgradeOps(ctx).find((o) => o.index > op.index && o.name === "create_table" && opString(o, "table_name") === table);
  if (later) return `Foreign key to ${table}, which is created only later in this upgrade(): move create_table("${table}") before it.`;
  return `Foreign key to ${table}, but no table ${table} exists at this point of the migration history.`;
}
