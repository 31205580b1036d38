// Runs the built `dmw` command line (bin/dmw.js -> dist/dmw.js) as a child process.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "..", "..");

let built = false;

/** Builds the shipped bundles once per test process; throws with esbuild's output on failure. */
export function buildOnce(): void {
  if (built) return;
  const result = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
  built = true;
}

export interface DmwResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node bin/dmw.js ...args` in `cwd` (default: the repository root), without a shell. */
export function runDmw(args: string[], cwd = REPO_ROOT): DmwResult {
  const result = spawnSync(process.execPath, [resolve(REPO_ROOT, "bin", "dmw.js"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, DMW_DEBUG: "" },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
