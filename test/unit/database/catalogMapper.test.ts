import { test } from "node:test";
import assert from "node:assert/strict";
import { checkExpression, schemaFromCatalog } from "../../../server/src/database/catalogMapper";
import type { CatalogRows, ColumnRow, TableRow } from "../../../server/src/database/catalogQueries";
import { parsePgType } from "../../../server/src/schema/columnTypes";

function column(table_name: string, column_name: string, position: number, data_type: string, extra: Partial<ColumnRow> = {}): ColumnRow {
  return { table_name, column_name, position, data_type, not_null: false, default_expr: null, identity: "", generated: "", owns_sequence: false, comment: null, ...extra };
}

/** Rows with the given tables, each with its row estimate (which the catalog reads apart). */
function rows(extra: Omit<Partial<CatalogRows>, "tables"> & { tables?: (TableRow & { row_estimate: number })[] }): CatalogRows {
  const { tables = [], ...rest } = extra;
  return {
    schema: "app",
    server: { server_version: "16.2", schema_exists: true, has_version_table: false },
    tables: tables.map(({ table_name, comment }) => ({ table_name, comment })),
    columns: [],
    constraints: [],
    indexes: [],
    enums: [],
    estimates: tables.map(({ table_name, row_estimate }) => ({ table_name, row_estimate })),
    stamps: null,
    ...rest,
  };
}

test("serial defaults become autoincrement; a nextval default on a shared sequence stays a default", () => {
  const { schema } = schemaFromCatalog(rows({
    tables: [{ table_name: "t", row_estimate: -1, comment: null }],
    columns: [
      column("t", "id", 1, "integer", { not_null: true, default_expr: "nextval('t_id_seq'::regclass)", owns_sequence: true }),
      column("t", "code", 2, "bigint", { default_expr: "nextval('shared_seq'::regclass)" }),
      column("t", "total", 3, "numeric(12,2)", { default_expr: "(price * 2)", generated: "s" }),
    ],
  }));
  const [id, code, total] = schema.tables.t.columns;
  assert.deepEqual([id.autoincrement, id.serverDefault, id.nullable], [true, undefined, false]);
  assert.deepEqual([code.autoincrement, code.serverDefault], [undefined, "nextval('shared_seq'::regclass)"]);
  assert.equal(total.serverDefault, undefined);
  assert.equal(schema.tables.t.rowEstimate, -1);
});

test("foreign keys: NO ACTION left unset, other actions mapped, other schemas qualified", () => {
  const { schema } = schemaFromCatalog(rows({
    tables: [{ table_name: "t", row_estimate: 0, comment: null }],
    constraints: [
      { table_name: "t", constraint_name: "t_a_fkey", kind: "f", columns: ["a"], ref_schema: "app", ref_table: "a", ref_columns: ["id"], on_delete: "a", on_update: "a", definition: "" },
      { table_name: "t", constraint_name: "t_b_fkey", kind: "f", columns: ["b"], ref_schema: "auth", ref_table: "users", ref_columns: ["id"], on_delete: "n", on_update: "c", definition: "" },
    ],
  }));
  assert.deepEqual(schema.tables.t.foreignKeys, [
    { name: "t_a_fkey", columns: ["a"], refTable: "a", refColumns: ["id"] },
    { name: "t_b_fkey", columns: ["b"], refTable: "auth.users", refColumns: ["id"], onDelete: "SET NULL", onUpdate: "CASCADE" },
  ]);
});

test("alembic_version is left out; enums of other schemas type columns but are not listed", () => {
  const { schema, rowEstimates } = schemaFromCatalog(rows({
    tables: [{ table_name: "alembic_version", row_estimate: 1, comment: null }, { table_name: "t", row_estimate: 42, comment: null }],
    columns: [column("alembic_version", "version_num", 1, "character varying(32)"), column("t", "mood", 1, "shared.mood")],
    enums: [{ schema_name: "shared", type_name: "mood", labels: ["happy", "sad"] }],
  }));
  assert.deepEqual(Object.keys(schema.tables), ["t"]);
  assert.deepEqual(rowEstimates, { t: 42 });
  assert.deepEqual(schema.enums, {});
  assert.deepEqual([schema.tables.t.columns[0].type.kind, schema.tables.t.columns[0].type.enumValues], ["enum", ["happy", "sad"]]);
});

test("an index with an expression column is opaque and keeps its plain columns", () => {
  const { schema } = schemaFromCatalog(rows({
    tables: [{ table_name: "t", row_estimate: 0, comment: null }],
    indexes: [{ table_name: "t", index_name: "ix_mixed", unique: true, columns: ["tenant_id", null], partial: false, has_expressions: true, method: "btree", definition: "CREATE UNIQUE INDEX ix_mixed ON app.t USING btree (tenant_id, lower(name))" }],
  }));
  assert.deepEqual(schema.tables.t.indexes, [
    { name: "ix_mixed", columns: ["tenant_id"], unique: true, opaque: true, definition: "CREATE UNIQUE INDEX ix_mixed ON app.t USING btree (tenant_id, lower(name))" },
  ]);
});

test("check expressions lose the CHECK wrapper and NOT VALID", () => {
  assert.equal(checkExpression("CHECK ((price > (0)::numeric))"), "(price > (0)::numeric)");
  assert.equal(checkExpression("CHECK ((a < b)) NOT VALID"), "(a < b)");
});

test("column types: each column gets what parsePgType makes of its type text, enums included", () => {
  const enums = [{ schema_name: "app", type_name: "status", labels: ["new", "done"] }];
  const types = ["character varying(100)", "integer", "character varying(100)", "status", "status[]", "character varying(20)", "timestamp with time zone", "integer"];
  const { schema } = schemaFromCatalog(rows({
    tables: [{ table_name: "a", row_estimate: 0, comment: null }, { table_name: "b", row_estimate: 0, comment: null }],
    enums,
    columns: types.map((type, i) => column(i % 2 ? "b" : "a", `c${i}`, i + 1, type)),
  }));
  const mapped = [...schema.tables.a.columns, ...schema.tables.b.columns].sort((x, y) => Number(x.name.slice(1)) - Number(y.name.slice(1)));
  assert.deepEqual(
    mapped.map((c) => c.type),
    types.map((type) => parsePgType(type, { status: ["new", "done"] })),
  );
  assert.deepEqual(schema.tables.b.columns[1].type, { kind: "enum", enumName: "status", enumValues: ["new", "done"], raw: "status" });
  assert.equal(schema.tables.a.columns[1].type.length, 100);
});
