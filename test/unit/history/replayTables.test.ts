import { test } from "node:test";
import assert from "node:assert/strict";
import { HEADER_LINES, VERSIONS_DIR, replayBodies } from "../../helpers/historyRevisions";
import { findColumn } from "../../../server/src/schema/types";

const TASKS = `op.create_table(
    "tasks",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column("notes", sa.Text()),
    sa.Column("status", sa.Enum("todo", "done", name="taskstatus"), server_default="todo", nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
    sa.Column("owner_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=True),
    sa.Column("price", sa.Numeric(10, 2)),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("title", name="uq_tasks_title"),
    sa.CheckConstraint("price >= 0", name="ck_tasks_price"),
)`;
const USERS = `op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("email", sa.String(255), nullable=False, unique=True, index=True))`;

test("create_table: types, nullability, primary key, defaults, foreign keys, constraints, enums, sources", () => {
  const { schema, findings, createdIn } = replayBodies([USERS, TASKS]);
  assert.deepEqual(findings, []);
  const tasks = schema.tables.tasks;
  assert.deepEqual(tasks.columns.map((c) => [c.name, c.type.kind, c.nullable]), [
    ["id", "integer", false],
    ["title", "string", false],
    ["notes", "text", true],
    ["status", "enum", false],
    ["created_at", "datetime", false],
    ["owner_id", "integer", true],
    ["price", "numeric", true],
  ]);
  assert.equal(findColumn(tasks, "title")?.type.length, 200);
  assert.equal(findColumn(tasks, "created_at")?.type.timezone, true);
  assert.equal(findColumn(tasks, "created_at")?.serverDefault, "now()");
  assert.equal(findColumn(tasks, "status")?.serverDefault, "'todo'");
  assert.deepEqual([findColumn(tasks, "price")?.type.precision, findColumn(tasks, "price")?.type.scale], [10, 2]);
  assert.deepEqual(tasks.primaryKey, { columns: ["id"] });
  assert.equal(findColumn(tasks, "id")?.primaryKey, true);
  assert.equal(findColumn(tasks, "id")?.autoincrement, true, "single integer primary key is SERIAL");
  assert.deepEqual(tasks.foreignKeys.map((fk) => [fk.columns, fk.refTable, fk.refColumns, fk.onDelete]), [[["owner_id"], "users", ["id"], "CASCADE"]]);
  assert.deepEqual(tasks.uniques.map((u) => [u.name, u.columns]), [["uq_tasks_title", ["title"]]]);
  assert.deepEqual(tasks.checks.map((c) => [c.name, c.expression]), [["ck_tasks_price", "price >= 0"]]);
  assert.deepEqual(schema.enums.taskstatus.values, ["todo", "done"]);
  assert.equal(tasks.source?.file, `${VERSIONS_DIR}/002_r2.py`);
  assert.equal(tasks.source?.range.start.line, HEADER_LINES);
  assert.equal(findColumn(tasks, "title")?.source?.range.start.line, HEADER_LINES);
  assert.equal(createdIn.get("tasks"), "r2");
  const users = schema.tables.users;
  assert.equal(findColumn(users, "id")?.nullable, false, "primary_key=True implies NOT NULL");
  assert.deepEqual(users.indexes.map((i) => [i.name, i.columns, i.unique]), [["ix_users_email", ["email"], true]], "unique+index is a unique index");
  assert.deepEqual(users.uniques, []);
});

test("create_table: composite keys, ForeignKeyConstraint, Index objects, Identity, FK-typed columns, explicit autoincrement=False", () => {
  const { schema, findings } = replayBodies([
    USERS,
    `op.create_table(
    "memberships",
    sa.Column("user_id", sa.Integer(), nullable=False),
    sa.Column("team_id", sa.BigInteger(), nullable=False),
    sa.Column("ref", None, sa.ForeignKey("users.id")),
    sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_m_user", ondelete="set null"),
    sa.PrimaryKeyConstraint("user_id", "team_id", name="pk_memberships"),
    sa.Index("ix_m_team", "team_id", unique=False),
)`,
    `op.create_table("events", sa.Column("id", sa.BigInteger(), sa.Identity(always=True), primary_key=True), sa.Column("code", sa.Integer(), primary_key=True, autoincrement=False))`,
    `op.create_table("plain", sa.Column("code", sa.Integer(), primary_key=True, autoincrement=False))`,
  ]);
  assert.deepEqual(findings, []);
  const m = schema.tables.memberships;
  assert.deepEqual(m.primaryKey, { name: "pk_memberships", columns: ["user_id", "team_id"] });
  assert.equal(findColumn(m, "user_id")?.autoincrement, undefined, "composite keys do not autoincrement");
  assert.deepEqual(m.foreignKeys.map((fk) => [fk.name, fk.columns, fk.refTable, fk.onDelete]), [
    [undefined, ["ref"], "users", undefined],
    ["fk_m_user", ["user_id"], "users", "SET NULL"],
  ]);
  assert.equal(findColumn(m, "ref")?.type.kind, "integer", "a typeless FK column takes the referenced column's type");
  assert.deepEqual(m.indexes.map((i) => [i.name, i.columns, i.unique]), [["ix_m_team", ["team_id"], false]]);
  assert.equal(findColumn(schema.tables.events, "id")?.autoincrement, true);
  assert.equal(findColumn(schema.tables.plain, "code")?.autoincrement, undefined);
});

