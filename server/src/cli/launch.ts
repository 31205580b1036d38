// Starts the `dmw` bundle (bin/dmw.js calls this) with V8's code cache. Compiling the 1.3 MB
// bundle takes 20-40 ms of every run, a tenth of a check served from the parse cache. V8 can
// keep what it compiled: the first run writes it to the cache folder (at exit, so the functions
// that run are in it), later runs hand it back. V8 checks the data against its own version, its
// flags and the source, and ignores data that does not fit (the run then writes new data), so
// the cache can change how fast the bundle starts, never what it does. No cache folder
// (DMW_NO_CACHE) or --no-cache: the bundle is loaded as any module.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, unlinkSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { cacheDirectory, replaceFile } from "../analysis/parseCache";

/**
 * Subcommands with a code cache of their own (those of cli/main.ts): the cache holds what the
 * first run compiled, and `dmw lint` runs other functions than `dmw check`.
 */
const COMMANDS = new Set(["check", "lint", "generate", "lsp"]);

/** Code cache files not written for this long are removed when another one is written. */
const STALE_MS = 14 * 24 * 3600 * 1000;

/** The code cache file of this bundle file, this Node and this subcommand. */
function codeCacheFile(directory: string, bundle: string, argv: readonly string[]): string | undefined {
  const stat = statSync(bundle, { throwIfNoEntry: false });
  if (!stat) return undefined;
  const key = createHash("sha256").update(`${process.version}\0${process.platform}\0${process.arch}\0${bundle}\0${stat.size}\0${stat.mtimeMs}`).digest("hex");
  const command = argv[0] !== undefined && COMMANDS.has(argv[0]) ? argv[0] : "other";
  return join(directory, `code-dmw-${key.slice(0, 16)}-${command}.bin`);
}

/** Removes the code cache files of bundles or Node versions not used for STALE_MS. */
function removeStale(directory: string): void {
  try {
    for (const name of readdirSync(directory)) {
      if (!/^code-dmw-[0-9a-f]{16}-[a-z]+\.bin$/.test(name)) continue;
      const file = join(directory, name);
      if (Date.now() - statSync(file).mtimeMs > STALE_MS) unlinkSync(file);
    }
  } catch {
    // Left for the next time.
  }
}

/**
 * Runs the CommonJS bundle at `bundle` as `require(bundle)` would, compiled with the code cache
 * when there is one.
 */
export function launch(bundle: string): void {
  const argv = process.argv.slice(2);
  const directory = argv.includes("--no-cache") ? undefined : cacheDirectory();
  const file = directory ? codeCacheFile(directory, bundle, argv) : undefined;
  let script: Script | undefined;
  let cached: Buffer | undefined;
  if (file) {
    try {
      cached = readFileSync(file);
    } catch {
      // None yet: this run writes it.
    }
    try {
      script = new Script(Module.wrap(readFileSync(bundle, "utf8")), { filename: bundle, ...(cached ? { cachedData: cached } : {}) });
    } catch {
      script = undefined;
    }
  }
  if (!script || !file) {
    require(bundle);
    return;
  }
  if (cached === undefined || script.cachedDataRejected) {
    const compiled = script;
    process.once("exit", () => {
      try {
        if (replaceFile(file, compiled.createCachedData())) removeStale(dirname(file));
      } catch {
        // Only a slower start next time.
      }
    });
  }
  // What Node's loader does for a module: its own `module`, a `require` resolving from its folder.
  const bundleModule = new Module(bundle, module);
  bundleModule.filename = bundle;
  bundleModule.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(dirname(bundle));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(bundleModule.exports, bundleModule.exports, createRequire(bundle), bundleModule, bundle, dirname(bundle));
  bundleModule.loaded = true;
}
