// Reads the arguments of Alembic op calls (parameter names and positions from the history
// reader's opArgument, which follows alembic/operations/ops.py) and the `sa.Column(...)` specs
// passed to add_column / create_table.
import { opArgument } from "../history/opArguments";
import { columnTypeFromSa } from "../schema/sqlalchemyTypes";
import type { ColumnType } from "../schema/types";
import { boolValue, calleeName, lastSegment, stringValue, type PyExpr } from "../python/syntax";
import type { CallExpr, LintOp } from "./types";

/** The expression passed for parameter `name`, by keyword or by position. */
export function opArg(op: LintOp, name: string): PyExpr | undefined {
  return opArgument(op, name);
}

export function opKwarg(op: LintOp, name: string): PyExpr | undefined {
  return op.call.kwargs.find((k) => k.name === name)?.value;
}

export function opString(op: LintOp, name: string): string | undefined {
  return stringValue(opArg(op, name));
}

export function opBool(op: LintOp, name: string): boolean | undefined {
  return boolValue(opArg(op, name));
}

/** String items of a list/tuple literal (`["user_id"]`). */
export function stringList(expr: PyExpr | undefined): string[] {
  if (!expr) return [];
  if (expr.kind === "str") return [expr.value];
  if (expr.kind !== "list" && expr.kind !== "tuple") return [];
  return expr.items.map((i) => stringValue(i)).filter((s): s is string => s !== undefined);
}

/** `sa.Column(...)` as written in add_column / create_table. */
export interface ColumnSpec {
  name?: string;
  call: CallExpr;
  typeExpr?: PyExpr;
  type?: ColumnType;
  /** Explicit `nullable=`; undefined when not passed. */
  nullableArg?: boolean;
  nullable: boolean;
  primaryKey: boolean;
  serverDefault?: PyExpr;
  clientDefault?: PyExpr;
  /** `sa.ForeignKey("users.id")` arguments. */
  foreignKeys: { target: string; table: string; call: CallExpr }[];
  unique?: PyExpr;
  index?: PyExpr;
}

export function isColumnCall(expr: PyExpr | undefined): expr is CallExpr {
  return expr?.kind === "call" && lastSegment(calleeName(expr)) === "Column";
}

// Several rules read the same Column(...) calls (a create_table's columns: four rules and the five
// type preferences): while a file is linted (`readingColumnsOnce`), each call is read once.
let readColumns: Map<CallExpr, ColumnSpec> | undefined;

/** Runs `work` with every Column(...) call read at most once; the readings go with it. */
export function readingColumnsOnce<T>(work: () => T): T {
  const outer = readColumns;
  readColumns = new Map();
  try {
    return work();
  } finally {
    readColumns = outer;
  }
}

export function readColumn(expr: PyExpr | undefined): ColumnSpec | undefined {
  if (!isColumnCall(expr)) return undefined;
  let spec = readColumns?.get(expr);
  if (!spec) {
    spec = readColumnCall(expr);
    readColumns?.set(expr, spec);
  }
  return spec;
}

function readColumnCall(expr: CallExpr): ColumnSpec {
  const positional = expr.args;
  let i = 0;
  const name = stringValue(positional[0]);
  if (name !== undefined) i = 1;
  const rest = positional.slice(i);
  const typeExpr = rest.find((a) => !isSchemaItem(a));
  const foreignKeys: ColumnSpec["foreignKeys"] = [];
  for (const a of rest) {
    if (a.kind === "call" && lastSegment(calleeName(a)) === "ForeignKey") {
      const target = stringValue(a.args[0]) ?? stringValue(a.kwargs.find((k) => k.name === "column")?.value);
      if (target) foreignKeys.push({ target, table: target.split(".").slice(-2)[0], call: a });
    }
  }
  const kw = (n: string): PyExpr | undefined => expr.kwargs.find((k) => k.name === n)?.value;
  const primaryKey = boolValue(kw("primary_key")) === true;
  const nullableArg = boolValue(kw("nullable"));
  return {
    name,
    call: expr,
    typeExpr,
    type: typeExpr ? columnTypeFromSa(typeExpr) : undefined,
    nullableArg,
    nullable: nullableArg ?? !primaryKey,
    primaryKey,
    serverDefault: nonNone(kw("server_default")),
    clientDefault: nonNone(kw("default")),
    foreignKeys,
    unique: kw("unique"),
    index: kw("index"),
  };
}

function nonNone(e: PyExpr | undefined): PyExpr | undefined {
  return e && e.kind !== "none" ? e : undefined;
}

const SCHEMA_ITEMS = new Set(["ForeignKey", "Identity", "Computed", "CheckConstraint", "Sequence", "FetchedValue", "DefaultClause"]);

function isSchemaItem(e: PyExpr): boolean {
  return e.kind === "call" && SCHEMA_ITEMS.has(lastSegment(calleeName(e)) ?? "");
}

/** Columns passed positionally to create_table. */
export function createTableColumns(op: LintOp): ColumnSpec[] {
  return op.call.args.map(readColumn).filter((c): c is ColumnSpec => c !== undefined);
}

/** `sa.ForeignKeyConstraint([...], ["users.id"])` / `sa.UniqueConstraint(...)` passed to create_table. */
export function createTableConstraints(op: LintOp): CallExpr[] {
  return op.call.args.filter((a): a is CallExpr => a.kind === "call" && /Constraint$/.test(lastSegment(calleeName(a)) ?? ""));
}

/** The table an op acts on: literal `table`/batch table from the parser, else read from the call. */
export function opTable(op: LintOp): string | undefined {
  if (op.table !== undefined) return op.table;
  if (op.batchTable !== undefined) return op.batchTable;
  return opString(op, "table_name") ?? opString(op, "source_table");
}
