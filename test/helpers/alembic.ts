// Runs the pinned Alembic of `.venv-test` (made by `bash scripts/setup-python.sh`) on a copy of an
// example backend. Commands are spawned with an argument vector, never through a shell.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "..", "..");

/** Absolute path of `.venv-test/bin/<name>`; throws a clear error when the venv is missing. */
export function venvBin(name: string): string {
  const path = join(REPO_ROOT, ".venv-test", "bin", name);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run \`bash scripts/setup-python.sh\` to create the pinned Python venv`);
  }
  return path;
}

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Finds alembic.ini: `projectDir` itself or one level below it (e.g. `backend/alembic.ini`). */
export async function findAlembicIni(projectDir: string): Promise<string> {
  const direct = join(projectDir, "alembic.ini");
  if (existsSync(direct)) return direct;
  for (const entry of await readdir(projectDir, { withFileTypes: true })) {
    const nested = join(projectDir, entry.name, "alembic.ini");
    if (entry.isDirectory() && existsSync(nested)) return nested;
  }
  throw new Error(`no alembic.ini in ${projectDir} or its subfolders`);
}

/** `alembic <args>` with cwd = the folder of alembic.ini and DATABASE_URL set to `databaseUrl`. */
export async function runAlembic(projectDir: string, args: string[], databaseUrl: string): Promise<ProcessResult> {
  const alembic = venvBin("alembic");
  const cwd = dirname(await findAlembicIni(projectDir));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(alembic, args, {
      cwd,
      env: { ...process.env, DATABASE_URL: databaseUrl, PYTHONPATH: cwd },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

/** Copies `examples/<name>` into a fresh temporary folder and returns the copy's path. */
export async function copyExample(name = "backend"): Promise<string> {
  const source = join(REPO_ROOT, "examples", name);
  if (!existsSync(source)) throw new Error(`examples/${name} does not exist`);
  const target = join(await mkdtemp(join(tmpdir(), `dmw-${name}-`)), name);
  await cp(source, target, {
    recursive: true,
    filter: (path) => !/(__pycache__|\.pyc$)/.test(path),
  });
  return target;
}
