// What loading the `dmw` bundle costs: pg's runtime probe must not pull in Node's HTTP client.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, runDmw } from "../helpers/cliRun";

const PROJECT = join(REPO_ROOT, "test", "fixtures", "cli", "clean-project");

test("a dmw check loads pg without Node's bundled undici", () => {
  const dir = mkdtempSync(join(tmpdir(), "dmw-probe-"));
  const probe = join(dir, "probe.js");
  writeFileSync(probe, 'process.on("exit", () => process.stderr.write(`undici:${process.moduleLoadList.some((m) => /undici/.test(m))}\\n`));\n');
  // An unreachable database: pg is loaded and a connection attempted, offline findings still printed.
  const result = runDmw(["check", "--root", PROJECT, "--database-url", "postgresql://nobody@127.0.0.1:1/none"], REPO_ROOT, {
    NODE_OPTIONS: `--require ${probe}`,
  });
  assert.match(result.stderr, /^undici:false$/m);
  assert.match(result.stdout, /^warning db-unreachable No PostgreSQL server answers at 127\.0\.0\.1:1 /m);
  assert.equal(result.code, 2);
});
