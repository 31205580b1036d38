// Alembic source text for columns, tables and constraints, in the shape autogenerate writes.
import { saTypeSource } from "../schema/sqlalchemyTypes";
import type { Column, ColumnType, ForeignKey, Index, Table, UniqueConstraint } from "../schema/types";
import { chosenPrimaryKeyName, newForeignKeyName, newIndexName, newUniqueName } from "./names";
import { pyList, pyString } from "./sql";

/**
 * Type source. Strings render as SQLModel's AutoString, as autogenerate does for `str` fields.
 * Enums render as `postgresql.ENUM(..., create_type=False)`: the writer creates and drops enum
 * types itself (op.add_column would not create the type; op.drop_table would not drop it).
 */
export function typeSource(t: ColumnType): string {
  if (t.kind === "enum") {
    const labels = (t.enumValues ?? []).map(pyString);
    return `postgresql.ENUM(${[...labels, `name=${pyString(t.enumName ?? "")}`, "create_type=False"].join(", ")})`;
  }
  if (t.kind === "array" && t.itemType?.kind === "enum") return `postgresql.ARRAY(${typeSource(t.itemType)})`;
  return saTypeSource(t, { autoString: true });
}

/** `sa.text('now()')` for a server default given as SQL text. */
export function serverDefaultSource(sql: string): string {
  return `sa.text(${pyString(sql)})`;
}

/** `sa.Column('due_date', sa.DateTime(), nullable=True)`. */
export function columnSource(column: Column, options: { nullable?: boolean } = {}): string {
  const parts = [pyString(column.name), typeSource(column.type)];
  if (column.serverDefault !== undefined) parts.push(`server_default=${serverDefaultSource(column.serverDefault)}`);
  parts.push(`nullable=${pyBool(options.nullable ?? column.nullable)}`);
  if (column.comment !== undefined) parts.push(`comment=${pyString(column.comment)}`);
  return `sa.Column(${parts.join(", ")})`;
}

export function pyBool(value: boolean): string {
  return value ? "True" : "False";
}

function foreignKeyArgs(fk: ForeignKey): string[] {
  const args: string[] = [];
  if (fk.onDelete) args.push(`ondelete=${pyString(fk.onDelete)}`);
  if (fk.onUpdate) args.push(`onupdate=${pyString(fk.onUpdate)}`);
  return args;
}

export interface ConstraintNaming {
  foreignKey(table: string, fk: ForeignKey): string;
  unique(table: string, unique: UniqueConstraint): string;
}

const NEW_NAMES: ConstraintNaming = { foreignKey: newForeignKeyName, unique: newUniqueName };

/**
 * `op.create_table(...)` with its columns and constraints; indexes are separate statements.
 * `naming`: new names by default; a re-created table (downgrade of a drop) keeps its real names.
 */
export function createTableSource(table: Table, inlineForeignKeys: ForeignKey[], naming: ConstraintNaming = NEW_NAMES): string {
  const items = table.columns.map((c) => columnSource(c));
  if (table.primaryKey && table.primaryKey.columns.length > 0) {
    const chosen = chosenPrimaryKeyName(table.name, table.primaryKey);
    const name = chosen ? [`name=${pyString(chosen)}`] : [];
    items.push(`sa.PrimaryKeyConstraint(${[...table.primaryKey.columns.map(pyString), ...name].join(", ")})`);
  }
  for (const fk of inlineForeignKeys) {
    const refs = fk.refColumns.map((c) => `${fk.refTable}.${c}`);
    const args = [pyList(fk.columns), pyList(refs), `name=${pyString(naming.foreignKey(table.name, fk))}`, ...foreignKeyArgs(fk)];
    items.push(`sa.ForeignKeyConstraint(${args.join(", ")})`);
  }
  for (const unique of table.uniques) {
    items.push(`sa.UniqueConstraint(${[...unique.columns.map(pyString), `name=${pyString(naming.unique(table.name, unique))}`].join(", ")})`);
  }
  for (const check of table.checks) {
    const name = check.name ? [`name=${pyString(check.name)}`] : [];
    items.push(`sa.CheckConstraint(${[pyString(check.expression), ...name].join(", ")})`);
  }
  return `op.create_table(\n    ${pyString(table.name)},\n${items.map((i) => `    ${i},`).join("\n")}\n)`;
}

export function createIndexSource(table: string, index: Index): string {
  return `op.create_index(${pyString(newIndexName(table, index))}, ${pyString(table)}, ${pyList(index.columns)}, unique=${pyBool(index.unique)})`;
}

export function dropIndexSource(table: string, name: string): string {
  return `op.drop_index(${pyString(name)}, table_name=${pyString(table)})`;
}

export function createForeignKeySource(table: string, fk: ForeignKey, name = newForeignKeyName(table, fk)): string {
  const args = [pyString(name), pyString(table), pyString(fk.refTable), pyList(fk.columns), pyList(fk.refColumns), ...foreignKeyArgs(fk)];
  return `op.create_foreign_key(${args.join(", ")})`;
}

export function createUniqueSource(table: string, unique: UniqueConstraint, name = newUniqueName(table, unique)): string {
  return `op.create_unique_constraint(${pyString(name)}, ${pyString(table)}, ${pyList(unique.columns)})`;
}

export function dropConstraintSource(table: string, name: string, type: "foreignkey" | "unique" | "primary"): string {
  return `op.drop_constraint(${pyString(name)}, ${pyString(table)}, type_=${pyString(type)})`;
}
