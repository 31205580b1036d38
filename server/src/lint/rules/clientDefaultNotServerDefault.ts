// sa.Column(default=...) in a migration is a Python-side default: it never reaches the database,
// existing rows stay NULL and other writers get no default. server_default= was meant.
import { opArg, opTable, readColumn, createTableColumns, type ColumnSpec } from "../opArgs";
import { saImportEdits, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule, TextEdit } from "../types";

export const clientDefaultNotServerDefault: LintRule = {
  id: "client-default-not-server-default",
  severity: "warning",
  summary: "default= in a migration never reaches the database; server_default= was meant",
  docs: "docs/rules/client-default-not-server-default.md",
  equivalent: "none",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      const table = opTable(op);
      const cols = op.name === "add_column" ? [readColumn(opArg(op, "column"))] : op.name === "create_table" ? createTableColumns(op) : [];
      for (const col of cols) {
        if (!col?.clientDefault || col.serverDefault) continue;
        const kw = col.call.kwargs.find((k) => k.name === "default")!;
        const sql = serverDefaultSource(col);
        out.push({
          range: kw.range,
          message: `default= on ${table ?? "?"}.${col.name ?? "?"} is applied by SQLAlchemy in Python only; the database column gets no default and existing rows are not filled. Use server_default=.`,
          table,
          column: col.name,
          ...(sql
            ? { fix: { title: `Use server_default=${sql}`, edits: [{ range: kw.range, newText: `server_default=${sql}` } satisfies TextEdit, ...(sql.startsWith("sa.") ? saImportEdits(ctx) : [])] } }
            : {}),
        });
      }
    }
    return out;
  },
};

/** server_default source for a literal Python default; undefined for callables and expressions. */
function serverDefaultSource(col: ColumnSpec): string | undefined {
  const d = col.clientDefault!;
  if (d.kind === "str" && !d.formatted) return JSON.stringify(d.value);
  if (d.kind === "num") return `sa.text(${JSON.stringify(d.text)})`;
  if (d.kind === "bool") return `sa.text(${JSON.stringify(d.value ? "true" : "false")})`;
  return undefined;
}
