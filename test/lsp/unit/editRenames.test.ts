import { strict as assert } from "node:assert";
import { test } from "node:test";
import { applyEditRenames, detectEditRenames, pruneRenameHints, type FieldLine } from "../../../server/src/lsp/editRenames";
import { fieldLinesByFile } from "../../../server/src/lsp/projectSession";
import { col, pk, schema, src, t, table } from "../../helpers/diffSchemaBuilders";

const f = (name: string, line: number, typeText = "varchar(100)|false", table = "users"): FieldLine => ({ table, name, line, typeText });

test("a name change on the same line with the same type is a rename", () => {
  assert.deepEqual(detectEditRenames([f("id", 3, "uuid"), f("name", 4)], [f("id", 3, "uuid"), f("full_name", 4)]), [
    { table: "users", from: "name", to: "full_name" },
  ]);
});

test("a different type, a different line, or another table is not a rename", () => {
  assert.deepEqual(detectEditRenames([f("name", 4)], [f("full_name", 4, "text|false")]), []);
  assert.deepEqual(detectEditRenames([f("name", 4)], [f("full_name", 5)]), []);
  assert.deepEqual(detectEditRenames([f("name", 4)], [f("name", 4, "varchar(100)|false", "tasks"), f("full_name", 4, "varchar(100)|false", "tasks")]), []);
});

test("typing a new name letter by letter keeps the original; typing it back removes the hint", () => {
  let hints = applyEditRenames({}, [{ table: "users", from: "name", to: "n" }]);
  hints = applyEditRenames(hints, [{ table: "users", from: "n", to: "nick" }]);
  assert.deepEqual(hints, { users: { name: "nick" } });
  hints = applyEditRenames(hints, [{ table: "users", from: "nick", to: "name" }]);
  assert.deepEqual(hints, {});
});

test("hints are dropped once a migration covers them or the model moved on", () => {
  const hints = { users: { name: "full_name" }, tasks: { title: "headline" } };
  const head = new Set(["users.name", "tasks.title"]);
  const models = new Set(["users.full_name"]);
  const pruned = pruneRenameHints(hints, (t, c) => head.has(`${t}.${c}`), (t, c) => models.has(`${t}.${c}`));
  assert.deepEqual(pruned, { users: { name: "full_name" } });
});

test("field lines of open files only: a table is read when one of its fields is in an open file", () => {
  const models = schema("models", [
    // tasks: its own fields in task.py, two inherited from base.py
    table("tasks", [pk("id", t.integer(), { source: src("/m/task.py", 5) }), col("title", t.varchar(80), { source: src("/m/task.py", 6) }), col("created_at", t.datetime(), { source: src("/m/base.py", 3) })]),
    table("notes", [pk("id", t.integer(), { source: src("/m/note.py", 4) }), col("body", t.text(), { source: src("/m/note.py", 5) })]),
  ]);
  const all = fieldLinesByFile(models);
  assert.deepEqual([...all.keys()].sort(), ["/m/base.py", "/m/note.py", "/m/task.py"]);
  for (const open of [["/m/task.py"], ["/m/base.py"], ["/m/note.py", "/m/base.py"], []]) {
    const some = fieldLinesByFile(models, (file) => open.includes(file));
    assert.deepEqual(new Map([...some].sort()), new Map([...all].filter(([file]) => open.includes(file)).sort()), open.join(","));
  }
  // Whether a file is open is asked once per file, not per column.
  const asked: string[] = [];
  fieldLinesByFile(models, (file) => (asked.push(file), file === "/m/task.py"));
  assert.deepEqual(asked.sort(), ["/m/base.py", "/m/note.py", "/m/task.py"]);
});
