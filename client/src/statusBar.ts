// Status bar item showing database stamp vs migration head; clicking re-reads the database.
import * as vscode from "vscode";
import { ClientCommands } from "./migrationActions";
import type { ExtensionServices } from "./services";
import { statusView } from "./statusText";

export function registerStatusBar(services: ExtensionServices): void {
  const item = vscode.window.createStatusBarItem("dbMigrationWizard.status", vscode.StatusBarAlignment.Left, 10);
  item.name = "Alembic migrations";
  item.command = ClientCommands.refreshDatabase;
  item.text = "$(database) DB …";
  item.show();
  const update = (): void => {
    const status = services.status();
    if (!status) return;
    const view = statusView(status);
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.backgroundColor = view.state === "attention" ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
  };
  update();
  services.context.subscriptions.push(item, services.onStatus(update));
}
