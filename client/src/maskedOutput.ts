// The extension's log channel, with every message passed through maskSecrets first: the server's
// log messages, the client library's traces and our own lines may all mention a database URL.
import type { LogOutputChannel } from "vscode";
import { maskSecrets } from "../../server/src/lsp/mask";

type LogMethod = "trace" | "debug" | "info" | "warn" | "error";

export function maskedOutputChannel(channel: LogOutputChannel): LogOutputChannel {
  const log =
    (method: LogMethod) =>
    (message: string | Error, ...args: unknown[]): void => {
      const text = message instanceof Error ? (message.message ?? String(message)) : message;
      channel[method](maskSecrets(text), ...args.map((arg) => (typeof arg === "string" ? maskSecrets(arg) : arg)));
    };
  return {
    get name() {
      return channel.name;
    },
    get logLevel() {
      return channel.logLevel;
    },
    onDidChangeLogLevel: channel.onDidChangeLogLevel,
    trace: log("trace"),
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    append: (value: string) => channel.append(maskSecrets(value)),
    appendLine: (value: string) => channel.appendLine(maskSecrets(value)),
    replace: (value: string) => channel.replace(maskSecrets(value)),
    clear: () => channel.clear(),
    show: ((preserveFocus?: boolean) => channel.show(preserveFocus)) as LogOutputChannel["show"],
    hide: () => channel.hide(),
    dispose: () => channel.dispose(),
  };
}
