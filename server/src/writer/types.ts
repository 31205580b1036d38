// The migration writer's vocabulary: a plan is an ordered list of steps, each carrying its own
// upgrade lines and the lines that undo it. `renderMigration` turns a plan into an Alembic file.
import type { Schema } from "../schema/types";

/**
 * Where a step runs in `upgrade()`. The order is the safe order: checks before anything changes,
 * referenced tables before the tables and columns that point at them, data conversions before the
 * constraints that rely on them, indexes after the data is in place, destructive drops last.
 * `downgrade()` runs the steps' inverses in exactly the reverse order.
 */
export const PHASES = [
  "enum-values", // ALTER TYPE ... ADD VALUE: must commit before anything uses the label
  "data-mapping", // scaffolded CASE mappings for values found in the database
  "guard", // checks that raise before anything is altered
  "create-enum",
  "loosen", // drop constraints/indexes that are replaced or would block a change
  "create-table",
  "add-column",
  "rename",
  "convert",
  "backfill",
  "nullability",
  "server-default",
  "primary-key",
  "unique",
  "foreign-key",
  "index",
  "drop-column",
  "drop-table",
  "drop-enum",
] as const;

export type Phase = (typeof PHASES)[number];

export interface MigrationStep {
  phase: Phase;
  /** One line for people: "add column tasks.due_date". */
  summary: string;
  /** Python statements (no indentation) for upgrade(); comments allowed. */
  upgrade: string[];
  /** Python statements that undo `upgrade`, in their own order. */
  downgrade: string[];
}

export interface MigrationPlan {
  steps: MigrationStep[];
  /** Comments for the top of upgrade(): what needs a decision before this migration can run. */
  notes: string[];
  /** Warnings shown to the user by the CLI/quick fix (data loss, manual steps). */
  warnings: string[];
}

/** What the live database tells the writer. Everything optional: the writer works without it. */
export interface WriterDatabaseFacts {
  /** The introspected schema: constraint and index names as they really are. */
  schema?: Schema;
  /**
   * Values found in a column that would not convert to its new type, keyed `table.column`
   * (the column's name in the database, before any rename). Rendered as a CASE mapping scaffold.
   */
  nonCastable?: Record<string, string[]>;
}

export interface WriterContext {
  /** The schema at the migration head (history): existing types, names, enum users. */
  headSchema: Schema;
  /** The schema the migration must reach (models); used for enum users after the change. */
  targetSchema?: Schema;
  database?: WriterDatabaseFacts;
}

export interface MigrationMeta {
  message: string;
  /** 12 hex digits. */
  revision: string;
  /** The current head, or undefined for the first migration. */
  downRevision?: string;
  createDate: Date;
}
