// Schema changes -> findings a person can act on. One function for the three comparisons:
// models vs history (`dmw check` offline), models vs database and history vs database (live).
// Findings point at the reference side's line (the model field or class; the migration op for
// history vs database) and fall back to the lagging side's line when the reference has none
// (a column only the migrations create). `data` carries the SchemaChange for quick fixes.
import { renderType } from "../schema/columnTypes";
import type { Column, ForeignKey, Index, Schema, SchemaOrigin, SourceRef, Table } from "../schema/types";
import type { SchemaChange } from "../diff/types";
import { DRIFT_SEVERITY, driftCode, type Comparison } from "./driftCodes";
import type { Finding, Severity } from "./types";

export interface DriftContext {
  /** The lagging side, as given to diffSchemas as `from`. */
  from: Schema;
  /** The reference side, as given to diffSchemas as `to`. */
  to: Schema;
  /**
   * Tables whose shape is in doubt for another reason than opaque SQL, with that reason
   * ("app/models/task.py has a syntax error"): their errors are lowered to warnings too.
   */
  uncertain?: ReadonlyMap<string, string>;
}

const SIDES: Record<Comparison, { from: SchemaOrigin; to: SchemaOrigin }> = {
  "models-history": { from: "history", to: "models" },
  "models-database": { from: "database", to: "models" },
  "history-database": { from: "database", to: "history" },
};

const NOUN: Record<SchemaOrigin, string> = { models: "the model", history: "the migrations", database: "the database" };
const PRESENT: Record<SchemaOrigin, string> = { models: "is in the model", history: "is created by the migrations", database: "is in the database" };
const ABSENT: Record<SchemaOrigin, string> = { models: "no model declares it", history: "no migration creates it", database: "the database does not have it" };
const HAVE: Record<SchemaOrigin, string> = { models: "the model has", history: "the migrations have", database: "the database has" };

export function driftFindings(changes: readonly SchemaChange[], comparison: Comparison, ctx: DriftContext): Finding[] {
  return changes.map((change) => driftFinding(change, comparison, ctx));
}

export function driftFinding(change: SchemaChange, comparison: Comparison, ctx: DriftContext): Finding {
  const sides = SIDES[comparison];
  const table = tableOf(change);
  const column = columnOf(change);
  const doubt = table !== undefined ? uncertainty(table, ctx) : undefined;
  let severity: Severity = DRIFT_SEVERITY[change.kind];
  let message = messageOf(change, sides.from, sides.to);
  if (doubt && severity === "error") {
    severity = "warning";
    message += ` (uncertain: ${doubt})`;
  }
  const where = locate(change, ctx);
  return {
    code: driftCode(comparison, change.kind),
    severity,
    message,
    ...(where ? { file: where.file, range: where.range } : {}),
    ...(table !== undefined ? { table } : {}),
    ...(column !== undefined ? { column } : {}),
    data: change,
  };
}

function uncertainty(table: string, ctx: DriftContext): string | undefined {
  const given = ctx.uncertain?.get(table);
  if (given) return given;
  if (ctx.from.tables[table]?.uncertain || ctx.to.tables[table]?.uncertain) return `raw SQL in the migrations touches ${table}`;
  return undefined;
}

function tableOf(change: SchemaChange): string | undefined {
  switch (change.kind) {
    case "add-table":
    case "drop-table":
      return change.table.name;
    case "add-enum":
    case "drop-enum":
    case "alter-enum":
      return undefined;
    default:
      return change.table;
  }
}

function columnOf(change: SchemaChange): string | undefined {
  switch (change.kind) {
    case "add-column":
    case "drop-column":
      return change.column.name;
    case "rename-column":
      return change.to.name;
    case "alter-type":
    case "alter-nullable":
    case "alter-server-default":
      return change.column;
    case "add-foreign-key":
    case "drop-foreign-key":
      return change.foreignKey.columns.length === 1 ? change.foreignKey.columns[0] : undefined;
    case "alter-foreign-key":
      return change.to.columns.length === 1 ? change.to.columns[0] : undefined;
    default:
      return undefined;
  }
}

const typeText = (c: Column) => renderType(c.type);
const list = (names: string[]) => `(${names.join(", ")})`;
const fkText = (table: string, fk: ForeignKey) => `foreign key ${table}${list(fk.columns)} -> ${fk.refTable}${list(fk.refColumns)}`;
const indexText = (table: string, index: Index) => `${index.unique ? "unique index" : "index"} ${index.name} on ${table}${list(index.columns)}`;
const actions = (fk: ForeignKey) => `ON DELETE ${fk.onDelete ?? "NO ACTION"}${fk.onUpdate ? ` ON UPDATE ${fk.onUpdate}` : ""}`;

