// Small statistics and timing helpers for the benchmarks.
import { spawn } from "node:child_process";

export interface Figure {
  median: number;
  p95: number;
  runs: number;
  samples: number[];
}

/** Nearest-rank percentile of the samples (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function figure(samples: readonly number[]): Figure {
  return { median: percentile(samples, 50), p95: percentile(samples, 95), runs: samples.length, samples: samples.map(round) };
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Runs `once` up to `times` times in sequence and returns the milliseconds each run reports. A slow
 * machine stops after `budgetMs` of wall time, once at least `minimum` runs are in.
 */
export async function timeRuns(times: number, once: () => Promise<number>, budgetMs = Number.POSITIVE_INFINITY, minimum = 3): Promise<number[]> {
  const out: number[] = [];
  const started = performance.now();
  for (let i = 0; i < times; i++) {
    if (out.length >= minimum && performance.now() - started > budgetMs) break;
    out.push(await once());
  }
  return out;
}

export interface TimedProcess {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns a program with an argument vector (no shell) and measures spawn -> exit in wall time. */
export function timeProcess(file: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<TimedProcess> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ ms: performance.now() - started, code, stdout, stderr }));
  });
}
