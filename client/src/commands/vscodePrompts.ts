// Quick picks and input boxes for the Alembic commands (the vscode side of the pure pickers).
import * as vscode from "vscode";
import { validateMigrationMessage } from "../migrationActions";
import { buildMigrationTree } from "../view/migrationTree";
import type { PickItem, Picker } from "./kubectlTargets";
import type { CommandInput } from "./commandTable";
import type { WorkspaceProject } from "./workspaceProject";

export const quickPicker: Picker = async <T,>(title: string, items: PickItem<T>[]) => {
  const chosen = await vscode.window.showQuickPick(
    items.map((item) => ({ label: item.label, description: item.description, value: item.value })),
    { title, ignoreFocusOut: true, matchOnDescription: true },
  );
  return chosen?.value;
};


/** Asks for what a command needs; undefined when the user cancels. */
export async function askInput(input: CommandInput, project: WorkspaceProject, stamp: string[] | undefined): Promise<string | undefined> {
  if (input.kind === "none") return "";
  if (input.kind === "message") {
    const message = await vscode.window.showInputBox({ title: "Alembic autogenerate", prompt: input.prompt, placeHolder: "add due_date to tasks", validateInput: validateMigrationMessage, ignoreFocusOut: true });
    return message?.trim();
  }
  const tree = buildMigrationTree(project.graph, stamp);
  const items: PickItem<string>[] = [
    ...(input.extra.includes("head") ? [{ label: "head", description: "the newest revision", value: "head" }] : []),
    ...tree.items.map((item) => ({ label: item.label, description: item.description, value: item.revision })),
    ...(input.extra.includes("base") ? [{ label: "base", description: "before the first migration (empty schema)", value: "base" }] : []),
  ];
  return quickPicker(input.prompt, items);
}
