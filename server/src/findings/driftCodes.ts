// Drift codes: one stable code per (comparison, kind of difference).
//
// Every comparison has a reference side (`to`, what should be) and a lagging side (`from`):
//   models-history    models are the reference, the migration history lags  -> `migration-<what>`
//   models-database   models are the reference, the database lags           -> `db-<what>`
//   history-database  the migration history is the reference, the database lags -> `db-history-<what>`
// `<what>` is said from the lagging side: `missing-column` = the lagging side lacks a column the
// reference has; `extra-column` = the lagging side has a column the reference does not.
// The full index with explanations is docs/codes.md; each code has docs/codes/<code>.md.
import type { SchemaChangeKind } from "../diff/types";
import type { Severity } from "./types";

export type Comparison = "models-history" | "models-database" | "history-database";

export const COMPARISON_PREFIX: Record<Comparison, string> = {
  "models-history": "migration-",
  "models-database": "db-",
  "history-database": "db-history-",
};

/** The suffix of each change kind, shared by the three comparisons. */
export const DRIFT_SUFFIX: Record<SchemaChangeKind, string> = {
  "add-table": "missing-table",
  "drop-table": "extra-table",
  "add-column": "missing-column",
  "drop-column": "extra-column",
  "rename-column": "rename-candidate",
  "alter-type": "type-mismatch",
  "alter-nullable": "nullable-mismatch",
  "alter-server-default": "default-mismatch",
  "alter-primary-key": "primary-key-mismatch",
  "add-foreign-key": "missing-foreign-key",
  "drop-foreign-key": "extra-foreign-key",
  "alter-foreign-key": "foreign-key-mismatch",
  "add-index": "missing-index",
  "drop-index": "extra-index",
  "rename-index": "index-name-mismatch",
  "unknown-index": "unknown-index",
  "add-unique": "missing-unique",
  "drop-unique": "extra-unique",
  "add-enum": "missing-enum",
  "drop-enum": "extra-enum",
  "alter-enum": "enum-mismatch",
};

/**
 * Default severity per change kind. Differences that break queries or lose data are errors;
 * a server default compared through normalised text may differ in spelling only, so a warning;
 * an expression/partial index cannot be compared at all, so information.
 * Tables the producer is unsure of (opaque SQL in a migration) lower errors to warnings.
 */
export const DRIFT_SEVERITY: Record<SchemaChangeKind, Severity> = {
  "add-table": "error",
  "drop-table": "error",
  "add-column": "error",
  "drop-column": "error",
  "rename-column": "error",
  "alter-type": "error",
  "alter-nullable": "error",
  "alter-server-default": "warning",
  "alter-primary-key": "error",
  "add-foreign-key": "error",
  "drop-foreign-key": "error",
  "alter-foreign-key": "error",
  "add-index": "error",
  "drop-index": "error",
  "rename-index": "warning",
  "unknown-index": "info",
  "add-unique": "error",
  "drop-unique": "error",
  "add-enum": "error",
  "drop-enum": "error",
  "alter-enum": "error",
};

const SUMMARY: Record<SchemaChangeKind, string> = {
  "add-table": "a table of the reference side is missing",
  "drop-table": "a table exists that the reference side does not have",
  "add-column": "a column of the reference side is missing",
  "drop-column": "a column exists that the reference side does not have",
  "rename-column": "one column disappeared and a compatible one appeared: probably a rename",
  "alter-type": "a column has a different type",
  "alter-nullable": "a column differs in NOT NULL",
  "alter-server-default": "a column has a different server default",
  "alter-primary-key": "the primary key has different columns",
  "add-foreign-key": "a foreign key of the reference side is missing",
  "drop-foreign-key": "a foreign key exists that the reference side does not have",
  "alter-foreign-key": "a foreign key has a different ON DELETE / ON UPDATE action",
  "add-index": "an index of the reference side is missing",
  "drop-index": "an index exists that the reference side does not have",
  "rename-index": "the same index has another name (often left behind by a column rename)",
  "unknown-index": "an expression or partial index that cannot be compared",
  "add-unique": "a unique constraint of the reference side is missing",
  "drop-unique": "a unique constraint exists that the reference side does not have",
  "add-enum": "an enum type of the reference side is missing",
  "drop-enum": "an enum type exists that the reference side does not have",
  "alter-enum": "an enum type has different labels or label order",
};

const COMPARISON_WORDS: Record<Comparison, string> = {
  "models-history": "models vs migration history",
  "models-database": "models vs database",
  "history-database": "migration history vs database",
};

export function driftCode(comparison: Comparison, kind: SchemaChangeKind): string {
  return COMPARISON_PREFIX[comparison] + DRIFT_SUFFIX[kind];
}

export interface DriftCodeInfo {
  severity: Severity;
  summary: string;
  comparison: Comparison;
  kind: SchemaChangeKind;
}

/** Every drift code (3 comparisons x 21 kinds of difference), keyed by code. */
export const DRIFT_CODES: Record<string, DriftCodeInfo> = Object.fromEntries(
  (Object.keys(COMPARISON_PREFIX) as Comparison[]).flatMap((comparison) =>
    (Object.keys(DRIFT_SUFFIX) as SchemaChangeKind[]).map((kind) => [
      driftCode(comparison, kind),
      { severity: DRIFT_SEVERITY[kind], summary: `${COMPARISON_WORDS[comparison]}: ${SUMMARY[kind]}.`, comparison, kind },
    ]),
  ),
);
