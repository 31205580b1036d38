// The language server's parse cache: the first complete analysis writes it, a new server is served
// from it (and has nothing to write), edits are written on shutdown (not while typing),
// and DMW_NO_CACHE writes nothing.
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { Diagnostic } from "vscode-languageserver-protocol";
import type { MigrationFile } from "../../server/src/history/types";
import { cacheFileFor, ModelsStore, ParseStore } from "../../server/src/analysis/parseCache";
import type { SchemaChange } from "../../server/src/diff/types";
import type { AnalysisRequest } from "../../server/src/lsp/engine";
import { createEngine } from "../../server/src/lsp/engineAdapter";
import { resolveSettings } from "../../server/src/lsp/settings";
import { copyExample } from "../helpers/alembic";
import { REPO_ROOT, runDmw } from "../helpers/cliRun";
import { LspTestClient } from "../helpers/lspClient";
import { plainRanges } from "../helpers/plainRanges";

class CountingStore extends ParseStore {
  saves = 0;
  written = 0;
  override save(entries: ReadonlyMap<string, MigrationFile>): boolean {
    this.saves++;
    const wrote = super.save(entries);
    if (wrote) this.written++;
    return wrote;
  }
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "dmw-lsp-cache-"));
}

const clients: LspTestClient[] = [];
after(async () => {
  for (const client of clients) await client.stop();
});

test("engine: a second engine is served from the first one's cache; edits are saved on shutdown only", async () => {
  const root = await copyExample("backend");
  const dir = tempDir();
  const engine1 = createEngine({ parseStore: (layout) => (store1 = new CountingStore(cacheFileFor(dir, layout.alembicDir))) });
  let store1: CountingStore | undefined;
  const settings = resolveSettings(undefined);
  const layout = engine1.discover(root, settings);
  const request = (readFile: AnalysisRequest["readFile"]): AnalysisRequest => ({ layout, settings, readFile, renames: {}, database: { state: "not-configured" } });
  const disk = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : undefined);

  const first = engine1.analyze(request(disk));
  assert.equal(store1?.misses, first.migrationFiles.length);
  engine1.persist?.();
  assert.equal(store1?.written, 1);

  let store2: CountingStore | undefined;
  const engine2 = createEngine({ parseStore: (l) => (store2 = new CountingStore(cacheFileFor(dir, l.alembicDir))) });
  const second = engine2.analyze(request(disk));
  assert.deepEqual([store2?.hits, store2?.misses], [first.migrationFiles.length, 0]);
  assert.deepStrictEqual(plainRanges(second.findings), plainRanges(first.findings));
  engine2.persist?.();
  assert.deepEqual([store2?.saves, store2?.written], [1, 0], "nothing changed: nothing written");

  // An edit of a migration: parsed again; not written until forced (shutdown).
  const migration = second.migrationFiles[0];
  const edited = (path: string) => (path === migration ? `${disk(path)}\n# edited\n` : disk(path));
  engine2.analyze(request(edited));
  assert.deepEqual([store2?.hits, store2?.misses], [first.migrationFiles.length, 1]);
  engine2.persist?.();
  assert.equal(store2?.saves, 1, "after the first save: none while editing");
  engine2.persist?.(true);
  assert.deepEqual([store2?.saves, store2?.written], [2, 1]);

  let store3: CountingStore | undefined;
  createEngine({ parseStore: (l) => (store3 = new CountingStore(cacheFileFor(dir, l.alembicDir))) }).analyze(request(edited));
  assert.deepEqual([store3?.hits, store3?.misses], [first.migrationFiles.length, 0]);
});

