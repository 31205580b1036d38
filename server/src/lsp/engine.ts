// What the language server needs from the analysis engine, as one narrow port. The default
// implementation (engineAdapter.ts) composes project discovery, model parsing, history replay,
// diff, lint, the database reader and the writer; the server depends only on this shape.
import type { DatabaseProblem, DatabaseSnapshot } from "../database/types";
import type { SchemaChange } from "../diff/types";
import type { ProjectLayout } from "../project/types";
import type { Schema } from "../schema/types";
import type { MigrationWriter } from "./codeActions";
import type { FamilyFindings } from "./diagnostics";
import type { RenameHints } from "./editRenames";
import type { DmwSettings } from "./settings";

export type ReadFile = (path: string) => string | undefined;

export type DatabaseState =
  | { state: "not-configured" }
  | { state: "unavailable"; problem: DatabaseProblem; from: string }
  | { state: "connected"; snapshot: DatabaseSnapshot; from: string };

export interface AnalysisRequest {
  layout: ProjectLayout;
  settings: DmwSettings;
  /** Open buffers first, then disk. */
  readFile: ReadFile;
  /** Renames the user made in a buffer (table -> old -> new), passed to the diff. */
  renames: RenameHints;
  database: DatabaseState;
}

export interface WorkspaceAnalysis {
  layout: ProjectLayout;
  models: Schema;
  /** Schema at the migration head (static replay of the history). */
  head: Schema;
  heads: string[];
  /** What a new migration must do: migration head -> models. */
  changes: SchemaChange[];
  /** Every finding, by family (drift/graph/project/database codes vs lint rule ids). */
  findings: FamilyFindings[];
  /**
   * Present when migration lint was not run yet (it changed and is slower than the drift): runs
   * it and returns the complete findings. Until then `findings` holds the lint still valid.
   */
  completeLint?: () => FamilyFindings[];
  /** Revisions between the database stamp and the head; undefined when unknown or offline. */
  pending?: number;
  modelFiles: string[];
  migrationFiles: string[];
  /** Renders a migration on top of this analysis's head. */
  write: MigrationWriter;
}

export interface Engine {
  discover(root: string, settings: DmwSettings): ProjectLayout;
  analyze(request: AnalysisRequest): WorkspaceAnalysis;
  /**
   * Optional work before `analyze` that may yield to the event loop (parsing the migration files
   * not parsed yet), so a cold analysis does not hold every syntax tree at once.
   */
  prepare?(request: Pick<AnalysisRequest, "layout" | "readFile">): Promise<void>;
  /** Reads the database if one is configured. Never throws; never writes. */
  readDatabase(layout: ProjectLayout, settings: DmwSettings, readFile: ReadFile): Promise<DatabaseState>;
  /**
   * Writes what the analyses parsed and read (migrations, models) to the persistent cache, if it
   * changed: once per project after its first analysis, then only with `force` (shutdown).
   * Never throws.
   */
  persist?(force?: boolean): void;
  /**
   * Prepares for the next edit what the last analyses took from the persistent cache (the
   * models' per-file scans), a file per turn of the event loop; nothing when there is nothing to
   * prepare. Called once the database round is out. True when a project's models reading was
   * replaced (same result, new objects: analysing it once more makes the first edit's diffs
   * incremental too). Never throws.
   */
  warmUp?(): Promise<boolean>;
}
