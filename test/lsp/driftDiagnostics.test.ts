// The built server over stdio on a copy of the example backend: drift diagnostics on model lines,
// live edits (add a field, undo it, rename one), hover.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { HoverRequest, type Diagnostic, type MarkupContent } from "vscode-languageserver-protocol/node";
import { copyExample } from "../helpers/alembic";
import { buildOnce, lineOf, LspTestClient, UNREACHABLE_DATABASE_URL, uri } from "../helpers/lspClient";

let root: string;
let client: LspTestClient;
let taskFile: string;
let taskText: string;

before(async () => {
  await buildOnce();
  root = await copyExample("backend");
  taskFile = join(root, "app", "models", "task.py");
  taskText = readFileSync(taskFile, "utf8");
  client = await LspTestClient.start({ root, settings: { databaseUrl: UNREACHABLE_DATABASE_URL } });
  await client.open(taskFile);
});

after(async () => {
  await client?.stop();
});

const onLine = (line: number) => (d: Diagnostic) => d.range.start.line === line;

test("opening the model file shows the uncovered changes on their field lines, with code, docs link and source", async () => {
  const dueLine = lineOf(taskText, "due_date:");
  const priorityLine = lineOf(taskText, "priority_id:");
  const diagnostics = await client.diagnosticsFor(taskFile, "due_date and priority_id drift", (d) => d.some(onLine(dueLine)) && d.some(onLine(priorityLine)));
  const due = diagnostics.find(onLine(dueLine))!;
  assert.equal(due.code, "migration-missing-column");
  assert.equal(due.source, "db-migration-wizard");
  assert.equal(due.severity, 1);
  assert.match(String(due.message), /tasks\.due_date/);
  assert.match(due.codeDescription!.href, /docs\/codes\/migration-missing-column\.md$/);
  assert.equal(due.range.start.character, taskText.split("\n")[dueLine].indexOf("due_date"));
  const priority = diagnostics.filter(onLine(priorityLine)).map((d) => d.code);
  assert.ok(priority.includes("migration-rename-candidate"), `priority_id codes: ${priority.join(", ")}`);

  const priorityModel = join(root, "app", "models", "priority.py");
  const priorityText = readFileSync(priorityModel, "utf8");
  const table = await client.diagnosticsFor(priorityModel, "missing priorities table", (d) => d.some((x) => x.code === "migration-missing-table"));
  assert.equal(table.find((x) => x.code === "migration-missing-table")!.range.start.line, lineOf(priorityText, "class Priority"));
});

test("adding a field in the buffer adds a diagnostic on its line; undoing removes it", async () => {
  const anchor = "    created_at: datetime";
  const added = taskText.replace(anchor, `    estimate_hours: Optional[int] = None\n${anchor}`);
  const estimateLine = lineOf(added, "estimate_hours");
  await client.change(taskFile, added);
  const withField = await client.diagnosticsFor(taskFile, "estimate_hours drift", (d) => d.some((x) => /estimate_hours/.test(String(x.message))));
  const estimate = withField.find((x) => /estimate_hours/.test(String(x.message)))!;
  assert.equal(estimate.code, "migration-missing-column");
  assert.equal(estimate.range.start.line, estimateLine);
  // The lines below the insertion moved down by one, and their diagnostics with them.
  assert.ok(withField.some((d) => d.range.start.line === lineOf(added, "due_date:")));

  await client.change(taskFile, taskText);
  const undone = await client.diagnosticsFor(taskFile, "estimate_hours gone", (d) => !d.some((x) => /estimate_hours/.test(String(x.message))));
  assert.ok(undone.some((d) => d.range.start.line === lineOf(taskText, "due_date:")));
});

test("renaming a field in place (same line, same type) is a rename, even where the diff alone would pair other columns", async () => {
  const userFile = join(root, "app", "models", "user.py");
  const userText = readFileSync(userFile, "utf8");
  await client.open(userFile);
  // `name` -> `display` on its line, plus a new `full_name` of the same type elsewhere: by types and
  // names alone `full_name` looks like the old `name`; the edit says the user renamed it to `display`.
  const edited = userText
    .replace("    name: str = Field(max_length=100)", "    display: str = Field(max_length=100)")
    .replace("    tasks: List", '    full_name: str = Field(max_length=100, default="")\n\n    tasks: List');
  await client.change(userFile, edited);
  const diagnostics = await client.diagnosticsFor(userFile, "rename of users.name", (d) => d.some((x) => x.code === "migration-rename-candidate"));
  const rename = diagnostics.find((x) => x.code === "migration-rename-candidate")!;
  assert.equal(rename.range.start.line, lineOf(edited, "display:"));
  const payload = (rename.data as { payload: { kind: string; from: { name: string }; to: { name: string } } }).payload;
  assert.deepEqual([payload.kind, payload.from.name, payload.to.name], ["rename-column", "name", "display"]);
  const fullName = diagnostics.find((x) => /full_name/.test(String(x.message)));
  assert.equal(fullName?.code, "migration-missing-column");
  assert.equal(fullName?.range.start.line, lineOf(edited, "full_name:"));
  await client.change(userFile, userText);
  await client.diagnosticsFor(userFile, "rename gone", (d) => !d.some((x) => x.code === "migration-rename-candidate"));
});

test("hover on a model field says what the model, the migration head and the database say", async () => {
  const dueLine = lineOf(taskText, "due_date:");
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri(taskFile) }, position: { line: dueLine, character: 6 } });
  const value = (hover!.contents as MarkupContent).value;
  assert.match(String(value), /tasks\.due_date/);
  assert.match(String(value), /\*\*Model\*\*: `timestamptz?`, NULL/);
  assert.match(String(value), /Migration head \(c4d7e2b9f815\)\*\*: no migration creates this column/);
  assert.match(String(value), /\*\*Database\*\*: not available/);
  const titleLine = lineOf(taskText, "title:");
  const title = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri(taskFile) }, position: { line: titleLine, character: 6 } });
  assert.match(String((title!.contents as MarkupContent).value), /Migration head \(c4d7e2b9f815\)\*\*: `varchar\(200\)`, NOT NULL/);
});
