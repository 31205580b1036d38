// Bundles what ships: the VS Code client, the language server and the `dmw` CLI.
// Native modules (tree-sitter and its Python grammar) stay external: they load their
// N-API prebuilds from node_modules at run time. `vscode` is provided by the editor.
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  logLevel: "warning",
  external: ["vscode", "tree-sitter", "tree-sitter-python", "pg-native"],
};

await Promise.all([
  build({ ...common, entryPoints: ["client/src/extension.ts"], outfile: "dist/client.js" }),
  build({ ...common, entryPoints: ["server/src/main.ts"], outfile: "dist/server.js" }),
  build({ ...common, entryPoints: ["server/src/cli/main.ts"], outfile: "dist/dmw.js" }),
]);
