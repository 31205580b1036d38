// Pure: catalog rows -> the shared Schema (origin "database"). No network, no file system, so the
// mapping is tested with plain row objects and reused by anything that has rows.
import { parsePgType } from "../schema/columnTypes";
import { emptySchema, emptyTable, type Column, type ColumnType, type Index, type ReferentialAction, type Schema, type Table } from "../schema/types";
import type { CatalogRows, ColumnRow, ConstraintRow, IndexRow } from "./catalogQueries";

/** Alembic's own bookkeeping table: read for stamps, never part of the compared schema. */
export const VERSION_TABLE = "alembic_version";

// pg_constraint.confdeltype/confupdtype letters (PostgreSQL docs, "pg_constraint").
const ACTIONS: Record<string, ReferentialAction> = {
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

export interface MappedCatalog {
  schema: Schema;
  rowEstimates: Record<string, number>;
}

/** `nextval('tasks_id_seq'::regclass)` on a column that owns the sequence: what `serial` leaves behind. */
function isSerialDefault(row: ColumnRow): boolean {
  return row.owns_sequence && row.default_expr !== null && /^nextval\(/i.test(row.default_expr);
}

/**
 * `parsePgType` once per distinct type text of a catalog (a schema has thousands of columns but a
 * few dozen types). Column types are never modified in place, so columns of one type share it.
 */
type TypeParser = (dataType: string) => ColumnType;

function typeParser(enums: Record<string, string[]>): TypeParser {
  const parsed = new Map<string, ColumnType>();
  return (dataType) => {
    let type = parsed.get(dataType);
    if (!type) parsed.set(dataType, (type = parsePgType(dataType, enums)));
    return type;
  };
}

function mapColumn(row: ColumnRow, typeOf: TypeParser): Column {
  const serial = isSerialDefault(row);
  const column: Column = {
    name: row.column_name,
    type: typeOf(row.data_type),
    nullable: !row.not_null,
    primaryKey: false,
  };
  // Generated columns carry their expression in pg_attrdef too; it is not a default.
  if (row.default_expr !== null && !serial && row.generated === "") column.serverDefault = row.default_expr;
  if (serial || row.identity === "a" || row.identity === "d") column.autoincrement = true;
  if (row.comment) column.comment = row.comment;
  return column;
}

/** `CHECK ((price > 0))` -> `(price > 0)`; NOT VALID and NO INHERIT suffixes are kept out. */
export function checkExpression(definition: string): string {
  const match = /^CHECK \((.*)\)(?:\s+NO INHERIT)?(?:\s+NOT VALID)?$/s.exec(definition.trim());
  return match ? match[1] : definition;
}

function qualifiedRef(row: ConstraintRow, schema: string): string {
  const table = row.ref_table ?? "";
  return row.ref_schema && row.ref_schema !== schema ? `${row.ref_schema}.${table}` : table;
}

function applyConstraint(table: Table, row: ConstraintRow, schema: string): void {
  switch (row.kind) {
    case "p":
      table.primaryKey = { name: row.constraint_name, columns: [...row.columns] };
      for (const column of table.columns) if (row.columns.includes(column.name)) column.primaryKey = true;
      break;
    case "f": {
      const onDelete = row.on_delete ? ACTIONS[row.on_delete] : undefined;
      const onUpdate = row.on_update ? ACTIONS[row.on_update] : undefined;
      // NO ACTION is PostgreSQL's default and what a model without `ondelete=` means: left unset.
      table.foreignKeys.push({
        name: row.constraint_name,
        columns: [...row.columns],
        refTable: qualifiedRef(row, schema),
        refColumns: [...(row.ref_columns ?? [])],
        ...(onDelete ? { onDelete } : {}),
        ...(onUpdate ? { onUpdate } : {}),
      });
      break;
    }
    case "u":
      table.uniques.push({ name: row.constraint_name, columns: [...row.columns] });
      break;
    case "c":
      table.checks.push({ name: row.constraint_name, expression: checkExpression(row.definition ?? "") });
      break;
  }
}

/**
 * Expression and partial indexes, and non-btree ones (gin, gist, ...), cannot be written as
 * `Field(index=True)`: they are kept as opaque, with their full definition.
 */
function mapIndex(row: IndexRow): Index {
  const opaque = row.partial || row.has_expressions || row.columns.some((c) => c === null) || row.method !== "btree";
  const index: Index = {
    name: row.index_name,
    columns: row.columns.filter((c): c is string => c !== null),
    unique: row.unique,
  };
  if (opaque) {
    index.opaque = true;
    index.definition = row.definition ?? undefined;
  }
  return index;
}

export function schemaFromCatalog(rows: CatalogRows): MappedCatalog {
  const schema = emptySchema("database");
  const rowEstimates: Record<string, number> = {};
  const enumLabels: Record<string, string[]> = {};
  for (const row of rows.enums) {
    // The configured schema's own types come first in the rows and win a name clash.
    if (!(row.type_name in enumLabels)) enumLabels[row.type_name] = [...row.labels];
    if (row.schema_name === rows.schema) schema.enums[row.type_name] = { name: row.type_name, values: [...row.labels] };
  }
  for (const row of rows.tables) {
    if (row.table_name === VERSION_TABLE) continue;
    schema.tables[row.table_name] = emptyTable(row.table_name);
  }
  for (const row of rows.estimates) {
    const table = schema.tables[row.table_name];
    if (!table) continue;
    table.rowEstimate = row.row_estimate;
    rowEstimates[row.table_name] = row.row_estimate;
  }
  const typeOf = typeParser(enumLabels);
  for (const row of rows.columns) {
    schema.tables[row.table_name]?.columns.push(mapColumn(row, typeOf));
  }
  for (const row of rows.constraints) {
    const table = schema.tables[row.table_name];
    if (table) applyConstraint(table, row, rows.schema);
  }
  for (const row of rows.indexes) {
    schema.tables[row.table_name]?.indexes.push(mapIndex(row));
  }
  return { schema, rowEstimates };
}
