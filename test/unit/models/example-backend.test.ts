import { strict as assert } from "node:assert";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { columnLines, fixtureSources, table } from "../../helpers/modelsFixtures";
import { ModelScanCache, readModels } from "../../../server/src/models";

const MODELS = resolve(__dirname, "..", "..", "..", "examples", "backend", "app", "models");
const result = readModels(fixtureSources(MODELS));

test("the example backend's models: users, tasks (TaskBase + Task), priorities", () => {
  assert.deepEqual(Object.keys(result.schema.tables).sort(), ["priorities", "tasks", "users"]);
  assert.deepEqual(result.findings, []);
  assert.deepEqual(columnLines(table(result, "users")), ["id uuid NOT NULL PK", "email string(255) NOT NULL", "name string(100) NOT NULL"]);
  assert.deepEqual(columnLines(table(result, "priorities")), ["id integer NOT NULL PK", "name string(20) NOT NULL", "color string(7) NOT NULL"]);
  // Inherited TaskBase fields first, then Task's own, as SQLModel orders them.
  assert.deepEqual(columnLines(table(result, "tasks")), [
    "title string(200) NOT NULL",
    "description string NULL",
    "completed boolean NOT NULL",
    "priority_id integer NULL",
    "due_date datetime tz NULL",
    "id integer NOT NULL PK",
    "user_id uuid NOT NULL",
    "created_at datetime tz NOT NULL",
  ]);
});

test("keys, indexes and foreign keys carry the names PostgreSQL and SQLAlchemy give them", () => {
  const tasks = table(result, "tasks");
  assert.deepEqual(tasks.primaryKey, { name: "tasks_pkey", columns: ["id"] });
  assert.deepEqual(
    tasks.foreignKeys.map((f) => [f.name, f.columns, f.refTable, f.refColumns]),
    [
      ["tasks_priority_id_fkey", ["priority_id"], "priorities", ["id"]],
      ["tasks_user_id_fkey", ["user_id"], "users", ["id"]],
    ],
  );
  assert.deepEqual(tasks.indexes.map((i) => [i.name, i.columns, i.unique]), [["ix_tasks_user_id", ["user_id"], false]]);
  const users = table(result, "users");
  assert.deepEqual(users.indexes.map((i) => [i.name, i.columns, i.unique]), [["ix_users_email", ["email"], true]]);
  assert.deepEqual(users.uniques, []);
  assert.equal(tasks.columns.find((c) => c.name === "id")?.autoincrement, true);
  assert.equal(users.columns.find((c) => c.name === "id")?.autoincrement, undefined);
});

test("python defaults stay client-side; nothing becomes a server default", () => {
  const tasks = table(result, "tasks");
  const byName = Object.fromEntries(tasks.columns.map((c) => [c.name, c]));
  assert.equal(byName.completed.clientDefault, "False");
  assert.equal(byName.created_at.clientDefault, "lambda: datetime.now(timezone.utc)");
  assert.equal(table(result, "users").columns[0].clientDefault, "uuid.uuid4()");
  assert.ok(tasks.columns.every((c) => c.serverDefault === undefined));
});

test("fields map columns to their declaring lines, in the base class's file", () => {
  const taskFile = join(MODELS, "task.py");
  const priorityId = result.fields.find((f) => f.table === "tasks" && f.column === "priority_id");
  assert.deepEqual(priorityId, {
    table: "tasks",
    column: "priority_id",
    attribute: "priority_id",
    className: "Task",
    declaredIn: "TaskBase",
    file: taskFile,
    range: { start: { line: 18, character: 4 }, end: { line: 18, character: 81 } },
    nameRange: { start: { line: 18, character: 4 }, end: { line: 18, character: 15 } },
  });
  const userId = result.fields.find((f) => f.column === "user_id");
  assert.equal(userId?.declaredIn, "Task");
  assert.equal(userId?.range.start.line, 26);
  const tasks = table(result, "tasks");
  assert.deepEqual(tasks.source, { file: taskFile, range: { start: { line: 22, character: 6 }, end: { line: 22, character: 10 } } });
  assert.deepEqual(tasks.columns.find((c) => c.name === "due_date")?.source?.range.start, { line: 19, character: 4 });
  assert.equal(result.fields.length, 14);
  assert.deepEqual(
    result.classes.map((c) => [c.className, c.table]),
    [
      ["Priority", "priorities"],
      ["Task", "tasks"],
      ["User", "users"],
    ],
  );
});

test("relationships and non-table schemas are not columns or tables", () => {
  assert.equal(result.fields.some((f) => f.column === "owner" || f.column === "tasks"), false);
  assert.equal(result.classes.some((c) => c.className === "TaskCreate" || c.className === "TaskBase"), false);
});

test("a scan cache re-parses only changed files and gives the same schema", () => {
  const cache = new ModelScanCache();
  const sources = fixtureSources(MODELS);
  const first = readModels(sources, { cache });
  assert.equal(cache.size, sources.length);
  const edited = sources.map((s) => (s.path.endsWith("priority.py") ? { ...s, text: s.text.replace("max_length=7", "max_length=9") } : s));
  const second = readModels(edited, { cache });
  assert.deepEqual(first.schema.tables.tasks, second.schema.tables.tasks);
  assert.equal(second.schema.tables.priorities.columns[2].type.length, 9);
  readModels(edited.slice(1), { cache });
  assert.equal(cache.size, sources.length - 1);
});
