// Small queries rules share: the upgrade's ops, "was this table created earlier in this upgrade",
// a column's type before an op (through renames and adds in the same upgrade), SQL statements.
import type { Column, ColumnType, Range } from "../schema/types";
import { findColumn } from "../schema/types";
import { columnTypeFromSa } from "../schema/sqlalchemyTypes";
import { boolValue, calleeName, lastSegment, stringValue, type PyExpr } from "../python/syntax";
import { createTableColumns, createTableConstraints, opArg, opKwarg, opString, opTable, readColumn, stringList } from "./opArgs";
import type { SqlStatement } from "./sqlScan";
import type { ExecutedSql, LintContext, LintOp, TextEdit } from "./types";

export function upgradeOps(ctx: LintContext): LintOp[] {
  return ctx.revision.upgrade?.ops ?? [];
}

export function downgradeOps(ctx: LintContext): LintOp[] {
  return ctx.revision.downgrade?.ops ?? [];
}

export function opsNamed(ctx: LintContext, ...names: string[]): LintOp[] {
  return upgradeOps(ctx).filter((o) => names.includes(o.name));
}

/** The table was created earlier in this same upgrade(): locking rules do not apply to it. */
export function isNewTable(ctx: LintContext, op: LintOp, table: string | undefined): boolean {
  return table !== undefined && ctx.createdBefore(op).has(table);
}

/** SQL statements of a kind run by op.execute in upgrade(). */
export function sqlOfKind<K extends SqlStatement["kind"]>(ctx: LintContext, kind: K): { op: LintOp; statement: Extract<SqlStatement, { kind: K }> }[] {
  return ctx.upgradeSql.filter((s): s is ExecutedSql & { statement: Extract<SqlStatement, { kind: K }> } => s.statement.kind === kind);
}

export function sqlBefore(ctx: LintContext, op: LintOp): ExecutedSql[] {
  return ctx.upgradeSql.filter((s) => s.op.index < op.index);
}

export function sqlAfter(ctx: LintContext, op: LintOp): ExecutedSql[] {
  return ctx.upgradeSql.filter((s) => s.op.index > op.index);
}

/** Range of the call (for diagnostics): the callee and its arguments. */
export function callRange(op: LintOp): Range {
  return op.call.range;
}

export interface ColumnBefore {
  /** Name in the schema before the revision (differs when renamed earlier in this upgrade). */
  originalName: string;
  column?: Column;
  type?: ColumnType;
  /** Added earlier in this same upgrade. */
  addedHere: boolean;
}

/**
 * What is known about `table.column` just before `op`: follows `alter_column(new_column_name=)`
 * renames and `add_column` calls earlier in the same upgrade back to the replayed schema.
 */
export function columnBefore(ctx: LintContext, op: LintOp, table: string, column: string): ColumnBefore {
  let name = column;
  let type: ColumnType | undefined;
  const earlier = upgradeOps(ctx).filter((o) => o.index < op.index && opTable(o) === table).reverse();
  for (const o of earlier) {
    if (o.name === "alter_column" && stringValue(opKwarg(o, "new_column_name")) === name) {
      const from = opString(o, "column_name");
      if (from === undefined) break;
      const typeArg = opKwarg(o, "type_");
      if (typeArg && !type) type = columnTypeFromSa(typeArg);
      name = from;
    } else if (o.name === "alter_column" && opString(o, "column_name") === name && !type) {
      const typeArg = opKwarg(o, "type_");
      if (typeArg) type = columnTypeFromSa(typeArg);
    } else if (o.name === "add_column") {
      const spec = readColumn(opArg(o, "column"));
      if (spec?.name === name) return { originalName: name, type: type ?? spec.type, addedHere: true };
    }
  }
  const tableBefore = ctx.schemaBefore.tables[table];
  const col = tableBefore ? findColumn(tableBefore, name) : undefined;
  return { originalName: name, column: col, type: type ?? col?.type, addedHere: false };
}

/** `existing_type=` of an alter_column, else the column's type before the op. */
export function typeBeforeAlter(ctx: LintContext, op: LintOp, table: string, column: string): ColumnType | undefined {
  const existing = opKwarg(op, "existing_type");
  if (existing) return columnTypeFromSa(existing);
  return columnBefore(ctx, op, table, column).type;
}

export function isTrue(op: LintOp, name: string): boolean {
  return boolValue(opKwarg(op, name)) === true;
}

/** A statement that changes data (fills or removes rows). */
export function isDataChange(s: SqlStatement): boolean {
  return s.kind === "update" || s.kind === "delete" || (s.kind === "other" && /^(INSERT|MERGE|COPY)$/.test(s.keyword));
}

