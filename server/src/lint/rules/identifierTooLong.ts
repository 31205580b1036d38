// PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1) with only a NOTICE: the object
// gets a different name than the migration says, and a later drop/rename by name fails.
import { stringValue, type PyExpr } from "../../python/syntax";
import { createTableColumns, opArg, opKwarg, readColumn } from "../opArgs";
import { upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

const MAX_BYTES = 63;

export const identifierTooLong: LintRule = {
  id: "identifier-too-long",
  severity: "warning",
  summary: "Name longer than 63 bytes is silently truncated by PostgreSQL",
  docs: "docs/rules/identifier-too-long.md",
  equivalent: "squawk identifier-too-long",
  check(ctx) {
    const out: LintProblem[] = [];
    const check = (expr: PyExpr | undefined): void => {
      const target = expr?.kind === "call" && expr.args.length === 1 ? expr.args[0] : expr; // op.f("...")
      const name = stringValue(target);
      if (!name || !target || Buffer.byteLength(name, "utf8") <= MAX_BYTES) return;
      out.push({ range: target.range, message: `"${name}" is ${Buffer.byteLength(name, "utf8")} bytes; PostgreSQL truncates names to 63, so a later drop or rename by this name fails.` });
    };
    for (const op of upgradeOps(ctx)) {
      for (const param of ["table_name", "new_table_name", "index_name", "constraint_name"]) check(opArg(op, param));
      check(opKwarg(op, "new_column_name"));
      const cols = op.name === "create_table" ? createTableColumns(op) : op.name === "add_column" ? [readColumn(opArg(op, "column"))] : [];
      for (const c of cols) if (c) check(c.call.args[0]);
    }
    return out;
  },
};
