// dmw leaves through process.exit once stdout and stderr have taken everything: output larger
// than a pipe's buffer must still arrive whole, with the exit status of the run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateBackend } from "../../bench/generate";
import { runDmw } from "../helpers/cliRun";

test("a large report through a pipe arrives whole", () => {
  const root = join(mkdtempSync(join(tmpdir(), "dmw-exit-")), "backend");
  generateBackend(root, { models: 100, migrations: 300, drift: true });
  const json = runDmw(["lint", "--root", root, "--format", "json"]);
  assert.equal(json.code, 0, json.stderr);
  assert.ok(json.stdout.length > 128 * 1024, `${json.stdout.length} bytes: more than a pipe buffer holds`);
  const report = JSON.parse(json.stdout) as { findings: unknown[]; summary: { total: number } };
  assert.ok(report.findings.length >= 300);
  assert.equal(report.findings.length, report.summary.total);

  const text = runDmw(["lint", "--root", root]);
  const lines = text.stdout.trimEnd().split("\n");
  assert.equal(lines.length, report.findings.length + 1);
  assert.match(lines[lines.length - 1], new RegExp(`^${report.summary.total} problems `));

  // The drift the generator plants: exit status 1 after the whole report.
  const check = runDmw(["check", "--root", root, "--no-database"]);
  assert.equal(check.code, 1);
  assert.match(check.stdout, /drift_note is in the model but no migration creates it/);
  assert.match(check.stdout, /\d+ problems? \(\d+ errors?/);
});
