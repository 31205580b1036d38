// bin/dmw.js loads the bundle through the launcher (server/src/cli/launch.ts): with a cache folder
// V8's compiled code is kept per subcommand and reused; what dmw prints never depends on it.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, buildOnce } from "../helpers/cliRun";

before(() => buildOnce());

const BIN = join(REPO_ROOT, "bin", "dmw.js");
const PROJECT = join(REPO_ROOT, "examples", "backend");

function dmw(args: string[], env: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  delete inherited.DMW_CACHE_DIR;
  delete inherited.DMW_NO_CACHE;
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...inherited, DMW_DEBUG: "", ...env }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const codeFiles = (dir: string) => readdirSync(dir).filter((name) => name.startsWith("code-dmw-")).sort();

test("the code cache: written by a subcommand's first run, reused after, rewritten when V8 refuses it", () => {
  const dir = mkdtempSync(join(tmpdir(), "dmw-code-cache-"));
  const args = ["check", "--no-database", "--root", PROJECT];
  const plain = dmw(args, { DMW_NO_CACHE: "1" });
  assert.ok(plain.stdout.includes("migration-missing-column"), plain.stdout);

  const first = dmw(args, { DMW_CACHE_DIR: dir });
  assert.deepEqual([first.code, first.stdout, first.stderr], [plain.code, plain.stdout, plain.stderr]);
  const [checkCache] = codeFiles(dir);
  assert.match(checkCache ?? "", /^code-dmw-[0-9a-f]{16}-check\.bin$/);
  const file = join(dir, checkCache);
  assert.ok(statSync(file).size > 10_000);

  // Accepted: not written again.
  utimesSync(file, new Date(2001, 0, 1), new Date(2001, 0, 1));
  const second = dmw(args, { DMW_CACHE_DIR: dir });
  assert.deepEqual([second.code, second.stdout, second.stderr], [plain.code, plain.stdout, plain.stderr]);
  assert.equal(statSync(file).mtime.getFullYear(), 2001);

  // Refused by V8 (not code of this bundle): the run is the same, and the file is replaced. Writing
  // it removes the code cache of a bundle not used for weeks.
  writeFileSync(file, Buffer.alloc(4096, 7));
  const stale = join(dir, "code-dmw-0123456789abcdef-generate.bin");
  writeFileSync(stale, "old");
  utimesSync(stale, new Date(2001, 0, 1), new Date(2001, 0, 1));
  const refused = dmw(args, { DMW_CACHE_DIR: dir });
  assert.deepEqual([refused.code, refused.stdout, refused.stderr], [plain.code, plain.stdout, plain.stderr]);
  assert.notDeepEqual(readFileSync(file), Buffer.alloc(4096, 7));
  assert.deepEqual(codeFiles(dir), [checkCache]);

  // Another subcommand keeps its own.
  const lint = dmw(["lint", "--root", PROJECT], { DMW_CACHE_DIR: dir });
  const lintPlain = dmw(["lint", "--root", PROJECT], { DMW_NO_CACHE: "1" });
  assert.deepEqual([lint.code, lint.stdout], [lintPlain.code, lintPlain.stdout]);
  assert.deepEqual(codeFiles(dir).map((name) => name.replace(/^code-dmw-[0-9a-f]{16}-/, "")), ["check.bin", "lint.bin"]);
});

test("no code cache with --no-cache or DMW_NO_CACHE", () => {
  const dir = mkdtempSync(join(tmpdir(), "dmw-code-cache-"));
  const flag = dmw(["check", "--no-database", "--no-cache", "--root", PROJECT], { DMW_CACHE_DIR: dir });
  const env = dmw(["lint", "--root", PROJECT], { DMW_CACHE_DIR: dir, DMW_NO_CACHE: "1" });
  assert.equal(flag.code, 1);
  assert.equal(env.code, 0);
  assert.deepEqual(readdirSync(dir), []);
});
