// The registry of every finding code, by area. Each area owns its code table (severity and a one-line
// summary) beside its code; this module collects them so that docs, the CLI and the language server
// have one place to look a code up. Every registered code has a page docs/codes/<code>.md (a test
// checks it); lint rules have theirs under docs/rules/<id>.md and register with the linter.
import { DATABASE_CODE_TABLE } from "../database/codes";
import { HISTORY_CODES } from "../history/codes";
import { MODEL_CODES } from "../models/codes";
import { PROJECT_CODES } from "../project/codes";
import { DRIFT_CODES } from "./driftCodes";
import type { Severity } from "./types";

export type CodeArea = "project" | "models" | "history" | "drift" | "database" | "analysis";

export interface CodeInfo {
  code: string;
  area: CodeArea;
  severity: Severity;
  summary: string;
}

/** An area's table: code -> default severity and summary. */
export type CodeTable = Readonly<Record<string, { readonly severity: Severity; readonly summary: string }>>;

/** Codes of the analysis itself (reading files), not of any one producer. */
export const ANALYSIS_CODES = {
  "analysis-unreadable-file": {
    severity: "error",
    summary: "A model or migration file listed by the project layout cannot be read.",
  },
} as const satisfies CodeTable;

const AREAS: [CodeArea, CodeTable][] = [
  ["project", PROJECT_CODES],
  ["models", MODEL_CODES],
  ["history", HISTORY_CODES],
  ["analysis", ANALYSIS_CODES],
  ["drift", DRIFT_CODES],
  ["database", DATABASE_CODE_TABLE],
];

function collect(areas: [CodeArea, CodeTable][]): ReadonlyMap<string, CodeInfo> {
  const out = new Map<string, CodeInfo>();
  for (const [area, table] of areas) {
    for (const [code, info] of Object.entries(table)) {
      if (out.has(code)) throw new Error(`finding code ${code} is registered twice (${out.get(code)?.area} and ${area})`);
      out.set(code, { code, area, severity: info.severity, summary: info.summary });
    }
  }
  return out;
}

export const FINDING_CODES: ReadonlyMap<string, CodeInfo> = collect(AREAS);

export function codeInfo(code: string): CodeInfo | undefined {
  return FINDING_CODES.get(code);
}
