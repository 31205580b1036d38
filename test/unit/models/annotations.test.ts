import { strict as assert } from "node:assert";
import { test } from "node:test";
import { column, columnLines, readFixture, readSource, table } from "../../helpers/modelsFixtures";

test("every annotation form maps to SQLModel's column type and nullability", () => {
  const result = readFixture("annotations");
  assert.deepEqual(result.findings, []);
  assert.deepEqual(columnLines(table(result, "sample")), [
    "id integer NOT NULL PK",
    "text string NOT NULL",
    "amount float NOT NULL",
    "flag boolean NOT NULL",
    "count integer NOT NULL",
    "at datetime tz NOT NULL",
    "naive_at datetime NOT NULL",
    "aware_at datetime tz NOT NULL",
    "on date NOT NULL",
    "clock time NOT NULL",
    "span interval NOT NULL",
    "price numeric(10,2) NOT NULL",
    "plain_decimal numeric NOT NULL",
    "ref uuid NOT NULL",
    "other_ref uuid NOT NULL",
    "blob bytes NOT NULL",
    "path string NOT NULL",
    "address string NOT NULL",
    "maybe_text string NULL",
    "maybe_int integer NULL",
    "maybe_date date NULL",
    "none_first float NULL",
    "quoted datetime tz NULL",
    "quoted_inner integer NULL",
    "annotated string(40) NOT NULL",
    "annotated_optional string NULL",
    // StringConstraints / constr lengths do not reach SQLModel's get_field_metadata.
    "alias_name string NOT NULL",
    "constrained string NOT NULL",
    "money numeric(8,3) NOT NULL",
  ]);
});

test("before SQLModel 0.0.45 a plain datetime is a naive timestamp", () => {
  const source = "from datetime import datetime\nfrom sqlmodel import SQLModel, Field\nclass Event(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n    at: datetime\n";
  assert.equal(column(table(readSource(source, { sqlmodelVersion: "0.0.22" }), "event"), "at").type.timezone, undefined);
  assert.equal(column(table(readSource(source, { sqlmodelVersion: "0.0.45" }), "event"), "at").type.timezone, true);
  assert.equal(column(table(readSource(source), "event"), "at").type.timezone, true);
});

test("a primary key is NOT NULL even when Optional; nullable= overrides the annotation", () => {
  const result = readSource(
    [
      "from typing import Optional",
      "from sqlmodel import SQLModel, Field",
      "class Row(SQLModel, table=True):",
      "    id: Optional[int] = Field(default=None, primary_key=True)",
      "    a: int = None",
      "    b: Optional[int] = Field(nullable=False)",
      "    c: int = Field(nullable=True)",
      "    d: 'int | None'",
      "    e: EmailStr",
      "    f: MaxLenStr = 'x'",
      "MaxLenStr = Annotated[str, MaxLen(25)]",
    ].join("\n"),
  );
  assert.deepEqual(columnLines(table(result, "row")), [
    "id integer NOT NULL PK",
    // is_field_noneable: a None default does not make a non-Optional field nullable.
    "a integer NOT NULL",
    "b integer NOT NULL",
    "c integer NULL",
    "d integer NULL",
    "e string NOT NULL",
    "f string(25) NOT NULL",
  ]);
});

test("ClassVar, private attributes, Relationship and model_config are not columns", () => {
  const result = readSource(
    [
      "from typing import ClassVar, List, Optional",
      "from sqlmodel import SQLModel, Field, Relationship",
      "class Team(SQLModel, table=True):",
      "    model_config = {'table': True}",
      "    registry_name: ClassVar[str] = 'teams'",
      "    _cache: dict = {}",
      "    id: Optional[int] = Field(default=None, primary_key=True)",
      "    heroes: List['Hero'] = Relationship(back_populates='team')",
      "    plain = 3",
    ].join("\n"),
  );
  assert.deepEqual(columnLines(table(result, "team")), ["id integer NOT NULL PK"]);
  assert.deepEqual(result.findings, []);
});

test("types SQLModel refuses are findings, not columns; unknown names are columns of unknown type", () => {
  const result = readFixture("broken");
  const payload = table(result, "payload");
  assert.deepEqual(
    payload.columns.map((c) => c.name),
    ["id", "price", "good", "bad_fk", "dangling", "set_null_required", "clash"],
  );
  assert.deepEqual(column(payload, "price").type, { kind: "unknown", raw: "Money" });
  const unmappable = result.findings.filter((f) => f.code === "model-unmappable-type");
  assert.deepEqual(
    unmappable.map((f) => [f.column, f.severity, f.range?.start.line]),
    [
      ["data", "error", 9],
      ["items", "error", 10],
      ["kind", "error", 11],
      ["either", "error", 12],
      ["either_or_none", "error", 13],
      ["anything", "error", 14],
    ],
  );
  assert.equal(unmappable[0].message, "payload.data: dict cannot be a column: SQLModel has no column type for dict. Give it sa_type=... or sa_column=Column(...).");
  assert.match(unmappable[3].message, /non-optional\) union/);
  const unknown = result.findings.find((f) => f.code === "model-unknown-type");
  assert.deepEqual([unknown?.table, unknown?.column, unknown?.severity], ["payload", "price", "info"]);
});

test("a model class used as a plain annotation is unmappable", () => {
  const result = readSource(
    "from sqlmodel import SQLModel, Field\nclass A(SQLModel, table=True):\n    id: int = Field(primary_key=True)\nclass B(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n    a: A\n",
  );
  assert.deepEqual(result.findings.map((f) => [f.code, f.column]), [["model-unmappable-type", "a"]]);
  assert.match(result.findings[0].message, /A is a model class/);
});

test("a primary key is NOT NULL in PostgreSQL even when nullable=True says otherwise", () => {
  const result = readSource(
    "from sqlmodel import SQLModel, Field\nclass K(SQLModel, table=True):\n    a: int | None = Field(default=None, primary_key=True, nullable=True)\n    b: str = Field(sa_column_kwargs={'primary_key': True})\n",
  );
  assert.deepEqual(columnLines(table(result, "k")), ["a integer NOT NULL PK", "b string NOT NULL PK"]);
  assert.deepEqual(table(result, "k").primaryKey, { name: "k_pkey", columns: ["a", "b"] });
});

test("a class of the model files that subclasses str or Decimal maps like its base", () => {
  const result = readSource(
    [
      "from decimal import Decimal",
      "from sqlmodel import SQLModel, Field",
      "class Email(str):",
      "    pass",
      "class Money(Decimal):",
      "    pass",
      "class Opaque:",
      "    pass",
      "class Account(SQLModel, table=True):",
      "    id: int = Field(primary_key=True)",
      "    email: Email = Field(max_length=80)",
      "    balance: Money",
      "    blob: Opaque",
    ].join("\n"),
  );
  assert.deepEqual(columnLines(table(result, "account")), ["id integer NOT NULL PK", "email string(80) NOT NULL", "balance numeric NOT NULL", "blob unknown NOT NULL"]);
  assert.deepEqual(result.findings.map((f) => [f.code, f.column]), [["model-unknown-type", "blob"]]);
});
