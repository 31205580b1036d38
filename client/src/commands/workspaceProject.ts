// Finds the Alembic project of the workspace (or of a clicked file) and reads its history.
import * as vscode from "vscode";
import { loadHistory, type LoadedHistory } from "../view/readHistory";
import type { ExtensionServices } from "../services";

export interface WorkspaceProject extends LoadedHistory {
  folder: vscode.WorkspaceFolder;
  iniPath: string;
}

/** The folder holding `uri`, else every workspace folder in order: the first with an alembic.ini wins. */
export function locateProject(services: ExtensionServices, uri?: vscode.Uri): WorkspaceProject | undefined {
  const owner = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
  const folders = owner ? [owner] : [...(vscode.workspace.workspaceFolders ?? [])];
  for (const folder of folders) {
    const settings = services.settings(folder.uri);
    let loaded: LoadedHistory;
    try {
      loaded = loadHistory(folder.uri.fsPath, {
        ...(settings.alembicIni ? { alembicIni: settings.alembicIni } : {}),
        ...(settings.versionsDir ? { versionsDir: settings.versionsDir } : {}),
      });
    } catch (error) {
      services.output.appendLine(`Could not read the migration history of ${folder.name}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (loaded.layout.alembicIni) return { ...loaded, folder, iniPath: loaded.layout.alembicIni };
  }
  return undefined;
}
