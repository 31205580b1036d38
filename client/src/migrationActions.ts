// The client's own Alembic commands. Both ask the server (workspace/executeCommand): it holds the
// analysis, builds the migration from the current drift and creates the file through a workspace
// edit, which never overwrites an existing file.
import * as vscode from "vscode";
import { ExecuteCommandRequest } from "vscode-languageclient/node";
import { ServerCommands, type GenerateMigrationArgs, type GenerateMigrationResult, type StatusParams } from "../../server/src/lsp/protocol";
import { validateMigrationMessage } from "./migrationMessage";

// Also used by the Alembic commands' own prompts.
export { validateMigrationMessage };
import type { ExtensionServices } from "./services";

export const ClientCommands = {
  generateMigration: "dbMigrationWizard.generateMigration",
  refreshDatabase: "dbMigrationWizard.refreshDatabase",
} as const;

export function registerGenerateMigration(services: ExtensionServices): void {
  const command = vscode.commands.registerCommand(ClientCommands.generateMigration, async () => {
    const message = await vscode.window.showInputBox({
      title: "Generate migration",
      prompt: "Migration message",
      placeHolder: "add due_date to tasks",
      validateInput: validateMigrationMessage,
    });
    if (message === undefined) return;
    const active = vscode.window.activeTextEditor?.document.uri;
    const args: GenerateMigrationArgs = { message: message.trim(), ...(active?.scheme === "file" ? { uri: active.toString() } : {}) };
    const result = (await services.client.sendRequest(ExecuteCommandRequest.type, {
      command: ServerCommands.generateMigration,
      arguments: [args],
    })) as GenerateMigrationResult | null;
    if (!result) return;
    if (!result.ok) {
      void vscode.window.showWarningMessage(result.message);
      return;
    }
    services.output.appendLine(`Generated migration ${result.revision} (${result.changes} change(s)): ${result.uri}`);
    await vscode.window.showTextDocument(vscode.Uri.parse(result.uri));
  });
  services.context.subscriptions.push(command);
}

export function registerRefreshDatabase(services: ExtensionServices): void {
  const command = vscode.commands.registerCommand(ClientCommands.refreshDatabase, async () => {
    const status = await services.refreshDatabase();
    if (status?.offline && status.problem) void vscode.window.showWarningMessage(status.problem);
  });
  services.context.subscriptions.push(command);
}

export async function requestDatabaseRefresh(services: Pick<ExtensionServices, "client">): Promise<StatusParams | undefined> {
  const result = await services.client.sendRequest(ExecuteCommandRequest.type, { command: ServerCommands.refreshDatabase, arguments: [] });
  return (result ?? undefined) as StatusParams | undefined;
}
