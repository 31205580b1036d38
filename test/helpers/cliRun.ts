// Runs the built `dmw` command line (bin/dmw.js -> dist/dmw.js) as a child process.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
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

/**
 * `node bin/dmw.js ...args` in `cwd` (default: the repository root), without a shell. A
 * DATABASE_URL of the machine running the tests is not passed on: results must not depend on it.
 */
export function runDmw(args: string[], cwd = REPO_ROOT, env: Record<string, string> = {}): DmwResult {
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  const result = spawnSync(process.execPath, [resolve(REPO_ROOT, "bin", "dmw.js"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...inherited, DMW_DEBUG: "", ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
