// Settings as VS Code holds them -> the typed settings of the shared schema.
import * as vscode from "vscode";
import { resolveSettings, SETTINGS_SCHEMA, SETTINGS_SECTION, type DmwSettings } from "../../server/src/lsp/settings";

export function readSettings(resource?: vscode.Uri): DmwSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, resource ?? vscode.workspace.workspaceFolders?.[0]?.uri);
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(SETTINGS_SCHEMA)) raw[key] = config.get(key);
  return resolveSettings(raw);
}
