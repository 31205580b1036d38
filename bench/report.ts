// The benchmark table and the targets (goals, never a failure): rows per size, figures in ms
// (median / p95), targets checked at N=500 and marked met or missed.
import { figure, round, type Figure } from "./stats";

export interface SizeResult {
  models: number;
  migrations: number;
  columns: number;
  figures: Record<string, Figure>;
  /** CPU time (user + system) of the measured process, same keys; robust to other load on the machine. */
  cpu: Record<string, Figure>;
  /** The language server's peak RSS at the end of the edit session (cache warm). */
  peakRssMb: number;
  /** Peak RSS through the first complete analysis (database round included), without the cache. */
  peakRssNoCacheMb: number;
  /** The same with the cache warm. */
  peakRssWarmMb: number;
  introspectedTables: number;
  /** 1-minute load average of the machine when the size started and ended (other jobs inflate wall time). */
  load: { start: number; end: number };
  check: { alembicAddColumns: string[]; dmwDatabaseDrift: string[]; alembicOperations: string[]; agree: boolean;
    ratio: number;
    cpuRatio: number;
    /** alembic check against dmw check --database-url without its cache. */
    ratioNoCache: number;
    /** The same with the cache warm and the newest migration edited since (a pull request). */
    ratioEdited: number;
    /** The same two checks once on the plain backend, where neither may find anything. */
    plain: { alembicOperations: string[]; dmwDatabaseDrift: string[] };
  };
}

// Cache states: "no cache" (a first run, or DMW_NO_CACHE=1); "cache warm" (the project unchanged
// since the last run: parsed migrations, models reading and, for dmw check and dmw lint, their kept
// results); "newest migration edited" (warm, then that one file changed: what a pull request brings).
export const ROWS: { key: string; label: string }[] = [
  { key: "coldServerNoCache", label: "cold analysis, language server, no cache" },
  { key: "coldServer", label: "cold analysis, language server, cache warm" },
  { key: "coldCheckNoCache", label: "cold analysis, dmw check, no cache" },
  { key: "coldCheckEdited", label: "cold analysis, dmw check, newest migration edited" },
  { key: "coldCheck", label: "cold analysis, dmw check, cache warm" },
  { key: "modelEdit", label: "model edit -> drift diagnostic" },
  { key: "modelUndo", label: "undo -> drift diagnostic gone" },
  { key: "migrationEdit", label: "migration edit -> lint diagnostic" },
  { key: "migrationUndo", label: "undo -> lint diagnostic gone" },
  { key: "introspection", label: "database introspection (in-process)" },
  { key: "lintNoCache", label: "dmw lint, all migrations, no cache" },
  { key: "lintEdited", label: "dmw lint, all migrations, newest migration edited" },
  { key: "lint", label: "dmw lint, all migrations, cache warm" },
  { key: "checkDatabaseNoCache", label: "dmw check --database-url, no cache" },
  { key: "checkDatabaseEdited", label: "dmw check --database-url, newest migration edited" },
  { key: "checkDatabase", label: "dmw check --database-url, cache warm" },
  { key: "alembicCheck", label: "alembic check (process)" },
];

export interface TargetResult {
  target: string;
  measured: string;
  met: boolean;
}

const TARGET_SIZE = 500;

/** Targets are stated for N=500 / M=1000; sizes other than N=500 are not judged. */
export function judgeTargets(results: readonly SizeResult[]): TargetResult[] {
  const at = results.find((r) => r.models === TARGET_SIZE);
  if (!at) return [];
  const f = at.figures;
  const out: TargetResult[] = [];
  const ms = (v: number) => `${round(v)} ms`;
  const c = at.cpu;
  const cpu = (fig: Figure | undefined, which: "median" | "p95" = "median") => (fig && fig.runs > 0 ? ` (CPU ${round(fig[which])} ms)` : "");
  const cold = (label: string, key: string, limitMs: number) => {
    for (const [state, k] of [["no cache", `${key}NoCache`], ["newest migration edited", `${key}Edited`], ["cache warm", key]] as const) {
      if (!f[k]) continue;
      out.push({ target: `${label}, ${state}, median <= ${limitMs / 1000} s`, measured: ms(f[k].median) + cpu(c[k]), met: f[k].median <= limitMs });
    }
  };
  out.push({ target: "edit -> diagnostic p95 <= 30 ms", measured: ms(f.modelEdit.p95) + cpu(c.modelEdit, "p95"), met: f.modelEdit.p95 <= 30 });
  cold("cold analysis (server)", "coldServer", 1500);
  cold("cold analysis (dmw check)", "coldCheck", 1500);
  out.push({ target: `introspection of ${at.introspectedTables} tables <= 200 ms`, measured: ms(f.introspection.median), met: f.introspection.median <= 200 });
  cold(`lint of ${at.migrations} migrations`, "lint", 1000);
  const rss = (label: string, mb: number) => out.push({ target: `server peak RSS, ${label}, <= 150 MB`, measured: `${round(mb)} MB`, met: mb <= 150 });
  rss("first analysis, no cache", at.peakRssNoCacheMb);
  rss("first analysis, cache warm", at.peakRssWarmMb);
  rss("after 20 model and 20 migration edits", at.peakRssMb);
  const faster = (state: string, ratio: number, extra = "") => out.push({ target: `dmw check --database-url >= 20x faster than alembic check, ${state}`, measured: `${round(ratio)}x${extra}`, met: ratio >= 20 });
  faster("no cache", at.check.ratioNoCache);
  if (at.check.ratioEdited !== undefined) faster("newest migration edited", at.check.ratioEdited);
  faster("cache warm", at.check.ratio, ` (CPU ${round(at.check.cpuRatio)}x)`);
  out.push({ target: "dmw check --database-url < 0.37 s (cache warm)", measured: ms(f.checkDatabase.median) + cpu(c.checkDatabase), met: f.checkDatabase.median < 370 });
  return out;
}

