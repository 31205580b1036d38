// Small builders for hand-written schemas in writer tests.
import type { Column, ColumnType, Schema, Table } from "../../../server/src/schema/types";

export const t = {
  varchar: (length?: number): ColumnType => ({ kind: "string", ...(length !== undefined ? { length } : {}), raw: "str" }),
  int: (): ColumnType => ({ kind: "integer", raw: "int" }),
  bool: (): ColumnType => ({ kind: "boolean", raw: "bool" }),
  timestamp: (): ColumnType => ({ kind: "datetime", raw: "datetime" }),
  uuid: (): ColumnType => ({ kind: "uuid", raw: "uuid.UUID" }),
  enumOf: (name: string, values: string[]): ColumnType => ({ kind: "enum", enumName: name, enumValues: values, raw: name }),
};

export function col(name: string, type: ColumnType, extra: Partial<Column> = {}): Column {
  return { name, type, nullable: true, primaryKey: false, ...extra };
}

export function table(name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return { name, columns, foreignKeys: [], indexes: [], uniques: [], checks: [], ...extra };
}

export function schema(tables: Table[], origin: Schema["origin"] = "history"): Schema {
  return { origin, tables: Object.fromEntries(tables.map((x) => [x.name, x])), enums: {} };
}

/** The seed's tasks table at the migration head. */
export function tasksAtHead(): Table {
  return table(
    "tasks",
    [
      col("title", t.varchar(200), { nullable: false }),
      col("completed", t.bool(), { nullable: false }),
      col("id", t.int(), { nullable: false, primaryKey: true }),
      col("priority", t.varchar(20)),
    ],
    { primaryKey: { columns: ["id"] } },
  );
}
