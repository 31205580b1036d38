// The interpreter selected in the Python extension (ms-python.python), when it is installed.
// Its API: `environments.getActiveEnvironmentPath(resource)` and `resolveEnvironment(...)`
// (vscode-python's published API, @vscode/python-extension 1.0); older releases only have
// `settings.getExecutionDetails(resource).execCommand`. Any failure means "not available".
import * as vscode from "vscode";

interface PythonApi {
  environments?: {
    getActiveEnvironmentPath?(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment?(env: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
  settings?: { getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] } | undefined };
}

export async function selectedPython(resource: vscode.Uri): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonApi>("ms-python.python");
  if (!extension) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const active = api?.environments?.getActiveEnvironmentPath?.(resource);
    if (active?.path) {
      const resolved = await api.environments?.resolveEnvironment?.(active);
      return resolved?.executable?.uri?.fsPath ?? active.path;
    }
    const exec = api?.settings?.getExecutionDetails?.(resource)?.execCommand;
    return exec && exec.length === 1 ? exec[0] : undefined;
  } catch {
    return undefined;
  }
}
