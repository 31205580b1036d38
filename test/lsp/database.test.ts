// The server against a real PostgreSQL migrated by the real Alembic: the status bar's numbers,
// database facts in hovers and diagnostics, and a re-read of the database on save.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { HoverRequest, type MarkupContent } from "vscode-languageserver-protocol/node";
import { copyExample, runAlembic } from "../helpers/alembic";
import { buildOnce, lineOf, LspTestClient, uri } from "../helpers/lspClient";
import { createTestDatabase, type TestDatabase } from "../helpers/postgres";

let db: TestDatabase;
let root: string;
let client: LspTestClient;
let taskFile: string;

before(async () => {
  await buildOnce();
  db = await createTestDatabase("dmw_test_lsp");
  root = await copyExample("backend");
  taskFile = join(root, "app", "models", "task.py");
  const upgraded = await runAlembic(root, ["upgrade", "8b61e0f4a2c9"], db.sqlalchemyUrl);
  assert.equal(upgraded.code, 0, upgraded.stderr);
  // The URL comes from the environment, as it does for most users (DATABASE_URL).
  client = await LspTestClient.start({ root, env: { DATABASE_URL: db.sqlalchemyUrl } });
  await client.open(taskFile);
});

after(async () => {
  await client?.stop();
  await db?.drop();
});

test("the status says which revision the database is at, the head, and how many are pending", async () => {
  const status = await client.statusWhere("database read", (s) => !s.offline);
  assert.deepEqual(status.dbRevisions, ["8b61e0f4a2c9"]);
  assert.deepEqual(status.heads, ["c4d7e2b9f815"]);
  assert.equal(status.pending, 1);
  assert.equal(status.modelChanges > 0, true);
  assert.equal(client.messages.length, 0, JSON.stringify(client.messages));
  assert.ok(client.registrations.includes("workspace/didChangeWatchedFiles"));
});

const pendingFile = () => join(root, "alembic", "versions", "c4d7e2b9f815_add_priority_to_tasks.py");

test("database findings appear: behind head on the first pending migration, model columns missing in the database", async () => {
  const behind = await client.diagnosticsFor(pendingFile(), "behind head", (d) => d.some((x) => x.code === "db-behind-head"));
  const finding = behind.find((x) => x.code === "db-behind-head")!;
  assert.match(String(finding.message), /c4d7e2b9f815/);
  assert.equal(finding.range.start.line, lineOf(readFileSync(pendingFile(), "utf8"), "revision: str"));
  const text = readFileSync(taskFile, "utf8");
  const model = await client.diagnosticsFor(taskFile, "due_date missing in the database", (d) => d.some((x) => x.code === "db-missing-column"));
  assert.ok(model.some((x) => x.code === "db-missing-column" && x.range.start.line === lineOf(text, "due_date:")));
  // The same line also has the offline finding: no migration creates the column.
  assert.ok(model.some((x) => x.code === "migration-missing-column" && x.range.start.line === lineOf(text, "due_date:")));
});

test("hover shows the column as the database has it", async () => {
  const text = readFileSync(taskFile, "utf8");
  const hover = await client.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri: uri(taskFile) },
    position: { line: lineOf(text, "title:"), character: 6 },
  });
  const value = String((hover!.contents as MarkupContent).value);
  assert.match(value, /\*\*Database \(at 8b61e0f4a2c9\)\*\*: `varchar\(200\)`, NOT NULL/);
  const due = await client.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri: uri(taskFile) },
    position: { line: lineOf(text, "due_date:"), character: 6 },
  });
  assert.match(String((due!.contents as MarkupContent).value), /\*\*Database \(at 8b61e0f4a2c9\)\*\*: the column does not exist/);
});

test("saving a model file re-reads the database: after an upgrade outside the editor nothing is pending", async () => {
  const upgraded = await runAlembic(root, ["upgrade", "head"], db.sqlalchemyUrl);
  assert.equal(upgraded.code, 0, upgraded.stderr);
  await client.save(taskFile);
  const status = await client.statusWhere("at head", (s) => s.pending === 0);
  assert.deepEqual(status.dbRevisions, ["c4d7e2b9f815"]);
  await client.diagnosticsFor(pendingFile(), "no longer behind", (d) => !d.some((x) => x.code === "db-behind-head"));
});