test("drop_table removes the table; dropping an unknown table is a replay conflict on the op line", () => {
  const { schema, findings, createdIn } = replayBodies([USERS, `op.drop_table("users")\nop.drop_table("ghosts")`]);
  assert.deepEqual(Object.keys(schema.tables), []);
  assert.equal(createdIn.has("users"), false);
  assert.deepEqual(findings.map((f) => [f.code, f.severity, f.range?.start.line, f.table]), [["history-replay-conflict", "warning", HEADER_LINES + 1, "ghosts"]]);
  assert.match(findings[0].message, /ghosts.*does not exist/);
});

test("rename_table moves the table, keeps constraint names PostgreSQL keeps, and follows referencing foreign keys", () => {
  const { schema, findings, createdIn } = replayBodies([USERS, TASKS, `op.rename_table("users", "accounts")`]);
  assert.deepEqual(findings, []);
  assert.equal(schema.tables.users, undefined);
  assert.equal(schema.tables.accounts.name, "accounts");
  assert.equal(schema.tables.accounts.primaryKey?.name, "users_pkey");
  assert.deepEqual(schema.tables.tasks.foreignKeys.map((fk) => fk.refTable), ["accounts"]);
  assert.equal(createdIn.get("accounts"), "r1");
});

test("add_column: column flags create what Alembic creates (FK, unique, index); duplicates and unknown tables conflict", () => {
  const { schema, findings } = replayBodies([
    USERS,
    TASKS,
    [
      `op.add_column("tasks", sa.Column("due_date", sa.DateTime(), nullable=True))`,
      `op.add_column("tasks", sa.Column("reviewer_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True))`,
      `op.add_column("tasks", sa.Column("slug", sa.String(80), nullable=False, server_default="", unique=True))`,
      `op.add_column("tasks", sa.Column("rank", sa.Integer(), index=True))`,
      `op.add_column("tasks", sa.Column("notes", sa.Text()))`,
      `op.add_column("nowhere", sa.Column("x", sa.Integer()))`,
    ].join("\n"),
  ]);
  const tasks = schema.tables.tasks;
  assert.deepEqual(tasks.columns.slice(-4).map((c) => [c.name, c.nullable, c.serverDefault]), [
    ["due_date", true, undefined],
    ["reviewer_id", true, undefined],
    ["slug", false, "''"],
    ["rank", true, undefined],
  ]);
  assert.equal(findColumn(tasks, "due_date")?.source?.range.start.line, HEADER_LINES);
  assert.deepEqual(tasks.foreignKeys.map((fk) => fk.columns[0]), ["owner_id", "reviewer_id"]);
  assert.deepEqual(tasks.uniques.map((u) => u.columns), [["title"], ["slug"]]);
  assert.deepEqual(tasks.indexes.map((i) => i.name), ["ix_tasks_rank"]);
  assert.deepEqual(findings.map((f) => [f.code, f.range?.start.line, f.column ?? f.table]), [
    ["history-replay-conflict", HEADER_LINES + 4, "notes"],
    ["history-replay-conflict", HEADER_LINES + 5, "nowhere"],
  ]);
});

test("drop_column removes the column and the indexes and constraints on it", () => {
  const { schema, findings } = replayBodies([USERS, TASKS, `op.drop_column("tasks", "owner_id")\nop.drop_column("tasks", "title")\nop.drop_column("tasks", "nope")`]);
  const tasks = schema.tables.tasks;
  assert.equal(findColumn(tasks, "owner_id"), undefined);
  assert.deepEqual(tasks.foreignKeys, []);
  assert.deepEqual(tasks.uniques, []);
  assert.deepEqual(findings.map((f) => [f.code, f.column]), [["history-replay-conflict", "nope"]]);
});

