// Runs the built language server (dist/server.js) in this process under the V8 CPU profiler and
// writes the profile to $DMW_BENCH_PROFILE_DIR when the process exits. `--cpu-prof` cannot go in
// NODE_OPTIONS, and this keeps the server's pid (its peak RSS stays measurable).
const { Session } = require("node:inspector");
const { writeFileSync, mkdirSync } = require("node:fs");
const { join, resolve } = require("node:path");

const dir = process.env.DMW_BENCH_PROFILE_DIR;
const session = new Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.start");
process.on("exit", () => {
  // The same-thread inspector session answers synchronously, so this finishes before exit.
  session.post("Profiler.stop", (error, result) => {
    if (error || !dir) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
require(resolve(__dirname, "..", "dist", "server.js"));
