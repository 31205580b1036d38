// DDL waits for its lock behind any long query on the table, and every query after it waits
// behind the DDL: a short migration can stall the app. A lock_timeout makes it fail fast instead.
// Quiet when `lock-timeout-in-env` says env.py sets it for every migration.
import { insertAtTop, pySql } from "../edits";
import { opTable } from "../opArgs";
import { changesSchema, isNewTable, upgradeOps } from "../ruleKit";
import type { LintProblem, LintRule } from "../types";

export const DEFAULT_LOCK_TIMEOUT = "5s";

export const missingLockTimeout: LintRule = {
  id: "missing-lock-timeout",
  severity: "warning",
  summary: "Schema change with no lock_timeout: it can stall every query on the table",
  docs: "docs/rules/missing-lock-timeout.md",
  equivalent: "squawk require-lock-timeout; strong_migrations lock_timeout",
  check(ctx) {
    if (ctx.settings.lockTimeoutInEnv || !ctx.revision.upgrade) return [];
    const ops = upgradeOps(ctx);
    const first = ops.find((op) => changesSchema(ctx, op) && op.name !== "create_table" && !isNewTable(ctx, op, opTable(op)));
    if (!first) return [];
    const setEarlier = ctx.upgradeSql.some((s) => s.op.index < first.index && s.statement.kind === "set" && s.statement.name === "lock_timeout");
    if (setEarlier) return [];
    return [{
      range: first.call.range,
      message: `No lock_timeout is set before this change: if ${opTable(first) ?? "the table"} is busy, the migration waits for its lock and every query on the table waits behind it.`,
      table: opTable(first),
      fix: {
        title: `Set lock_timeout = '${DEFAULT_LOCK_TIMEOUT}' at the top of upgrade()`,
        edits: [insertAtTop(ctx.revision.upgrade, [`op.execute(${pySql(`SET lock_timeout = '${DEFAULT_LOCK_TIMEOUT}'`)})`])],
      },
    }];
  },
};
