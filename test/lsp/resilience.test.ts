// Bad input over the real protocol: the server keeps answering and publishes what it can.
import { strict as assert } from "node:assert";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import {
  CodeActionRequest,
  DidChangeWatchedFilesNotification,
  ExecuteCommandRequest,
  FileChangeType,
  HoverRequest,
} from "vscode-languageserver-protocol/node";
import { ServerCommands, type StatusParams } from "../../server/src/lsp/protocol";
import { copyExample } from "../helpers/alembic";
import { buildOnce, lineOf, LspTestClient, UNREACHABLE_DATABASE_URL, uri } from "../helpers/lspClient";

const clients: LspTestClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
});

async function start(settings: Record<string, unknown> = { databaseUrl: UNREACHABLE_DATABASE_URL }) {
  await buildOnce();
  const root = await copyExample("backend");
  const client = await LspTestClient.start({ root, settings });
  clients.push(client);
  return { root, client, taskFile: join(root, "app", "models", "task.py") };
}

test("broken Python in the buffer: a syntax finding, the drift of the last parsable text kept, requests answered", async () => {
  const { client, taskFile } = await start();
  const text = readFileSync(taskFile, "utf8");
  await client.open(taskFile);
  const dueLine = lineOf(text, "due_date:");
  await client.diagnosticsFor(taskFile, "initial drift", (d) => d.some((x) => x.range.start.line === dueLine));
  // Half-typed: an unclosed call in the middle of the class body.
  const broken = text.replace("    completed: bool = False", "    completed: bool = Field(default=False,\n    weight: int = ");
  await client.change(taskFile, broken);
  const diagnostics = await client.diagnosticsFor(taskFile, "a syntax problem", (d) => d.some((x) => x.code === "model-syntax-error"));
  assert.ok(diagnostics.every((d) => d.source === "db-migration-wizard"));
  // The drift of the last text that parsed stays visible while the user is typing.
  assert.ok(diagnostics.some((d) => d.code === "migration-missing-column" && d.range.start.line === dueLine));
  assert.ok(diagnostics.some((d) => d.code === "migration-rename-candidate"));
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri(taskFile) }, position: { line: 2, character: 0 } });
  assert.equal(hover, null);
  const actions = await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: uri(taskFile) },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [] },
  });
  assert.deepEqual(actions, []);
  await client.change(taskFile, text);
  await client.diagnosticsFor(taskFile, "recovered", (d) => d.some((x) => x.range.start.line === dueLine) && !d.some((x) => /syntax/i.test(String(x.message))));
});

test("a deleted versions folder: every model table is reported missing from the history, and the server still answers", async () => {
  const { root, client, taskFile } = await start();
  await client.open(taskFile);
  const text = readFileSync(taskFile, "utf8");
  await client.diagnosticsFor(taskFile, "initial drift", (d) => d.some((x) => x.code === "migration-rename-candidate"));
  const versions = join(root, "alembic", "versions");
  const files = ["3f2a9c1d7b40_create_users_table.py", "8b61e0f4a2c9_create_tasks_table.py", "c4d7e2b9f815_add_priority_to_tasks.py"];
  rmSync(versions, { recursive: true });
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: files.map((f) => ({ uri: uri(join(versions, f)), type: FileChangeType.Deleted as FileChangeType })),
  });
  const diagnostics = await client.diagnosticsFor(taskFile, "tasks table missing from the history", (d) => d.some((x) => x.code === "migration-missing-table"));
  assert.equal(diagnostics.find((x) => x.code === "migration-missing-table")!.range.start.line, lineOf(text, "class Task(TaskBase"));
  // Diagnostics of the deleted migration files are cleared, not left behind.
  for (const f of files) {
    const path = join(versions, f);
    if (client.diagnostics.has(uri(path))) await client.diagnosticsFor(path, "cleared", (d) => d.length === 0);
  }
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri(taskFile) }, position: { line: lineOf(text, "title:"), character: 6 } });
  assert.match(String((hover!.contents as { value: string }).value), /no migration creates the table/);
});

test("an unreachable database: offline diagnostics go on, the problem is reported once without the password", async () => {
  const { client, taskFile } = await start();
  await client.open(taskFile);
  await client.diagnosticsFor(taskFile, "offline drift", (d) => d.some((x) => x.code === "migration-missing-column"));
  await client.waitFor("one warning message", () => client.messages.length === 1);
  const [message] = client.messages;
  assert.equal(message.type, 2);
  assert.match(message.message, /127\.0\.0\.1:9/);
  assert.doesNotMatch(message.message, /s3cret-pw/);
  // Asking again reaches the same problem: the status says offline, no second message.
  const status = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: ServerCommands.refreshDatabase, arguments: [] })) as StatusParams;
  assert.equal(status.offline, true);
  assert.match(status.problem ?? "", /127\.0\.0\.1:9/);
  assert.deepEqual(status.heads, ["c4d7e2b9f815"]);
  assert.equal(client.messages.length, 1);
  assert.doesNotMatch(client.stderr, /s3cret-pw/);
});
