// `npm run package` builds the .vsix; unpacked, it must hold the bundles and the tree-sitter
// prebuilds for every platform, nothing of the sources, and the server must run from it alone.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, test } from "node:test";
import { lineOf, LspTestClient, REPO_ROOT, UNREACHABLE_DATABASE_URL } from "../helpers/lspClient";

const PLATFORMS = ["darwin-arm64", "darwin-x64", "linux-arm64", "linux-x64", "win32-arm64", "win32-x64"];
let unpacked: string;
let files: string[];
let client: LspTestClient | undefined;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

before(() => {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const packaged = spawnSync(npm, ["run", "--silent", "package"], { cwd: REPO_ROOT, encoding: "utf8" });
  assert.equal(packaged.status, 0, `npm run package failed:\n${packaged.stdout}\n${packaged.stderr}`);
  const vsix = join(REPO_ROOT, "dist", "db-migration-wizard.vsix");
  unpacked = mkdtempSync(join(tmpdir(), "dmw-vsix-"));
  const unzip = spawnSync("unzip", ["-q", vsix, "-d", unpacked], { encoding: "utf8" });
  assert.equal(unzip.status, 0, unzip.stderr);
  files = walk(join(unpacked, "extension")).map((f) => relative(join(unpacked, "extension"), f).split("\\").join("/"));
});

after(async () => {
  await client?.stop();
});

test("the .vsix holds the bundles, the manifest, the licence and tree-sitter prebuilds for all platforms", () => {
  for (const file of ["package.json", "dist/client.js", "dist/server.js", "dist/dmw.js", "LICENSE.txt", "node_modules/node-gyp-build/index.js"]) {
    assert.ok(files.includes(file), `${file} missing from the .vsix`);
  }
  for (const platform of PLATFORMS) {
    assert.ok(files.some((f) => f.startsWith(`node_modules/tree-sitter/prebuilds/${platform}/`)), `tree-sitter prebuild ${platform}`);
    assert.ok(files.some((f) => f.startsWith(`node_modules/tree-sitter-python/prebuilds/${platform}/`)), `tree-sitter-python prebuild ${platform}`);
  }
  const manifest = JSON.parse(readFileSync(join(unpacked, "extension", "package.json"), "utf8"));
  assert.equal(manifest.main, "./dist/client.js");
});

test("no sources, tests, fixtures, examples, source maps or dev dependencies are shipped", () => {
  const forbidden = files.filter(
    (f) =>
      /\.(ts|map)$/.test(f) ||
      /^(server|client|test|examples|bench|scripts|\.venv-test|\.ci)\//.test(f) ||
      /(^|\/)fixtures\//.test(f) ||
      /^node_modules\/(typescript|esbuild|tsx|@vscode|vscode-languageserver|pg)\b/.test(f),
  );
  assert.deepEqual(forbidden, []);
});

test("the server starts from the unpacked files alone and publishes a diagnostic on the example", async () => {
  // A copy outside the repository: module resolution cannot fall back to the repo's node_modules.
  const server = join(unpacked, "extension", "dist", "server.js");
  const example = join(mkdtempSync(join(tmpdir(), "dmw-vsix-example-")), "backend");
  cpSync(join(REPO_ROOT, "examples", "backend"), example, { recursive: true });
  assert.ok(existsSync(server));
  client = await LspTestClient.start({
    root: example,
    command: { file: server, args: ["--stdio"], cwd: unpacked },
    settings: { databaseUrl: UNREACHABLE_DATABASE_URL },
  });
  const taskFile = join(example, "app", "models", "task.py");
  await client.open(taskFile);
  const text = readFileSync(taskFile, "utf8");
  const diagnostics = await client.diagnosticsFor(taskFile, "due_date drift", (d) => d.some((x) => x.code === "migration-missing-column"));
  assert.equal(diagnostics.find((x) => x.code === "migration-missing-column" && /due_date/.test(String(x.message)))?.range.start.line, lineOf(text, "due_date:"));
});