test("alter_column: nullable, type_, server_default (set, None, False), comment, new_column_name with ripple", () => {
  const { schema, findings } = replayBodies([
    USERS,
    TASKS,
    [
      `op.alter_column("tasks", "notes", nullable=False, existing_type=sa.Text())`,
      `op.alter_column("tasks", "title", type_=sa.String(length=255), server_default=None)`,
      `op.alter_column("tasks", "status", server_default=False, type_=sa.Enum("todo", "doing", "done", name="taskstatus2"))`,
      `op.alter_column("tasks", "price", server_default=sa.text("0"), comment="in cents")`,
      `op.alter_column("users", "id", new_column_name="user_id")`,
      `op.alter_column("tasks", "missing", nullable=True)`,
    ].join("\n"),
  ]);
  const tasks = schema.tables.tasks;
  assert.equal(findColumn(tasks, "notes")?.nullable, false);
  assert.equal(findColumn(tasks, "title")?.type.length, 255);
  assert.equal(findColumn(tasks, "status")?.serverDefault, "'todo'", "server_default=False leaves the default alone");
  assert.equal(findColumn(tasks, "status")?.type.enumName, "taskstatus2");
  assert.deepEqual(schema.enums.taskstatus2.values, ["todo", "doing", "done"]);
  assert.equal(findColumn(tasks, "price")?.serverDefault, "0");
  assert.equal(findColumn(tasks, "price")?.comment, "in cents");
  const users = schema.tables.users;
  assert.deepEqual(users.columns.map((c) => c.name), ["user_id", "email"]);
  assert.deepEqual(users.primaryKey, { name: "users_pkey", columns: ["user_id"] });
  assert.deepEqual(tasks.foreignKeys[0].refColumns, ["user_id"], "referencing foreign keys follow the rename");
  assert.deepEqual(findings.map((f) => [f.code, f.range?.start.line, f.column]), [["history-replay-conflict", HEADER_LINES + 5, "missing"]]);
});

test("batch_alter_table: batch ops apply to the block's table, with op.f names", () => {
  const { schema, findings } = replayBodies([
    USERS,
    TASKS,
    `with op.batch_alter_table("tasks", schema=None) as batch_op:
    batch_op.add_column(sa.Column("done_at", sa.DateTime(), nullable=True))
    batch_op.alter_column("notes", new_column_name="description", nullable=False)
    batch_op.create_index(batch_op.f("ix_tasks_done_at"), ["done_at"], unique=False)
    batch_op.create_foreign_key("fk_tasks_owner", "users", ["owner_id"], ["id"])
    batch_op.drop_constraint("uq_tasks_title", type_="unique")
    batch_op.drop_column("price")
with op.batch_alter_table("users") as b:
    b.drop_index(op.f("ix_users_email"))`,
  ]);
  assert.deepEqual(findings, []);
  const tasks = schema.tables.tasks;
  assert.deepEqual(tasks.columns.map((c) => c.name), ["id", "title", "description", "status", "created_at", "owner_id", "done_at"]);
  assert.equal(findColumn(tasks, "description")?.nullable, false);
  assert.deepEqual(tasks.indexes.map((i) => [i.name, i.columns]), [["ix_tasks_done_at", ["done_at"]]]);
  assert.deepEqual(tasks.foreignKeys.map((fk) => fk.name), ["tasks_owner_id_fkey", "fk_tasks_owner"], "the column rename pinned the default name");
  assert.deepEqual(tasks.uniques, []);
  assert.deepEqual(schema.tables.users.indexes, []);
});

test("column details: non-native enums are VARCHAR, Python Enum classes, column CHECKs, FetchedValue defaults", () => {
  const { schema, findings } = replayBodies(
    [
      `op.create_table(
    "jobs",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("kind", sa.Enum("short", "very_long", name="jobkind", native_enum=False), nullable=False),
    sa.Column("state", sa.Enum(JobState, name="jobstate"), nullable=False),
    sa.Column("tries", sa.Integer(), sa.CheckConstraint("tries >= 0", name="ck_tries"), server_default=sa.FetchedValue()),
)`,
    ],
    { pythonEnums: { JobState: ["QUEUED", "DONE"] } },
  );
  assert.deepEqual(findings, []);
  const jobs = schema.tables.jobs;
  assert.deepEqual([findColumn(jobs, "kind")?.type.kind, findColumn(jobs, "kind")?.type.length], ["string", 9]);
  assert.equal(schema.enums.jobkind, undefined, "a non-native enum creates no type");
  assert.deepEqual(schema.enums.jobstate.values, ["QUEUED", "DONE"]);
  assert.deepEqual(jobs.checks.map((c) => [c.name, c.expression]), [["ck_tries", "tries >= 0"]]);
  assert.equal(findColumn(jobs, "tries")?.serverDefault, undefined);
});

test("create_table of an existing table: a conflict, or nothing with if_not_exists=True", () => {
  const { schema, findings } = replayBodies([
    USERS,
    `op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), if_not_exists=True)\nop.create_table("users", sa.Column("uid", sa.Integer(), primary_key=True))`,
  ]);
  assert.deepEqual(schema.tables.users.columns.map((c) => c.name), ["id", "email"], "PostgreSQL keeps the existing table");
  assert.deepEqual(findings.map((f) => [f.code, f.range?.start.line]), [["history-replay-conflict", HEADER_LINES + 1]]);
});
