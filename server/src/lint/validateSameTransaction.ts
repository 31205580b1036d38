// NOT VALID followed by VALIDATE in the same transaction gains nothing: the ADD took an exclusive
// lock that is held until commit, so the validating scan still blocks (squawk
// constraint-missing-not-valid, second check). Shared by the foreign-key and check rules.
import { rewriteStatement } from "./edits";
import { objectName, isTrue, upgradeOps } from "./ruleKit";
import type { SqlConstraintKind } from "./sqlScan";
import type { LintContext, LintProblem } from "./types";

export function validateInSameTransaction(ctx: LintContext, kind: SqlConstraintKind): LintProblem[] {
  const notValid = new Map<string, number>();
  const opName = kind === "foreign-key" ? "create_foreign_key" : "create_check_constraint";
  for (const op of upgradeOps(ctx)) {
    const name = op.name === opName && isTrue(op, "postgresql_not_valid") ? objectName(op) : undefined;
    if (name) notValid.set(name, op.index);
  }
  for (const { op, statement } of ctx.upgradeSql) {
    if (statement.kind !== "alter-table") continue;
    for (const a of statement.actions) if (a.kind === "add-constraint" && a.constraint === kind && a.notValid && a.name) notValid.set(a.name, op.index);
  }
  const out: LintProblem[] = [];
  for (const { op, statement } of ctx.upgradeSql) {
    if (statement.kind !== "alter-table" || op.inAutocommitBlock) continue;
    for (const a of statement.actions) {
      if (a.kind !== "validate-constraint") continue;
      const addedAt = notValid.get(a.name);
      if (addedAt === undefined || addedAt > op.index) continue;
      out.push({
        range: op.call.range,
        message: `${a.name} is added NOT VALID and validated in the same transaction: the exclusive lock from the ADD is still held while every row is checked. Validate it in a later revision or inside autocommit_block().`,
        table: statement.table,
        ...(op.batchTable === undefined && !op.conditional
          ? { fix: { title: "Validate inside autocommit_block()", edits: [rewriteStatement(ctx.revision.text, op, [], true)] } }
          : {}),
      });
    }
  }
  return out;
}
