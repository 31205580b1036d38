// The "Alembic Migrations" tree in the Explorer. Items come from buildMigrationTree (pure); this
// file only reads the history from disk, follows the server's status (database stamp) and maps
// items to TreeItems. Without a database the revisions are listed with no applied/pending marks.
import * as vscode from "vscode";
import { REFRESH_VIEW_COMMAND } from "../commands/commandTable";
import { locateProject, type WorkspaceProject } from "../commands/workspaceProject";
import type { ExtensionServices } from "../services";
import { buildMigrationTree, type MigrationTreeItem } from "./migrationTree";
import { MIGRATION_VIEW_ID } from "./viewIds";

const STATE_COLORS: Record<string, string | undefined> = {
  current: "charts.green",
  applied: "charts.green",
  pending: "charts.yellow",
};

class MigrationTreeProvider implements vscode.TreeDataProvider<MigrationTreeItem> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private project: WorkspaceProject | undefined;
  private loaded = false;
  view: vscode.TreeView<MigrationTreeItem> | undefined;

  constructor(private readonly services: ExtensionServices) {}

  /** Re-read the files (after a migration file changed) or only re-mark (after a status change). */
  refresh(reload: boolean): void {
    if (reload) this.loaded = false;
    this.changed.fire();
  }

  versionsDirs(): string[] {
    return this.project?.layout.versionsDirs ?? [];
  }

  getChildren(element?: MigrationTreeItem): MigrationTreeItem[] {
    if (element) return [];
    if (!this.loaded) {
      this.project = locateProject(this.services);
      this.loaded = true;
    }
    if (!this.project) {
      this.setMessage("No alembic.ini in this workspace.");
      return [];
    }
    const status = this.services.status();
    const stamp = status && !status.offline ? status.dbRevisions : undefined;
    const tree = buildMigrationTree(this.project.graph, stamp);
    const notes = [...tree.notes];
    if (!status || status.offline) notes.push("No database connection: applied/pending marks are not shown.");
    if (tree.items.length === 0) notes.push("No migrations yet.");
    this.setMessage(notes.join(" ") || undefined);
    return tree.items;
  }

  getTreeItem(item: MigrationTreeItem): vscode.TreeItem {
    const treeItem = new vscode.TreeItem(item.label, vscode.TreeItemCollapsibleState.None);
    treeItem.id = item.revision;
    treeItem.description = item.description;
    treeItem.tooltip = item.tooltip;
    const color = STATE_COLORS[item.state];
    treeItem.iconPath = new vscode.ThemeIcon(item.icon, color ? new vscode.ThemeColor(color) : undefined);
    treeItem.contextValue = item.contextValue;
    treeItem.command = { command: "vscode.open", title: "Open migration", arguments: [vscode.Uri.file(item.file)] };
    return treeItem;
  }

  private setMessage(message: string | undefined): void {
    if (this.view) this.view.message = message;
  }
}

export function registerMigrationView(services: ExtensionServices): void {
  const provider = new MigrationTreeProvider(services);
  const view = vscode.window.createTreeView(MIGRATION_VIEW_ID, { treeDataProvider: provider });
  provider.view = view;

  // Migration files and alembic.ini change the graph; a short delay batches a burst of saves.
  let timer: NodeJS.Timeout | undefined;
  const reloadSoon = (uri: vscode.Uri): void => {
    const path = uri.fsPath;
    const relevant = path.endsWith("alembic.ini") || provider.versionsDirs().length === 0 || provider.versionsDirs().some((dir) => path.startsWith(dir));
    if (!relevant) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => provider.refresh(true), 300);
  };
  const watcher = vscode.workspace.createFileSystemWatcher("**/{*.py,alembic.ini}");
  services.context.subscriptions.push(
    view,
    watcher,
    watcher.onDidCreate(reloadSoon),
    watcher.onDidChange(reloadSoon),
    watcher.onDidDelete(reloadSoon),
    services.onStatus(() => provider.refresh(false)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("dbMigrationWizard")) provider.refresh(true);
    }),
    vscode.commands.registerCommand(REFRESH_VIEW_COMMAND.id, async () => {
      provider.refresh(true);
      await services.refreshDatabase().catch(() => undefined);
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
}
