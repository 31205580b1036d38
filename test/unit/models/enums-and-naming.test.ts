import { strict as assert } from "node:assert";
import { join } from "node:path";
import { test } from "node:test";
import { readModels } from "../../../server/src/models";
import { applyConvention, postgresName, truncateConventionName } from "../../../server/src/models/naming";
import { column, readFixture, table } from "../../helpers/modelsFixtures";

test("Python Enum subclasses: type named after the class, labels are member names in order", () => {
  const result = readFixture("enums");
  assert.deepEqual(result.findings, []);
  const ticket = table(result, "ticket");
  assert.deepEqual(column(ticket, "status").type, { kind: "enum", enumName: "taskstatus", enumValues: ["TODO", "IN_PROGRESS", "DONE"], raw: "TaskStatus" });
  assert.deepEqual([column(ticket, "status").nullable, column(ticket, "status").clientDefault], [false, "TaskStatus.TODO"]);
  assert.deepEqual(column(ticket, "level").type, { kind: "enum", enumName: "level", enumValues: ["LOW", "HIGH"], raw: "Optional[Level]" });
  assert.equal(column(ticket, "level").nullable, true);
  // sa_type=sa.Enum(Color, name=...): names; values_callable: the member values.
  assert.deepEqual([column(ticket, "color").type.enumName, column(ticket, "color").type.enumValues], ["ticket_color", ["RED", "GREEN"]]);
  assert.deepEqual([column(ticket, "state").type.enumName, column(ticket, "state").type.enumValues], ["ticket_state", ["todo", "in_progress", "done"]]);
  assert.deepEqual(
    Object.values(result.schema.enums).map((e) => [e.name, e.values.join(",")]),
    [
      ["taskstatus", "TODO,IN_PROGRESS,DONE"],
      ["level", "LOW,HIGH"],
      ["ticket_color", "RED,GREEN"],
      ["ticket_state", "todo,in_progress,done"],
    ],
  );
  assert.equal(result.schema.enums.taskstatus.source?.range.start.line, 8);
});

test("an enum defined in another file, also through an enum base class", () => {
  const result = readModels([
    { path: join("/p", "enums.py"), text: "import enum\nclass Base(str, enum.Enum):\n    pass\nclass Role(Base):\n    ADMIN = 'admin'\n    USER = 'user'\n" },
    { path: join("/p", "user.py"), text: "from sqlmodel import SQLModel, Field\nfrom enums import Role\nclass User(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n    role: Role = Role.USER\n" },
  ]);
  assert.deepEqual(column(table(result, "user"), "role").type.enumValues, ["ADMIN", "USER"]);
});

test("a naming convention on SQLModel.metadata names every constraint; long names are shortened like SQLAlchemy", () => {
  const result = readFixture("naming-convention");
  const author = table(result, "author");
  assert.equal(author.primaryKey?.name, "pk_author");
  assert.deepEqual(author.uniques.map((u) => u.name), ["uq_author_email"]);
  assert.deepEqual(author.indexes.map((i) => i.name), ["ix_author_pen_name"]);
  const book = table(result, "book");
  assert.deepEqual(book.foreignKeys.map((f) => f.name), ["fk_book_author_id_author"]);
  assert.deepEqual(book.uniques.map((u) => u.name), ["uq_book_author_id"]);
  assert.deepEqual(book.checks.map((c) => c.name), ["ck_book_pages_positive"]);
  assert.deepEqual(book.indexes.map((i) => i.name), ["ix_book_author_id", "ix_book_a_very_long_column_name_that_pushes_the_index_n_d4b2"]);
  // PostgreSQL keeps 63 bytes of the long column name.
  assert.equal(book.columns[4].name, "a_very_long_column_name_that_pushes_the_index_name_over_the_lim");
});

test("MetaData(naming_convention=NAME) in env.py, with a dict defined elsewhere", () => {
  const result = readModels([
    { path: join("/p", "alembic", "env.py"), text: "from sqlalchemy import MetaData\nfrom app.db import CONVENTION\nmetadata = MetaData(naming_convention=CONVENTION)\n" },
    { path: join("/p", "app", "db.py"), text: "CONVENTION = {'fk': 'fk_%(table_name)s_%(column_0_N_name)s', 'ix': 'idx_%(column_0_name)s', UniqueConstraint: 'uq_%(table_name)s_%(column_0N_name)s'}\n" },
    {
      path: join("/p", "app", "models.py"),
      text: "from sqlmodel import SQLModel, Field\nclass Item(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n    sku: str = Field(index=True)\n    code: str = Field(unique=True)\n    owner_id: int = Field(foreign_key='item.id')\n",
    },
  ]);
  const item = table(result, "item");
  assert.deepEqual(item.indexes.map((i) => i.name), ["idx_sku"]);
  assert.deepEqual(item.uniques.map((u) => u.name), ["uq_item_code"]);
  assert.deepEqual(item.foreignKeys.map((f) => f.name), ["fk_item_owner_id"]);
  // No "pk" key: PostgreSQL's own name.
  assert.equal(item.primaryKey?.name, "item_pkey");
});

test("convention tokens", () => {
  const parts = { table: "orders", columns: ["a", "b"], referredTable: "users", referredColumns: ["id", "tenant"], constraintName: "x" };
  assert.equal(applyConvention("%(table_name)s_%(column_0_name)s_%(column_1_name)s", parts), "orders_a_b");
  assert.equal(applyConvention("%(column_0N_name)s|%(column_0_N_name)s|%(column_0_label)s", parts), "ab|a_b|orders_a");
  assert.equal(applyConvention("%(column_0_N_label)s", parts), "orders_a_orders_b");
  assert.equal(applyConvention("fk_%(referred_table_name)s_%(referred_column_0_N_name)s", parts), "fk_users_id_tenant");
  assert.equal(applyConvention("ck_%(table_name)s_%(constraint_name)s", parts), "ck_orders_x");
  assert.equal(applyConvention("ck_%(constraint_name)s", { table: "t", columns: [] }), undefined);
  assert.equal(truncateConventionName("x".repeat(63)), "x".repeat(63));
  assert.equal(truncateConventionName("x".repeat(64)).length, 60);
});

test("PostgreSQL's default names shorten the longer part to fit 63 bytes", () => {
  assert.equal(postgresName("tasks", "user_id", "fkey"), "tasks_user_id_fkey");
  assert.equal(postgresName("tasks", undefined, "pkey"), "tasks_pkey");
  const long = postgresName("t".repeat(40), "c".repeat(40), "key");
  assert.equal(long, `${"t".repeat(29)}_${"c".repeat(29)}_key`);
  assert.equal(long.length, 63);
});
