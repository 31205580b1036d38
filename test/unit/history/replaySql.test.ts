import { test } from "node:test";
import assert from "node:assert/strict";
import { HEADER_LINES, replayBodies } from "../../helpers/historyRevisions";
import { findColumn } from "../../../server/src/schema/types";
import { splitSqlStatements } from "../../../server/src/history/sqlStatements";

const BASE = [
  `op.create_table("tasks", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("title", sa.String(100)), sa.Column("priority", sa.String(20)))`,
  `op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))`,
].join("\n");

test("recognised SQL is applied and the table stays certain", () => {
  const { schema, findings } = replayBodies([
    BASE,
    [
      `op.execute("ALTER TABLE tasks RENAME COLUMN title TO name")`,
      `op.execute(sa.text('ALTER TABLE "tasks" ALTER COLUMN name SET NOT NULL, ALTER COLUMN priority SET DEFAULT \\'low\\''))`,
      `op.execute("CREATE TYPE mood AS ENUM ('sad', 'ok')")`,
      `op.execute("ALTER TYPE mood ADD VALUE 'happy'")`,
      `op.execute("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh' BEFORE 'ok'")`,
      `op.execute("ALTER TABLE tasks ADD COLUMN mood mood NOT NULL DEFAULT 'ok'")`,
      `op.execute("ALTER TABLE public.tasks ALTER COLUMN priority TYPE integer USING priority::integer")`,
      `op.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_tasks_name ON tasks (name)")`,
      `op.execute("UPDATE tasks SET priority = 1 WHERE priority IS NULL; COMMIT;")`,
      `op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")`,
    ].join("\n"),
  ]);
  assert.deepEqual(findings, []);
  const tasks = schema.tables.tasks;
  assert.equal(tasks.uncertain, undefined);
  assert.deepEqual(tasks.columns.map((c) => c.name), ["id", "name", "priority", "mood"]);
  assert.equal(findColumn(tasks, "name")?.nullable, false);
  assert.equal(findColumn(tasks, "priority")?.serverDefault, "'low'");
  assert.equal(findColumn(tasks, "priority")?.type.kind, "integer");
  assert.deepEqual(schema.enums.mood.values, ["sad", "meh", "ok", "happy"]);
  const mood = findColumn(tasks, "mood");
  assert.deepEqual([mood?.type.kind, mood?.type.enumName, mood?.nullable, mood?.serverDefault], ["enum", "mood", false, "'ok'"]);
  assert.deepEqual(tasks.indexes.map((i) => [i.name, i.columns]), [["ix_tasks_name", ["name"]]]);
});

test("enum labels renamed/added in SQL follow into the columns that use the type", () => {
  const { schema } = replayBodies([
    `op.create_table("tasks", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("status", sa.Enum("todo", "done", name="status"), nullable=False))`,
    `op.execute("ALTER TYPE status RENAME VALUE 'todo' TO 'open'")\nop.execute("ALTER TYPE status RENAME TO task_status")`,
  ]);
  assert.deepEqual(Object.keys(schema.enums), ["task_status"]);
  assert.deepEqual(schema.enums.task_status.values, ["open", "done"]);
  const status = findColumn(schema.tables.tasks, "status")!;
  assert.deepEqual([status.type.enumName, status.type.enumValues], ["task_status", ["open", "done"]]);
});

test("unreadable SQL is an opaque step (info, once per revision, on the first such line) and marks the tables it names uncertain", () => {
  const { schema, findings } = replayBodies([
    BASE,
    [
      `op.add_column("tasks", sa.Column("x", sa.Integer()))`,
      `op.execute("ALTER TABLE tasks ADD CONSTRAINT ex EXCLUDE USING gist (x WITH =)")`,
      `op.execute("DO $$ BEGIN ALTER TABLE users ADD COLUMN y int; END $$;")`,
      `op.execute(f"ALTER TABLE {name} DROP COLUMN x")`,
    ].join("\n"),
  ]);
  assert.equal(schema.tables.tasks.uncertain, true);
  assert.equal(schema.tables.users.uncertain, true);
  assert.deepEqual(findings.map((f) => [f.code, f.severity, f.range?.start.line]), [["history-opaque-step", "info", HEADER_LINES + 1]]);
  assert.match(findings[0].message, /3 steps that cannot be replayed/);
  assert.match(findings[0].message, /tasks, users/);
  const steps = (findings[0].data as { steps: { line: number }[] }).steps;
  assert.deepEqual(steps.map((s) => s.line), [HEADER_LINES + 1, HEADER_LINES + 2, HEADER_LINES + 3]);
});

