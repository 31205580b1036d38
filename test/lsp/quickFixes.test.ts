// Quick fixes and the generate command over the real protocol: the returned WorkspaceEdit is
// applied to a temporary copy of the example and the new migration file holds the change.
import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  CodeActionRequest,
  DidChangeWatchedFilesNotification,
  ExecuteCommandRequest,
  FileChangeType,
  type CodeAction,
  type Diagnostic,
} from "vscode-languageserver-protocol/node";
import { ServerCommands, type GenerateMigrationResult } from "../../server/src/lsp/protocol";
import { copyExample } from "../helpers/alembic";
import { applyWorkspaceEdit, buildOnce, lineOf, LspTestClient, UNREACHABLE_DATABASE_URL, uri } from "../helpers/lspClient";

let root: string;
let versions: string;
let client: LspTestClient;
let taskFile: string;
let taskText: string;

before(async () => {
  await buildOnce();
  root = await copyExample("backend");
  versions = join(root, "alembic", "versions");
  taskFile = join(root, "app", "models", "task.py");
  taskText = readFileSync(taskFile, "utf8");
  client = await LspTestClient.start({ root, settings: { databaseUrl: UNREACHABLE_DATABASE_URL } });
  await client.open(taskFile);
});

after(async () => {
  await client?.stop();
});

async function actionsFor(diagnostic: Diagnostic): Promise<CodeAction[]> {
  const result = await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: uri(taskFile) },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ["quickfix"] },
  });
  return (result ?? []) as CodeAction[];
}

function newMigrations(before: string[]): string[] {
  return readdirSync(versions).filter((f) => f.endsWith(".py") && !before.includes(f));
}

test("'Generate migration for this change' creates a new migration under versions/ with that change", async () => {
  const dueLine = lineOf(taskText, "due_date:");
  const diagnostics = await client.diagnosticsFor(taskFile, "due_date drift", (d) => d.some((x) => x.range.start.line === dueLine));
  const due = diagnostics.find((x) => x.range.start.line === dueLine)!;
  const actions = await actionsFor(due);
  const titles = actions.map((a) => a.title);
  assert.ok(titles.includes("Generate migration for this change"), titles.join(" | "));
  assert.ok(titles.some((t) => /^Generate migration for all model changes \(\d+\)$/.test(t)), titles.join(" | "));

  const existing = readdirSync(versions);
  const action = actions.find((a) => a.title === "Generate migration for this change")!;
  assert.equal(action.kind, "quickfix");
  const created = applyWorkspaceEdit(action.edit!);
  assert.equal(created.length, 1);
  assert.deepEqual(newMigrations(existing), [created[0].slice(versions.length + 1)]);
  const text = readFileSync(created[0], "utf8");
  assert.match(text, /down_revision[^\n]*'c4d7e2b9f815'|down_revision[^\n]*"c4d7e2b9f815"/);
  assert.match(text, /op\.add_column\(\s*['"]tasks['"],\s*sa\.Column\(['"]due_date['"]/);
  assert.doesNotMatch(text, /priorit/);

  // The editor reports the new file; the due_date diagnostic goes, the others stay.
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri(created[0]), type: FileChangeType.Created }] });
  const after = await client.diagnosticsFor(taskFile, "due_date covered", (d) => !d.some((x) => x.range.start.line === dueLine));
  assert.ok(after.some((d) => d.code === "migration-rename-candidate"));
});

test("a rename candidate offers the rename (preferred, keeps data) and drop + add (loses data)", async () => {
  const diagnostics = await client.diagnosticsFor(taskFile, "rename candidate", (d) => d.some((x) => x.code === "migration-rename-candidate"));
  const rename = diagnostics.find((x) => x.code === "migration-rename-candidate")!;
  const actions = await actionsFor(rename);
  const preferred = actions.filter((a) => a.isPreferred);
  assert.equal(preferred.length, 1);
  assert.match(preferred[0].title, /rename tasks\.priority to priority_id \(keeps the data\)/);
  const lossy = actions.find((a) => /loses the column's data/.test(a.title));
  assert.ok(lossy, actions.map((a) => a.title).join(" | "));

  const existing = readdirSync(versions);
  const [file] = applyWorkspaceEdit(preferred[0].edit!);
  assert.deepEqual(newMigrations(existing).length, 1);
  const text = readFileSync(file, "utf8");
  assert.match(text, /new_column_name=['"]priority_id['"]/);
  assert.doesNotMatch(text, /op\.drop_column\(\s*['"]tasks['"],\s*['"]priority['"]\)/);
  const dropAdd = lossy!.edit!.documentChanges!;
  const lossyText = (dropAdd[1] as { edits: { newText: string }[] }).edits[0].newText;
  assert.match(lossyText, /op\.drop_column\(\s*['"]tasks['"],\s*['"]priority['"]/);
  assert.match(lossyText, /op\.add_column\(\s*['"]tasks['"],\s*sa\.Column\(['"]priority_id['"]/);
});

test("the generate command writes one file for every remaining change through workspace/applyEdit", async () => {
  // The rename migration of the previous test is on disk now; the editor reports it.
  const known = readdirSync(versions).map((f) => uri(join(versions, f)));
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: known.map((u) => ({ uri: u, type: FileChangeType.Created as FileChangeType })),
  });
  await client.diagnosticsFor(taskFile, "rename covered", (d) => !d.some((x) => x.code === "migration-rename-candidate"));
  const existing = readdirSync(versions);
  const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
    command: ServerCommands.generateMigration,
    arguments: [{ message: "add priorities table" }],
  })) as GenerateMigrationResult;
  assert.equal(result.ok, true, JSON.stringify(result));
  const created = newMigrations(existing);
  assert.equal(created.length, 1);
  assert.ok(created[0].endsWith("_add_priorities_table.py"), created[0]);
  assert.equal((result as { uri: string }).uri, uri(join(versions, created[0])));
  const text = readFileSync(join(versions, created[0]), "utf8");
  assert.match(text, /op\.create_table\(\s*['"]priorities['"]/);
  assert.ok(existsSync(join(versions, created[0])));

  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: uri(join(versions, created[0])), type: FileChangeType.Created }],
  });
  await client.diagnosticsFor(taskFile, "no drift left", (d) => !d.some((x) => String(x.code).startsWith("migration-")));
  const again = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
    command: ServerCommands.generateMigration,
    arguments: [{ message: "nothing" }],
  })) as GenerateMigrationResult;
  assert.deepEqual(again, { ok: false, message: "The models match the migration head: there is nothing to generate." });
});
