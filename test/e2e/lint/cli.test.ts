// `dmw lint` end to end as a process: formats, exit codes, [tool.dmw] configuration, --since.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyExample, REPO_ROOT } from "../../helpers/alembic";
import { LINT_FIXTURES } from "../../helpers/lintFixtures";
import { createTestDatabase } from "../../helpers/postgres";

const REVISION = "d1e2f3a4b5c6_add_points_and_reviewer.py";

// Run from the repository (where tsx resolves) with --root pointing at the project copy.
function dmw(args: string[], project: string): { code: number; stdout: string; stderr: string } {
  const withRoot = args.includes("--root") ? args : ["--root", project, ...args];
  const r = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "server", "src", "cli", "main.ts"), "lint", ...withRoot], { cwd: REPO_ROOT, encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test("text, json and SARIF output; exit 1 on errors; --since skips older revisions", async () => {
  const project = await copyExample("backend");
  copyFileSync(join(LINT_FIXTURES, "e2e", REVISION), join(project, "alembic", "versions", REVISION));

  const text = dmw([], project);
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, new RegExp(`alembic/versions/${REVISION}:20:28: error adding-required-column Adding NOT NULL column tasks.points`));

  const sarif = dmw(["--format", "sarif"], project);
  assert.equal(sarif.code, 1);
  const log = JSON.parse(sarif.stdout);
  assert.equal(log.version, "2.1.0");
  const run = log.runs[0];
  const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === "adding-required-column");
  assert.match(rule.helpUri, /docs\/rules\/adding-required-column\.md$/);
  const result = run.results.find((r: { ruleId: string }) => r.ruleId === "adding-required-column");
  assert.equal(result.level, "error");
  assert.equal(run.tool.driver.rules[result.ruleIndex].id, "adding-required-column");
  assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: `alembic/versions/${REVISION}`, uriBaseId: "%SRCROOT%" });
  assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 20, startColumn: 28, endLine: 20, endColumn: 77 });

  const json = JSON.parse(dmw(["--format", "json", "--since", "d1e2f3a4b5c6"], project).stdout);
  assert.deepEqual(json.findings, [], "nothing after the head");
  const older = JSON.parse(dmw(["--format", "json", "--since", "8b61e0f4a2c9"], project).stdout);
  const files = [...new Set(older.findings.map((f: { file: string }) => f.file.replace(/^.*\/alembic\/versions\//, "")))].sort();
  assert.deepEqual(files, ["c4d7e2b9f815_add_priority_to_tasks.py", REVISION]);
});

test("[tool.dmw] severities apply; --warnings-as-errors; bad input exits 2", async () => {
  const project = await copyExample("backend");
  const base = dmw(["--format", "json"], project);
  assert.equal(base.code, 0, "the example has warnings only");
  assert.equal(dmw(["--warnings-as-errors"], project).code, 1);

  writeFileSync(join(project, "pyproject.toml"), '[tool.dmw]\ndisable = ["missing-lock-timeout", "prefer-bigint-primary-key"]\n');
  const quiet = dmw(["--format", "json", "--warnings-as-errors"], project);
  assert.equal(quiet.code, 0, quiet.stdout);
  assert.deepEqual(JSON.parse(quiet.stdout).findings, []);

  writeFileSync(join(project, "pyproject.toml"), '[tool.dmw.rules]\nno-such-rule = "error"\n');
  const bad = dmw([], project);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown lint rule 'no-such-rule'/);
  assert.equal(dmw(["--format", "xml"], project).code, 2);
  assert.equal(dmw(["--since", "nope"], project).code, 2);
  assert.equal(dmw(["--root", join(project, "does-not-exist")], project).code, 2);
});

test("--database-url adds row estimates to messages; an unreachable database is one finding, password masked", async () => {
  const project = await copyExample("backend");
  copyFileSync(join(LINT_FIXTURES, "e2e", REVISION), join(project, "alembic", "versions", REVISION));
  const db = await createTestDatabase("dmw_test_lint_cli");
  try {
    await db.query("CREATE TABLE tasks (id bigint)");
    await db.query("INSERT INTO tasks SELECT g FROM generate_series(1, 45000) g");
    await db.query("ANALYZE tasks");
    const run = dmw(["--format", "json", "--database-url", db.url], project);
    const index = JSON.parse(run.stdout).findings.find((f: { code: string }) => f.code === "create-index-non-concurrently");
    assert.match(index.message, /\(tasks has about 45 thousand rows\)/);

    const bad = dmw(["--format", "json", "--database-url", "postgresql://postgres:s3cret-pw@127.0.0.1:1/nowhere"], project);
    assert.equal(bad.stdout.includes("s3cret-pw") || bad.stderr.includes("s3cret-pw"), false, "password never shown");
    const codes = JSON.parse(bad.stdout).findings.map((f: { code: string }) => f.code);
    assert.ok(codes.includes("adding-required-column"), "lint goes on");
    assert.ok(codes.includes("db-unreachable"), codes.join(","));
  } finally {
    await db.drop();
  }
});
