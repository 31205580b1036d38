// planMigration: SchemaChange[] (history -> models) -> ordered upgrade steps with their inverses.
// Pure: no I/O. Facts from a live database (real constraint names, values that would not convert)
// come in through the context.
import type { SchemaChange } from "../diff/types";
import type { Column, ColumnType, EnumType } from "../schema/types";
import { PlanBuilder } from "./builder";
import { planAddColumn, planAlterNullable, planAlterServerDefault, planAlterType, planDropColumn, planRenameColumn } from "./columns";
import {
  planAddForeignKey,
  planAddIndex,
  planAddUnique,
  planAlterForeignKey,
  planAlterPrimaryKey,
  planDropForeignKey,
  planDropIndex,
  planDropUnique,
  planRenameIndex,
} from "./constraints";
import { planAddEnum, planAlterEnum, planDropEnum } from "./enums";
import { planAddTables, planDropTables } from "./tables";
import { PHASES, type MigrationPlan, type WriterContext } from "./types";

export function planMigration(changes: SchemaChange[], ctx: WriterContext): MigrationPlan {
  const b = new PlanBuilder(ctx, changes);
  for (const type of missingEnumTypes(changes, ctx)) planAddEnum(b, type);
  planAddTables(b, changes.flatMap((c) => (c.kind === "add-table" ? [c.table] : [])));
  planDropTables(b, changes.flatMap((c) => (c.kind === "drop-table" ? [c.table] : [])));
  for (const change of changes) planChange(b, change);
  for (const { table, column } of unknownTypes(changes)) {
    b.notes.push(`${table}.${column.name} has a type the writer cannot spell (${column.type.raw}); it is written as in the model: import what it needs here.`);
    b.warnings.push(`${table}.${column.name}: type ${column.type.raw} is copied as written; check the migration's imports.`);
  }
  return b.build(PHASES);
}

/** Columns whose type no producer could name: rendered from their source text. */
function unknownTypes(changes: SchemaChange[]): { table: string; column: Column }[] {
  return changes.flatMap((c) => {
    const columns = c.kind === "add-table" ? c.table.columns.map((column) => ({ table: c.table.name, column })) : c.kind === "add-column" ? [{ table: c.table, column: c.column }] : [];
    return columns.filter(({ column }) => column.type.kind === "unknown");
  });
}

function planChange(b: PlanBuilder, change: SchemaChange): void {
  switch (change.kind) {
    case "add-table":
    case "drop-table":
      return; // planned together, in dependency order
    case "add-column":
      return planAddColumn(b, change.table, change.column);
    case "drop-column":
      return planDropColumn(b, change.table, change.column);
    case "rename-column":
      return planRenameColumn(b, change.table, change.from, change.to, change.typeChanged);
    case "alter-type":
      return planAlterType(b, change.table, change.from, change.to);
    case "alter-nullable":
      return planAlterNullable(b, change.table, change.from, change.to);
    case "alter-server-default":
      return planAlterServerDefault(b, change.table, change.from, change.to);
    case "alter-primary-key":
      return planAlterPrimaryKey(b, change.table, change.from, change.to);
    case "add-foreign-key":
      return planAddForeignKey(b, change.table, change.foreignKey);
    case "drop-foreign-key":
      return planDropForeignKey(b, change.table, change.foreignKey);
    case "alter-foreign-key":
      return planAlterForeignKey(b, change.table, change.from, change.to);
    case "add-index":
      return planAddIndex(b, change.table, change.index);
    case "drop-index":
      return planDropIndex(b, change.table, change.index);
    case "rename-index":
      return planRenameIndex(b, change.table, change.from, change.to);
    case "unknown-index":
      b.warnings.push(`index ${change.index.name} on ${change.table} cannot be compared (expression or partial index); left as it is.`);
      return;
    case "add-unique":
      return planAddUnique(b, change.table, change.unique);
    case "drop-unique":
      return planDropUnique(b, change.table, change.unique);
    case "add-enum":
      return planAddEnum(b, change.enumType);
    case "drop-enum":
      return planDropEnum(b, change.enumType);
    case "alter-enum":
      return planAlterEnum(b, change.from, change.to);
  }
}

/**
 * Enum types used by new or converted columns that exist neither at the head nor as an `add-enum`
 * change (a producer that records enum types only on columns): created like any new enum type.
 */
function missingEnumTypes(changes: SchemaChange[], ctx: WriterContext): EnumType[] {
  const known = new Set([...Object.keys(ctx.headSchema.enums), ...changes.flatMap((c) => (c.kind === "add-enum" ? [c.enumType.name] : []))]);
  const found = new Map<string, EnumType>();
  const visit = (type: ColumnType) => {
    const t = type.kind === "array" && type.itemType ? type.itemType : type;
    if (t.kind === "enum" && t.enumName && !known.has(t.enumName) && !found.has(t.enumName)) {
      found.set(t.enumName, { name: t.enumName, values: t.enumValues ?? [] });
    }
  };
  const columns: Column[] = changes.flatMap((c) => {
    if (c.kind === "add-table") return c.table.columns;
    if (c.kind === "add-column") return [c.column];
    if (c.kind === "alter-type" || c.kind === "rename-column") return [c.to];
    return [];
  });
  for (const column of columns) visit(column.type);
  return [...found.values()];
}
