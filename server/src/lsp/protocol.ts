// The custom part of the protocol between our VS Code client and the language server, declared
// once and imported by both sides so names and payloads cannot drift apart.
import { NotificationType } from "vscode-languageserver-protocol";

/** Source of every diagnostic we publish; also the client's output channel name. */
export const DIAGNOSTIC_SOURCE = "db-migration-wizard";

/** Where the database stands relative to the migration history; drives the status bar. */
export interface StatusParams {
  /** Revision(s) stamped in the database's alembic_version; empty when none or offline. */
  dbRevisions: string[];
  /** Head revision(s) of the migration history; several means the history needs a merge. */
  heads: string[];
  /** Revisions between the database stamp and the head; undefined when unknown (offline, unknown stamp). */
  pending?: number;
  /** True when no database is configured or it cannot be reached. */
  offline: boolean;
  /** Why the database is offline (never contains a password); absent when none is configured. */
  problem?: string;
  /** Count of model changes no migration covers yet. */
  modelChanges: number;
}

export const statusNotification = new NotificationType<StatusParams>("dmw/status");

/** `workspace/executeCommand` ids the server handles (the client's own commands call these). */
export const ServerCommands = {
  /** Re-read the database schema now. No arguments. Returns StatusParams. */
  refreshDatabase: "dmw.server.refreshDatabase",
  /** Write a migration for every model change (args: [GenerateMigrationArgs]). Returns GenerateMigrationResult. */
  generateMigration: "dmw.server.generateMigration",
  /** Show a documentation page (args: [url]) through window/showDocument. */
  openDocs: "dmw.server.openDocs",
} as const;

export interface GenerateMigrationArgs {
  /** Migration message (becomes the docstring and the file name's slug). */
  message?: string;
  /** A file of the project to generate for (the active editor), when the workspace has several. */
  uri?: string;
}

export type GenerateMigrationResult =
  | { ok: true; uri: string; revision: string; changes: number }
  | { ok: false; message: string };
