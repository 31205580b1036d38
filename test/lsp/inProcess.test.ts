// createServer(connection) runs in-process on any connection: here over in-memory streams, with
// the real engine, so a test or a benchmark can drive it without a child process.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver/node";
import { createEngine } from "../../server/src/lsp/engineAdapter";
import { createServer } from "../../server/src/server";
import { copyExample } from "../helpers/alembic";
import { lineOf, LspTestClient, UNREACHABLE_DATABASE_URL } from "../helpers/lspClient";

let client: LspTestClient | undefined;
after(async () => {
  await client?.stop();
});

test("the server built on an injected connection publishes drift and follows edits", async () => {
  const root = await copyExample("backend");
  client = await LspTestClient.attach({ root, settings: { databaseUrl: UNREACHABLE_DATABASE_URL } }, (input, output) => {
    const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(input), new StreamMessageWriter(output));
    createServer(connection, { engine: createEngine() });
  });
  const taskFile = join(root, "app", "models", "task.py");
  const text = readFileSync(taskFile, "utf8");
  await client.open(taskFile);
  await client.diagnosticsFor(taskFile, "due_date drift", (d) => d.some((x) => x.code === "migration-missing-column" && x.range.start.line === lineOf(text, "due_date:")));
  const edited = text.replace("    due_date: Optional[datetime] = None\n", "");
  await client.change(taskFile, edited);
  const after = await client.diagnosticsFor(taskFile, "due_date gone", (d) => !d.some((x) => /due_date/.test(String(x.message))));
  assert.ok(after.some((x) => x.code === "migration-rename-candidate"));
});
