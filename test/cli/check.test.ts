// `dmw check` as users run it: the built `node bin/dmw.js`, as a child process, on fixture projects.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, buildOnce, runDmw } from "../helpers/cliRun";

const FIXTURES = join(REPO_ROOT, "test", "fixtures", "cli");

before(() => buildOnce());

/** A writable copy of a fixture project, so a test can edit its models. */
function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `dmw-cli-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

test("--help prints the options and exits 0", () => {
  const result = runDmw(["check", "--help"]);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /usage: dmw check/);
  for (const flag of ["--root DIR", "--models GLOB", "--versions DIR", "--format text|json", "--database-url URL"]) assert.ok(result.stdout.includes(flag), flag);
  // The installed entry point, bin/dmw.js, loads the same bundle.
  const bin = spawnSync(process.execPath, [join(REPO_ROOT, "bin", "dmw.js"), "check", "--help"], { encoding: "utf8" });
  assert.equal(bin.status, 0);
  assert.equal(bin.stdout, result.stdout);
});

test("usage errors exit 2 with a message on stderr", () => {
  const unknown = runDmw(["check", "--colour"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /dmw check: .*--colour/);
  assert.equal(unknown.stdout, "");
  const format = runDmw(["check", "--format", "xml"]);
  assert.equal(format.code, 2);
  assert.match(format.stderr, /--format must be text or json, not 'xml'/);
  const positional = runDmw(["check", "somewhere"]);
  assert.equal(positional.code, 2);
});

test("a missing root folder exits 2", () => {
  const result = runDmw(["check", "--root", "no/such/folder"]);
  assert.equal(result.code, 2);
  assert.equal(result.stderr, "dmw check: the root folder no/such/folder does not exist or is not a folder\n");
});

test("a folder without alembic.ini exits 2 and says so, in both formats", () => {
  const root = join(FIXTURES, "no-alembic-ini");
  const text = runDmw(["check", "--root", root]);
  assert.equal(text.code, 2);
  assert.match(text.stdout, /^error config-missing-alembic-ini No alembic.ini in /m);
  const json = runDmw(["check", "--root", root, "--format", "json"]);
  assert.equal(json.code, 2);
  const parsed = JSON.parse(json.stdout);
  assert.deepEqual(parsed.findings.map((f: { code: string }) => f.code), ["config-missing-alembic-ini"]);
  assert.equal(parsed.summary.errors, 1);
});

test("models and migrations in step: exit 0, no problems", () => {
  const result = runDmw(["check", "--root", join(FIXTURES, "clean-project")]);
  assert.equal(result.stderr, "");
  assert.equal(result.stdout, "no problems found\n");
  assert.equal(result.code, 0);
});

test("a model change no migration covers: exit 1, the model lines, text and JSON agree", () => {
  const root = copyFixture("clean-project");
  const model = join(root, "app", "models", "project.py");
  writeFileSync(
    model,
    readFileSync(model, "utf8")
      .replace("max_length=80", "max_length=120")
      .replace("archived: bool = False", "archived: bool = False\n    description: Optional[str] = None"),
  );
  const text = runDmw(["check", "--root", "."], root);
  assert.equal(text.code, 1);
  assert.equal(
    text.stdout,
    [
      "app/models/project.py:10:5: error migration-type-mismatch projects.name is varchar(120) in the model but varchar(80) in the migrations",
      "app/models/project.py:12:5: error migration-missing-column projects.description is in the model but no migration creates it",
      "2 problems (2 errors, 0 warnings)",
      "",
    ].join("\n"),
  );
  const json = runDmw(["check", "--format", "json"], root);
  assert.equal(json.code, 1);
  const parsed = JSON.parse(json.stdout);
  assert.deepEqual(parsed.summary, { errors: 2, warnings: 0, info: 0, hints: 0, total: 2 });
  assert.deepEqual(parsed.findings[1], {
    code: "migration-missing-column",
    severity: "error",
    message: "projects.description is in the model but no migration creates it",
    file: "app/models/project.py",
    range: parsed.findings[1].range,
    table: "projects",
    column: "description",
  });
  assert.equal(parsed.findings[1].range.start.line, 11);
  assert.equal(parsed.findings[1].range.start.character, 4);
});

test("--models and --versions override discovery", () => {
  const root = copyFixture("clean-project");
  // No model files match: a warning, and no drift reported against an empty model set.
  const noModels = runDmw(["check", "--models", "nothing/*.py"], root);
  assert.match(noModels.stdout, /warning config-models-not-found /);
  assert.doesNotMatch(noModels.stdout, /migration-extra-table/);
  assert.equal(noModels.code, 0);
  // An empty migration folder: every model table lacks a migration.
  const noVersions = runDmw(["check", "--versions", "app", "--format", "json"], root);
  assert.equal(noVersions.code, 1);
  assert.ok(JSON.parse(noVersions.stdout).findings.some((f: { code: string; table?: string }) => f.code === "migration-missing-table" && f.table === "projects"));
});

test("broken Python in a model and a migration: findings, no crash, no stack trace", () => {
  const result = runDmw(["check", "--root", join(FIXTURES, "broken-python"), "--format", "json"]);
  assert.equal(result.stderr, "");
  assert.equal(result.code, 1);
  const findings: { code: string; severity: string; message: string }[] = JSON.parse(result.stdout).findings;
  const codes = findings.map((f) => f.code);
  assert.ok(codes.includes("history-syntax-error"), codes.join(", "));
  assert.ok(codes.includes("model-syntax-error"), codes.join(", "));
  // Drift on the table whose model file is half-typed is in doubt: warnings that say why.
  const drift = findings.filter((f) => f.code.startsWith("migration-"));
  assert.ok(drift.length > 0, codes.join(", "));
  for (const f of drift) {
    assert.equal(f.severity, "warning", f.message);
    assert.match(f.message, /\(uncertain: app\/models\/project\.py has a syntax error\)$/);
  }
});

test("the example backend: the uncovered priorities / priority_id / due_date change", () => {
  const text = runDmw(["check", "--root", "examples/backend"]);
  assert.equal(text.code, 1);
  assert.equal(text.stderr, "");
  const lines = text.stdout.trimEnd().split("\n");
  assert.ok(
    lines.includes(
      "examples/backend/app/models/task.py:19:5: error migration-rename-candidate tasks.priority_id (integer) is in the model where the migrations have tasks.priority (varchar(20)): a rename with a type change?",
    ),
    text.stdout,
  );
  assert.ok(lines.includes("examples/backend/app/models/task.py:20:5: error migration-missing-column tasks.due_date is in the model but no migration creates it"), text.stdout);
  assert.ok(lines.some((l) => /^examples\/backend\/app\/models\/priority\.py:\d+:\d+: error migration-missing-table table priorities is in the model but no migration creates it$/.test(l)), text.stdout);
  assert.ok(lines.some((l) => l.includes("migration-missing-foreign-key foreign key tasks(priority_id) -> priorities(id)")), text.stdout);
  const json = JSON.parse(runDmw(["check", "--root", "examples/backend", "--format", "json"]).stdout);
  assert.equal(json.summary.errors, lines.filter((l) => / error /.test(l)).length);
});

test("--database-url: an unreachable database is one finding, the password never shown, exit 2", () => {
  const secret = "s3cret-pw";
  const result = runDmw(["check", "--root", join(FIXTURES, "clean-project"), "--database-url", `postgresql://app:${secret}@127.0.0.1:1/app`, "--format", "json"]);
  assert.equal(result.stderr, "");
  assert.ok(!result.stdout.includes(secret));
  const findings = JSON.parse(result.stdout).findings as { code: string }[];
  assert.deepEqual(findings.map((f) => f.code), ["db-unreachable"]);
  assert.equal(result.code, 2);
});

test("README's first screen shows exactly what `dmw check --root examples/backend` prints", () => {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  assert.ok(readme.includes("node bin/dmw.js check --root examples/backend"), "the README runs the check on the example");
  const shown = /On the example[^\n]*\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(shown, "README has the sample output block");
  const result = runDmw(["check", "--root", "examples/backend"]);
  assert.equal(result.stdout, shown);
  assert.equal(result.code, 1);
});

test("--root may be the parent of the folder holding alembic.ini; paths stay relative to the working folder", () => {
  const fromParent = runDmw(["check", "--root", "examples", "--no-database"]);
  const direct = runDmw(["check", "--root", "examples/backend", "--no-database"]);
  assert.equal(fromParent.code, 1);
  assert.equal(fromParent.stdout, direct.stdout);
  const inside = runDmw(["check", "--no-database"], join(REPO_ROOT, "examples", "backend"));
  assert.equal(inside.stdout, direct.stdout.replaceAll("examples/backend/", ""));
});
