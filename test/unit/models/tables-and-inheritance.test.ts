import { strict as assert } from "node:assert";
import { join } from "node:path";
import { test } from "node:test";
import { MODEL_FIXTURES, columnLines, readFixture, readSource, table } from "../../helpers/modelsFixtures";
import { readModels } from "../../../server/src/models";
import { mergeListsWithOrdering } from "../../../server/src/models/tables";
import { ModelScanCache } from "../../../server/src/models/scanCache";

test("fields inherited across files, from mixins and several levels of bases", () => {
  const result = readFixture("inheritance");
  assert.deepEqual(result.findings, []);
  assert.deepEqual(Object.keys(result.schema.tables).sort(), ["hero", "team"]);
  assert.deepEqual(columnLines(table(result, "hero")), [
    "created_at datetime tz NOT NULL",
    "updated_at datetime tz NULL",
    "name string(80) NOT NULL",
    "secret_name string NOT NULL",
    "age integer NULL",
    "id uuid NOT NULL PK",
    "power integer NOT NULL",
  ]);
  // TeamWithMeta(TeamBase, TimestampMixin): pydantic walks the MRO backwards, mixin fields first.
  assert.deepEqual(columnLines(table(result, "team")), [
    "created_at datetime tz NOT NULL",
    "updated_at datetime tz NULL",
    "name string NOT NULL",
    "headquarters string NULL",
    "id integer NOT NULL PK",
    "leader_id uuid NULL",
  ]);
  const declared = (t: string, c: string) => result.fields.find((f) => f.table === t && f.column === c);
  assert.deepEqual([declared("hero", "created_at")?.declaredIn, declared("hero", "created_at")?.file], ["TimestampMixin", join(MODEL_FIXTURES, "inheritance", "mixins.py")]);
  assert.equal(declared("hero", "name")?.declaredIn, "Hero");
  assert.equal(declared("team", "headquarters")?.declaredIn, "TeamWithMeta");
  assert.deepEqual(table(result, "team").uniques.map((u) => u.name), ["team_name_key"]);
  assert.deepEqual(table(result, "hero").indexes.map((i) => i.name), ["ix_hero_name", "ix_hero_age"]);
});

test("subclasses of table models and plain schemas are not tables", () => {
  const result = readFixture("inheritance");
  assert.deepEqual(result.classes.map((c) => c.className).sort(), ["Hero", "Team"]);
});

test("table names: default lower-cased class name, __tablename__ plain and annotated, model_config table", () => {
  const result = readFixture("tablenames");
  assert.deepEqual(Object.keys(result.schema.tables).sort(), ["audit_log", "configuredtable", "projectv2", "user_profiles"]);
  assert.deepEqual(table(result, "user_profiles").foreignKeys.map((f) => f.refTable), ["projectv2"]);
  assert.deepEqual(result.findings, []);
});

test("__tablename__ inherited from a base; computed names are a finding", () => {
  const result = readSource(
    [
      "from sqlmodel import SQLModel, Field",
      "from sqlalchemy.orm import declared_attr",
      "class Named(SQLModel):",
      "    __tablename__ = 'shared_name'",
      "class Thing(Named, table=True):",
      "    id: int = Field(primary_key=True)",
      "class AutoNamed(SQLModel):",
      "    @declared_attr",
      "    def __tablename__(cls) -> str:",
      "        return cls.__name__.lower() + 's'",
      "class Widget(AutoNamed, table=True):",
      "    id: int = Field(primary_key=True)",
    ].join("\n"),
  );
  assert.deepEqual(Object.keys(result.schema.tables).sort(), ["shared_name", "widget"]);
  assert.deepEqual(result.findings.map((f) => [f.code, f.severity, f.range?.start.line]), [["model-dynamic-tablename", "info", 8]]);
});

test("a missing primary key, a duplicate table name and an unknown base class are findings", () => {
  const result = readFixture("broken");
  const pick = (code: string) => result.findings.filter((f) => f.code === code).map((f) => [f.table, f.severity, f.range?.start.line]);
  assert.deepEqual(pick("model-no-primary-key"), [["nokey", "error", 23]]);
  assert.deepEqual(pick("model-duplicate-table"), [["payload", "error", 31]]);
  assert.deepEqual(pick("model-unresolved-base"), [["fromoutside", "info", 27]]);
  assert.equal(table(result, "payload").source?.range.start.line, 7);
});

