// Server-side commands (workspace/executeCommand). Pure planning here; server.ts applies the edit
// through the client (workspace/applyEdit), so the server itself never writes a file.
import * as path from "node:path";
import type { WorkspaceEdit } from "vscode-languageserver";
import { createFileEdit, migrationMessage } from "./codeActions";
import type { WorkspaceAnalysis } from "./engine";
import type { GenerateMigrationArgs } from "./protocol";
import { uriOf } from "./uris";

export type GeneratePlan = { ok: true; edit: WorkspaceEdit; uri: string; revision: string; changes: number } | { ok: false; message: string };

export function parseGenerateArgs(args: unknown[] | undefined): GenerateMigrationArgs {
  const first = args?.[0];
  if (!first || typeof first !== "object") return {};
  const { message, uri } = first as GenerateMigrationArgs;
  return { ...(typeof message === "string" ? { message } : {}), ...(typeof uri === "string" ? { uri } : {}) };
}

export function planGenerateAll(analysis: WorkspaceAnalysis | undefined, args: GenerateMigrationArgs): GeneratePlan {
  if (!analysis) return { ok: false, message: "The project has not been analysed yet; try again in a moment." };
  const versionsDir = analysis.layout.versionsDirs[0];
  if (!versionsDir) return { ok: false, message: "No migration folder found: set dbMigrationWizard.versionsDir or script_location in alembic.ini." };
  if (analysis.heads.length > 1) {
    return { ok: false, message: `The migration history has ${analysis.heads.length} heads (${analysis.heads.join(", ")}); merge them first (alembic merge heads).` };
  }
  if (analysis.changes.length === 0) return { ok: false, message: "The models match the migration head: there is nothing to generate." };
  const message = args.message?.trim() || migrationMessage(analysis.changes);
  const written = analysis.write(analysis.changes, message);
  if ("error" in written) return { ok: false, message: written.error };
  const file = path.join(versionsDir, written.fileName);
  return { ok: true, edit: createFileEdit(file, written.text), uri: uriOf(file), revision: written.revision, changes: analysis.changes.length };
}
