// A finding is what every analysis produces and every view renders: CLI text/JSON lines,
// LSP diagnostics, hover text. `code` is stable and documented in docs/codes.md.
import type { Range } from "../schema/types";

export type Severity = "error" | "warning" | "info" | "hint";

export interface Finding {
  code: string;
  severity: Severity;
  /** One sentence a person understands, naming table and column. Never contains a password. */
  message: string;
  /** Absolute path of the file the finding points at (model line, migration line, alembic.ini). */
  file?: string;
  range?: Range;
  table?: string;
  column?: string;
  /** Machine-readable payload for quick fixes (e.g. the schema change). Not part of the CLI JSON. */
  data?: unknown;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };
