import { strict as assert } from "node:assert";
import { test } from "node:test";
import { column, columnLines, readFixture, readSource, table } from "../../helpers/modelsFixtures";

const gadgets = table(readFixture("field-args"), "gadgets");

test("index, unique and both: an index, a unique constraint, a unique index", () => {
  assert.deepEqual(
    gadgets.indexes.map((i) => [i.name, i.columns.join(","), i.unique]),
    [
      ["ix_gadgets_code", "code", true],
      ["ix_gadgets_label", "label", false],
      ["ix_gadgets_owner_id", "owner_id", false],
    ],
  );
  assert.deepEqual(gadgets.uniques.map((u) => [u.name, u.columns.join(",")]), [["gadgets_serial_key", "serial"]]);
});

test("foreign_key with ondelete, and ForeignKey in sa_column_args", () => {
  assert.deepEqual(
    gadgets.foreignKeys.map((f) => [f.name, f.columns.join(","), `${f.refTable}.${f.refColumns.join(",")}`, f.onDelete]),
    [
      ["gadgets_owner_id_fkey", "owner_id", "owners.id", "CASCADE"],
      ["gadgets_backup_owner_id_fkey", "backup_owner_id", "owners.id", "SET NULL"],
      ["gadgets_parent_id_fkey", "parent_id", "gadgets.id", "CASCADE"],
    ],
  );
});

test("nullable=, defaults, max_length, max_digits/decimal_places, sa_type", () => {
  assert.deepEqual(columnLines(gadgets), [
    "id integer NOT NULL PK",
    "code string(20) NOT NULL",
    "label string NOT NULL",
    "serial string(64) NOT NULL",
    "owner_id uuid NOT NULL",
    "backup_owner_id uuid NULL",
    "forced_null string NULL",
    "forced_not_null string NOT NULL",
    "with_default integer NOT NULL",
    "with_field_default string(10) NOT NULL",
    "stamped_at datetime tz NOT NULL",
    "weight numeric(6,2) NOT NULL",
    "extra jsonb NOT NULL",
    "tags array NOT NULL",
    "active boolean NOT NULL",
    "status_text string NOT NULL",
    "created_at datetime tz NOT NULL",
    "quantity integer NOT NULL",
    "parent_id integer NULL",
    "nickname string NOT NULL",
  ]);
  assert.equal(column(gadgets, "tags").type.itemType?.kind, "string");
  assert.equal(column(gadgets, "with_default").clientDefault, "0");
  assert.equal(column(gadgets, "with_field_default").clientDefault, '"new"');
  assert.equal(column(gadgets, "weight").clientDefault, 'Decimal("0")');
  assert.equal(column(gadgets, "extra").clientDefault, "dict()");
  assert.equal(column(gadgets, "backup_owner_id").clientDefault, undefined);
});

test("server defaults come only from sa_column_kwargs / sa_column, as SQL", () => {
  assert.deepEqual(
    gadgets.columns.filter((c) => c.serverDefault !== undefined).map((c) => [c.name, c.serverDefault]),
    [
      ["active", "true"],
      ["status_text", "'draft'"],
      ["created_at", "now()"],
      ["nickname", "''"],
    ],
  );
  assert.equal(column(gadgets, "status_text").comment, "workflow state");
  assert.deepEqual(gadgets.checks.map((c) => [c.name, c.expression]), [["gadgets_quantity_positive", "quantity > 0"]]);
});

