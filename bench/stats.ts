// Small statistics and timing helpers for the benchmarks.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
  /** User + system CPU time of the process (GNU time), when /usr/bin/time exists. */
  cpuMs?: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

const GNU_TIME = "/usr/bin/time";

/**
 * Spawns a program with an argument vector (no shell) and measures spawn -> exit in wall time, and
 * its CPU time through GNU time when available: on a busy machine wall time mostly measures the
 * other jobs, CPU time much less so.
 */
export function timeProcess(file: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<TimedProcess> {
  const scratch = existsSync(GNU_TIME) ? mkdtempSync(join(tmpdir(), "dmw-bench-time-")) : undefined;
  const timeFile = scratch ? join(scratch, "cpu") : undefined;
  const [program, argv] = timeFile ? [GNU_TIME, ["-f", "%U %S", "-o", timeFile, file, ...args]] : [file, [...args]];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(program, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      const cpuMs = timeFile ? cpuFromTimeFile(timeFile) : undefined;
      if (scratch) rmSync(scratch, { recursive: true, force: true });
      resolve({ ms, code, stdout, stderr, ...(cpuMs !== undefined ? { cpuMs } : {}) });
    });
  });
}

/** GNU time writes "Command exited with non-zero status N" first when the program fails. */
function cpuFromTimeFile(path: string): number | undefined {
  try {
    const last = readFileSync(path, "utf8").trim().split("\n").pop() ?? "";
    const match = /^([\d.]+) ([\d.]+)$/.exec(last);
    return match ? (Number(match[1]) + Number(match[2])) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU milliseconds a live process has used so far (Linux /proc; clock ticks of 10 ms). */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}
