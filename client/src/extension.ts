// VS Code client: starts the language server and registers the extension's features. The vscode
// API stays at this edge; what can be tested without VS Code lives in small pure modules.
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type NodeModule, type ServerOptions } from "vscode-languageclient/node";
import { DIAGNOSTIC_SOURCE, statusNotification, type StatusParams } from "../../server/src/lsp/protocol";
import { SETTINGS_SECTION } from "../../server/src/lsp/settings";
import { maskedOutputChannel } from "./maskedOutput";
import { registerGenerateMigration, registerRefreshDatabase, requestDatabaseRefresh } from "./migrationActions";
import { serverLaunch, type ServerLaunch } from "./serverOptions";
import type { ExtensionServices } from "./services";
import { readSettings } from "./settings";
import { registerStatusBar } from "./statusBar";
import { registerAlembicCommands } from "./commands/registerAlembicCommands";
import { registerMigrationView } from "./view/registerMigrationView";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionServices> {
  const output = maskedOutputChannel(vscode.window.createOutputChannel("DB Migration Wizard", { log: true }));
  context.subscriptions.push(output);
  client = startClient(context, output);
  const services = createServices(context, client, output);

  // One line per feature. Terminal/kubectl commands, the migration view and the grammar register here too.
  registerStatusBar(services);
  registerGenerateMigration(services);
  registerRefreshDatabase(services);
  registerAlembicCommands(services);
  registerMigrationView(services);

  try {
    await client.start();
  } catch (error) {
    output.appendLine(`The language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  return services;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function nodeModule(launch: ServerLaunch): NodeModule {
  return { module: launch.module, transport: TransportKind.ipc, options: { execArgv: launch.execArgv, env: { ...process.env, ...launch.env } } };
}

function startClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  // The parse cache lives in VS Code's storage for the extension (removed with it).
  const cacheDir = vscode.Uri.joinPath(context.globalStorageUri, "parse-cache").fsPath;
  const serverOptions: ServerOptions = {
    run: nodeModule(serverLaunch(context.extensionPath, false, cacheDir)),
    debug: nodeModule(serverLaunch(context.extensionPath, true, cacheDir)),
  };
  const clientOptions: LanguageClientOptions = {
    // Model files and migrations are Python; alembic.ini and .env change what the analysis sees.
    documentSelector: [{ scheme: "file", language: "python" }],
    synchronize: { configurationSection: SETTINGS_SECTION },
    outputChannel: output,
    traceOutputChannel: output,
    diagnosticCollectionName: DIAGNOSTIC_SOURCE,
  };
  return new LanguageClient("dbMigrationWizard", "DB Migration Wizard", serverOptions, clientOptions);
}

function createServices(context: vscode.ExtensionContext, languageClient: LanguageClient, output: vscode.LogOutputChannel): ExtensionServices {
  let latest: StatusParams | undefined;
  const emitter = new vscode.EventEmitter<StatusParams>();
  context.subscriptions.push(
    emitter,
    languageClient.onNotification(statusNotification, (status) => {
      latest = status;
      emitter.fire(status);
    }),
  );
  return {
    context,
    client: languageClient,
    output,
    settings: readSettings,
    status: () => latest,
    onStatus: (listener) => emitter.event(listener),
    refreshDatabase: async () => {
      const status = await requestDatabaseRefresh({ client: languageClient });
      if (status) {
        latest = status;
        emitter.fire(status);
      }
      return status;
    },
  };
}
