// On a cold start the drift diagnostics do not wait for the migration lint of the whole history:
// the server publishes the drift round (with its status) first, lints afterwards and publishes
// the lint diagnostics in a second round. Checked on the server's own sequence of events.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver/node";
import type { Engine } from "../../server/src/lsp/engine";
import { createEngine } from "../../server/src/lsp/engineAdapter";
import { createServer } from "../../server/src/server";
import { copyExample } from "../helpers/alembic";
import { lineOf, LspTestClient, UNREACHABLE_DATABASE_URL } from "../helpers/lspClient";

let client: LspTestClient | undefined;
after(async () => {
  await client?.stop();
});

test("cold start: drift is published before migration lint runs; lint follows in its own round", async () => {
  const root = await copyExample("backend");
  const events: string[] = [];
  const real = createEngine();
  // The real engine, with the deferred lint recorded when it runs.
  const engine: Engine = {
    ...real,
    analyze: (request) => {
      const analysis = real.analyze(request);
      const { completeLint } = analysis;
      if (!completeLint) return analysis;
      return { ...analysis, completeLint: () => (events.push("lint"), completeLint()) };
    },
  };
  client = await LspTestClient.attach({ root, settings: { databaseUrl: UNREACHABLE_DATABASE_URL } }, (input, output) => {
    const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(input), new StreamMessageWriter(output));
    const send = connection.sendDiagnostics.bind(connection);
    connection.sendDiagnostics = (params) => {
      const codes = params.diagnostics.map((d) => String(d.code));
      events.push(`publish ${params.uri.split("/").pop()} ${codes.sort().join(",")}`);
      return send(params);
    };
    createServer(connection, { engine });
  });
  const taskFile = join(root, "app", "models", "task.py");
  const taskText = readFileSync(taskFile, "utf8");
  const migration = join(root, "alembic", "versions", "c4d7e2b9f815_add_priority_to_tasks.py");
  await client.diagnosticsFor(taskFile, "due_date drift", (d) => d.some((x) => x.code === "migration-missing-column" && x.range.start.line === lineOf(taskText, "due_date:")));
  await client.diagnosticsFor(migration, "missing-lock-timeout", (d) => d.some((x) => x.code === "missing-lock-timeout"));

  const drift = events.findIndex((e) => e.startsWith("publish task.py") && e.includes("migration-missing-column"));
  const lint = events.indexOf("lint");
  const lintPublished = events.findIndex((e) => e.startsWith("publish c4d7e2b9f815_add_priority_to_tasks.py") && e.includes("missing-lock-timeout"));
  assert.ok(drift >= 0 && lint > drift, `drift before lint: ${events.join(" | ")}`);
  assert.ok(lintPublished > lint, `lint published after it ran: ${events.join(" | ")}`);
  // The lint ran once for the cold start: a second analysis round reuses it.
  assert.equal(events.filter((e) => e === "lint").length, 1);
});
