// Runs every `*.test.ts` below test/ with node's own test runner (TypeScript through tsx).
// Usage: node test/run.mjs [substring ...]  (only files whose path contains a substring)
// The parse cache of every server and `dmw` the tests start goes to a fresh temporary folder
// (DMW_CACHE_DIR), never the user's ~/.cache, and is removed afterwards.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const filters = process.argv.slice(2);

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === "fixtures" || name === "node_modules") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...collect(path));
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const files = collect(join(root, "test"))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(", ")}`);
  process.exit(2);
}
const cacheDir = mkdtempSync(join(tmpdir(), "dmw-test-cache-"));
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, DMW_CACHE_DIR: cacheDir },
});
rmSync(cacheDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
