// Language server entry point. The transport comes from the command line, as LSP clients pass it:
// `--stdio` (Neovim, Helix, `dmw lsp --stdio`), `--node-ipc` (VS Code), `--socket=<port>`.
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { createEngine } from "./lsp/engineAdapter";
import { createServer } from "./server";

createServer(createConnection(ProposedFeatures.all), { engine: createEngine() });
