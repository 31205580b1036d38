// Reads an op's arguments by parameter name, whether passed by position or keyword, on `op.*`
// and on a batch object (whose methods omit the table parameter).
// Positional parameters from alembic/operations/ops.py and base.py (Alembic 1.20.1); older
// keyword spellings (`name=`, `source=`, `referent=`) are accepted as aliases.
import type { PyExpr } from "../python/syntax";
import { stringValue } from "../python/syntax";
import type { MigrationOp } from "./types";

const OP_PARAMETERS: Record<string, string[]> = {
  create_table: ["table_name"],
  drop_table: ["table_name"],
  rename_table: ["old_table_name", "new_table_name"],
  add_column: ["table_name", "column"],
  drop_column: ["table_name", "column_name"],
  alter_column: ["table_name", "column_name"],
  create_index: ["index_name", "table_name", "columns"],
  drop_index: ["index_name", "table_name"],
  create_foreign_key: ["constraint_name", "source_table", "referent_table", "local_cols", "remote_cols"],
  create_unique_constraint: ["constraint_name", "table_name", "columns"],
  create_primary_key: ["constraint_name", "table_name", "columns"],
  create_check_constraint: ["constraint_name", "table_name", "condition"],
  create_exclude_constraint: ["constraint_name", "table_name"],
  drop_constraint: ["constraint_name", "table_name", "type_"],
  create_table_comment: ["table_name", "comment"],
  drop_table_comment: ["table_name"],
  execute: ["sqltext"],
  bulk_insert: ["table", "rows"],
  batch_alter_table: ["table_name"],
  f: ["name"],
};

/** Parameters that name the target table, per op (batch methods have none: the block names it). */
const TABLE_PARAMETER: Record<string, string> = {
  create_table: "table_name",
  drop_table: "table_name",
  rename_table: "old_table_name",
  add_column: "table_name",
  drop_column: "table_name",
  alter_column: "table_name",
  create_index: "table_name",
  drop_index: "table_name",
  create_foreign_key: "source_table",
  create_unique_constraint: "table_name",
  create_primary_key: "table_name",
  create_check_constraint: "table_name",
  create_exclude_constraint: "table_name",
  drop_constraint: "table_name",
  create_table_comment: "table_name",
  drop_table_comment: "table_name",
  batch_alter_table: "table_name",
};

const ALIASES: Record<string, string[]> = {
  constraint_name: ["name"],
  index_name: ["name"],
  source_table: ["source"],
  referent_table: ["referent"],
  old_table_name: ["table_name"],
  type_: ["type"],
};

function parametersOf(name: string, batch: boolean): string[] {
  const params = OP_PARAMETERS[name] ?? [];
  const tableParam = TABLE_PARAMETER[name];
  return batch && tableParam ? params.filter((p) => p !== tableParam) : params;
}

/** Argument `param` of an op call (`op.add_column("t", col)` -> column = col), or undefined. */
export function opArgument(op: Pick<MigrationOp, "name" | "call" | "batchTable">, param: string): PyExpr | undefined {
  return callArgument(op.call, op.name, param, op.batchTable !== undefined);
}

export function callArgument(call: PyExpr, opName: string, param: string, batch = false): PyExpr | undefined {
  if (call.kind !== "call") return undefined;
  const names = [param, ...(ALIASES[param] ?? [])];
  const byKeyword = call.kwargs.find((k) => names.includes(k.name));
  if (byKeyword) return byKeyword.value;
  const position = parametersOf(opName, batch).indexOf(param);
  return position >= 0 ? call.args[position] : undefined;
}

/** Positional arguments after the named parameters (`create_table("t", *columns)`). */
export function extraArguments(op: Pick<MigrationOp, "name" | "call" | "batchTable">): PyExpr[] {
  if (op.call.kind !== "call") return [];
  return op.call.args.slice(parametersOf(op.name, op.batchTable !== undefined).length);
}

/** The table an op targets, when written as a literal (or `op.f("...")`), without the schema prefix. */
export function tableArgument(call: PyExpr, opName: string, batch: boolean): string | undefined {
  const param = TABLE_PARAMETER[opName];
  if (!param || batch) return undefined;
  return nameValue(callArgument(call, opName, param, false));
}

/**
 * A literal name: `"x"`, `op.f("x")`, `sa.quoted_name("x", ...)`, `conv("x")`. Schema-qualified
 * table names (`"public.tasks"` is rare in Alembic, which takes `schema=`) are kept as written.
 */
export function nameValue(expr: PyExpr | undefined): string | undefined {
  if (!expr) return undefined;
  const literal = stringValue(expr);
  if (literal !== undefined) return literal;
  if (expr.kind === "call" && expr.args.length > 0) {
    const fn = expr.func.kind === "attr" ? expr.func.name : expr.func.kind === "name" ? expr.func.name : undefined;
    if (fn === "f" || fn === "quoted_name" || fn === "conv") return stringValue(expr.args[0]);
  }
  return undefined;
}

/** A list/tuple of literal names (`["a", "b"]`), or one literal; undefined when any item is not literal. */
export function nameList(expr: PyExpr | undefined): string[] | undefined {
  if (!expr) return undefined;
  if (expr.kind === "list" || expr.kind === "tuple") {
    const out: string[] = [];
    for (const item of expr.items) {
      const v = nameValue(item);
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out;
  }
  const single = nameValue(expr);
  return single === undefined ? undefined : [single];
}
