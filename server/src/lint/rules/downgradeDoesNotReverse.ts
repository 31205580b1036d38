// downgrade() must undo upgrade(): every column/table/index/constraint the upgrade creates is
// dropped again, every rename is renamed back. Checked by name, for ops and for static SQL.
import { stringValue } from "../../python/syntax";
import { scanSql } from "../sqlScan";
import { opArg, opKwarg, opString, opTable, readColumn } from "../opArgs";
import { downgradeOps, objectName, upgradeOps } from "../ruleKit";
import type { LintOp, LintProblem, LintRule } from "../types";

interface Expected {
  op: LintOp;
  /** Key of the undoing action, e.g. "drop_column tasks.due_date". */
  key: string;
  what: string;
}

function expectedUndo(op: LintOp): Expected | undefined {
  const table = opTable(op);
  switch (op.name) {
    case "add_column": {
      const col = readColumn(opArg(op, "column"));
      return col?.name && table ? { op, key: `drop_column ${table}.${col.name}`, what: `adds ${table}.${col.name} but downgrade() does not drop it` } : undefined;
    }
    case "create_table":
      return table ? { op, key: `drop_table ${table}`, what: `creates table ${table} but downgrade() does not drop it` } : undefined;
    case "create_index": {
      const name = opString(op, "index_name") ?? opFName(op);
      return name ? { op, key: `drop_index ${name}`, what: `creates index ${name} but downgrade() does not drop it` } : undefined;
    }
    case "create_foreign_key":
    case "create_unique_constraint":
    case "create_check_constraint": {
      const name = opString(op, "constraint_name") ?? opFName(op);
      return name ? { op, key: `drop_constraint ${name}`, what: `creates constraint ${name} but downgrade() does not drop it` } : undefined;
    }
    case "rename_table": {
      const to = opString(op, "new_table_name");
      const from = opString(op, "old_table_name");
      return to && from ? { op, key: `rename_table ${to}->${from}`, what: `renames table ${from} to ${to} but downgrade() does not rename it back` } : undefined;
    }
    case "alter_column": {
      const to = stringValue(opKwarg(op, "new_column_name"));
      const from = opString(op, "column_name");
      return to && from && table ? { op, key: `rename_column ${table}.${to}->${from}`, what: `renames ${table}.${from} to ${to} but downgrade() does not rename it back` } : undefined;
    }
    default:
      return undefined;
  }
}

// `op.f("ix_tasks_user_id")` names are literal too.
function opFName(op: LintOp): string | undefined {
  return objectName(op);
}

function undoKeys(ops: LintOp[]): Set<string> | undefined {
  const keys = new Set<string>();
  for (const op of ops) {
    const table = opTable(op);
    switch (op.name) {
      case "drop_column":
        keys.add(`drop_column ${table}.${opString(op, "column_name")}`);
        break;
      case "drop_table":
        keys.add(`drop_table ${table}`);
        break;
      case "drop_index":
        keys.add(`drop_index ${opString(op, "index_name") ?? opFName(op)}`);
        break;
      case "drop_constraint":
        keys.add(`drop_constraint ${opString(op, "constraint_name") ?? opFName(op)}`);
        break;
      case "rename_table":
        keys.add(`rename_table ${opString(op, "old_table_name")}->${opString(op, "new_table_name")}`);
        break;
      case "alter_column": {
        const to = stringValue(opKwarg(op, "new_column_name"));
        if (to) keys.add(`rename_column ${table}.${opString(op, "column_name")}->${to}`);
        break;
      }
      case "execute": {
        // SQL we cannot read could undo anything: give up rather than guess.
        if (op.sql === undefined) return undefined;
        for (const s of scanSql(op.sql)) {
          if (s.kind === "drop-table") s.tables.forEach((t) => keys.add(`drop_table ${t}`));
          else if (s.kind === "drop-index" && s.name) keys.add(`drop_index ${s.name}`);
          else if (s.kind === "alter-table" && s.table) {
            for (const a of s.actions) {
              if (a.kind === "drop-column") keys.add(`drop_column ${s.table}.${a.column}`);
              else if (a.kind === "rename-column") keys.add(`rename_column ${s.table}.${a.from}->${a.to}`);
              else if (a.kind === "rename-table") keys.add(`rename_table ${s.table}->${a.to}`);
              else if (a.kind === "other" && /^DROP CONSTRAINT/i.test(a.text)) keys.add(`drop_constraint ${a.text.split(/\s+/).pop()}`);
            }
          } else if (s.kind === "other") return undefined;
        }
        break;
      }
      case "unknown":
        return undefined;
    }
  }
  return keys;
}

export const downgradeDoesNotReverse: LintRule = {
  id: "downgrade-does-not-reverse",
  severity: "warning",
  summary: "downgrade() does not undo everything upgrade() does",
  docs: "docs/rules/downgrade-does-not-reverse.md",
  equivalent: "pytest-alembic up_down_consistency (needs a database)",
  check(ctx) {
    const down = ctx.revision.downgrade;
    if (!down || down.empty) return [];
    const keys = undoKeys(downgradeOps(ctx));
    if (!keys) return [];
    // A table dropped in downgrade takes its columns, indexes and constraints with it.
    const droppedTables = [...keys].filter((k) => k.startsWith("drop_table ")).map((k) => k.slice("drop_table ".length));
    const out: LintProblem[] = [];
    for (const op of upgradeOps(ctx)) {
      const e = expectedUndo(op);
      if (!e || keys.has(e.key)) continue;
      if (op.name !== "create_table" && op.name !== "rename_table" && droppedTables.includes(opTable(op) ?? "")) continue;
      if (op.conditional) continue;
      out.push({ range: op.call.range, message: `upgrade() ${e.what}.`, table: opTable(op) });
    }
    return out;
  },
};
