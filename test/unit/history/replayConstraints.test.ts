import { test } from "node:test";
import assert from "node:assert/strict";
import { HEADER_LINES, replayBodies } from "../../helpers/historyRevisions";
import { findColumn } from "../../../server/src/schema/types";
import { defaultConstraintName } from "../../../server/src/history/pgNames";

const BASE = [
  `op.create_table("users", sa.Column("id", sa.Integer(), nullable=False), sa.Column("email", sa.String(255), nullable=True), sa.PrimaryKeyConstraint("id"))`,
  `op.create_table("tasks", sa.Column("id", sa.Integer(), nullable=False), sa.Column("owner_id", sa.Integer(), nullable=True), sa.Column("title", sa.String()), sa.Column("code", sa.String(10)), sa.PrimaryKeyConstraint("id"))`,
].join("\n");

test("create_index / drop_index: op.f names, unique, partial and expression indexes are opaque", () => {
  const { schema, findings } = replayBodies([
    BASE,
    [
      `op.create_index(op.f("ix_tasks_owner_id"), "tasks", ["owner_id"], unique=False)`,
      `op.create_index("ux_tasks_code", "tasks", ["code"], unique=True)`,
      `op.create_index("ix_tasks_open", "tasks", ["owner_id"], postgresql_where=sa.text("title IS NOT NULL"))`,
      `op.create_index("ix_users_lower_email", "users", [sa.text("lower(email)")])`,
      `op.create_index(index_name="ix_kw", table_name="tasks", columns=["title"])`,
    ].join("\n"),
    `op.drop_index("ix_kw", table_name="tasks")\nop.drop_index(op.f("ix_users_lower_email"))\nop.drop_index("ix_never_made", table_name="tasks")`,
  ]);
  const tasks = schema.tables.tasks;
  assert.deepEqual(tasks.indexes.map((i) => [i.name, i.columns, i.unique, i.opaque ?? false]), [
    ["ix_tasks_owner_id", ["owner_id"], false, false],
    ["ux_tasks_code", ["code"], true, false],
    ["ix_tasks_open", ["owner_id"], false, true],
  ]);
  assert.match(tasks.indexes[2].definition ?? "", /postgresql_where/);
  assert.deepEqual(schema.tables.users.indexes, [], "dropped without table_name: found on its table");
  assert.deepEqual(findings.map((f) => [f.code, f.range?.start.line]), [["history-replay-conflict", HEADER_LINES + 2]]);
  assert.match(findings[0].message, /ix_never_made/);
});

test("create_foreign_key, create_unique_constraint, create_primary_key, create_check_constraint", () => {
  const { schema, findings } = replayBodies([
    `op.create_table("users", sa.Column("id", sa.Integer()), sa.Column("email", sa.String(255)))`,
    `op.create_table("tasks", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("owner_id", sa.Integer()))`,
    [
      `op.create_primary_key("pk_users", "users", ["id"])`,
      `op.create_foreign_key(None, "tasks", "users", ["owner_id"], ["id"], ondelete="CASCADE")`,
      `op.create_unique_constraint(op.f("uq_users_email"), "users", ["email"])`,
      `op.create_check_constraint("ck_email", "users", sa.text("email <> ''"))`,
      `op.create_check_constraint("ck_id", "users", "id > 0")`,
      `op.create_primary_key("pk_again", "users", ["email"])`,
    ].join("\n"),
  ]);
  const users = schema.tables.users;
  assert.deepEqual(users.primaryKey, { name: "pk_again", columns: ["email"] });
  assert.equal(findColumn(users, "id")?.nullable, false, "a primary key makes its columns NOT NULL");
  assert.deepEqual(users.uniques.map((u) => [u.name, u.columns]), [["uq_users_email", ["email"]]]);
  assert.deepEqual(users.checks.map((c) => [c.name, c.expression]), [["ck_email", "email <> ''"], ["ck_id", "id > 0"]]);
  assert.deepEqual(schema.tables.tasks.foreignKeys.map((fk) => [fk.name, fk.columns, fk.refTable, fk.refColumns, fk.onDelete]), [
    [undefined, ["owner_id"], "users", ["id"], "CASCADE"],
  ]);
  assert.equal(schema.tables.tasks.foreignKeys[0].source?.range.start.line, HEADER_LINES + 1);
  assert.deepEqual(findings.map((f) => [f.code, f.range?.start.line]), [["history-replay-conflict", HEADER_LINES + 5]]);
});