function messageOf(change: SchemaChange, from: SchemaOrigin, to: SchemaOrigin): string {
  const added = (what: string) => `${what} ${PRESENT[to]} but ${ABSENT[from]}`;
  const dropped = (what: string) => `${what} ${PRESENT[from]} but ${ABSENT[to]}`;
  const differs = (what: string, inTo: string, inFrom: string) => `${what} is ${inTo} in ${NOUN[to]} but ${inFrom} in ${NOUN[from]}`;
  switch (change.kind) {
    case "add-table":
      return added(`table ${change.table.name}`);
    case "drop-table":
      return dropped(`table ${change.table.name}`);
    case "add-column":
      return added(`${change.table}.${change.column.name}`);
    case "drop-column":
      return dropped(`${change.table}.${change.column.name}`);
    case "rename-column": {
      const { table, from: old, to: next } = change;
      const question = change.typeChanged ? "a rename with a type change?" : "a rename?";
      return `${table}.${next.name} (${typeText(next)}) ${PRESENT[to]} where ${HAVE[from]} ${table}.${old.name} (${typeText(old)}): ${question}`;
    }
    case "alter-type":
      return differs(`${change.table}.${change.column}`, typeText(change.to), typeText(change.from));
    case "alter-nullable": {
      const state = (c: Column) => (c.nullable ? "nullable" : "NOT NULL");
      return differs(`${change.table}.${change.column}`, state(change.to), state(change.from));
    }
    case "alter-server-default":
      return `${change.table}.${change.column} has server default ${change.to.serverDefault} in ${NOUN[to]} but ${change.from.serverDefault} in ${NOUN[from]}`;
    case "alter-primary-key":
      return differs(`the primary key of ${change.table}`, change.to ? list(change.to.columns) : "absent", change.from ? list(change.from.columns) : "absent");
    case "add-foreign-key":
      return added(fkText(change.table, change.foreignKey));
    case "drop-foreign-key":
      return dropped(fkText(change.table, change.foreignKey));
    case "alter-foreign-key":
      return `${fkText(change.table, change.to)} has ${actions(change.to)} in ${NOUN[to]} but ${actions(change.from)} in ${NOUN[from]}`;
    case "add-index":
      return added(indexText(change.table, change.index));
    case "drop-index":
      return dropped(indexText(change.table, change.index));
    case "rename-index": {
      const what = `the ${change.to.unique ? "unique index" : "index"} on ${change.table}${list(change.to.columns)}`;
      return differs(what, `named ${change.to.name}`, `named ${change.from.name}`);
    }
    case "unknown-index":
      return `index ${change.index.name} on ${change.table} is an expression or partial index that cannot be compared; check it by hand`;
    case "add-unique":
      return added(`unique constraint on ${change.table}${list(change.unique.columns)}`);
    case "drop-unique":
      return dropped(`unique constraint on ${change.table}${list(change.unique.columns)}`);
    case "add-enum":
      return added(`enum type ${change.enumType.name}`);
    case "drop-enum":
      return dropped(`enum type ${change.enumType.name}`);
    case "alter-enum":
      return `enum type ${change.to.name} has labels ${list(change.to.values)} in ${NOUN[to]} but ${list(change.from.values)} in ${NOUN[from]}`;
  }
}

/** The column of `table` on one side, for pointing at a field line. */
function columnSource(schema: Schema, table: string, column: string | undefined): SourceRef | undefined {
  if (column === undefined) return undefined;
  return schema.tables[table]?.columns.find((c) => c.name === column)?.source;
}

function tableSource(schema: Schema, table: string): SourceRef | undefined {
  const t: Table | undefined = schema.tables[table];
  return t?.source;
}

/** Reference side first, then the lagging side; the first known location wins. */
function locate(change: SchemaChange, ctx: DriftContext): SourceRef | undefined {
  const first = (...refs: (SourceRef | undefined)[]) => refs.find((r) => r !== undefined);
  const tables = (name: string) => [tableSource(ctx.to, name), tableSource(ctx.from, name)];
  switch (change.kind) {
    case "add-table":
    case "drop-table":
      return change.table.source;
    case "add-column":
      return first(change.column.source, ...tables(change.table));
    case "drop-column":
      return first(change.column.source, ...tables(change.table));
    case "rename-column":
    case "alter-type":
    case "alter-nullable":
    case "alter-server-default":
      return first(change.to.source, change.from.source, ...tables(change.table));
    case "alter-primary-key": {
      const keyColumn = change.to?.columns[0] ?? change.from?.columns[0];
      return first(columnSource(ctx.to, change.table, keyColumn), ...tables(change.table));
    }
    case "add-foreign-key":
      return first(change.foreignKey.source, columnSource(ctx.to, change.table, change.foreignKey.columns[0]), ...tables(change.table));
    case "drop-foreign-key":
      return first(columnSource(ctx.to, change.table, change.foreignKey.columns[0]), change.foreignKey.source, ...tables(change.table));
    case "alter-foreign-key":
      return first(change.to.source, columnSource(ctx.to, change.table, change.to.columns[0]), change.from.source, ...tables(change.table));
    case "add-index":
      return first(change.index.source, columnSource(ctx.to, change.table, change.index.columns[0]), ...tables(change.table));
    case "drop-index":
      return first(columnSource(ctx.to, change.table, change.index.columns[0]), change.index.source, ...tables(change.table));
    case "rename-index":
      return first(change.to.source, columnSource(ctx.to, change.table, change.to.columns[0]), change.from.source, ...tables(change.table));
    case "unknown-index":
      return first(change.index.source, ...tables(change.table));
    case "add-unique":
      return first(change.unique.source, columnSource(ctx.to, change.table, change.unique.columns[0]), ...tables(change.table));
    case "drop-unique":
      return first(columnSource(ctx.to, change.table, change.unique.columns[0]), change.unique.source, ...tables(change.table));
    case "add-enum":
    case "drop-enum":
      return change.enumType.source;
    case "alter-enum":
      return first(change.to.source, change.from.source);
  }
}
