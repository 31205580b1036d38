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

/**
 * Groups findings by file path. Findings without a file (a database problem, a project-level
 * note) are returned apart: they are reported by message or status, not as squiggles.
 */
export function diagnosticsByFile(groups: readonly FamilyFindings[]): { byFile: Map<string, Diagnostic[]>; fileless: Finding[] } {
  const byFile = new Map<string, Diagnostic[]>();
  const fileless: Finding[] = [];
  const seen = new Set<string>();
  for (const { family, findings } of groups) {
    for (const finding of findings) {
      if (!finding.file) {
        fileless.push(finding);
        continue;
      }
      // The same finding can come from two analyses (e.g. history and database agree): show it once.
      const key = `${finding.file}\u0000${finding.code}\u0000${JSON.stringify(finding.range ?? null)}\u0000${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const list = byFile.get(finding.file) ?? [];
      list.push(toDiagnostic(finding, family));
      byFile.set(finding.file, list);
    }
  }
  for (const list of byFile.values()) list.sort(compareDiagnostics);
  return { byFile, fileless };
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || String(a.code).localeCompare(String(b.code));
}

/**
 * Remembers what was last published per file and computes the next round of
 * `publishDiagnostics`: every file with diagnostics now, plus an empty list for each file that had
 * some before and has none now (so stale squiggles disappear). Unchanged files are skipped.
 */
export class DiagnosticsLedger {
  private published = new Map<string, string>();

  next(byFile: ReadonlyMap<string, Diagnostic[]>): { file: string; diagnostics: Diagnostic[] }[] {
    const out: { file: string; diagnostics: Diagnostic[] }[] = [];
    for (const [file, diagnostics] of byFile) {
      const fingerprint = JSON.stringify(diagnostics);
      if (this.published.get(file) === fingerprint) continue;
      this.published.set(file, fingerprint);
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