test("engine: after a start served from the stored models, warmUp and one more analysis make the first model edit diff only what it changed", async () => {
  const root = await copyExample("backend");
  const dir = tempDir();
  const stores = {
    parseStore: (l: { alembicDir: string }) => new ParseStore(cacheFileFor(dir, l.alembicDir)),
    modelsStore: (l: { alembicDir: string }) => new ModelsStore(cacheFileFor(dir, l.alembicDir, "models")),
  };
  const settings = resolveSettings(undefined);
  const first = createEngine(stores);
  const layout = first.discover(root, settings);
  const request = (readFile: AnalysisRequest["readFile"]): AnalysisRequest => ({ layout, settings, readFile, renames: {}, database: { state: "not-configured" } });
  const disk = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : undefined);
  first.analyze(request(disk));
  first.persist?.();
  assert.equal(await first.warmUp?.(), false, "read from the files: nothing to warm");

  const engine = createEngine(stores);
  const started = engine.analyze(request(disk));
  assert.equal(await engine.warmUp?.(), true, "served from the stored models");
  const again = engine.analyze(request(disk));
  assert.deepStrictEqual(plainRanges(again.findings), plainRanges(started.findings), "the same findings");
  const tasks = (changes: SchemaChange[]) => changes.filter((c) => "table" in c && c.table === "tasks");
  assert.ok(tasks(again.changes).length >= 2, "the example's drift on tasks");
  // An edit of another model file: the tasks table's diff is the one made after the warm-up.
  const user = join(root, "app", "models", "user.py");
  const edited = engine.analyze(request((path) => (path === user ? `${disk(path)}\n# edited\n` : disk(path))));
  assert.equal(tasks(edited.changes).length, tasks(again.changes).length);
  tasks(edited.changes).forEach((change, i) => assert.equal(change, tasks(again.changes)[i], change.kind));
  // Without that analysis the first edit would have diffed the table again.
  tasks(again.changes).forEach((change, i) => assert.notEqual(change, tasks(started.changes)[i], change.kind));
});

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test("server: the first analysis writes the cache; the next start reads it and writes nothing; DMW_NO_CACHE writes nothing", async () => {
  const root = await copyExample("backend");
  const migration = join(root, "alembic", "versions", "c4d7e2b9f815_add_priority_to_tasks.py");
  const lintDone = (d: { code?: string | number }[]) => d.some((x) => x.code === "missing-lock-timeout");
  const dir = tempDir();

  const cold = await LspTestClient.start({ root, env: { DMW_CACHE_DIR: dir } });
  clients.push(cold);
  const coldDiagnostics = await cold.diagnosticsFor(migration, "lint", lintDone);
  await until("the cache files", () => readdirSync(dir).filter((name) => name.endsWith(".json")).length === 4);
  await cold.stop();
  const [revisions, models, file, replay] = readdirSync(dir).sort();
  assert.deepEqual([revisions, models, file, replay].map((name) => /^(lint-revisions|models|parse|replay)-/.exec(name)?.[1]), ["lint-revisions", "models", "parse", "replay"]);
  const path = join(dir, file);
  for (const name of [revisions, models, file, replay]) utimesSync(join(dir, name), new Date(2002, 0, 1), new Date(2002, 0, 1));

  const warm = await LspTestClient.start({ root, env: { DMW_CACHE_DIR: dir } });
  clients.push(warm);
  const warmDiagnostics = await warm.diagnosticsFor(migration, "lint", lintDone);
  await warm.stop();
  assert.deepStrictEqual(warmDiagnostics, coldDiagnostics);
  assert.equal(statSync(path).mtime.getFullYear(), 2002, "the warm server had nothing to write");
  assert.equal(statSync(join(dir, models)).mtime.getFullYear(), 2002, "nor for the models");
  assert.equal(statSync(join(dir, revisions)).mtime.getFullYear(), 2002, "nor for the lint of each revision");
  assert.equal(statSync(join(dir, replay)).mtime.getFullYear(), 2002, "nor for the replay state");

  const untouched = tempDir();
  const off = await LspTestClient.start({ root, env: { DMW_CACHE_DIR: untouched, DMW_NO_CACHE: "1" } });
  clients.push(off);
  await off.diagnosticsFor(migration, "lint", lintDone);
  await off.stop();
  assert.deepEqual(readdirSync(untouched), []);
});

