// `dmw lsp --stdio` is the same server for any LSP editor.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { copyExample } from "../helpers/alembic";
import { buildOnce, lineOf, LspTestClient, REPO_ROOT, UNREACHABLE_DATABASE_URL } from "../helpers/lspClient";

let client: LspTestClient | undefined;
after(async () => {
  await client?.stop();
});

test("dmw lsp --stdio answers initialize and publishes drift on the example", async () => {
  await buildOnce();
  const root = await copyExample("backend");
  client = await LspTestClient.start({
    root,
    command: { file: join(REPO_ROOT, "bin", "dmw.js"), args: ["lsp", "--stdio"] },
    settings: { databaseUrl: UNREACHABLE_DATABASE_URL },
  });
  const taskFile = join(root, "app", "models", "task.py");
  await client.open(taskFile);
  const diagnostics = await client.diagnosticsFor(taskFile, "due_date drift", (d) => d.some((x) => x.code === "migration-missing-column"));
  assert.ok(diagnostics.some((x) => x.range.start.line === lineOf(readFileSync(taskFile, "utf8"), "due_date:")));
});

test("dmw lsp without a transport explains itself and exits 2; --help exits 0", async () => {
  await buildOnce();
  const dmw = join(REPO_ROOT, "bin", "dmw.js");
  const bare = spawnSync(process.execPath, [dmw, "lsp"], { encoding: "utf8" });
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /choose a transport \(--stdio\)/);
  const help = spawnSync(process.execPath, [dmw, "lsp", "--help"], { encoding: "utf8" });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /usage: dmw lsp --stdio/);
});
