import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SchemaChange } from "../../../server/src/diff/types";
import { planMigration } from "../../../server/src/writer/plan";
import type { MigrationPlan, WriterContext } from "../../../server/src/writer/types";
import { col, schema, t, table, tasksAtHead } from "./schemaBuilders";

const ctx: WriterContext = { headSchema: schema([tasksAtHead()]) };

function up(plan: MigrationPlan): string[] {
  return plan.steps.flatMap((s) => s.upgrade);
}
function down(plan: MigrationPlan): string[] {
  return [...plan.steps].reverse().flatMap((s) => s.downgrade);
}

describe("planMigration: columns", () => {
  it("1. adds a nullable column and drops it on downgrade", () => {
    const plan = planMigration([{ kind: "add-column", table: "tasks", column: col("due_date", t.timestamp()) }], ctx);
    assert.deepEqual(up(plan), ["op.add_column('tasks', sa.Column('due_date', sa.DateTime(), nullable=True))"]);
    assert.deepEqual(down(plan), ["op.drop_column('tasks', 'due_date')"]);
  });

  it("2. adds a NOT NULL column nullable first, backfills the model default, then sets NOT NULL", () => {
    const column = col("archived", t.bool(), { nullable: false, clientDefault: "False" });
    const plan = planMigration([{ kind: "add-column", table: "tasks", column }], ctx);
    assert.deepEqual(up(plan), [
      "op.add_column('tasks', sa.Column('archived', sa.Boolean(), nullable=True))",
      "op.execute('UPDATE tasks SET archived = false WHERE archived IS NULL')",
      "op.alter_column('tasks', 'archived', existing_type=sa.Boolean(), nullable=False)",
    ]);
    assert.deepEqual(down(plan), [
      "op.alter_column('tasks', 'archived', existing_type=sa.Boolean(), nullable=True)",
      "op.drop_column('tasks', 'archived')",
    ]);
    assert.deepEqual(plan.notes, []);
  });

  it("2. a NOT NULL column with a server default is added in one statement", () => {
    const column = col("score", t.int(), { nullable: false, serverDefault: "0" });
    const plan = planMigration([{ kind: "add-column", table: "tasks", column }], ctx);
    assert.deepEqual(up(plan), ["op.add_column('tasks', sa.Column('score', sa.Integer(), server_default=sa.text('0'), nullable=False))"]);
  });

  it("2. with no usable default it says so at the top and guards before changing anything", () => {
    const column = col("owner", t.varchar(50), { nullable: false });
    const plan = planMigration([{ kind: "add-column", table: "tasks", column }], ctx);
    assert.equal(plan.notes.length, 1);
    assert.match(plan.notes[0], /tasks\.owner is NOT NULL and the model has no default/);
    assert.equal(plan.steps[0].phase, "guard");
    assert.match(plan.steps[0].upgrade[0], /IF EXISTS \(SELECT 1 FROM tasks\) THEN/);
    assert.match(plan.steps[0].upgrade[0], /RAISE EXCEPTION 'tasks\.owner: new NOT NULL column without a default/);
    assert.deepEqual(plan.steps.find((s) => s.phase === "backfill")?.upgrade, ["# op.execute('UPDATE tasks SET owner = <value> WHERE owner IS NULL')"]);
  });

  it("3. renames with alter_column, never drop + add", () => {
    const plan = planMigration(
      [{ kind: "rename-column", table: "tasks", from: col("priority", t.varchar(20)), to: col("priority_level", t.varchar(20)), typeChanged: false }],
      ctx,
    );
    assert.deepEqual(up(plan), ["op.alter_column('tasks', 'priority', new_column_name='priority_level')"]);
    assert.deepEqual(down(plan), ["op.alter_column('tasks', 'priority_level', new_column_name='priority')"]);
  });

  it("4. rename + type change: guard on the old name first, rename, then convert with USING", () => {
    const change: SchemaChange = { kind: "rename-column", table: "tasks", from: col("priority", t.varchar(20)), to: col("priority_id", t.int()), typeChanged: true };
    const plan = planMigration([change], ctx);
    assert.deepEqual(
      plan.steps.map((s) => s.phase),
      ["guard", "rename", "convert"],
    );
    assert.match(plan.steps[0].upgrade[0], /FOR r IN SELECT DISTINCT priority AS v FROM tasks WHERE priority IS NOT NULL ORDER BY 1 LOOP/);
    assert.match(plan.steps[0].upgrade[0], /PERFORM count\(priority::integer\) FROM tasks;\n {4}EXCEPTION WHEN others THEN/);
    assert.match(plan.steps[0].upgrade[0], /PERFORM r\.v::integer;/);
    assert.match(plan.steps[0].upgrade[0], /RAISE EXCEPTION 'tasks\.priority: % value\(s\) do not convert to integer: %'/);
    assert.deepEqual(plan.steps[2].upgrade, [
      "op.alter_column('tasks', 'priority_id', type_=sa.Integer(), existing_type=sqlmodel.sql.sqltypes.AutoString(length=20), existing_nullable=True, postgresql_using='priority_id::integer')",
    ]);
    // Every integer fits in varchar(20): the way back needs no check.
    assert.equal(plan.steps[2].downgrade.length, 1);
    assert.equal(
      plan.steps[2].downgrade[0],
      "op.alter_column('tasks', 'priority_id', type_=sqlmodel.sql.sqltypes.AutoString(length=20), existing_type=sa.Integer(), existing_nullable=True)",
    );
  });

  it("4. with values found in the database, scaffolds a CASE mapping that lists them", () => {
    const change: SchemaChange = { kind: "alter-type", table: "tasks", column: "priority", from: col("priority", t.varchar(20)), to: col("priority", t.int()) };
    const plan = planMigration([change], { ...ctx, database: { nonCastable: { "tasks.priority": ["high", "low"] } } });
    assert.equal(plan.steps[0].phase, "data-mapping");
    const sql = plan.steps[0].upgrade.at(-1) ?? "";
    assert.equal(
      sql,
      'op.execute("""\nUPDATE tasks SET priority = CASE priority\n    WHEN \'high\' THEN \'high\'\n    WHEN \'low\' THEN \'low\'\n    ELSE priority\nEND\nWHERE priority IN (\'high\', \'low\')\n""")',
    );
    assert.equal(plan.steps[1].phase, "guard");
    assert.match(plan.warnings[0], /2 value\(s\) do not convert to integer \(high, low\)/);
  });

  it("4. a conversion back into a short string is checked for values that do not fit", () => {
    const change: SchemaChange = { kind: "alter-type", table: "tasks", column: "code", from: col("code", t.varchar(5)), to: col("code", t.int()) };
    const plan = planMigration([change], ctx);
    assert.match(plan.steps[1].downgrade[0], /FOR r IN SELECT DISTINCT code AS v FROM tasks WHERE length\(code::text\) > 5 ORDER BY 1 LOOP/);
  });

  it("5. nullable -> NOT NULL backfills with the model default first", () => {
    const from = col("completed", t.bool());
    const to = col("completed", t.bool(), { nullable: false, clientDefault: "False" });
    const plan = planMigration([{ kind: "alter-nullable", table: "tasks", column: "completed", from, to }], ctx);
    assert.deepEqual(up(plan), [
      "op.execute('UPDATE tasks SET completed = false WHERE completed IS NULL')",
      "op.alter_column('tasks', 'completed', existing_type=sa.Boolean(), nullable=False)",
    ]);
    assert.deepEqual(down(plan), ["op.alter_column('tasks', 'completed', existing_type=sa.Boolean(), nullable=True)"]);
  });

  it("6. NOT NULL -> nullable, and a downgrade that checks for NULLs first", () => {
    const from = col("title", t.varchar(200), { nullable: false });
    const to = col("title", t.varchar(200));
    const plan = planMigration([{ kind: "alter-nullable", table: "tasks", column: "title", from, to }], ctx);
    assert.deepEqual(up(plan), ["op.alter_column('tasks', 'title', existing_type=sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)"]);
    assert.match(down(plan)[0], /IF EXISTS \(SELECT 1 FROM tasks WHERE title IS NULL\)/);
    assert.equal(down(plan)[1], "op.alter_column('tasks', 'title', existing_type=sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False)");
  });

  it("11. drops a column with a warning and a downgrade that re-creates it", () => {
    const plan = planMigration([{ kind: "drop-column", table: "tasks", column: col("priority", t.varchar(20)) }], ctx);
    assert.deepEqual(up(plan), [
      "# WARNING: drops tasks.priority and its data. Downgrade re-creates the column but cannot restore the data.",
      "op.drop_column('tasks', 'priority')",
    ]);
    assert.deepEqual(down(plan), [
      "# Re-creates the structure only: the dropped data is not restored.",
      "op.add_column('tasks', sa.Column('priority', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))",
    ]);
    assert.match(plan.warnings[0], /tasks\.priority is dropped: its data is lost/);
  });
});
