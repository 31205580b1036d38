import { strict as assert } from "node:assert";
import { join } from "node:path";
import { test } from "node:test";
import type { Diagnostic } from "vscode-languageserver";
import type { SchemaChange } from "../../../server/src/diff/types";
import { codeActionsFor, migrationMessage, type CodeActionContext } from "../../../server/src/lsp/codeActions";
import { toDiagnostic } from "../../../server/src/lsp/diagnostics";
import type { Column } from "../../../server/src/schema/types";

const column = (name: string, kind: "string" | "integer" | "datetime", nullable = true): Column => ({
  name,
  type: { kind, raw: kind },
  nullable,
  primaryKey: false,
});
const addDue: SchemaChange = { kind: "add-column", table: "tasks", column: column("due_date", "datetime") };
const rename: SchemaChange = { kind: "rename-column", table: "tasks", from: column("priority", "string"), to: column("priority_id", "integer"), typeChanged: true };
const range = { start: { line: 3, character: 4 }, end: { line: 3, character: 12 } };

function drift(code: string, change: SchemaChange): Diagnostic {
  return toDiagnostic({ code, severity: "error", message: "m", file: "/p/task.py", range, data: change }, "finding");
}

const versionsDir = join("/p", "alembic", "versions");
const written: { changes: readonly SchemaChange[]; message: string }[] = [];
const ctx = (allChanges: SchemaChange[]): CodeActionContext => ({
  versionsDir,
  allChanges,
  canCreateFiles: true,
  write: (changes, message) => {
    written.push({ changes, message });
    return { fileName: `abc123_${written.length}.py`, text: `# ${changes.map((c) => c.kind).join(",")}\n`, revision: "abc123" };
  },
});

test("a drift diagnostic gets 'this change' and 'all model changes' as CreateFile + insert edits", () => {
  written.length = 0;
  const actions = codeActionsFor([drift("migration-missing-column", addDue)], ctx([addDue, rename]));
  assert.deepEqual(actions.map((a) => a.title), ["Generate migration for this change", "Generate migration for all model changes (2)"]);
  const [create, insert] = actions[0].edit!.documentChanges! as [
    { kind: string; uri: string; options: object },
    { textDocument: { uri: string }; edits: { newText: string }[] },
  ];
  assert.equal(create.kind, "create");
  assert.deepEqual(create.options, { overwrite: false, ignoreIfExists: false });
  assert.ok(create.uri.endsWith("/p/alembic/versions/abc123_1.py"));
  assert.equal(insert.textDocument.uri, create.uri);
  assert.equal(insert.edits[0].newText, "# add-column\n");
  assert.deepEqual(written.map((w) => w.message), ["add due_date to tasks", "update tasks"]);
  assert.equal(written[1].changes.length, 2);
});

test("a rename candidate offers the rename (preferred) and drop + add, whose title says it loses data", () => {
  written.length = 0;
  const actions = codeActionsFor([drift("migration-rename-candidate", rename)], ctx([rename]));
  assert.equal(actions.length, 2);
  assert.equal(actions[0].isPreferred, true);
  assert.match(actions[0].title, /rename tasks\.priority to priority_id \(keeps the data\)/);
  assert.match(actions[1].title, /drop tasks\.priority and add priority_id \(loses the column's data\)/);
  assert.equal(actions[1].isPreferred, undefined);
  assert.deepEqual(written[1].changes.map((c) => c.kind), ["drop-column", "add-column"]);
});

test("the rename's quick fix renames the renamed column's index with it; the data-losing one does not", () => {
  written.length = 0;
  const index = (name: string, columns: string[]) => ({ name, columns, unique: false });
  const indexRename: SchemaChange = { kind: "rename-index", table: "tasks", from: index("ix_tasks_priority", ["priority"]), to: index("ix_tasks_priority_id", ["priority_id"]) };
  const otherIndex: SchemaChange = { kind: "rename-index", table: "tasks", from: index("idx_title", ["title"]), to: index("ix_tasks_title", ["title"]) };
  const actions = codeActionsFor([drift("migration-rename-candidate", rename)], ctx([rename, indexRename, otherIndex]));
  assert.match(actions[0].title, /keeps the data/);
  assert.deepEqual(written[0].changes, [rename, indexRename]);
  assert.deepEqual(written[1].changes.map((c) => c.kind), ["drop-column", "add-column"]);
  const own = codeActionsFor([drift("migration-index-name-mismatch", otherIndex)], ctx([otherIndex]));
  assert.deepEqual(own.map((a) => a.title), ["Generate migration for this change"]);
  assert.deepEqual(written[written.length - 1].changes, [otherIndex]);
});

test("no quick fix for database drift, other sources, clients that cannot create files, or a missing versions folder", () => {
  assert.deepEqual(codeActionsFor([drift("db-missing-column", addDue)], ctx([addDue])), []);
  const foreign = { ...drift("migration-missing-column", addDue), source: "pylance" };
  assert.deepEqual(codeActionsFor([foreign], ctx([addDue])), []);
  assert.deepEqual(codeActionsFor([drift("migration-missing-column", addDue)], { ...ctx([addDue]), canCreateFiles: false }), []);
  assert.deepEqual(codeActionsFor([drift("migration-missing-column", addDue)], { ...ctx([addDue]), versionsDir: undefined }), []);
});

test("a writer error drops the action instead of offering a broken one", () => {
  const failing: CodeActionContext = { ...ctx([addDue]), write: () => ({ error: "several heads" }) };
  assert.deepEqual(codeActionsFor([drift("migration-missing-column", addDue)], failing), []);
});

test("migration messages follow Alembic's usual phrasing", () => {
  assert.equal(migrationMessage([addDue]), "add due_date to tasks");
  assert.equal(migrationMessage([rename]), "rename tasks priority to priority_id");
  assert.equal(migrationMessage([addDue, rename]), "update tasks");
});
