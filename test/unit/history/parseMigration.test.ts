import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseMigration } from "../../../server/src/history/parseMigration";
import { opArgument, nameValue } from "../../../server/src/history/opArguments";
import { onPostgres } from "../../../server/src/history/dialectBranches";
import { stringValue } from "../../../server/src/python/syntax";

const dir = join(__dirname, "..", "..", "fixtures", "migrations", "parse");
const load = (name: string) => parseMigration(join(dir, name), readFileSync(join(dir, name), "utf8"));

test("annotated revision variables of recent Alembic templates", () => {
  const file = load("annotated_revision_variables.py");
  assert.equal(file.revision, "3f2a1b9c8d7e");
  assert.deepEqual(file.downRevisions, ["1a2b3c4d5e6f"]);
  assert.deepEqual(file.branchLabels, []);
  assert.deepEqual(file.dependsOn, []);
  assert.equal(file.message, "add priorities table");
  assert.equal(file.revisionRange?.start.line, 16);
  assert.equal(file.downRevisionRange?.start.line, 17);
  assert.equal(file.imports.sa, "sqlalchemy");
  assert.equal(file.imports.sqlmodel, "sqlmodel");
  assert.equal(file.imports.postgresql, "sqlalchemy.dialects.postgresql");
  assert.equal(file.imports.op, "alembic.op");
  assert.deepEqual(file.findings, []);
  const up = file.upgrade!;
  assert.equal(up.isEmpty, false);
  assert.deepEqual(up.ops.map((o) => [o.name, o.table, o.index]), [
    ["create_table", "priorities", 0],
    ["add_column", "tasks", 1],
    ["create_foreign_key", "tasks", 2],
  ]);
  const fk = up.ops[2];
  assert.equal(fk.range.start.line, 32);
  assert.equal(stringValue(opArgument(fk, "referent_table")), "priorities");
  assert.equal(opArgument(fk, "constraint_name")?.kind, "none");
  assert.equal(fk.text, 'op.create_foreign_key(None, "tasks", "priorities", ["priority_id"], ["id"])');
  assert.equal(file.downgrade?.isEmpty, true, "a docstring plus pass is empty");
  assert.deepEqual(file.downgrade?.ops, []);
});

test("batch blocks, autocommit blocks, conditionals, helper calls and SQL are all listed in order", () => {
  const file = load("batch_autocommit_and_conditionals.py");
  assert.deepEqual(file.downRevisions, []);
  assert.deepEqual(file.branchLabels, ["reporting"]);
  assert.deepEqual(file.dependsOn, ["a1b2c3d4e5f6"]);
  assert.equal(file.imports.alembic_op, "alembic.op");
  assert.equal(file.imports.text, "sqlalchemy.text");
  const ops = file.upgrade!.ops;
  const summary = ops.map((o) => ({
    name: o.name,
    table: o.table,
    batch: o.batchTable,
    auto: o.inAutocommitBlock,
    cond: o.conditional,
    sql: o.sql,
  }));
  assert.deepEqual(summary, [
    { name: "get_bind", table: undefined, batch: undefined, auto: false, cond: false, sql: undefined },
    { name: "batch_alter_table", table: "tasks", batch: undefined, auto: false, cond: false, sql: undefined },
    { name: "add_column", table: "tasks", batch: "tasks", auto: false, cond: false, sql: undefined },
    { name: "drop_index", table: "tasks", batch: "tasks", auto: false, cond: false, sql: undefined },
    { name: "autocommit_block", table: undefined, batch: undefined, auto: false, cond: false, sql: undefined },
    { name: "create_index", table: "tasks", batch: undefined, auto: true, cond: false, sql: undefined },
    { name: "execute", table: undefined, batch: undefined, auto: false, cond: true, sql: "CREATE TABLE audit (id int)" },
    { name: "unknown", table: undefined, batch: undefined, auto: false, cond: true, sql: undefined },
    { name: "execute", table: undefined, batch: undefined, auto: false, cond: false, sql: "UPDATE tasks SET done = false" },
    { name: "unknown", table: undefined, batch: undefined, auto: false, cond: false, sql: "ALTER TABLE tasks RENAME COLUMN title TO name" },
    { name: "execute", table: undefined, batch: undefined, auto: false, cond: false, sql: undefined },
  ]);
  assert.equal(ops[0].assignedTo, "bind");
  assert.equal(ops[7].callee, "_helper");
  assert.equal(ops[9].callee, "bind.execute");
  assert.equal(nameValue(opArgument(ops[3], "index_name")), "ix_tasks_title", "op.f() names read through");
  assert.deepEqual(ops.map((o) => o.index), ops.map((_, i) => i));
  assert.equal(file.downgrade?.isEmpty, true);
});

test("merge revisions list every parent", () => {
  const file = load("merge_revision.py");
  assert.deepEqual(file.downRevisions, ["aaa111", "bbb222"]);
  assert.equal(file.upgrade?.isEmpty, true);
});

test("a half-typed revision keeps what parses and reports the syntax error", () => {
  const file = load("half_typed_revision.py");
  assert.equal(file.revision, "h4lf00000001");
  assert.deepEqual(file.downRevisions, ["3f2a1b9c8d7e"]);
  assert.deepEqual(file.findings.map((f) => f.code), ["history-syntax-error"]);
  assert.equal(file.findings[0].severity, "error");
  assert.ok(file.upgrade?.ops.some((o) => o.name === "add_column" && o.table === "tasks"));
});

