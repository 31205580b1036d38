// Settings reach the server through workspace/configuration and take effect when they change.
import { strict as assert } from "node:assert";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { copyExample } from "../helpers/alembic";
import { buildOnce, lineOf, LspTestClient, UNREACHABLE_DATABASE_URL } from "../helpers/lspClient";

let root: string;
let client: LspTestClient;
let migration: string;

before(async () => {
  await buildOnce();
  root = await copyExample("backend");
  migration = join(root, "alembic", "versions", "c4d7e2b9f815_add_priority_to_tasks.py");
  client = await LspTestClient.start({ root, settings: { databaseUrl: UNREACHABLE_DATABASE_URL, lint: { severity: { "missing-lock-timeout": "error" } } } });
  await client.open(migration);
});

after(async () => {
  await client?.stop();
});

test("lint severities from the settings apply, and turning a rule off removes its diagnostics", async () => {
  const diagnostics = await client.diagnosticsFor(migration, "missing-lock-timeout as error", (d) => d.some((x) => x.code === "missing-lock-timeout"));
  assert.equal(diagnostics.find((x) => x.code === "missing-lock-timeout")!.severity, 1);
  await client.changeSettings({ databaseUrl: UNREACHABLE_DATABASE_URL, lint: { severity: { "missing-lock-timeout": "off" } } });
  await client.diagnosticsFor(migration, "missing-lock-timeout off", (d) => !d.some((x) => x.code === "missing-lock-timeout"));
});

test("lint.disabledRules takes a rule out, as [tool.dmw] disable does for the CLI", async () => {
  await client.changeSettings({ databaseUrl: UNREACHABLE_DATABASE_URL, lint: { severity: { "missing-lock-timeout": "error" } } });
  await client.diagnosticsFor(migration, "missing-lock-timeout back", (d) => d.some((x) => x.code === "missing-lock-timeout"));
  await client.changeSettings({ databaseUrl: UNREACHABLE_DATABASE_URL, lint: { disabledRules: ["missing-lock-timeout"] } });
  const diagnostics = await client.diagnosticsFor(migration, "missing-lock-timeout disabled", (d) => !d.some((x) => x.code === "missing-lock-timeout"));
  assert.ok(diagnostics.every((x) => x.code !== "missing-lock-timeout"));
});

test("a versionsDir setting moves the history: an empty folder means no migration creates any table", async () => {
  mkdirSync(join(root, "migrations-elsewhere"));
  const taskFile = join(root, "app", "models", "task.py");
  await client.open(taskFile);
  await client.changeSettings({ databaseUrl: UNREACHABLE_DATABASE_URL, versionsDir: "migrations-elsewhere" });
  const diagnostics = await client.diagnosticsFor(taskFile, "tasks missing from the history", (d) => d.some((x) => x.code === "migration-missing-table"));
  assert.equal(diagnostics.find((x) => x.code === "migration-missing-table")!.range.start.line, lineOf(readFileSync(taskFile, "utf8"), "class Task(TaskBase"));
  // The old folder's files are no longer part of the project: their diagnostics are cleared.
  await client.diagnosticsFor(migration, "cleared", (d) => d.length === 0);
});