test("sa_column=Column(...): its own name, type, keywords and ForeignKey; __table_args__", () => {
  const result = readFixture("sa-column");
  assert.deepEqual(result.findings, []);
  const accounts = table(result, "accounts");
  assert.deepEqual(columnLines(accounts), [
    "id integer NOT NULL PK",
    "user_handle string(40) NOT NULL",
    "settings jsonb NOT NULL",
    "scores array NULL",
    "created datetime tz NOT NULL",
    "referrer_id integer NULL",
    "note text NULL",
  ]);
  assert.equal(column(accounts, "id").autoincrement, true);
  assert.equal(column(accounts, "settings").serverDefault, "'{}'::jsonb");
  assert.equal(column(accounts, "created").serverDefault, "now()");
  assert.equal(column(accounts, "note").comment, "free text");
  assert.deepEqual(accounts.uniques.map((u) => [u.name, u.columns]), [["accounts_user_handle_key", ["user_handle"]]]);
  assert.deepEqual(accounts.indexes.map((i) => [i.name, i.columns]), [["ix_accounts_created", ["created"]]]);
  assert.deepEqual(
    accounts.foreignKeys.map((f) => [f.name, f.columns, f.refTable, f.onDelete]),
    [["accounts_referrer_fk", ["referrer_id"], "accounts", "SET NULL"]],
  );
  // The field is `handle`, the column `user_handle`: fields map one to the other.
  assert.deepEqual(
    result.fields.filter((f) => f.table === "accounts" && f.column === "user_handle").map((f) => [f.attribute, f.nameRange.start.line]),
    [["handle", 14]],
  );
  const memberships = table(result, "memberships");
  assert.deepEqual(memberships.primaryKey, { name: "memberships_pkey", columns: ["account_id", "group_name"] });
  assert.deepEqual(memberships.uniques.map((u) => [u.name, u.columns]), [["uq_membership", ["group_name", "role"]]]);
  assert.deepEqual(memberships.indexes.map((i) => [i.name, i.columns, i.unique]), [["ix_membership_group_role", ["group_name", "role"], false]]);
  assert.deepEqual(memberships.checks.map((c) => [c.name, c.expression]), [["ck_membership_role", "role <> ''"]]);
  // Composite key: no autoincrement.
  assert.equal(column(memberships, "account_id").autoincrement, undefined);
});

test("sa_column without a type takes the referenced column's type; conflicting arguments are a finding", () => {
  const result = readSource(
    [
      "from sqlalchemy import Column, ForeignKey, String",
      "from sqlmodel import SQLModel, Field",
      "class Parent(SQLModel, table=True):",
      "    code: str = Field(sa_column=Column(String(8), primary_key=True))",
      "class Child(SQLModel, table=True):",
      "    id: int = Field(primary_key=True)",
      "    parent_code: str = Field(sa_column=Column(ForeignKey('parent.code')))",
      "    other: str = Field(index=True, sa_column=Column(String(3)))",
    ].join("\n"),
  );
  const child = table(result, "child");
  assert.deepEqual(column(child, "parent_code").type, { kind: "string", length: 8, raw: "String(8)" });
  assert.deepEqual(column(child, "other").type.length, 3);
  assert.deepEqual(child.indexes, []);
  assert.deepEqual(result.findings.map((f) => [f.code, f.column, f.range?.start.line]), [["model-sa-column-conflict", "other", 7]]);
});

test("ondelete problems and malformed foreign keys are findings", () => {
  const result = readFixture("broken");
  assert.deepEqual(
    result.findings.filter((f) => /foreign-key|ondelete|sa-column/.test(f.code)).map((f) => [f.code, f.column]),
    [
      ["model-invalid-foreign-key", "bad_fk"],
      ["model-invalid-ondelete", "dangling"],
      ["model-invalid-ondelete", "set_null_required"],
      ["model-sa-column-conflict", "clash"],
    ],
  );
  assert.deepEqual(table(result, "payload").foreignKeys.map((f) => f.columns[0]), ["set_null_required"]);
});

test("a non-native Enum is a VARCHAR; an Index(...) beside the class belongs to its table", () => {
  const visits = table(readFixture("sa-column"), "visits");
  assert.deepEqual(column(visits, "kind").type, { kind: "string", length: 7, raw: 'sa.Enum("walk_in", "booked", name="visit_kind", native_enum=False)' });
  assert.deepEqual(visits.indexes.map((i) => [i.name, i.columns, i.unique]), [["ix_visits_account_day", ["account_id", "day"], true]]);
  assert.equal(visits.indexes[0].source?.range.start.line, 45);
});
