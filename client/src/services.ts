// What the extension's features share: the running language client, the output channel, the
// latest server status and the settings. Every feature module gets this one object, so adding a
// feature to extension.ts is one `registerX(services)` line.
import type { Disposable, ExtensionContext, LogOutputChannel, Uri } from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import type { StatusParams } from "../../server/src/lsp/protocol";
import type { DmwSettings } from "../../server/src/lsp/settings";

export interface ExtensionServices {
  context: ExtensionContext;
  client: LanguageClient;
  /** Log channel; masks passwords in everything written to it. */
  output: LogOutputChannel;
  /** Settings for a resource (or the first workspace folder), defaults filled in. */
  settings(resource?: Uri): DmwSettings;
  /** Latest status the server sent, if any. */
  status(): StatusParams | undefined;
  onStatus(listener: (status: StatusParams) => void): Disposable;
  /** Ask the server to re-read the database (call after anything that migrated it). */
  refreshDatabase(): Promise<StatusParams | undefined>;
}