/** Quote an identifier for SQL only when needed. */
export function sqlIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Upgrade ops that change schema (not data, not block openers or helper calls). */
export const SCHEMA_OPS: ReadonlySet<string> = new Set([
  "add_column", "drop_column", "alter_column", "create_table", "drop_table", "rename_table",
  "create_index", "drop_index", "create_foreign_key", "create_unique_constraint", "create_check_constraint",
  "create_primary_key", "create_exclude_constraint", "drop_constraint", "create_table_comment", "drop_table_comment",
]);

export function changesSchema(ctx: LintContext, op: LintOp): boolean {
  if (SCHEMA_OPS.has(op.name)) return true;
  if (op.name !== "execute") return false;
  return ctx.upgradeSql.some((s) => s.op === op && isSchemaStatement(s.statement));
}

/** DDL that changes the schema (VALIDATE, SET, data changes and transaction control do not). */
export function isSchemaStatement(s: SqlStatement): boolean {
  if (isDataChange(s) || s.kind === "set" || s.kind === "transaction") return false;
  if (s.kind === "alter-table") return !s.actions.every((a) => a.kind === "validate-constraint");
  if (s.kind === "other") return /^(CREATE|ALTER|DROP|COMMENT|GRANT|REVOKE)$/.test(s.keyword);
  return true;
}

/** Name of the index/constraint an op creates or drops: a literal or `op.f("...")`. */
export function objectName(op: LintOp): string | undefined {
  const arg = opArg(op, op.name.includes("index") ? "index_name" : "constraint_name");
  if (arg?.kind === "call" && arg.args.length === 1) return stringValue(arg.args[0]);
  return stringValue(arg);
}

/** A column type written in upgrade(): add_column / create_table columns and alter_column(type_=). */
export interface TypeSite {
  op: LintOp;
  table?: string;
  column?: string;
  expr: PyExpr;
  type: ColumnType;
  primaryKey: boolean;
  /** The column references another table's key (a ForeignKey of its own or a ForeignKeyConstraint of the table). */
  foreignKey: boolean;
}

// The five type-preference rules read the same sites: found once per linted file (its context).
const sitesOf = new WeakMap<LintContext, readonly TypeSite[]>();

export function typeSites(ctx: LintContext): readonly TypeSite[] {
  let sites = sitesOf.get(ctx);
  if (!sites) sitesOf.set(ctx, (sites = findTypeSites(ctx)));
  return sites;
}

function findTypeSites(ctx: LintContext): TypeSite[] {
  const out: TypeSite[] = [];
  for (const op of upgradeOps(ctx)) {
    const table = opTable(op);
    const specs = op.name === "add_column" ? [readColumn(opArg(op, "column"))] : op.name === "create_table" ? createTableColumns(op) : [];
    // Autogenerate declares keys as sa.PrimaryKeyConstraint("id") and references as
    // sa.ForeignKeyConstraint(["user_id"], ["users.id"]) rather than on the columns.
    const constraints = op.name === "create_table" ? createTableConstraints(op) : [];
    const ofKind = (kind: string) => constraints.filter((c) => lastSegment(calleeName(c)) === kind);
    const pkColumns = new Set(ofKind("PrimaryKeyConstraint").flatMap((c) => c.args.map((a) => stringValue(a) ?? "")));
    const fkColumns = new Set(ofKind("ForeignKeyConstraint").flatMap((c) => stringList(c.args[0])));
    for (const spec of specs) {
      const primaryKey = spec?.primaryKey === true || (spec?.name !== undefined && pkColumns.has(spec.name));
      const foreignKey = (spec?.foreignKeys.length ?? 0) > 0 || (spec?.name !== undefined && fkColumns.has(spec.name));
      if (spec?.typeExpr && spec.type) out.push({ op, table, column: spec.name, expr: spec.typeExpr, type: spec.type, primaryKey, foreignKey });
    }
    const typeArg = op.name === "alter_column" ? opKwarg(op, "type_") : undefined;
    if (typeArg) out.push({ op, table, column: opString(op, "column_name"), expr: typeArg, type: columnTypeFromSa(typeArg), primaryKey: false, foreignKey: false });
  }
  return out;
}

/** An edit adding `statement` after the last top-level import when `local` is not bound yet. */
export function importEdits(ctx: LintContext, local: string, statement: string): TextEdit[] {
  if (ctx.revision.imports.some((i) => i.local === local)) return [];
  const lines = ctx.revision.text.split("\n");
  let last = -1;
  lines.forEach((l, i) => {
    if (/^(import|from)\s/.test(l)) last = i;
  });
  return [{ range: { start: { line: last + 1, character: 0 }, end: { line: last + 1, character: 0 } }, newText: `${statement}\n` }];
}

/** Fixes write `sa.*` and `postgresql.*` (as autogenerate does); these add the imports when missing. */
export function saImportEdits(ctx: LintContext): TextEdit[] {
  return importEdits(ctx, "sa", "import sqlalchemy as sa");
}

export function postgresqlImportEdits(ctx: LintContext): TextEdit[] {
  return importEdits(ctx, "postgresql", "from sqlalchemy.dialects import postgresql");
}