test("a module without revision is not a migration; __init__.py is skipped as Alembic does", () => {
  const file = load("helper_module_without_revision.py");
  assert.equal(file.revision, undefined);
  assert.deepEqual(file.findings.map((f) => [f.code, f.severity]), [["graph-not-a-migration", "error"]]);
  assert.deepEqual(parseMigration("/x/versions/__init__.py", "").findings, []);
  const computed = parseMigration("/x/versions/a.py", "revision = make_id()\n");
  assert.match(computed.findings[0].message, /not a string literal/);
  assert.equal(computed.findings[0].range?.start.line, 0);
});

test("empty and garbage input never throws", () => {
  for (const text of ["", "def upgrade(:\n", "revision = \"a\"\ndef upgrade():\n    with op.batch_alter_table(\n", "\u0000\u0001"]) {
    const file = parseMigration("/x/versions/broken.py", text);
    assert.ok(Array.isArray(file.findings));
    assert.ok(file.findings.length > 0, `findings for ${JSON.stringify(text)}`);
  }
});

test("op calls inside conditions and loop headers are listed on the header line", () => {
  const file = parseMigration(
    "/x/versions/a.py",
    [
      'revision = "a"',
      "def upgrade():",
      '    if not sa.inspect(op.get_bind()).has_table("audit"):',
      '        op.create_table("audit", sa.Column("id", sa.Integer()))',
      '    for row in op.get_bind().execute(sa.text("SELECT 1")):',
      "        pass",
      "",
    ].join("\n"),
  );
  assert.deepEqual(file.upgrade!.ops.map((o) => [o.name, o.range.start.line, o.conditional, o.table]), [
    ["get_bind", 2, false, undefined],
    ["create_table", 3, true, "audit"],
    ["get_bind", 4, false, undefined],
  ]);
});

test("nested with blocks: autocommit around batch, several items in one with", () => {
  const file = parseMigration(
    "/x/versions/a.py",
    [
      'revision = "a"',
      "def upgrade():",
      "    with op.get_context().autocommit_block():",
      '        with op.batch_alter_table("tasks") as batch_op:',
      '            batch_op.create_index("ix_a", ["a"], postgresql_concurrently=True)',
      '        op.execute("VACUUM tasks")',
      '    with op.batch_alter_table("users") as users, op.batch_alter_table("tags") as tags:',
      '        users.drop_column("x")',
      '        tags.drop_column("y")',
      '    batch_op.drop_column("outside")',
      "",
    ].join("\n"),
  );
  assert.deepEqual(
    file.upgrade!.ops.map((o) => [o.name, o.table, o.batchTable, o.inAutocommitBlock]),
    [
      ["autocommit_block", undefined, undefined, false],
      ["batch_alter_table", "tasks", undefined, true],
      ["create_index", "tasks", "tasks", true],
      ["execute", undefined, undefined, true],
      ["batch_alter_table", "users", undefined, false],
      ["batch_alter_table", "tags", undefined, false],
      ["drop_column", "users", "users", false],
      ["drop_column", "tags", "tags", false],
      ["unknown", undefined, undefined, false],
    ],
  );
  assert.equal(file.upgrade!.ops[3].sql, "VACUUM tasks");
  assert.equal(file.upgrade!.ops[8].callee, "batch_op.drop_column", "a batch name outside its block is not a batch");
});

test("names bound to strings and f-strings over them resolve; dialect tests keep only the PostgreSQL branch", () => {
  const file = parseMigration(
    "/x/versions/a.py",
    [
      'revision = "a"',
      'TABLE = "message"',
      "def upgrade():",
      "    conn = op.get_bind()",
      '    temp = "temp_message"',
      '    op.create_table(temp, sa.Column("id", sa.Integer()))',
      '    op.execute(f\'INSERT INTO "{temp}" SELECT * FROM "{TABLE}"\')',
      '    if conn.dialect.name == "postgresql":',
      "        op.execute(f'DROP TABLE \"{TABLE}\" CASCADE')",
      "    else:",
      "        op.drop_table(TABLE)",
      '    op.execute(f\'ALTER TABLE "{temp}" RENAME TO "{TABLE}"\')',
      '    if conn.dialect.name == "sqlite":',
      '        op.drop_column("x", "y")',
      "    for temp in names:",
      '        op.drop_table(temp)',
      '    op.execute(f"DROP TABLE {unknown}")',
      "",
    ].join("\n"),
  );
  const ops = file.upgrade!.ops;
  assert.deepEqual(ops.map((o) => [o.name, o.table, o.sql, o.conditional]), [
    ["get_bind", undefined, undefined, false],
    ["unknown", undefined, undefined, false],
    ["create_table", "temp_message", undefined, false],
    ["execute", undefined, 'INSERT INTO "temp_message" SELECT * FROM "message"', false],
    ["execute", undefined, 'DROP TABLE "message" CASCADE', false],
    ["execute", undefined, 'ALTER TABLE "temp_message" RENAME TO "message"', false],
    ["drop_table", undefined, undefined, true],
    ["execute", undefined, undefined, false],
  ]);
  assert.equal(ops[2].call.kind === "call" && ops[2].call.args[0].range.start.character, 20, "resolved arguments keep their source range");
});

test("dialect conditions: ==, !=, in, not in; anything else keeps every branch", () => {
  assert.equal(onPostgres('bind.dialect.name == "postgresql"'), true);
  assert.equal(onPostgres("op.get_bind().dialect.name != 'postgresql'"), false);
  assert.equal(onPostgres('conn.dialect.name == "sqlite"'), false);
  assert.equal(onPostgres('conn.dialect.name in ("postgresql", "mysql")'), true);
  assert.equal(onPostgres('conn.dialect.name not in ["postgresql"]'), false);
  assert.equal(onPostgres('is_postgres(conn)'), undefined);
  assert.equal(onPostgres('conn.dialect.name == "postgresql" and x'), undefined);
});
