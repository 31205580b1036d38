import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planMigration } from "../../../server/src/writer/plan";
import { backfillValue } from "../../../server/src/writer/defaults";
import { pySql, quoteIdent, sqlLiteral } from "../../../server/src/writer/sql";
import type { MigrationPlan, WriterContext } from "../../../server/src/writer/types";
import { col, schema, t, table, tasksAtHead } from "./schemaBuilders";

const ctx: WriterContext = { headSchema: schema([tasksAtHead()]) };
const up = (plan: MigrationPlan) => plan.steps.flatMap((s) => s.upgrade);
const down = (plan: MigrationPlan) => [...plan.steps].reverse().flatMap((s) => s.downgrade);

describe("planMigration: server defaults, keys, foreign key actions, enum re-creation", () => {
  it("changes a server default and restores the old one", () => {
    const from = col("completed", t.bool(), { nullable: false, serverDefault: "false" });
    const to = col("completed", t.bool(), { nullable: false, serverDefault: "true" });
    const plan = planMigration([{ kind: "alter-server-default", table: "tasks", column: "completed", from, to }], ctx);
    assert.deepEqual(up(plan), ["op.alter_column('tasks', 'completed', existing_type=sa.Boolean(), server_default=sa.text('true'))"]);
    assert.deepEqual(down(plan), ["op.alter_column('tasks', 'completed', existing_type=sa.Boolean(), server_default=sa.text('false'))"]);
  });

  it("replaces a primary key, dropping the old one by its real name", () => {
    const plan = planMigration([{ kind: "alter-primary-key", table: "tasks", from: { columns: ["id"] }, to: { columns: ["id", "title"] } }], ctx);
    assert.deepEqual(up(plan), ["op.drop_constraint('tasks_pkey', 'tasks', type_='primary')", "op.create_primary_key('tasks_pkey', 'tasks', ['id', 'title'])"]);
    assert.deepEqual(down(plan), ["op.drop_constraint('tasks_pkey', 'tasks', type_='primary')", "op.create_primary_key('tasks_pkey', 'tasks', ['id'])"]);
  });

  it("a changed ON DELETE re-creates the foreign key", () => {
    const from = { name: "tasks_user_id_fkey", columns: ["user_id"], refTable: "users", refColumns: ["id"] };
    const plan = planMigration([{ kind: "alter-foreign-key", table: "tasks", from, to: { ...from, onDelete: "CASCADE" } }], ctx);
    assert.deepEqual(up(plan), [
      "op.drop_constraint('tasks_user_id_fkey', 'tasks', type_='foreignkey')",
      "op.create_foreign_key('fk_tasks_user_id', 'tasks', 'users', ['user_id'], ['id'], ondelete='CASCADE')",
    ]);
  });

  it("removing an enum label re-creates the type after checking no row holds it", () => {
    const head = schema([table("tasks", [col("status", t.enumOf("status", ["todo", "old", "done"]))])]);
    const plan = planMigration([{ kind: "alter-enum", from: { name: "status", values: ["todo", "old", "done"] }, to: { name: "status", values: ["todo", "done"] } }], { headSchema: head });
    assert.match(plan.warnings[0], /enum status: labels removed or reordered/);
    const steps = up(plan);
    assert.match(steps[0], /RAISE EXCEPTION 'tasks\.status holds label\(s\) that enum status no longer has: %', bad;/);
    assert.deepEqual(steps.slice(1), [
      "op.execute('ALTER TYPE status RENAME TO status_old')",
      "op.execute(\"CREATE TYPE status AS ENUM ('todo', 'done')\")",
      "op.execute('ALTER TABLE tasks ALTER COLUMN status TYPE status USING status::text::status')",
      "op.execute('DROP TYPE status_old')",
    ]);
    assert.match(down(plan)[0], /NOT IN \('todo', 'old', 'done'\)/);
  });
});

describe("conversions that always succeed", () => {
  it("json -> jsonb converts with USING and no check", () => {
    const change = { kind: "alter-type" as const, table: "tasks", column: "meta", from: col("meta", { kind: "json", raw: "JSON" }), to: col("meta", { kind: "jsonb", raw: "JSONB" }) };
    const plan = planMigration([change], ctx);
    assert.deepEqual(plan.steps.map((s) => s.phase), ["convert"]);
    assert.deepEqual(up(plan), ["op.alter_column('tasks', 'meta', type_=postgresql.JSONB(astext_type=sa.Text()), existing_type=sa.JSON(), existing_nullable=True)"]);
  });
});

describe("types the writer cannot spell", () => {
  it("are copied from the model with a note to check the imports", () => {
    const column = col("shape", { kind: "unknown", raw: "Geometry('POINT')" });
    const plan = planMigration([{ kind: "add-column", table: "tasks", column }], ctx);
    assert.deepEqual(up(plan), ["op.add_column('tasks', sa.Column('shape', Geometry('POINT'), nullable=True))"]);
    assert.match(plan.notes[0], /tasks\.shape has a type the writer cannot spell \(Geometry\('POINT'\)\)/);
  });
});

describe("backfill values", () => {
  const c = (type: ReturnType<typeof t.int>, clientDefault?: string, serverDefault?: string) =>
    col("x", type, { nullable: false, ...(clientDefault ? { clientDefault } : {}), ...(serverDefault ? { serverDefault } : {}) });
  it("translates only defaults whose SQL meaning is exact", () => {
    assert.equal(backfillValue(c(t.int(), "0")), "0");
    assert.equal(backfillValue(c(t.bool(), "True")), "true");
    assert.equal(backfillValue(c(t.varchar(), "'it\\'s'")), "'it''s'");
    assert.equal(backfillValue(c(t.varchar(), '"a:b"')), "'a\\:b'");
    assert.equal(backfillValue(c(t.enumOf("status", ["todo", "done"]), "Status.todo")), "'todo'");
    assert.equal(backfillValue(c({ kind: "datetime", timezone: true, raw: "datetime" }, "lambda: datetime.now(timezone.utc)")), "now()");
    assert.equal(backfillValue(c(t.timestamp(), "datetime.utcnow")), "timezone('utc', now())");
    assert.equal(backfillValue(c(t.uuid(), "uuid.uuid4")), "gen_random_uuid()");
    assert.equal(backfillValue(c(t.int(), undefined, "42")), "42");
    assert.equal(backfillValue(c(t.int(), "None")), undefined);
    assert.equal(backfillValue(c(t.int(), "compute_default()")), undefined);
    assert.equal(backfillValue(c(t.int(), "'text'")), "'text'");
  });
});

describe("SQL spelling", () => {
  it("quotes identifiers only when PostgreSQL needs it; keeps colons away from bind parameters", () => {
    assert.equal(quoteIdent("tasks"), "tasks");
    assert.equal(quoteIdent("user"), '"user"');
    assert.equal(quoteIdent("Order"), '"Order"');
    assert.equal(sqlLiteral("10:30"), "'10\\:30'");
    assert.equal(pySql("SELECT 'a'"), `"SELECT 'a'"`);
    assert.equal(pySql('UPDATE "user" SET a = 1'), `'UPDATE "user" SET a = 1'`);
  });
});
