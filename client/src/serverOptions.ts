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

/**
 * V8 options of the server process. The server keeps its analysis and frees little between edits,
 * so V8's defaults, tuned for throughput, mostly held memory: a young generation of 2 MB
 * semi-spaces instead of 16 MB, and an old generation that grows by 30% at a time instead of
 * V8's larger steps. At 500 models / 1,000 migrations (measured on the server as the bench starts
 * it): 4 MB / 50% took about 25 MB off each peak RSS with the same cold start and edit latency
 * (200 MB -> 173 MB after 40 edits); once the history's replay and lint were kept between sessions,
 * 2 MB / 30% took another 6-14 MB off (after 40 edits 151-155 -> 140-142 MB), for a start
 * without any cache about a tenth slower and the same edit latency.
 */
export const SERVER_EXEC_ARGV = ["--max-semi-space-size=2", "--heap-growing-percent=30"];

/** `cacheDir`: the folder for the server's parse cache (DMW_CACHE_DIR); default the server's own choice. */
export function serverLaunch(extensionRoot: string, debug: boolean, cacheDir?: string): ServerLaunch {
  const module = path.join(extensionRoot, "dist", "server.js");
  const cache: Record<string, string> = cacheDir ? { DMW_CACHE_DIR: cacheDir } : {};
  if (!debug) return { module, execArgv: [...SERVER_EXEC_ARGV], env: cache };
  return { module, execArgv: [...SERVER_EXEC_ARGV, "--nolazy", `--inspect=${DEBUG_INSPECT_PORT}`], env: { DMW_DEBUG: "1", ...cache } };
}
