// `add_column` of a NOT NULL column with no server default on a table that already exists: the
// ALTER fails as soon as the table has one row ("column contains null values").
import { sliceText } from "../../python/syntax";
import { addKwargEdit, insertLinesAfter, pySql, rewriteStatement } from "../edits";
import { opArg, opTable, readColumn, type ColumnSpec } from "../opArgs";
import { isNewTable, sqlIdent, upgradeOps } from "../ruleKit";
import type { LintContext, LintOp, LintProblem, LintRule, TextEdit } from "../types";

export const addingRequiredColumn: LintRule = {
  id: "adding-required-column",
  severity: "error",
  summary: "NOT NULL column added without a server default to a table that has rows",
  docs: "docs/rules/adding-required-column.md",
  equivalent: "squawk adding-required-field; Atlas MF103",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      if (op.name !== "add_column") continue;
      const table = opTable(op);
      const col = readColumn(opArg(op, "column"));
      if (!col || col.nullable || col.serverDefault || isNewTable(ctx, op, table)) continue;
      const rows = ctx.rowNote(table);
      const client = col.clientDefault ? " (`default=` is applied by Python on insert only, it does not fill existing rows)" : "";
      out.push({
        range: col.call.range,
        message:
          `Adding NOT NULL column ${table ?? "?"}.${col.name ?? "?"} without server_default fails if the table has any row` +
          `${rows ? ` (${rows})` : ""}${client}. Add it nullable, backfill, then set NOT NULL.`,
        table,
        column: col.name,
        ...(op.batchTable === undefined && table && col.name ? { fix: requiredColumnFix(ctx, op, table, col) } : {}),
      });
    }
    return out;
  },
};

function requiredColumnFix(ctx: LintContext, op: LintOp, table: string, col: ColumnSpec): { title: string; edits: TextEdit[] } {
  const text = ctx.revision.text;
  const nullableKw = col.call.kwargs.find((k) => k.name === "nullable");
  const nullableEdit: TextEdit = nullableKw ? { range: nullableKw.value.range, newText: "True" } : addKwargEdit(col.call, "nullable=True");
  const name = col.name!;
  const typeSource = col.typeExpr ? sliceText(text, col.typeExpr.range) : undefined;
  const value = backfillValue(col);
  const lines = [
    `op.execute(${pySql(`UPDATE ${sqlIdent(table)} SET ${sqlIdent(name)} = ${value} WHERE ${sqlIdent(name)} IS NULL`)})`,
    `op.alter_column(${JSON.stringify(table)}, ${JSON.stringify(name)}${typeSource ? `, existing_type=${typeSource}` : ""}, nullable=False)`,
  ];
  return {
    title: `Add ${name} nullable, backfill it, then set NOT NULL`,
    edits: [rewriteStatement(text, op, [nullableEdit], false), insertLinesAfter(text, op, lines)],
  };
}

/** SQL for the backfill: the Python default when it is a literal, else a neutral value of the type. */
export function backfillValue(col: ColumnSpec): string {
  const d = col.clientDefault;
  if (d?.kind === "str" && !d.formatted) return `'${d.value.replace(/'/g, "''")}'`;
  if (d?.kind === "num") return d.text;
  if (d?.kind === "bool") return d.value ? "true" : "false";
  switch (col.type?.kind) {
    case "string":
    case "text":
    case "char":
      return "''";
    case "smallint":
    case "integer":
    case "bigint":
    case "numeric":
    case "float":
    case "real":
      return "0";
    case "boolean":
      return "false";
    case "datetime":
    case "date":
      return "now()";
    case "uuid":
      return "gen_random_uuid()";
    case "json":
    case "jsonb":
      return "'{}'";
    default:
      return "DEFAULT";
  }
}
