// Runs a CommandSpec from client/src/commands exactly as built: program + argument vector, its
// cwd, its env added to the inherited one; no shell anywhere in between.
import { spawn } from "node:child_process";
import type { CommandSpec } from "../../client/src/commands/commandLine";

export interface SpawnResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function spawnCommandSpec(spec: CommandSpec, baseEnv: NodeJS.ProcessEnv = process.env): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...baseEnv, ...spec.env },
      stdio: ["ignore", "pipe", "pipe"],
      shell: false,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
