import { test } from "node:test";
import assert from "node:assert/strict";
import { parsePython, toExpr } from "../../../server/src/python/syntax";
import { columnTypeFromSa, isSaType, saTypeSource } from "../../../server/src/schema/sqlalchemyTypes";
import { sameType } from "../../../server/src/schema/columnTypes";

function expr(src: string) {
  return toExpr(parsePython(src + "\n").root.namedChildren[0].namedChildren[0]);
}

test("migration and model type expressions map to the shared vocabulary", () => {
  const cases: [string, object][] = [
    ["sa.String(50)", { kind: "string", length: 50 }],
    ["sa.String(length=50)", { kind: "string", length: 50 }],
    ["sqlmodel.sql.sqltypes.AutoString()", { kind: "string" }],
    ["sa.Integer()", { kind: "integer" }],
    ["sa.Integer", { kind: "integer" }],
    ["sa.BigInteger()", { kind: "bigint" }],
    ["sa.Numeric(10, 2)", { kind: "numeric", precision: 10, scale: 2 }],
    ["sa.DateTime(timezone=True)", { kind: "datetime", timezone: true }],
    ["postgresql.TIMESTAMP(timezone=True)", { kind: "datetime", timezone: true }],
    ["sa.Uuid()", { kind: "uuid" }],
    ["postgresql.UUID(as_uuid=True)", { kind: "uuid" }],
    ["postgresql.JSONB(astext_type=sa.Text())", { kind: "jsonb" }],
    ["sa.Float(precision=24)", { kind: "real" }],
    ["sa.Text()", { kind: "text" }],
    ["sqlmodel.sql.sqltypes.UTCDateTime()", { kind: "datetime", timezone: true }],
  ];
  for (const [src, want] of cases) {
    const got = columnTypeFromSa(expr(src));
    for (const [k, v] of Object.entries(want)) assert.deepEqual((got as unknown as Record<string, unknown>)[k], v, `${src}: ${k}`);
    assert.equal(got.raw, src.endsWith(")") ? got.raw : src);
  }
});

test("enums: literal labels with a name, or a Python Enum class read as member names", () => {
  const literal = columnTypeFromSa(expr("sa.Enum('low', 'high', name='level')"));
  assert.deepEqual([literal.kind, literal.enumName, literal.enumValues], ["enum", "level", ["low", "high"]]);
  const fromClass = columnTypeFromSa(expr("sa.Enum(TaskStatus)"), { enums: { TaskStatus: ["TODO", "DONE"] } });
  assert.deepEqual([fromClass.enumName, fromClass.enumValues], ["taskstatus", ["TODO", "DONE"]]);
});

test("arrays and unknown types", () => {
  const arr = columnTypeFromSa(expr("postgresql.ARRAY(sa.String())"));
  assert.equal(arr.itemType?.kind, "string");
  const unknown = columnTypeFromSa(expr("Geometry('POINT')"));
  assert.equal(unknown.kind, "unknown");
  assert.equal(unknown.raw, 'Geometry("POINT")');
  assert.equal(isSaType(expr("sa.Integer")), true);
  assert.equal(isSaType(expr("Geometry('POINT')")), false);
});

test("saTypeSource renders Alembic source that reads back as the same type", () => {
  const types = ["sa.String(length=255)", "sa.Integer()", "sa.Numeric(precision=10, scale=2)", "sa.DateTime(timezone=True)", "sa.Uuid()", "sa.Boolean()", "sa.Text()"];
  for (const src of types) {
    const t = columnTypeFromSa(expr(src));
    assert.equal(saTypeSource(t), src);
    assert.ok(sameType(columnTypeFromSa(expr(saTypeSource(t))), t));
  }
  assert.equal(saTypeSource({ kind: "string", length: 40, raw: "str" }, { autoString: true }), "sqlmodel.sql.sqltypes.AutoString(length=40)");
  assert.equal(saTypeSource({ kind: "enum", enumName: "level", enumValues: ["a", "b"], raw: "" }), "sa.Enum('a', 'b', name='level')");
});
