// Migration lint over the real protocol: squiggles in versions/ with the rule id, its docs page and
// its code actions (the rule's fix, ignore on the line / in the file, open docs), live as you type.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { CodeActionRequest, type CodeAction, type Diagnostic } from "vscode-languageserver-protocol/node";
import { ServerCommands } from "../../server/src/lsp/protocol";
import { copyExample } from "../helpers/alembic";
import { applyTextEdits, buildOnce, lineOf, LspTestClient, UNREACHABLE_DATABASE_URL, uri } from "../helpers/lspClient";

let client: LspTestClient;
let migration: string;
let text: string;

before(async () => {
  await buildOnce();
  const root = await copyExample("backend");
  migration = join(root, "alembic", "versions", "c4d7e2b9f815_add_priority_to_tasks.py");
  text = readFileSync(migration, "utf8");
  client = await LspTestClient.start({ root, settings: { databaseUrl: UNREACHABLE_DATABASE_URL } });
  await client.open(migration);
});

after(async () => {
  await client?.stop();
});

async function actions(diagnostic: Diagnostic): Promise<CodeAction[]> {
  return ((await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: uri(migration) },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) ?? []) as CodeAction[];
}

test("typing a NOT NULL add_column into upgrade() raises adding-required-column with its fix preferred", async () => {
  const anchor = "    # ### end Alembic commands ###";
  const edited = text.replace(anchor, `    op.add_column('tasks', sa.Column('weight', sa.Integer(), nullable=False))\n${anchor}`);
  await client.change(migration, edited);
  const diagnostics = await client.diagnosticsFor(migration, "adding-required-column", (d) => d.some((x) => x.code === "adding-required-column"));
  const problem = diagnostics.find((x) => x.code === "adding-required-column")!;
  assert.equal(problem.range.start.line, lineOf(edited, "'weight'"));
  assert.equal(problem.source, "db-migration-wizard");
  assert.match(problem.codeDescription!.href, /\/docs\/rules\/adding-required-column\.md$/);

  const offered = await actions(problem);
  const titles = offered.map((a) => a.title);
  assert.ok(titles.includes("Ignore adding-required-column on this line"), titles.join(" | "));
  assert.ok(titles.includes("Ignore adding-required-column in this file"), titles.join(" | "));
  const docs = offered.find((a) => a.title === "Open docs for adding-required-column")!;
  assert.equal(docs.command!.command, ServerCommands.openDocs);
  assert.match(String(docs.command!.arguments![0]), /docs\/rules\/adding-required-column\.md$/);
  const fix = offered.find((a) => a.isPreferred);
  assert.ok(fix, `a preferred fix among: ${titles.join(" | ")}`);

  // Apply the fix to the buffer: the problem goes away.
  const fixed = applyTextEdits(edited, fix!.edit!.changes![uri(migration)]);
  assert.notEqual(fixed, edited);
  await client.change(migration, fixed);
  await client.diagnosticsFor(migration, "fixed", (d) => !d.some((x) => x.code === "adding-required-column"));
});

test("'ignore on this line' silences one diagnostic through a comment the linter reads back", async () => {
  // The example's own migration, as Alembic's autogenerate wrote it, has lint problems of its own.
  const edited = text;
  await client.change(migration, edited);
  const diagnostics = await client.diagnosticsFor(migration, "a lint problem", (d) => d.some((x) => (x.data as { family?: string })?.family === "lint"));
  const problem = diagnostics.find((x) => (x.data as { family?: string })?.family === "lint")!;
  const ignore = (await actions(problem)).find((a) => a.title === `Ignore ${problem.code} on this line`)!;
  const ignored = applyTextEdits(edited, ignore.edit!.changes![uri(migration)]);
  assert.match(ignored, new RegExp(`# dmw: ignore\\[${problem.code}\\]`));
  await client.change(migration, ignored);
  await client.diagnosticsFor(migration, `${problem.code} ignored`, (d) => !d.some((x) => x.code === problem.code && x.range.start.line === problem.range.start.line));
});
