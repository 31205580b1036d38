import { test } from "node:test";
import assert from "node:assert/strict";
import { conversionOf, needsUsing, parsePgType, renderType, sameType } from "../../../server/src/schema/columnTypes";
import type { ColumnType } from "../../../server/src/schema/types";

const t = (kind: ColumnType["kind"], extra: Partial<ColumnType> = {}): ColumnType => ({ kind, raw: kind, ...extra });

test("renderType spells types the way PostgreSQL users read them", () => {
  assert.equal(renderType(t("string", { length: 255 })), "varchar(255)");
  assert.equal(renderType(t("string")), "varchar");
  assert.equal(renderType(t("numeric", { precision: 10, scale: 2 })), "numeric(10,2)");
  assert.equal(renderType(t("datetime", { timezone: true })), "timestamptz");
  assert.equal(renderType(t("datetime")), "timestamp");
  assert.equal(renderType(t("float")), "double precision");
  assert.equal(renderType(t("array", { itemType: t("integer") })), "integer[]");
  assert.equal(renderType(t("enum", { enumName: "taskstatus" })), "taskstatus");
});

test("sameType compares length, precision and time zone, which Alembic's comparison skips", () => {
  assert.equal(sameType(t("string", { length: 255 }), t("string", { length: 100 })), false);
  assert.equal(sameType(t("string"), t("string", { length: 100 })), false);
  assert.equal(sameType(t("numeric", { precision: 10 }), t("numeric", { precision: 10, scale: 0 })), true);
  assert.equal(sameType(t("datetime", { timezone: false }), t("datetime")), true);
  assert.equal(sameType(t("datetime", { timezone: true }), t("datetime")), false);
  assert.equal(sameType(t("integer"), t("bigint")), false);
});

test("conversionOf separates no-rewrite changes from casts and impossible ones", () => {
  assert.equal(conversionOf(t("string", { length: 50 }), t("string", { length: 100 })), "binary-coercible");
  assert.equal(conversionOf(t("string", { length: 100 }), t("string", { length: 50 })), "cast");
  assert.equal(conversionOf(t("string"), t("text")), "binary-coercible");
  assert.equal(conversionOf(t("string"), t("integer")), "cast");
  assert.equal(conversionOf(t("integer"), t("bigint")), "cast");
  assert.equal(conversionOf(t("uuid"), t("integer")), "none");
  assert.equal(conversionOf(t("boolean"), t("date")), "none");
  assert.equal(conversionOf(t("integer"), t("integer")), "same");
});

test("needsUsing: PostgreSQL applies assignment casts only", () => {
  assert.equal(needsUsing(t("string"), t("integer")), true, "varchar -> integer needs USING");
  assert.equal(needsUsing(t("integer"), t("string")), false, "integer -> varchar is an assignment cast");
  assert.equal(needsUsing(t("integer"), t("bigint")), false);
  assert.equal(needsUsing(t("string"), t("uuid")), true);
  assert.equal(needsUsing(t("integer"), t("boolean")), true);
  assert.equal(needsUsing(t("string", { length: 10 }), t("text")), false);
});

test("parsePgType reads format_type() output", () => {
  assert.deepEqual(parsePgType("character varying(100)"), { kind: "string", length: 100, raw: "character varying(100)" });
  assert.equal(parsePgType("character varying").length, undefined);
  assert.deepEqual(parsePgType("numeric(10,2)"), { kind: "numeric", precision: 10, scale: 2, raw: "numeric(10,2)" });
  assert.equal(parsePgType("timestamp without time zone").timezone, false);
  assert.equal(parsePgType("timestamp(6) with time zone").timezone, true);
  assert.equal(parsePgType("double precision").kind, "float");
  assert.equal(parsePgType("uuid").kind, "uuid");
  assert.equal(parsePgType("character(1)").kind, "char");
  const arr = parsePgType("integer[]");
  assert.equal(arr.kind, "array");
  assert.equal(arr.itemType?.kind, "integer");
  const e = parsePgType("taskstatus", { taskstatus: ["TODO", "DONE"] });
  assert.deepEqual([e.kind, e.enumName, e.enumValues], ["enum", "taskstatus", ["TODO", "DONE"]]);
  assert.deepEqual(parsePgType("public.\"TaskStatus\"", { TaskStatus: ["A"] }).enumValues, ["A"]);
  assert.equal(parsePgType("citext").kind, "unknown");
});
