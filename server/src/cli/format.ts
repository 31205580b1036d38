// Rendering findings for the command line, shared by `dmw check` and `dmw lint`.
// Text: one compiler-style line per finding (`path:line:col: severity code message`, 1-based
// line and column, path relative to the working directory), then a one-line summary.
// JSON (public contract): {"findings":[{code, severity, message, file, range, table, column}],
// "summary":{errors, warnings, info, hints, total}}; ranges 0-based as in LSP; keys that do not
// apply are omitted; `data` is never included.
import { isAbsolute, relative, sep } from "node:path";
import type { Range } from "../schema/types";
import { SEVERITY_ORDER, type Finding, type Severity } from "../findings/types";

export type OutputFormat = "text" | "json";

export interface FindingSummary {
  errors: number;
  warnings: number;
  info: number;
  hints: number;
  total: number;
}

export interface JsonFinding {
  code: string;
  severity: Severity;
  message: string;
  file?: string;
  range?: Range;
  table?: string;
  column?: string;
}

/** Path for display: relative to `cwd` with `/` separators, unless it lies outside `cwd`. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  const shown = rel === "" || rel.startsWith("..") || isAbsolute(rel) ? file : rel;
  return shown.split(sep).join("/");
}

/**
 * File, then position, then severity, then code; findings without a file first. Stable. Texts
 * compare by code unit, not by locale: the same output on every machine, whatever LANG says (and
 * no collation tables to load, which cost a short-lived process 8-15 ms).
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareText(a.file ?? "", b.file ?? "") ||
      (a.range?.start.line ?? -1) - (b.range?.start.line ?? -1) ||
      (a.range?.start.character ?? -1) - (b.range?.start.character ?? -1) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      compareText(a.code, b.code),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function summarize(findings: readonly Finding[]): FindingSummary {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return { errors: count("error"), warnings: count("warning"), info: count("info"), hints: count("hint"), total: findings.length };
}

/** `app/models/task.py:18:5: error migration-missing-column tasks.due_date is ...` */
export function formatFindingLine(finding: Finding, cwd: string): string {
  const text = `${finding.severity} ${finding.code} ${oneLine(finding.message)}`;
  if (!finding.file) return text;
  const where = finding.range ? `:${finding.range.start.line + 1}:${finding.range.start.character + 1}` : "";
  return `${displayPath(finding.file, cwd)}${where}: ${text}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function formatSummaryLine(summary: FindingSummary): string {
  if (summary.total === 0) return "no problems found";
  const parts = [plural(summary.errors, "error", "errors"), plural(summary.warnings, "warning", "warnings")];
  if (summary.info > 0) parts.push(`${summary.info} info`);
  if (summary.hints > 0) parts.push(plural(summary.hints, "hint", "hints"));
  return `${plural(summary.total, "problem", "problems")} (${parts.join(", ")})`;
}

export function formatText(findings: readonly Finding[], cwd: string): string {
  const sorted = sortFindings(findings);
  return [...sorted.map((f) => formatFindingLine(f, cwd)), formatSummaryLine(summarize(sorted))].join("\n") + "\n";
}

export function toJsonFinding(finding: Finding, cwd: string): JsonFinding {
  return {
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    ...(finding.file ? { file: displayPath(finding.file, cwd) } : {}),
    ...(finding.range ? { range: copyRange(finding.range) } : {}),
    ...(finding.table !== undefined ? { table: finding.table } : {}),
    ...(finding.column !== undefined ? { column: finding.column } : {}),
  };
}

export function formatJson(findings: readonly Finding[], cwd: string): string {
  const sorted = sortFindings(findings);
  return JSON.stringify({ findings: sorted.map((f) => toJsonFinding(f, cwd)), summary: summarize(sorted) }, null, 2) + "\n";
}

export function formatFindings(findings: readonly Finding[], format: OutputFormat, cwd: string): string {
  return format === "json" ? formatJson(findings, cwd) : formatText(findings, cwd);
}

/** Exit status of a finished analysis: 1 when any finding is an error, else 0. */
export function exitCodeFor(findings: readonly Finding[]): 0 | 1 {
  return findings.some((f) => f.severity === "error") ? 1 : 0;
}

function copyRange(range: Range): Range {
  return { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } };
}

/** Messages are one line in text output, whatever a producer put in them. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, " ");
}