test("same-named classes in two files: the base is the one the file imports", () => {
  const app = join("/project", "app");
  const files: [string, string][] = [
    [join(app, "shipping", "base.py"), "from sqlmodel import SQLModel\nclass Base(SQLModel):\n    tracking: str\n"],
    [join(app, "billing", "base.py"), "from sqlmodel import SQLModel\nclass Base(SQLModel):\n    billing_ref: str\n"],
    [join(app, "orders.py"), "from sqlmodel import Field\nfrom app.billing.base import Base\nclass Order(Base, table=True):\n    id: int = Field(primary_key=True)\n"],
    [join(app, "invoices.py"), "from sqlmodel import Field\nfrom .shipping import base\nclass Invoice(base.Base, table=True):\n    id: int = Field(primary_key=True)\n"],
  ];
  const result = readModels(files.map(([path, text]) => ({ path, text })));
  assert.deepEqual(columnLines(table(result, "order")), ["billing_ref string NOT NULL", "id integer NOT NULL PK"]);
  assert.deepEqual(columnLines(table(result, "invoice")), ["tracking string NOT NULL", "id integer NOT NULL PK"]);
});

test("merge_lists_w_ordering: SQLAlchemy's documented example", () => {
  assert.deepEqual(
    mergeListsWithOrdering(["__tablename__", "id", "x", "created_at"], ["id", "name", "data", "y", "created_at"]),
    ["__tablename__", "id", "name", "data", "y", "x", "created_at"],
  );
});

test("link tables, relationships in any position, and a project's own TypeDecorator", () => {
  const result = readFixture("relationships");
  assert.deepEqual(result.findings, []);
  assert.deepEqual(columnLines(table(result, "heroteamlink")), ["team_id integer NOT NULL PK", "hero_id integer NOT NULL PK"]);
  assert.deepEqual(table(result, "heroteamlink").columns.map((c) => c.autoincrement), [undefined, undefined]);
  assert.deepEqual(table(result, "heroteamlink").foreignKeys.map((f) => [f.name, f.onDelete]), [["heroteamlink_team_id_fkey", undefined], ["heroteamlink_hero_id_fkey", "CASCADE"]]);
  assert.deepEqual(columnLines(table(result, "team")), ["id integer NOT NULL PK", "name string NOT NULL", "founded datetime tz NULL"]);
  assert.equal(table(result, "team").columns[2].type.raw, "UTCTimestamp");
  assert.deepEqual(columnLines(table(result, "hero")), ["id integer NOT NULL PK", "name string NOT NULL", "mentor_id integer NULL"]);
});

test("an sa_column that several table classes inherit is one finding on the field, naming the tables", () => {
  const result = readFixture("shared-sa-column");
  const file = join(MODEL_FIXTURES, "shared-sa-column", "billing.py");
  assert.deepEqual(
    result.findings.map((f) => [f.code, f.severity, f.file, f.range?.start.line, f.column]),
    [["model-shared-sa-column", "error", file, 9, "created_at"]],
  );
  // Refund declares the field again (a Column of its own); Audited's has one table.
  assert.match(result.findings[0].message, /the sa_column of Stamped is one Column object.*: invoice and payment all inherit it/);
  assert.match(result.findings[0].message, /sa_type=\.\.\. and sa_column_kwargs/);
  assert.deepEqual(Object.keys(result.schema.tables).sort(), ["invoice", "payment", "refund"]);
});

test("the shared sa_column finding follows edits: a third table, then sa_type instead", () => {
  const scans = new ModelScanCache();
  const base = [
    "from datetime import datetime",
    "from typing import Optional",
    "from sqlalchemy import Column, DateTime",
    "from sqlmodel import Field, SQLModel",
    "",
    "class Stamped(SQLModel):",
    "    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))",
    "",
  ].join("\n");
  const tableOf = (name: string) => `from typing import Optional\nfrom sqlmodel import Field\nfrom .base import Stamped\n\nclass ${name}(Stamped, table=True):\n    id: Optional[int] = Field(default=None, primary_key=True)\n`;
  const files = (baseText: string, names: string[]) => [
    { path: "/p/app/models/base.py", text: baseText },
    ...names.map((n) => ({ path: `/p/app/models/${n.toLowerCase()}.py`, text: tableOf(n) })),
  ];
  const shared = (r: ReturnType<typeof readModels>) => r.findings.filter((f) => f.code === "model-shared-sa-column").map((f) => f.message.match(/one table only: (.*) all inherit/)?.[1]);
  assert.deepEqual(shared(readModels(files(base, ["Invoice"]), { cache: scans })), []);
  assert.deepEqual(shared(readModels(files(base, ["Invoice", "Payment"]), { cache: scans })), ["invoice and payment"]);
  assert.deepEqual(shared(readModels(files(base, ["Invoice", "Payment", "Refund"]), { cache: scans })), ["invoice, payment and refund"]);
  const typed = base.replace("Field(sa_column=Column(DateTime(timezone=True), nullable=False))", "Field(sa_type=DateTime(timezone=True), nullable=False)");
  assert.deepEqual(shared(readModels(files(typed, ["Invoice", "Payment", "Refund"]), { cache: scans })), []);
});
