// Findings -> LSP diagnostics, grouped per file, and the bookkeeping that clears files which no
// longer have any. Pure: no connection, no file system.
import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver";
import type { Finding, Severity } from "../findings/types";
import type { Range } from "../schema/types";
import { docsHref, type CodeFamily } from "./docsLinks";
import { DIAGNOSTIC_SOURCE } from "./protocol";

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** What travels in `Diagnostic.data`, so code actions need no server-side lookup of the finding. */
export interface DiagnosticData {
  family: CodeFamily;
  table?: string;
  column?: string;
  /** The finding's own payload: a SchemaChange for drift, fixes for lint. */
  payload?: unknown;
}

export function toDiagnostic(finding: Finding, family: CodeFamily): Diagnostic {
  const data: DiagnosticData = { family };
  if (finding.table) data.table = finding.table;
  if (finding.column) data.column = finding.column;
  if (finding.data !== undefined) data.payload = finding.data;
  return {
    range: finding.range ?? FILE_START,
    severity: SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning,
    code: finding.code,
    codeDescription: { href: docsHref(finding.code, family) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
}

export interface FamilyFindings {
  family: CodeFamily;
  findings: readonly Finding[];
}

/** One file's diagnostics of a group (deduplicated, sorted), with the keys that deduplicate them. */
interface FileEntry {
  keys: string[];
  diagnostics: Diagnostic[];
  /** The group's findings on the file, in order, duplicates included: what the entry was made of. */
  sources: readonly Finding[];
}

/** One group's diagnostics per file. */
interface GroupDiagnostics {
  byFile: Map<string, FileEntry>;
  fileless: Finding[];
}

// Converted groups, by their findings array: the lint of an unchanged history is the same array
// from one analysis to the next, so a model edit converts only the drift findings again. Finding
// arrays handed to `diagnosticsByFile` are treated as immutable.
const converted = new WeakMap<readonly Finding[], Partial<Record<CodeFamily, GroupDiagnostics>>>();

// Per finding object: its key and its diagnostic (for one family). An incremental lint keeps the
// finding objects of revisions it did not re-lint, so their diagnostics are not built again.
const perFinding = new WeakMap<Finding, { key: string; family?: CodeFamily; diagnostic?: Diagnostic }>();

function memoOf(finding: Finding): { key: string; family?: CodeFamily; diagnostic?: Diagnostic } {
  let memo = perFinding.get(finding);
  if (!memo) perFinding.set(finding, (memo = { key: dedupeKey(finding) }));
  return memo;
}

// The same finding can come from two analyses (e.g. history and database agree): show it once.
function dedupeKey(finding: Finding): string {
  return `${finding.file}\u0000${finding.code}\u0000${JSON.stringify(finding.range ?? null)}\u0000${finding.message}`;
}

function diagnosticOf(finding: Finding, family: CodeFamily): Diagnostic {
  const memo = memoOf(finding);
  if (memo.diagnostic && memo.family === family) return memo.diagnostic;
  memo.family = family;
  memo.diagnostic = toDiagnostic(finding, family);
  return memo.diagnostic;
}

// The last conversion of each family: when a new findings array holds, for a file, the very
// finding objects it held then (an incremental lint keeps those of the revisions it did not lint
// again), the file keeps its entry, and a thousand unchanged files cost no new arrays.
const lastOfFamily = new Map<CodeFamily, GroupDiagnostics>();

function groupDiagnostics({ family, findings }: FamilyFindings): GroupDiagnostics {
  const byFamily = converted.get(findings) ?? {};
  const cached = byFamily[family];
  if (cached) return cached;
  const last = lastOfFamily.get(family);
  const byFile: GroupDiagnostics["byFile"] = new Map();
  const fileless: Finding[] = [];
  // Findings come in runs per file (each revision's lint, each model file's drift).
  for (let start = 0; start < findings.length; ) {
    const file = findings[start].file;
    if (!file) {
      fileless.push(findings[start++]);
      continue;
    }
    let end = start + 1;
    while (end < findings.length && findings[end].file === file) end++;
    const earlier = byFile.get(file);
    const kept = earlier ? undefined : last?.byFile.get(file);
    if (kept && sameRun(kept.sources, findings, start, end)) byFile.set(file, kept);
    else byFile.set(file, fileEntry([...(earlier?.sources ?? []), ...findings.slice(start, end)], family));
    start = end;
  }
  const result = { byFile, fileless };
  byFamily[family] = result;
  converted.set(findings, byFamily);
  lastOfFamily.set(family, result);
  return result;
}

function sameRun(sources: readonly Finding[], findings: readonly Finding[], start: number, end: number): boolean {
  if (sources.length !== end - start) return false;
  for (let i = start; i < end; i++) if (sources[i - start] !== findings[i]) return false;
  return true;
}

/** A file's findings -> its diagnostics: each key once (the first finding with it), sorted. */
function fileEntry(sources: readonly Finding[], family: CodeFamily): FileEntry {
  const entry: FileEntry = { keys: [], diagnostics: [], sources };
  const seen = new Set<string>();
  for (const finding of sources) {
    const key = memoOf(finding).key;
    if (seen.has(key)) continue;
    seen.add(key);
    entry.keys.push(key);
    entry.diagnostics.push(diagnosticOf(finding, family));
  }
  sortTogether(entry);
  return entry;
}

/** Sorts diagnostics by position (stable: ties keep their order), keeping each key beside its diagnostic. */
function sortTogether(entry: { keys: string[]; diagnostics: Diagnostic[] }): void {
  if (entry.diagnostics.length < 2) return; // most files have one finding: nothing to sort
  const order = entry.diagnostics.map((_, i) => i).sort((a, b) => compareDiagnostics(entry.diagnostics[a], entry.diagnostics[b]) || a - b);
  entry.keys = order.map((i) => entry.keys[i]);
  entry.diagnostics = order.map((i) => entry.diagnostics[i]);
}

/**
 * Groups findings by file path. Findings without a file (a database problem, a project-level
 * note) are returned apart: they are reported by message or status, not as squiggles.
 * A file whose diagnostics all come from one group gets that group's converted array, the same
 * object while the group's findings array is the same (the ledger then skips it cheaply).
 */
export function diagnosticsByFile(groups: readonly FamilyFindings[]): { byFile: Map<string, Diagnostic[]>; fileless: Finding[] } {
  const perGroup = groups.map(groupDiagnostics);
  const fileless = perGroup.flatMap((group) => group.fileless);
  // Per file, in the order files first appear: its first group's part, and the others' if any. A
  // publication goes through every file of the project (a thousand migrations), so the common
  // case, one group per file, allocates nothing per file.
  const first = new Map<string, FileEntry>();
  const more = new Map<string, FileEntry[]>();
  for (const group of perGroup) {
    for (const [file, part] of group.byFile) {
      const earlier = first.get(file);
      if (!earlier) {
        first.set(file, part);
        continue;
      }
      const parts = more.get(file);
      if (parts) parts.push(part);
      else more.set(file, [earlier, part]);
    }
  }
  const byFile = new Map<string, Diagnostic[]>();
  for (const [file, part] of first) {
    const parts = more.get(file);
    if (!parts) {
      byFile.set(file, part.diagnostics);
      continue;
    }
    // Several groups on one file: first occurrence wins, then one stable sort, as for one group.
    const seen = new Set<string>();
    const merged: Diagnostic[] = [];
    for (const { keys, diagnostics } of parts) {
      keys.forEach((key, i) => {
        if (seen.has(key)) return;
        seen.add(key);
        merged.push(diagnostics[i]);
      });
    }
    byFile.set(file, merged.sort(compareDiagnostics));
  }
  return { byFile, fileless };
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || String(a.code).localeCompare(String(b.code));
}

/** The same diagnostic objects in the same order (diagnostics are never changed once built). */
function sameElements(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a === b || (a.length === b.length && a.every((d, i) => d === b[i]));
}

/**
 * Remembers what was last published per file and computes the next round of
 * `publishDiagnostics`: every file with diagnostics now, plus an empty list for each file that had
 * some before and has none now (so stale squiggles disappear). Unchanged files are skipped.
 */
export class DiagnosticsLedger {
  /** Per file: the array last published and its JSON (an identical array is skipped unread). */
  private published = new Map<string, { diagnostics: Diagnostic[]; fingerprint: string }>();

  next(byFile: ReadonlyMap<string, Diagnostic[]>): { file: string; diagnostics: Diagnostic[] }[] {
    const out: { file: string; diagnostics: Diagnostic[] }[] = [];
    for (const [file, diagnostics] of byFile) {
      const last = this.published.get(file);
      if (last && sameElements(last.diagnostics, diagnostics)) continue;
      const fingerprint = JSON.stringify(diagnostics);
      this.published.set(file, { diagnostics, fingerprint });
      if (last?.fingerprint === fingerprint) continue;
      out.push({ file, diagnostics });
    }
    for (const file of [...this.published.keys()]) {
      if (byFile.has(file)) continue;
      this.published.delete(file);
      out.push({ file, diagnostics: [] });
    }
    return out;
  }

  /** Forget a file (closed and deleted): its next publication is sent even if unchanged. */
  forget(file: string): void {
    this.published.delete(file);
  }
}