test("dmw and the language server built from the same sources share one cache file", async () => {
  const root = await copyExample("backend");
  const migration = join(root, "alembic", "versions", "c4d7e2b9f815_add_priority_to_tasks.py");
  const dir = tempDir();
  const cli = runDmw(["lint", "--root", root], REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.notEqual(cli.code, 2, cli.stderr);
  const [file] = readdirSync(dir).filter((name) => name.startsWith("parse-"));
  assert.ok(file, "dmw lint wrote the cache");
  const path = join(dir, file);
  utimesSync(path, new Date(2002, 0, 1), new Date(2002, 0, 1));

  const server = await LspTestClient.start({ root, env: { DMW_CACHE_DIR: dir } });
  clients.push(server);
  await server.diagnosticsFor(migration, "lint", (d) => d.some((x) => x.code === "missing-lock-timeout"));
  await server.stop();
  // Another engine fingerprint would have made the server discard the file and write its own.
  assert.equal(statSync(path).mtime.getFullYear(), 2002, "the server was served by dmw's cache and wrote nothing");
});

test("server: each revision's lint is kept between sessions; a new session re-lints only what changed, quick fixes included", async () => {
  const root = await copyExample("backend");
  const versions = join(root, "alembic", "versions");
  // The tasks revision (prefer-bigint-primary-key) comes before the head (missing-lock-timeout).
  const base = join(versions, "8b61e0f4a2c9_create_tasks_table.py");
  const head = join(versions, "c4d7e2b9f815_add_priority_to_tasks.py");
  const dir = tempDir();
  const lintOf = (client: LspTestClient, file: string) => client.diagnosticsFor(file, "lint", (d) => d.some((x) => x.code === "prefer-bigint-primary-key"));
  const first = await LspTestClient.start({ root, env: { DMW_CACHE_DIR: dir } });
  clients.push(first);
  const baseBefore = await lintOf(first, base);
  await first.stop();
  const [kept] = readdirSync(dir).filter((name) => name.startsWith("lint-revisions-"));
  assert.ok(kept, "the server kept each revision's lint");
  const keptPath = join(dir, kept);
  // Plant a finding in the tasks revision's kept lint: shown only while that lint is reused.
  const body = JSON.parse(readFileSync(keptPath, "utf8")) as { value: { files: { path: string; findings: { data?: unknown }[] }[] } };
  const baseKept = body.value.files.find((f) => f.path === base)!;
  assert.ok(baseKept.findings.every((f) => f.data !== undefined), "kept with their quick-fix data");
  baseKept.findings.push({ code: "drop-column", severity: "warning", message: "planted in the tasks revision", file: base, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } } as never);
  writeFileSync(keptPath, JSON.stringify(body));

  // The head edited between sessions: the tasks revision keeps its lint (the planted finding shows), with
  // the same diagnostics as before, data included; the head is linted again.
  writeFileSync(head, readFileSync(head, "utf8").replace(/\ndef downgrade\(\)/, "    op.drop_column('tasks', 'title')\n$&"));
  const second = await LspTestClient.start({ root, env: { DMW_CACHE_DIR: dir } });
  clients.push(second);
  const headNow = await second.diagnosticsFor(head, "the head's new finding", (d) => d.some((x) => x.code === "drop-column"));
  const baseNow = await second.diagnosticsFor(base, "the planted finding", (d) => d.some((x) => x.message === "planted in the tasks revision"));
  assert.deepStrictEqual(baseNow.filter((d) => d.message !== "planted in the tasks revision"), baseBefore);
  assert.ok(headNow.some((d) => d.code === "missing-lock-timeout"));
  await second.stop();
  // Saved on shutdown: the head's new lint is what the next session starts from.
  const saved = JSON.parse(readFileSync(keptPath, "utf8")) as { value: { files: { path: string; findings: { code: string }[] }[] } };
  assert.ok(saved.value.files.find((f) => f.path === head)?.findings.some((f) => f.code === "drop-column"));
});

test("server: a new session replays the history from the state kept before the newest revision", async () => {
  const root = await copyExample("backend");
  const versions = join(root, "alembic", "versions");
  const base = join(versions, "3f2a9c1d7b40_create_users_table.py");
  const head = join(versions, "c4d7e2b9f815_add_priority_to_tasks.py");
  const task = join(root, "app", "models", "task.py");
  const headLint = (client: LspTestClient, what: string, check: (d: Diagnostic[]) => boolean) =>
    client.diagnosticsFor(head, what, (d) => d.some((x) => x.code === "missing-lock-timeout") && check(d));
  const titleDrift = (client: LspTestClient) => client.diagnosticsFor(task, "drift on the dropped column", (d) => d.some((x) => /tasks\.title/.test(String(x.message))));
  const dir = tempDir();
  const first = await LspTestClient.start({ root, env: { DMW_CACHE_DIR: dir } });
  clients.push(first);
  await headLint(first, "lint", () => true);
  await first.stop();
  const [kept] = readdirSync(dir).filter((name) => name.startsWith("replay-"));
  assert.ok(kept, "the server kept the replay state");
  // Plant a replay finding among those before the head: shown only by a replay resumed from the kept state.
  const keptPath = join(dir, kept);
  const body = JSON.parse(readFileSync(keptPath, "utf8")) as { value: { findings: unknown[] } };
  body.value.findings.push({ code: "history-opaque-step", severity: "warning", message: "planted in the replay state", file: head, range: [0, 0, 1] });
  writeFileSync(keptPath, JSON.stringify(body));

  // The head edited between sessions: resumed before it, and the head's change replayed.
  writeFileSync(head, readFileSync(head, "utf8").replace(/\ndef downgrade\(\)/, "    op.drop_column('tasks', 'title')\n$&"));
  const second = await LspTestClient.start({ root, env: { DMW_CACHE_DIR: dir } });
  clients.push(second);
  await headLint(second, "the planted finding", (d) => d.some((x) => x.message === "planted in the replay state"));
  await titleDrift(second);
  await second.stop();

  // An earlier revision edited between sessions: replayed from the start, the planted finding is gone.
  writeFileSync(base, `${readFileSync(base, "utf8")}\n# edited\n`);
  const third = await LspTestClient.start({ root, env: { DMW_CACHE_DIR: dir } });
  clients.push(third);
  await titleDrift(third);
  const head3 = await headLint(third, "lint", () => true);
  assert.ok(!head3.some((d) => d.message === "planted in the replay state"));
  await third.stop();
});
