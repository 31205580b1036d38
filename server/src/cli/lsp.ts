// `dmw lsp --stdio`: the same language server the VS Code extension runs, for any LSP editor.
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { createEngine } from "../lsp/engineAdapter";
import { createServer } from "../server";

const USAGE = `usage: dmw lsp --stdio

Starts the db-migration-wizard language server speaking LSP over stdin/stdout.
Other transports: --node-ipc, --socket=<port>. See docs/editors.md for Neovim and Helix.
`;

const TRANSPORTS = ["--stdio", "--node-ipc"];

export async function lspCommand(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  const transport = argv.find((a) => TRANSPORTS.includes(a) || a.startsWith("--socket=") || a.startsWith("--pipe="));
  if (!transport) {
    process.stderr.write(`dmw lsp: choose a transport (--stdio)\n\n${USAGE}`);
    return 2;
  }
  // createConnection reads the transport from process.argv, where the flag already is.
  const connection = createConnection(ProposedFeatures.all);
  createServer(connection, { engine: createEngine() });
  // The process lives until the client sends exit (the connection ends the process then).
  return new Promise<number>(() => undefined);
}
