// A type change that is not binary-coercible rewrites the table (and rebuilds its indexes) under
// an ACCESS EXCLUSIVE lock. varchar -> text, raising a varchar length or numeric precision are
// not flagged (conversionOf, after strong_migrations' list of safe changes).
import { columnTypeFromSa } from "../../schema/sqlalchemyTypes";
import { conversionOf, parsePgType, renderType } from "../../schema/columnTypes";
import { opKwarg, opString, opTable } from "../opArgs";
import { columnBefore, isNewTable, sqlOfKind, typeBeforeAlter, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const changingColumnType: LintRule = {
  id: "changing-column-type",
  severity: "warning",
  summary: "Column type change that rewrites the table under an exclusive lock",
  docs: "docs/rules/changing-column-type.md",
  equivalent: "squawk changing-column-type (flags every change); Atlas PG301; strong_migrations change_column",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      const typeArg = op.name === "alter_column" ? opKwarg(op, "type_") : undefined;
      const table = opTable(op);
      const column = opString(op, "column_name");
      if (!typeArg || !table || !column || isNewTable(ctx, op, table)) continue;
      const from = typeBeforeAlter(ctx, op, table, column);
      const to = columnTypeFromSa(typeArg);
      if (!from || from.kind === "unknown" || to.kind === "unknown") continue;
      const conversion = conversionOf(from, to);
      if (conversion === "same" || conversion === "binary-coercible") continue;
      const rows = ctx.rowNote(table);
      out.push({
        range: typeArg.range,
        message: `Changing ${table}.${column} from ${renderType(from)} to ${renderType(to)} rewrites the table and its indexes while it is locked against reads and writes${rows ? ` (${rows})` : ""}. Consider a new column, a backfill, and a switch-over.`,
        table,
        column,
      });
    }
    for (const { op, statement } of sqlOfKind(ctx, "alter-table")) {
      if (!statement.table || isNewTable(ctx, op, statement.table)) continue;
      for (const a of statement.actions) {
        if (a.kind !== "set-type") continue;
        const from = columnBefore(ctx, op, statement.table, a.column).type;
        const to = parsePgType(a.type);
        if (from && to.kind !== "unknown" && ["same", "binary-coercible"].includes(conversionOf(from, to))) continue;
        out.push({ range: op.call.range, message: `ALTER COLUMN ${a.column} TYPE ${a.type} may rewrite ${statement.table} under an exclusive lock.`, table: statement.table, column: a.column });
      }
    }
    return out;
  },
};