test("helper calls and non-literal targets are opaque; later ops on tables they might create do not conflict", () => {
  const { schema, findings } = replayBodies([
    `create_audit_tables(op)\nfor t in ["a", "b"]:\n    op.add_column(t, sa.Column("deleted", sa.Boolean()))`,
    `op.add_column("audit_log", sa.Column("who", sa.Text()))`,
  ]);
  assert.deepEqual(findings.map((f) => [f.code, f.range?.start.line]), [["history-opaque-step", HEADER_LINES]]);
  assert.match(findings[0].message, /create_audit_tables/);
  assert.equal(schema.tables.audit_log.uncertain, true);
  assert.deepEqual(schema.tables.audit_log.columns.map((c) => c.name), ["who"]);
});

test("data-only code is not opaque: bind, inspection, Core updates, conn.execute of DML, enum create()", () => {
  const { schema, findings } = replayBodies([
    BASE,
    [
      `bind = op.get_bind()`,
      `insp = sa.inspect(bind)`,
      `tasks = sa.table("tasks", sa.column("priority", sa.String))`,
      `op.execute(tasks.update().where(tasks.c.priority == None).values(priority="low"))`,
      `rows = bind.execute(sa.text("SELECT id FROM tasks")).fetchall()`,
      `mood = postgresql.ENUM("sad", "ok", name="mood")`,
      `mood.create(bind, checkfirst=True)`,
      `sa.Enum("x", "y", name="letters").create(op.get_bind())`,
      `op.bulk_insert(tasks, [{"priority": "low"}])`,
    ].join("\n"),
  ]);
  assert.deepEqual(findings, []);
  assert.deepEqual(Object.keys(schema.enums).sort(), ["letters", "mood"]);
  assert.equal(schema.tables.tasks.uncertain, undefined);
});

test("CREATE TABLE in SQL makes an uncertain table that later ops can change", () => {
  const { schema, findings } = replayBodies([`op.execute("CREATE TABLE audit (id serial PRIMARY KEY)")`, `op.add_column("audit", sa.Column("note", sa.Text()))`]);
  assert.equal(schema.tables.audit.uncertain, true);
  assert.deepEqual(schema.tables.audit.columns.map((c) => c.name), ["note"]);
  assert.deepEqual(findings.map((f) => f.code), ["history-opaque-step"]);
});

test("SQL statements split on semicolons outside quotes, dollar quotes and comments", () => {
  const sql = "-- lead\nALTER TABLE a RENAME x TO y; /* c; */ INSERT INTO t VALUES ('a;b', \"q;\"); DO $x$ BEGIN; END $x$;\n";
  assert.deepEqual(splitSqlStatements(sql), ["ALTER TABLE a RENAME x TO y", "INSERT INTO t VALUES ('a;b', \"q;\")", "DO $x$ BEGIN; END $x$"]);
});

test("ADD CONSTRAINT in SQL (NOT VALID foreign keys and checks, UNIQUE USING INDEX, PRIMARY KEY), serial columns, settings", () => {
  const { schema, findings } = replayBodies([
    BASE,
    [
      `op.execute("ALTER TABLE tasks ADD COLUMN owner_id integer, ADD CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE NOT VALID")`,
      `op.execute("ALTER TABLE tasks VALIDATE CONSTRAINT fk_owner")`,
      `op.execute("CREATE UNIQUE INDEX CONCURRENTLY ux_title ON tasks (title)")`,
      `op.execute("ALTER TABLE tasks ADD CONSTRAINT uq_title UNIQUE USING INDEX ux_title")`,
      `op.execute("ALTER TABLE tasks ADD CONSTRAINT ck_priority CHECK (priority <> '') NOT VALID")`,
      `op.execute("ALTER TABLE users ADD COLUMN seq bigserial, ENABLE ROW LEVEL SECURITY, OWNER TO app")`,
    ].join("\n"),
  ]);
  assert.deepEqual(findings, []);
  const tasks = schema.tables.tasks;
  assert.deepEqual(tasks.foreignKeys.map((fk) => [fk.name, fk.columns, fk.refTable, fk.refColumns, fk.onDelete]), [["fk_owner", ["owner_id"], "users", ["id"], "CASCADE"]]);
  assert.deepEqual(tasks.uniques.map((u) => [u.name, u.columns]), [["uq_title", ["title"]]]);
  assert.deepEqual(tasks.indexes, [], "the index now belongs to the constraint");
  assert.deepEqual(tasks.checks.map((c) => [c.name, c.expression]), [["ck_priority", "priority <> ''"]]);
  const seq = findColumn(schema.tables.users, "seq")!;
  assert.deepEqual([seq.type.kind, seq.nullable, seq.autoincrement], ["bigint", false, true]);
  assert.equal(schema.tables.users.uncertain, undefined);
});

