// Finding codes of the migration-history reader. Each has a page in docs/codes/<code>.md.
import type { Severity } from "../findings/types";

export const HISTORY_CODES = {
  "history-syntax-error": {
    severity: "error",
    summary: "A migration file does not parse; Alembic cannot import it and replay may miss operations.",
  },
  "graph-not-a-migration": {
    severity: "error",
    summary: "A Python file in the versions folder declares no literal `revision`; Alembic refuses to load the history.",
  },
  "graph-multiple-heads": {
    severity: "error",
    summary: "The history has more than one head; `alembic upgrade head` fails until a merge revision joins them.",
  },
  "graph-missing-parent": {
    severity: "error",
    summary: "A `down_revision` or `depends_on` names a revision that no file declares.",
  },
  "graph-duplicate-revision": {
    severity: "error",
    summary: "Two files declare the same revision id.",
  },
  "graph-cycle": {
    severity: "error",
    summary: "Revisions form a cycle through `down_revision`/`depends_on`; there is no order to apply them in.",
  },
  "history-opaque-step": {
    severity: "info",
    summary: "A revision runs SQL or code that cannot be replayed statically; tables it touches are marked uncertain.",
  },
  "history-replay-conflict": {
    severity: "warning",
    summary: "An operation refers to a table, column or constraint that does not exist at that point of the history.",
  },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type HistoryCode = keyof typeof HISTORY_CODES;
