// Bundles what ships: the VS Code client, the language server and the `dmw` CLI (and its launcher).
// Native modules (tree-sitter and its Python grammar) stay external: they load their
// N-API prebuilds from node_modules at run time. `vscode` is provided by the editor.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
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

// pg decides when it is loaded whether it runs in a Cloudflare Worker. Where Node has no global
// `navigator` (Node 20) its probe builds a fetch `Response`, which loads Node's bundled HTTP client
// (undici): some 30-40 ms of CPU in every dmw and language server process, database or not. These
// bundles only run on Node, so the probe is taken out; the build fails if pg's code changes shape.
const PG_RUNTIME_PROBE = "if (isCloudflareRuntime()) {";
const pgOnNode = {
  name: "pg-on-node",
  setup(bundle) {
    bundle.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      if (source.split(PG_RUNTIME_PROBE).length !== 2) {
        throw new Error(`${args.path} no longer has exactly one "${PG_RUNTIME_PROBE}": check the pg-on-node build step`);
      }
      return { contents: source.replace(PG_RUNTIME_PROBE, "if (false) {"), loader: "js" };
    });
  },
};

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  logLevel: "warning",
  external: ["vscode", "tree-sitter", "tree-sitter-python", "pg-native"],
  define: { DMW_ENGINE_SOURCES_HASH: JSON.stringify(sourcesHash.digest("hex")) },
  plugins: [pgOnNode],
};

await Promise.all([
  build({ ...common, entryPoints: ["client/src/extension.ts"], outfile: "dist/client.js" }),
  build({ ...common, entryPoints: ["server/src/main.ts"], outfile: "dist/server.js" }),
  build({ ...common, entryPoints: ["server/src/cli/main.ts"], outfile: "dist/dmw.js" }),
  // What bin/dmw.js calls to load dist/dmw.js with V8's code cache.
  build({ ...common, entryPoints: ["server/src/cli/launch.ts"], outfile: "dist/launch.js" }),
]);