test("ALTER INDEX ... RENAME TO renames the index, or the unique or primary-key constraint it backs", () => {
  const { schema, findings } = replayBodies([
    [
      `op.create_table("tasks", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("title", sa.String(100)), sa.Column("code", sa.String(8)), sa.UniqueConstraint("code", name="tasks_code_key"))`,
      `op.create_index(op.f("ix_tasks_title"), "tasks", ["title"])`,
    ].join("\n"),
    [
      `op.alter_column("tasks", "title", new_column_name="name")`,
      `op.execute("ALTER INDEX ix_tasks_title RENAME TO ix_tasks_name")`,
      `op.execute('ALTER INDEX IF EXISTS public."tasks_code_key" RENAME TO uq_tasks_code')`,
      `op.execute("ALTER INDEX tasks_pkey RENAME TO pk_tasks")`,
      `op.execute("ALTER INDEX ix_made_elsewhere RENAME TO ix_whatever")`,
    ].join("\n"),
  ]);
  assert.deepEqual(findings, []);
  const tasks = schema.tables.tasks;
  assert.equal(tasks.uncertain, undefined);
  assert.deepEqual(tasks.indexes.map((i) => [i.name, i.columns]), [["ix_tasks_name", ["name"]]]);
  assert.deepEqual(tasks.uniques.map((u) => u.name), ["uq_tasks_code"]);
  assert.equal(tasks.primaryKey?.name, "pk_tasks");
});

test("a DO block that only checks (dmw generate's guards) changes nothing; one with DDL, EXECUTE or comments is opaque", () => {
  const guard = [
    "DO $$",
    "DECLARE",
    "    r record;",
    "    bad text[] := '{}';",
    "BEGIN",
    "    FOR r IN SELECT DISTINCT priority AS v FROM tasks WHERE length(priority::text) > 10 ORDER BY 1 LOOP",
    "        bad := bad || quote_literal(r.v::text);",
    "    END LOOP;",
    "    IF cardinality(bad) > 0 THEN",
    "        RAISE EXCEPTION 'tasks.priority: % value(s) do not convert (drop them or ALTER the column by hand)', cardinality(bad)",
    "            USING HINT = 'Map them to valid values in this migration before the type change, then run it again.';",
    "    END IF;",
    "END",
    "$$",
  ].join("\n");
  const run = (sql: string) => replayBodies([BASE, `op.execute("""\n${sql}\n""")`]);
  const checked = run(guard);
  assert.deepEqual(checked.findings, []);
  assert.equal(checked.schema.tables.tasks.uncertain, undefined);
  for (const body of [
    "DO $$ BEGIN ALTER TABLE tasks ADD COLUMN x int; END $$",
    "DO $$ BEGIN EXECUTE format('ALTER TABLE %I ADD COLUMN x int', 'tasks'); END $$",
    "DO $$ BEGIN -- a comment\n PERFORM 1 FROM tasks; END $$",
    "DO $body$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN CREATE TYPE mood AS ENUM ('ok'); END IF; END $body$",
  ]) {
    const { findings, schema } = run(body);
    assert.deepEqual(findings.map((f) => f.code), ["history-opaque-step"], body);
    if (body.includes("ALTER TABLE tasks")) assert.equal(schema.tables.tasks.uncertain, true, body);
  }
});
