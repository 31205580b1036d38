// Runs the built `dmw` command line (bin/dmw.js -> dist/dmw.js) as a child process.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "..", "..");

let built = false;

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

/** dist/dmw.js exists and is newer than every source it is built from. */
function bundleIsFresh(): boolean {
  try {
    const bundle = statSync(join(REPO_ROOT, "dist", "dmw.js")).mtimeMs;
    const sources = ["server/src", "package.json", "scripts/build.mjs"].map((p) => newestSource(join(REPO_ROOT, p)));
    return bundle >= Math.max(...sources);
  } catch {
    return false;
  }
}

/**
 * Builds the shipped bundles once per test process, unless they are already newer than their
 * sources (`npm test` builds before running the tests); throws with esbuild's output on failure.
 */
export function buildOnce(): void {
  if (built || bundleIsFresh()) return;
  const result = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
  built = true;
}

export interface DmwResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let snapshot: string | undefined;

/**
 * A private copy of the built bundle, made once per test process. Other test files rebuild
 * dist/ while these run; a copy that answers `--help` is complete and cannot change under us.
 * Its externals (tree-sitter) resolve from the repository's node_modules through NODE_PATH.
 */
function bundleSnapshot(): string {
  if (snapshot) return snapshot;
  buildOnce();
  const dir = mkdtempSync(join(tmpdir(), "dmw-bundle-"));
  const copy = join(dir, "dmw.js");
  for (let attempt = 0; attempt < 5; attempt++) {
    copyFileSync(join(REPO_ROOT, "dist", "dmw.js"), copy);
    const probe = spawnSync(process.execPath, [copy, "--help"], { encoding: "utf8", env: { ...process.env, NODE_PATH: join(REPO_ROOT, "node_modules") } });
    if (probe.status === 0) return (snapshot = copy);
  }
  throw new Error("dist/dmw.js kept changing while it was copied");
}

/**
 * `node bin/dmw.js ...args` (its bundle, from the snapshot above) in `cwd` (default: the
 * repository root), without a shell. A DATABASE_URL of the machine running the tests is not
 * passed on: results must not depend on it.
 */
export function runDmw(args: string[], cwd = REPO_ROOT, env: Record<string, string> = {}): DmwResult {
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  const result = spawnSync(process.execPath, [bundleSnapshot(), ...args], {
    cwd,
    encoding: "utf8",
    // Unless the test names its own cache folder: the test run's (test/run.mjs, inherited), else no
    // parse cache. Never the user's ~/.cache.
    env: { ...inherited, NODE_PATH: join(REPO_ROOT, "node_modules"), DMW_DEBUG: "", ...(process.env.DMW_CACHE_DIR || env.DMW_CACHE_DIR ? {} : { DMW_NO_CACHE: "1" }), ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
