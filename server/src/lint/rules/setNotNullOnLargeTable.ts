// SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock. From PostgreSQL 12 the scan
// is skipped when a validated CHECK (col IS NOT NULL) exists, so: add the CHECK NOT VALID,
// VALIDATE it outside the migration transaction (light lock), SET NOT NULL, drop the CHECK.
import { boolValue } from "../../python/syntax";
import { indentOf, linesSource, fullLines, pySql } from "../edits";
import { opKwarg, opString, opTable } from "../opArgs";
import { isNewTable, sqlBefore, sqlIdent, upgradeOps } from "../ruleKit";
import type { LintContext, LintOp, LintProblem, LintRule, TextEdit } from "../types";

/** Below this estimate the lock is short enough not to matter. */
const SMALL_TABLE_ROWS = 10_000;

export const setNotNullOnLargeTable: LintRule = {
  id: "set-not-null-on-large-table",
  severity: "warning",
  summary: "SET NOT NULL scans the table under an ACCESS EXCLUSIVE lock",
  docs: "docs/rules/set-not-null-on-large-table.md",
  equivalent: "squawk adding-not-nullable-field; Atlas PG303; strong_migrations change_column_null",
  check(ctx) {
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      if (op.name !== "alter_column" || boolValue(opKwarg(op, "nullable")) !== false) continue;
      const table = opTable(op);
      const column = opString(op, "column_name");
      if (!table || !column || isNewTable(ctx, op, table) || !ctx.tableExistedBefore(table)) continue;
      const before = ctx.schemaBefore.tables[table];
      if (before?.columns.some((c) => c.name === column && !c.nullable)) continue;
      const rows = ctx.rowEstimate(table);
      if (rows !== undefined && rows < SMALL_TABLE_ROWS) continue;
      const estimate = ctx.rowNote(table);
      if (hasValidatedCheck(ctx, op, table, column)) continue;
      const canFix = ctx.settings.postgresVersion >= 12 && op.batchTable === undefined && !op.inAutocommitBlock && !op.conditional;
      out.push({
        range: opKwarg(op, "nullable")!.range,
        message: `SET NOT NULL on ${table}.${column} reads every row while ${table} is locked against reads and writes${estimate ? ` (${estimate})` : ""}. Validate a CHECK (${column} IS NOT NULL) first.`,
        table,
        column,
        ...(canFix ? { fix: { title: "Use CHECK NOT VALID + VALIDATE before SET NOT NULL", edits: [checkPatternEdit(ctx, op, table, column)] } } : {}),
      });
    }
    return out;
  },
};

function notNullCheck(column: string): RegExp {
  const c = column.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`CHECK\\s*\\(\\s*"?${c}"?\\s+IS\\s+NOT\\s+NULL\\s*\\)`, "i");
}

function hasValidatedCheck(ctx: LintContext, op: LintOp, table: string, column: string): boolean {
  const re = notNullCheck(column);
  if (ctx.schemaBefore.tables[table]?.checks.some((c) => re.test(`CHECK (${c.expression})`))) return true;
  const earlier = sqlBefore(ctx, op);
  const added = earlier.flatMap((s) =>
    s.statement.kind === "alter-table" && s.statement.table === table && re.test(s.statement.text)
      ? s.statement.actions.flatMap((a) => (a.kind === "add-constraint" && a.constraint === "check" && a.name ? [a.name] : []))
      : [],
  );
  return earlier.some((s) => s.statement.kind === "alter-table" && s.statement.actions.some((a) => a.kind === "validate-constraint" && added.includes(a.name)));
}

function checkPatternEdit(ctx: LintContext, op: LintOp, table: string, column: string): TextEdit {
  const text = ctx.revision.text;
  const indent = indentOf(text, op.range.start.line);
  const name = `${table}_${column}_not_null`.slice(0, 63);
  const statement = linesSource(text, op.range)
    .split("\n")
    .map((l) => (l.length > 0 ? `    ${l}` : l))
    .join("\n");
  return {
    range: fullLines(op.range),
    newText: [
      `${indent}op.execute(${pySql(`ALTER TABLE ${sqlIdent(table)} ADD CONSTRAINT ${sqlIdent(name)} CHECK (${sqlIdent(column)} IS NOT NULL) NOT VALID`)})`,
      `${indent}with op.get_context().autocommit_block():`,
      `${indent}    op.execute(${pySql(`ALTER TABLE ${sqlIdent(table)} VALIDATE CONSTRAINT ${sqlIdent(name)}`)})`,
      statement.replace(/\n$/, ""),
      `${indent}    op.drop_constraint(${JSON.stringify(name)}, ${JSON.stringify(table)}, type_="check")`,
      "",
    ].join("\n"),
  };
}
