// Quick fixes on drift diagnostics. Each is a WorkspaceEdit that creates a new migration file
// under versions/ (CreateFile without overwrite, then one insert), built from the SchemaChange in
// Diagnostic.data, so the action is stateless and never replaces an existing file.
import { CodeActionKind, type CodeAction, type Diagnostic, type WorkspaceEdit } from "vscode-languageserver";
import * as path from "node:path";
import type { SchemaChange } from "../diff/types";
import { DRIFT_CODES } from "../findings/driftCodes";
import type { DiagnosticData } from "./diagnostics";
import { DIAGNOSTIC_SOURCE } from "./protocol";
import { uriOf } from "./uris";

/** A migration file, as the writer renders it. */
export interface WrittenMigration {
  fileName: string;
  text: string;
  revision: string;
}

/** Renders a migration for changes (history head -> models), or says why it cannot. */
export type MigrationWriter = (changes: readonly SchemaChange[], message: string) => WrittenMigration | { error: string };

export interface CodeActionContext {
  /** Folder new migrations go to (the first version location). Undefined: no quick fixes. */
  versionsDir?: string;
  /** Every model change no migration covers yet (history head -> models). */
  allChanges: readonly SchemaChange[];
  write: MigrationWriter;
  /** The client can apply CreateFile in a WorkspaceEdit (workspace.workspaceEdit.resourceOperations). */
  canCreateFiles: boolean;
}

/** Drift between models and the migration history: a new migration is the fix. */
export function isMigrationDrift(diagnostic: Diagnostic): boolean {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== "string") return false;
  const info = DRIFT_CODES[diagnostic.code];
  return info?.comparison === "models-history" && changeOf(diagnostic) !== undefined && info.kind !== "unknown-index";
}

export function changeOf(diagnostic: Diagnostic): SchemaChange | undefined {
  const data = diagnostic.data as DiagnosticData | undefined;
  const payload = data?.payload as SchemaChange | undefined;
  return payload && typeof payload === "object" && typeof payload.kind === "string" ? payload : undefined;
}

export function codeActionsFor(diagnostics: readonly Diagnostic[], ctx: CodeActionContext): CodeAction[] {
  if (!ctx.versionsDir || !ctx.canCreateFiles) return [];
  const actions: (CodeAction | undefined)[] = [];
  const drift = diagnostics.filter(isMigrationDrift);
  for (const diagnostic of drift) {
    const change = changeOf(diagnostic)!;
    if (change.kind === "rename-column") {
      // The renamed column's indexes named after it (ix_tasks_user_id) are renamed with it.
      const indexes = ctx.allChanges.filter((c) => c.kind === "rename-index" && c.table === change.table && c.to.columns.includes(change.to.name));
      actions.push(
        action(`Generate migration: rename ${change.table}.${change.from.name} to ${change.to.name} (keeps the data)`, [change, ...indexes], diagnostic, ctx, true),
      );
      actions.push(
        action(
          `Generate migration: drop ${change.table}.${change.from.name} and add ${change.to.name} (loses the column's data)`,
          splitRename(change),
          diagnostic,
          ctx,
          false,
        ),
      );
    } else {
      actions.push(action("Generate migration for this change", [change], diagnostic, ctx, drift.length === 1 && ctx.allChanges.length === 1));
    }
  }
  if (drift.length > 0 && ctx.allChanges.length > 1) {
    actions.push(action(`Generate migration for all model changes (${ctx.allChanges.length})`, ctx.allChanges, drift[0], ctx, false, drift));
  }
  return actions.filter((a): a is CodeAction => a !== undefined);
}

/** The data-losing alternative to a rename: the old column goes, a new empty one comes. */
export function splitRename(change: Extract<SchemaChange, { kind: "rename-column" }>): SchemaChange[] {
  return [
    { kind: "drop-column", table: change.table, column: change.from },
    { kind: "add-column", table: change.table, column: change.to },
  ];
}

function action(
  title: string,
  changes: readonly SchemaChange[],
  diagnostic: Diagnostic,
  ctx: CodeActionContext,
  preferred: boolean,
  diagnostics: Diagnostic[] = [diagnostic],
): CodeAction | undefined {
  const written = ctx.write(changes, migrationMessage(changes));
  if ("error" in written) return undefined;
  const edit = createFileEdit(path.join(ctx.versionsDir!, written.fileName), written.text);
  return { title, kind: CodeActionKind.QuickFix, diagnostics, isPreferred: preferred || undefined, edit };
}

export function createFileEdit(file: string, text: string): WorkspaceEdit {
  const uri = uriOf(file);
  return {
    documentChanges: [
      { kind: "create", uri, options: { overwrite: false, ignoreIfExists: false } },
      { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] },
    ],
  };
}

/** A message in Alembic's usual style for the changes, e.g. "add due_date to tasks". */
export function migrationMessage(changes: readonly SchemaChange[]): string {
  if (changes.length !== 1) {
    const tables = [...new Set(changes.map(tableName).filter(Boolean))];
    return tables.length > 0 && tables.length <= 3 ? `update ${tables.join(", ")}` : "update schema";
  }
  const change = changes[0];
  switch (change.kind) {
    case "add-table":
      return `create ${change.table.name} table`;
    case "drop-table":
      return `drop ${change.table.name} table`;
    case "add-column":
      return `add ${change.column.name} to ${change.table}`;
    case "drop-column":
      return `drop ${change.column.name} from ${change.table}`;
    case "rename-column":
      return `rename ${change.table} ${change.from.name} to ${change.to.name}`;
    case "alter-type":
    case "alter-nullable":
    case "alter-server-default":
      return `alter ${change.table} ${change.column}`;
    case "add-enum":
    case "drop-enum":
      return `${change.kind === "add-enum" ? "create" : "drop"} ${change.enumType.name} enum`;
    case "alter-enum":
      return `alter ${change.to.name} enum`;
    default:
      return `update ${change.table}`;
  }
}

function tableName(change: SchemaChange): string | undefined {
  if (change.kind === "add-table" || change.kind === "drop-table") return change.table.name;
  if ("table" in change && typeof change.table === "string") return change.table;
  return undefined;
}
