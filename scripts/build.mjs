// Bundles what ships: the VS Code client, the language server and the `dmw` CLI.
// Native modules (tree-sitter and its Python grammar) stay external: they load their
// N-API prebuilds from node_modules at run time. `vscode` is provided by the editor.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { build } from "esbuild";

// The engine's sources, hashed as server/src/analysis/parseCache.ts (engineSourcesHash) does: the
// parse cache's fingerprint, the same in the CLI and the server bundle so both share one cache.
function typeScriptFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? typeScriptFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : []))
    .sort();
}
const sources = "server/src";
const sourcesHash = createHash("sha256");
for (const file of typeScriptFiles(sources)) sourcesHash.update(`${relative(sources, file).split(sep).join("/")}\0`).update(readFileSync(file));

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  logLevel: "warning",
  external: ["vscode", "tree-sitter", "tree-sitter-python", "pg-native"],
  define: { DMW_ENGINE_SOURCES_HASH: JSON.stringify(sourcesHash.digest("hex")) },
};

await Promise.all([
  build({ ...common, entryPoints: ["client/src/extension.ts"], outfile: "dist/client.js" }),
  build({ ...common, entryPoints: ["server/src/main.ts"], outfile: "dist/server.js" }),
  build({ ...common, entryPoints: ["server/src/cli/main.ts"], outfile: "dist/dmw.js" }),
]);
