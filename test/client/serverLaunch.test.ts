import { strict as assert } from "node:assert";
import { join } from "node:path";
import { test } from "node:test";
import { DEBUG_INSPECT_PORT, serverLaunch } from "../../client/src/serverOptions";

test("the server is the bundled dist/server.js; debug adds an inspector and DMW_DEBUG", () => {
  const root = join("ext", "root");
  assert.deepEqual(serverLaunch(root, false), { module: join(root, "dist", "server.js"), execArgv: ["--max-semi-space-size=2", "--heap-growing-percent=30"], env: {} });
  const debug = serverLaunch(root, true);
  assert.equal(debug.module, join(root, "dist", "server.js"));
  assert.deepEqual(debug.execArgv, ["--max-semi-space-size=2", "--heap-growing-percent=30", "--nolazy", `--inspect=${DEBUG_INSPECT_PORT}`]);
  assert.deepEqual(debug.env, { DMW_DEBUG: "1" });
});

test("a cache folder goes to the server as DMW_CACHE_DIR, in run and debug mode", () => {
  const cache = join("storage", "parse-cache");
  assert.deepEqual(serverLaunch("ext", false, cache).env, { DMW_CACHE_DIR: cache });
  assert.deepEqual(serverLaunch("ext", true, cache).env, { DMW_DEBUG: "1", DMW_CACHE_DIR: cache });
});
