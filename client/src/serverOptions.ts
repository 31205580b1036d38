// How the client starts the language server: the bundled dist/server.js over IPC, with an
// inspector port in debug mode, and its parse cache in the extension's storage folder. Pure, so the
// launch description is unit-tested.
import * as path from "node:path";

export interface ServerLaunch {
  module: string;
  execArgv: string[];
  env: Record<string, string>;
}

export const DEBUG_INSPECT_PORT = 6029;

/** `cacheDir`: the folder for the server's parse cache (DMW_CACHE_DIR); default the server's own choice. */
export function serverLaunch(extensionRoot: string, debug: boolean, cacheDir?: string): ServerLaunch {
  const module = path.join(extensionRoot, "dist", "server.js");
  const cache: Record<string, string> = cacheDir ? { DMW_CACHE_DIR: cacheDir } : {};
  if (!debug) return { module, execArgv: [], env: cache };
  return { module, execArgv: ["--nolazy", `--inspect=${DEBUG_INSPECT_PORT}`], env: { DMW_DEBUG: "1", ...cache } };
}