test("drop_constraint resolves the kind by name, including PostgreSQL's default names", () => {
  const { schema, findings } = replayBodies([
    BASE,
    [
      `op.create_foreign_key(None, "tasks", "users", ["owner_id"], ["id"])`,
      `op.create_unique_constraint(None, "users", ["email"])`,
      `op.create_check_constraint("ck_code", "tasks", "length(code) > 2")`,
    ].join("\n"),
    [
      `op.drop_constraint("tasks_owner_id_fkey", "tasks", type_="foreignkey")`,
      `op.drop_constraint("users_email_key", "users")`,
      `op.drop_constraint("ck_code", "tasks", type_="check")`,
      `op.drop_constraint("tasks_pkey", "tasks", type_="primary")`,
      `op.drop_constraint("fk_nothing", "tasks", type_="foreignkey")`,
      `op.drop_constraint(None, "tasks")`,
    ].join("\n"),
  ]);
  const tasks = schema.tables.tasks;
  assert.deepEqual(tasks.foreignKeys, []);
  assert.deepEqual(tasks.checks, []);
  assert.equal(tasks.primaryKey, undefined);
  assert.equal(findColumn(tasks, "id")?.nullable, false, "columns stay NOT NULL after the key is dropped");
  assert.deepEqual(schema.tables.users.uniques, []);
  assert.deepEqual(findings.map((f) => [f.code, f.range?.start.line]), [
    ["history-replay-conflict", HEADER_LINES + 4],
    ["history-opaque-step", HEADER_LINES + 5],
  ]);
});

test("PostgreSQL default names are shortened to 63 bytes the way PostgreSQL does it", () => {
  assert.equal(defaultConstraintName("tasks", ["owner_id"], "foreignkey"), "tasks_owner_id_fkey");
  assert.equal(defaultConstraintName("tasks", ["a", "b"], "unique"), "tasks_a_b_key");
  assert.equal(defaultConstraintName("tasks", [], "primary"), "tasks_pkey");
  const long = defaultConstraintName("t".repeat(40), ["c".repeat(40)], "foreignkey");
  assert.equal(long.length, 63);
  assert.equal(long, `${"t".repeat(29)}_${"c".repeat(28)}_fkey`);
});

test("with the project's naming convention, unnamed constraints are found under the convention's names", () => {
  const namingConvention = { ix: "ix_%(column_0_label)s", uq: "uq_%(table_name)s_%(column_0_name)s", fk: "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", pk: "pk_%(table_name)s" };
  const { schema, findings } = replayBodies(
    [
      BASE,
      `op.create_foreign_key(None, "tasks", "users", ["owner_id"], ["id"])\nop.create_unique_constraint(None, "users", ["email"])\nop.create_index(None, "tasks", ["code"])`,
      `op.drop_constraint("fk_tasks_owner_id_users", "tasks", type_="foreignkey")\nop.drop_constraint("uq_users_email", "users", type_="unique")\nop.drop_index("ix_tasks_code", table_name="tasks")\nop.drop_constraint("pk_tasks", "tasks", type_="primary")`,
    ],
    { namingConvention },
  );
  assert.deepEqual(findings, []);
  assert.deepEqual(schema.tables.tasks.foreignKeys, []);
  assert.deepEqual(schema.tables.tasks.indexes, []);
  assert.equal(schema.tables.tasks.primaryKey, undefined);
  assert.deepEqual(schema.tables.users.uniques, []);
});
