// Runs kubectl with an argument vector (no shell) and collects its output, for the pick lists.
import { execFile } from "node:child_process";
import type { KubectlResult, KubectlRunner } from "./kubectlTargets";

export function kubectlRunner(program = "kubectl", env: NodeJS.ProcessEnv = process.env, timeoutMs = 20_000): KubectlRunner {
  return (args) =>
    new Promise<KubectlResult>((resolve) => {
      execFile(program, args, { env, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        const notFound = error && (error as NodeJS.ErrnoException).code === "ENOENT";
        resolve({ code, stdout: String(stdout), stderr: notFound ? `${program} was not found on PATH` : String(stderr) });
      });
    });
}
