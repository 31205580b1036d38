#!/usr/bin/env node
// The dmw bundle, compiled with V8's code cache when there is a cache folder (server/src/cli/launch.ts).
require("../dist/launch.js").launch(require("node:path").join(__dirname, "..", "dist", "dmw.js"));