function cell(f: Figure | undefined): string {
  return f && f.runs > 0 ? `${round(f.median)} / ${round(f.p95)}` : "-";
}

export function renderTable(results: readonly SizeResult[]): string {
  const header = ["wall time (ms, median / p95)", ...results.map((r) => `N=${r.models} M=${r.migrations}`)];
  const rows = ROWS.map((row) => [row.label, ...results.map((r) => cell(r.figures[row.key]))]);
  rows.push(["server peak RSS (MB), first analysis, no cache", ...results.map((r) => String(round(r.peakRssNoCacheMb)))]);
  rows.push(["server peak RSS (MB), first analysis, cache warm", ...results.map((r) => String(round(r.peakRssWarmMb)))]);
  rows.push(["server peak RSS (MB), after the edits", ...results.map((r) => String(round(r.peakRssMb)))]);
  rows.push(["alembic check / dmw check --database-url, no cache", ...results.map((r) => `${round(r.check.ratioNoCache)}x`)]);
  rows.push(["alembic check / dmw check --database-url, newest migration edited", ...results.map((r) => (r.check.ratioEdited !== undefined ? `${round(r.check.ratioEdited)}x` : "-"))]);
  rows.push(["alembic check / dmw check --database-url, cache warm", ...results.map((r) => `${round(r.check.ratio)}x`)]);
  rows.push(["runs (process / edit)", ...results.map((r) => `${r.figures.coldCheck.runs} / ${r.figures.modelEdit.runs}`)]);
  rows.push(["load average, start / end (cores: see machine)", ...results.map((r) => `${round(r.load.start)} / ${round(r.load.end)}`)]);
  return markdownTable(header, rows);
}

/** The same figures as CPU time of the measured process (the server for the editor rows). */
export function renderCpuTable(results: readonly SizeResult[]): string {
  const header = ["CPU time (ms, median / p95)", ...results.map((r) => `N=${r.models} M=${r.migrations}`)];
  const rows = ROWS.filter((row) => results.some((r) => (r.cpu[row.key]?.runs ?? 0) > 0)).map((row) => [row.label, ...results.map((r) => cell(r.cpu[row.key]))]);
  rows.push(["alembic check / dmw check (CPU ratio)", ...results.map((r) => `${round(r.check.cpuRatio)}x`)]);
  return markdownTable(header, rows);
}

function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`, ...rows.map(line)].join("\n");
}

export function renderTargets(targets: readonly TargetResult[]): string {
  if (targets.length === 0) return "targets: stated for N=500 / M=1000, which this run did not measure";
  const width = Math.max(...targets.map((t) => t.target.length));
  return targets.map((t) => `${t.met ? "met   " : "MISSED"}  ${t.target.padEnd(width)}  measured ${t.measured}`).join("\n");
}

export function renderDrift(results: readonly SizeResult[]): string {
  return results
    .map((r) => {
      const c = r.check;
      return [
        `N=${r.models}: drift ${c.agree ? "agrees" : "DISAGREES"}`,
        `  alembic check: ${c.alembicOperations.length} operation(s); add_column ${c.alembicAddColumns.join(", ") || "(none)"}`,
        `  dmw check:     ${c.dmwDatabaseDrift.join(", ") || "(none)"}`,
        `  plain backend: alembic ${c.plain.alembicOperations.join(", ") || "nothing"}; dmw ${c.plain.dmwDatabaseDrift.join(", ") || "nothing"}`,
      ].join("\n");
    })
    .join("\n");
}

export { figure };
