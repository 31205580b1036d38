// Small builders for hand-made Schemas in diff and findings tests.
import type { Column, ColumnType, Schema, SchemaOrigin, SourceRef, Table } from "../../server/src/schema/types";
import { emptyTable } from "../../server/src/schema/types";

export const t = {
  varchar: (length?: number): ColumnType => ({ kind: "string", ...(length !== undefined ? { length } : {}), raw: length ? `String(${length})` : "String()" }),
  text: (): ColumnType => ({ kind: "text", raw: "Text()" }),
  integer: (): ColumnType => ({ kind: "integer", raw: "Integer()" }),
  bigint: (): ColumnType => ({ kind: "bigint", raw: "BigInteger()" }),
  boolean: (): ColumnType => ({ kind: "boolean", raw: "Boolean()" }),
  uuid: (): ColumnType => ({ kind: "uuid", raw: "Uuid()" }),
  datetime: (timezone = false): ColumnType => ({ kind: "datetime", ...(timezone ? { timezone } : {}), raw: "DateTime()" }),
  enum: (enumName: string, enumValues: string[]): ColumnType => ({ kind: "enum", enumName, enumValues, raw: `Enum(${enumName})` }),
  unknown: (raw: string): ColumnType => ({ kind: "unknown", raw }),
};

export function src(file: string, line: number, character = 4, length = 10): SourceRef {
  return { file, range: { start: { line, character }, end: { line, character: character + length } } };
}

export function col(name: string, type: ColumnType, extra: Partial<Column> = {}): Column {
  return { name, type, nullable: true, primaryKey: false, ...extra };
}

export function pk(name = "id", type: ColumnType = t.integer(), extra: Partial<Column> = {}): Column {
  return col(name, type, { nullable: false, primaryKey: true, ...extra });
}

export function table(name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return { ...emptyTable(name), columns, ...extra };
}

export function schema(origin: SchemaOrigin, tables: Table[], enums: Schema["enums"] = {}): Schema {
  return { origin, tables: Object.fromEntries(tables.map((tb) => [tb.name, tb])), enums };
}
