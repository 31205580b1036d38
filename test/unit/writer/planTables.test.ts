import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SchemaChange } from "../../../server/src/diff/types";
import { planMigration } from "../../../server/src/writer/plan";
import type { MigrationPlan, WriterContext } from "../../../server/src/writer/types";
import { col, schema, t, table, tasksAtHead } from "./schemaBuilders";

const ctx: WriterContext = { headSchema: schema([tasksAtHead()]) };
const up = (plan: MigrationPlan) => plan.steps.flatMap((s) => s.upgrade);
const down = (plan: MigrationPlan) => [...plan.steps].reverse().flatMap((s) => s.downgrade);

const priorities = table(
  "priorities",
  [col("id", t.int(), { nullable: false, primaryKey: true }), col("name", t.varchar(20), { nullable: false })],
  { primaryKey: { columns: ["id"] }, indexes: [{ name: "ix_priorities_name", columns: ["name"], unique: true }] },
);
const labels = table(
  "labels",
  [col("id", t.int(), { nullable: false, primaryKey: true }), col("priority_id", t.int())],
  { primaryKey: { columns: ["id"] }, foreignKeys: [{ columns: ["priority_id"], refTable: "priorities", refColumns: ["id"], onDelete: "SET NULL" }] },
);

describe("planMigration: tables and constraints", () => {
  it("7. creates referenced tables first, with named constraints and ondelete from the model", () => {
    const plan = planMigration([{ kind: "add-table", table: labels }, { kind: "add-table", table: priorities }], ctx);
    assert.deepEqual(up(plan), [
      [
        "op.create_table(",
        "    'priorities',",
        "    sa.Column('id', sa.Integer(), nullable=False),",
        "    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),",
        "    sa.PrimaryKeyConstraint('id'),",
        ")",
      ].join("\n"),
      [
        "op.create_table(",
        "    'labels',",
        "    sa.Column('id', sa.Integer(), nullable=False),",
        "    sa.Column('priority_id', sa.Integer(), nullable=True),",
        "    sa.PrimaryKeyConstraint('id'),",
        "    sa.ForeignKeyConstraint(['priority_id'], ['priorities.id'], name='fk_labels_priority_id', ondelete='SET NULL'),",
        ")",
      ].join("\n"),
      "op.create_index('ix_priorities_name', 'priorities', ['name'], unique=True)",
    ]);
    assert.deepEqual(down(plan), ["op.drop_index('ix_priorities_name', table_name='priorities')", "op.drop_table('labels')", "op.drop_table('priorities')"]);
  });

  it("7. a foreign key cycle between new tables is added after both exist", () => {
    const a = table("a", [col("id", t.int(), { nullable: false, primaryKey: true }), col("b_id", t.int())], {
      foreignKeys: [{ columns: ["b_id"], refTable: "b", refColumns: ["id"] }],
    });
    const b = table("b", [col("id", t.int(), { nullable: false, primaryKey: true }), col("a_id", t.int())], {
      foreignKeys: [{ columns: ["a_id"], refTable: "a", refColumns: ["id"] }],
    });
    const plan = planMigration([{ kind: "add-table", table: a }, { kind: "add-table", table: b }], ctx);
    assert.deepEqual(plan.steps.map((s) => s.summary), ["create table b", "create table a", "foreign key fk_b_a_id"]);
  });

  it("8. new foreign key, composite index and unique constraint on an existing table", () => {
    const changes: SchemaChange[] = [
      { kind: "add-index", table: "tasks", index: { name: "ix_tasks_completed_title", columns: ["completed", "title"], unique: false } },
      { kind: "add-unique", table: "tasks", unique: { columns: ["title"] } },
      { kind: "add-foreign-key", table: "tasks", foreignKey: { columns: ["owner_id"], refTable: "users", refColumns: ["id"], onDelete: "CASCADE" } },
    ];
    const plan = planMigration(changes, ctx);
    assert.deepEqual(up(plan), [
      "op.create_unique_constraint('uq_tasks_title', 'tasks', ['title'])",
      "op.create_foreign_key('fk_tasks_owner_id', 'tasks', 'users', ['owner_id'], ['id'], ondelete='CASCADE')",
      "op.create_index('ix_tasks_completed_title', 'tasks', ['completed', 'title'], unique=False)",
    ]);
    assert.deepEqual(down(plan), [
      "op.drop_index('ix_tasks_completed_title', table_name='tasks')",
      "op.drop_constraint('fk_tasks_owner_id', 'tasks', type_='foreignkey')",
      "op.drop_constraint('uq_tasks_title', 'tasks', type_='unique')",
    ]);
  });

  it("10. drops use the database's name, else the history's, else PostgreSQL's default; never None", () => {
    const fk = { columns: ["user_id"], refTable: "users", refColumns: ["id"] };
    const change: SchemaChange = { kind: "drop-foreign-key", table: "tasks", foreignKey: fk };
    assert.deepEqual(up(planMigration([change], ctx)), ["op.drop_constraint('tasks_user_id_fkey', 'tasks', type_='foreignkey')"]);
    const named: SchemaChange = { kind: "drop-foreign-key", table: "tasks", foreignKey: { ...fk, name: "fk_from_history" } };
    assert.deepEqual(up(planMigration([named], ctx)), ["op.drop_constraint('fk_from_history', 'tasks', type_='foreignkey')"]);
    const live = schema([table("tasks", [], { foreignKeys: [{ ...fk, name: "tasks_owner_live_fkey" }] })], "database");
    assert.deepEqual(up(planMigration([named], { ...ctx, database: { schema: live } })), ["op.drop_constraint('tasks_owner_live_fkey', 'tasks', type_='foreignkey')"]);
    const unique: SchemaChange = { kind: "drop-unique", table: "users", unique: { columns: ["email"] } };
    assert.deepEqual(up(planMigration([unique], ctx)), ["op.drop_constraint('users_email_key', 'users', type_='unique')"]);
    assert.deepEqual(down(planMigration([change], ctx)), ["op.create_foreign_key('tasks_user_id_fkey', 'tasks', 'users', ['user_id'], ['id'])"]);
  });

  it("11. drops a table last with a warning; downgrade re-creates its structure", () => {
    const plan = planMigration([{ kind: "drop-table", table: priorities }, { kind: "add-column", table: "tasks", column: col("x", t.int()) }], ctx);
    assert.deepEqual(plan.steps.map((s) => s.phase), ["add-column", "drop-table"]);
    assert.equal(plan.steps[1].upgrade[0], "# WARNING: drops table priorities and all its rows. Downgrade re-creates it empty.");
    assert.match(plan.steps[1].downgrade[1], /^op\.create_table\(\n    'priorities',/);
    assert.equal(plan.steps[1].downgrade[2], "op.create_index('ix_priorities_name', 'priorities', ['name'], unique=True)");
  });

  it("12. the seed case: lookup table, rename + convert, foreign key, new column, in a safe order", () => {
    const changes: SchemaChange[] = [
      { kind: "add-table", table: priorities },
      { kind: "add-column", table: "tasks", column: col("due_date", t.timestamp()) },
      { kind: "rename-column", table: "tasks", from: col("priority", t.varchar(20)), to: col("priority_id", t.int()), typeChanged: true },
      { kind: "add-foreign-key", table: "tasks", foreignKey: { columns: ["priority_id"], refTable: "priorities", refColumns: ["id"] } },
      { kind: "drop-index", table: "tasks", index: { name: "ix_tasks_priority", columns: ["priority_id"], unique: false } },
    ];
    const plan = planMigration(changes, ctx);
    assert.deepEqual(plan.steps.map((s) => s.phase), ["guard", "loosen", "create-table", "add-column", "rename", "convert", "foreign-key", "index"]);
    const fk = plan.steps.find((s) => s.phase === "foreign-key");
    assert.deepEqual(fk?.upgrade, [
      "# priorities is created empty by this migration: insert the rows that existing",
      "# tasks.priority_id values refer to before this line, or the foreign key fails.",
      "op.create_foreign_key('fk_tasks_priority_id', 'tasks', 'priorities', ['priority_id'], ['id'])",
    ]);
  });
});

describe("planMigration: enums", () => {
  const status = t.enumOf("status", ["todo", "done"]);

  it("9. a new enum type is created before the column that uses it, dropped after it", () => {
    const plan = planMigration([{ kind: "add-column", table: "tasks", column: col("status", status) }], ctx);
    assert.deepEqual(up(plan), [
      "op.execute(\"CREATE TYPE status AS ENUM ('todo', 'done')\")",
      "op.add_column('tasks', sa.Column('status', postgresql.ENUM('todo', 'done', name='status', create_type=False), nullable=True))",
    ]);
    assert.deepEqual(down(plan), ["op.drop_column('tasks', 'status')", "op.execute('DROP TYPE status')"]);
  });

  it("9. added labels use ADD VALUE in an autocommit block; downgrade re-creates the type", () => {
    const head = schema([table("tasks", [col("status", status)])]);
    const plan = planMigration(
      [{ kind: "alter-enum", from: { name: "status", values: ["todo", "done"] }, to: { name: "status", values: ["todo", "doing", "done"] } }],
      { headSchema: head },
    );
    assert.deepEqual(plan.steps[0].upgrade.slice(1), [
      "with op.get_context().autocommit_block():",
      "    op.execute(\"ALTER TYPE status ADD VALUE IF NOT EXISTS 'doing' AFTER 'todo'\")",
    ]);
    const undo = plan.steps[0].downgrade;
    assert.match(undo[1], /status::text NOT IN \('todo', 'done'\)/);
    assert.deepEqual(undo.slice(2), [
      "op.execute('ALTER TYPE status RENAME TO status_old')",
      "op.execute(\"CREATE TYPE status AS ENUM ('todo', 'done')\")",
      "op.execute('ALTER TABLE tasks ALTER COLUMN status TYPE status USING status::text::status')",
      "op.execute('DROP TYPE status_old')",
    ]);
  });
});
