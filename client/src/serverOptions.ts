// How the client starts the language server: the bundled dist/server.js over IPC, with an
// inspector port in debug mode. Pure, so the launch description is unit-tested.
import * as path from "node:path";

export interface ServerLaunch {
  module: string;
  execArgv: string[];
  env: Record<string, string>;
}

export const DEBUG_INSPECT_PORT = 6029;

export function serverLaunch(extensionRoot: string, debug: boolean): ServerLaunch {
  const module = path.join(extensionRoot, "dist", "server.js");
  if (!debug) return { module, execArgv: [], env: {} };
  return { module, execArgv: ["--nolazy", `--inspect=${DEBUG_INSPECT_PORT}`], env: { DMW_DEBUG: "1" } };
}
