// op.add_column(sa.Column(..., unique=True / index=True)): Alembic documents both flags as
// ignored there since 1.18.2 (alembic/operations/ops.py, AddColumnOp docstring), yet 1.20.1 still
// emits them (toimpl.add_column: `ALTER TABLE t ADD UNIQUE (c)`, unnamed, and a plain
// `CREATE INDEX ix_t_c`; checked in test/e2e/lint/alembicBehaviour.test.ts). Either way the result
// depends on the Alembic version and is neither named nor concurrent: create them with their own ops.
import { boolValue } from "../../python/syntax";
import { insertLinesAfter, removeKwargEdit } from "../edits";
import { opArg, opTable, readColumn } from "../opArgs";
import { upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule, TextEdit } from "../types";

export const ignoredColumnFlags: LintRule = {
  id: "ignored-column-flags",
  severity: "warning",
  summary: "unique=True / index=True on a column passed to add_column: version-dependent, unnamed, built under lock",
  docs: "docs/rules/ignored-column-flags.md",
  equivalent: "none",
  check(ctx) {
    const out: LintProblem[] = [];
    const text = ctx.revision.text;
    for (const op of upgradeOps(ctx)) {
      if (op.name !== "add_column") continue;
      const table = opTable(op);
      const col = readColumn(opArg(op, "column"));
      if (!col?.name || !table) continue;
      const unique = boolValue(col.unique) === true;
      const index = boolValue(col.index) === true;
      if (!unique && !index) continue;
      const flags = [unique ? "unique=True" : "", index ? "index=True" : ""].filter(Boolean).join(" and ");
      const edits: TextEdit[] = [];
      for (const name of ["unique", "index"]) {
        const e = removeKwargEdit(text, col.call, name);
        if (e) edits.push(e);
      }
      const receiver = op.batchTable !== undefined ? "batch_op" : "op";
      const tableArg = op.batchTable !== undefined ? "" : `${JSON.stringify(table)}, `;
      const lines = [
        index ? `${receiver}.create_index(op.f(${JSON.stringify(`ix_${table}_${col.name}`)}), ${tableArg}[${JSON.stringify(col.name)}]${unique ? ", unique=True" : ""})` : "",
        unique && !index ? `${receiver}.create_unique_constraint(op.f(${JSON.stringify(`uq_${table}_${col.name}`)}), ${tableArg}[${JSON.stringify(col.name)}])` : "",
      ].filter(Boolean);
      edits.push(insertLinesAfter(text, op, lines));
      out.push({
        range: (col.unique ?? col.index)!.range,
        message:
          `${flags} on a column passed to add_column depends on the Alembic version (documented as ignored since 1.18.2, still emitted by 1.20 as an unnamed ` +
          `${unique ? "UNIQUE constraint" : "index"} built under lock): ${table}.${col.name} may or may not get it. Create it with its own op.`,
        table,
        column: col.name,
        fix: { title: `Create the ${unique && !index ? "unique constraint" : "index"} with its own op`, edits },
      });
    }
    return out;
  },
};
