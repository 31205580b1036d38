// A new column with a volatile server default (random(), gen_random_uuid(), clock_timestamp())
// makes PostgreSQL rewrite the whole table under an ACCESS EXCLUSIVE lock; before PostgreSQL 11
// every default did. Constant and stable defaults (now(), 'x', 0) are stored once, instantly.
import { calleeName, lastSegment, stringValue, type PyExpr } from "../../python/syntax";
import { opArg, opTable, readColumn } from "../opArgs";
import { isNewTable, sqlOfKind, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

// PostgreSQL functions marked VOLATILE (pg_proc.provolatile = 'v') that appear in defaults.
const VOLATILE = /\b(random|gen_random_uuid|uuid_generate_v1|uuid_generate_v1mc|uuid_generate_v4|clock_timestamp|timeofday|nextval|txid_current|statement_timestamp)\s*\(/i;

function defaultSql(expr: PyExpr): string | undefined {
  if (expr.kind === "str") return `'${expr.value}'`;
  if (expr.kind === "call") {
    const name = calleeName(expr);
    if (lastSegment(name) === "text" || lastSegment(name) === "literal_column") return stringValue(expr.args[0]);
    // sa.func.gen_random_uuid()
    if (name?.includes("func.")) return `${lastSegment(name)}()`;
  }
  return undefined;
}

export const volatileDefaultOnNewColumn: LintRule = {
  id: "volatile-default-on-new-column",
  severity: "warning",
  summary: "New column with a volatile default rewrites the table",
  docs: "docs/rules/volatile-default-on-new-column.md",
  equivalent: "squawk adding-field-with-default; Atlas PG302; strong_migrations add_column_default",
  check(ctx) {
    const out: LintProblem[] = [];
    const old = ctx.settings.postgresVersion < 11;
    for (const op of upgradeOps(ctx)) {
      if (op.name !== "add_column") continue;
      const table = opTable(op);
      const col = readColumn(opArg(op, "column"));
      if (!col?.serverDefault || isNewTable(ctx, op, table)) continue;
      const sql = defaultSql(col.serverDefault);
      const volatile = sql !== undefined && VOLATILE.test(sql);
      if (!volatile && !old) continue;
      out.push({
        range: col.serverDefault.range,
        message: volatile
          ? `The default ${sql} is volatile: PostgreSQL rewrites all of ${table ?? "the table"} to fill it, under an exclusive lock. Add the column without it, set the default, then backfill in batches.`
          : `Before PostgreSQL 11 any default on a new column rewrites all of ${table ?? "the table"} under an exclusive lock.`,
        table,
        column: col.name,
      });
    }
    for (const { op, statement } of sqlOfKind(ctx, "alter-table")) {
      if (isNewTable(ctx, op, statement.table)) continue;
      for (const a of statement.actions) {
        if (a.kind === "add-column" && a.default !== undefined && (VOLATILE.test(a.default) || old)) {
          out.push({ range: op.call.range, message: `ADD COLUMN ${a.column} with default ${a.default} rewrites ${statement.table ?? "the table"} under an exclusive lock.`, table: statement.table, column: a.column });
        }
      }
    }
    return out;
  },
};
