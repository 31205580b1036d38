// The parse cache as `dmw` users meet it: the built bundle prints exactly the same with a cold
// cache, a warm cache and --no-cache; a warm run is served from the cache file; --no-cache and
// DMW_NO_CACHE write nothing. Every run here has its own temporary cache folder.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copyExample } from "../helpers/alembic";
import { REPO_ROOT, buildOnce, runDmw } from "../helpers/cliRun";

before(() => buildOnce());

const PROJECTS = [join(REPO_ROOT, "examples", "backend"), join(REPO_ROOT, "test", "fixtures", "cli", "broken-python")];
const COMMANDS = [
  ["check", "--no-database"],
  ["check", "--no-database", "--format", "json"],
  ["lint"],
  ["lint", "--format", "json"],
];

function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), "dmw-cli-cache-"));
}

function cacheFiles(dir: string): string[] {
  return readdirSync(dir).map((name) => join(dir, name));
}

/** The one cache file of that kind in the folder ("lint-" files of kind "lint-revisions" are not of kind "lint"). */
function cacheFile(dir: string, kind: "parse" | "models" | "modelschema" | "check" | "schemas" | "lint" | "lint-revisions" | "replay"): string {
  const kindOf = (name: string): string => (name.startsWith("lint-revisions-") ? "lint-revisions" : name.slice(0, name.indexOf("-")));
  const found = readdirSync(dir).filter((name) => kindOf(name) === kind).map((name) => join(dir, name));
  assert.equal(found.length, 1, `one ${kind} cache file in ${dir}`);
  return found[0];
}

for (const project of PROJECTS) {
  for (const command of COMMANDS) {
    test(`dmw ${command.join(" ")} on ${project.split(/[\\/]/).pop()}: the same output cold, warm and with --no-cache`, () => {
      const dir = emptyDir();
      const args = [...command, "--root", project];
      const cold = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
      const files = cacheFiles(dir);
      // Each keeps its own result (check's in three files: findings, head schema, models' schema);
      // check also keeps the models reading, which lint does not read, and the replay state before
      // the newest revision.
      const kinds = command[0] === "check" ? ["check", "models", "modelschema", "parse", "replay", "schemas"] : ["lint", "lint-revisions", "parse"];
      assert.deepEqual(files.map((f) => /[\\/](parse|models|modelschema|check|schemas|lint-revisions|lint|replay)-[\w.-]+-[0-9a-f]{16}\.json$/.exec(f)?.[1]).sort(), kinds, "the cold run wrote its cache files");

      // A warm run reads the files and has nothing new to write.
      for (const file of files) utimesSync(file, new Date(2001, 0, 1), new Date(2001, 0, 1));
      const warm = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
      for (const file of files) assert.equal(statSync(file).mtime.getFullYear(), 2001, `the warm run did not rewrite ${file}`);

      const untouched = emptyDir();
      const none = runDmw([...args, "--no-cache"], REPO_ROOT, { DMW_CACHE_DIR: untouched });
      const off = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: untouched, DMW_NO_CACHE: "1" });
      assert.deepEqual(readdirSync(untouched), [], "--no-cache and DMW_NO_CACHE write nothing");

      assert.ok(cold.stdout.length > 0);
      for (const other of [warm, none, off]) {
        assert.equal(other.stdout, cold.stdout);
        assert.equal(other.stderr, cold.stderr);
        assert.equal(other.code, cold.code);
      }
    });
  }
}

test("a warm run takes the parsed migrations from the cache file", () => {
  const dir = emptyDir();
  const project = join(REPO_ROOT, "examples", "backend");
  runDmw(["check", "--no-database", "--root", project], REPO_ROOT, { DMW_CACHE_DIR: dir });
  const file = cacheFile(dir, "parse");
  // Plant a finding in one cached entry (the line after the header: `<key> <identifiers JSON>\t
  // <upgrade>\t<downgrade>`): only a run served from the cache can print it.
  const lines = readFileSync(file, "utf8").split("\n");
  const space = lines[1].indexOf(" ");
  const [identifiers, ...functions] = lines[1].slice(space + 1).split("\t");
  const entry = JSON.parse(identifiers) as { path: string; findings: unknown[] };
  entry.findings.push({ code: "history-syntax-error", severity: "error", message: "planted in the cache", file: entry.path, range: [0, 0, 1] });
  lines[1] = `${lines[1].slice(0, space)} ${[JSON.stringify(entry), ...functions].join("\t")}`;
  writeFileSync(file, lines.join("\n"));
  // Without its kept result, the check analyses again, from the parse cache.
  rmSync(cacheFile(dir, "check"));
  const served = runDmw(["check", "--no-database", "--root", project], REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.match(served.stdout, /planted in the cache/);
  const fresh = runDmw(["check", "--no-database", "--no-cache", "--root", project], REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.doesNotMatch(fresh.stdout, /planted in the cache/);
});

test("a warm check takes the models reading from the cache file; --no-cache reads the models", () => {
  const dir = emptyDir();
  const project = join(REPO_ROOT, "examples", "backend");
  runDmw(["check", "--no-database", "--root", project], REPO_ROOT, { DMW_CACHE_DIR: dir });
  const file = cacheFile(dir, "models");
  const body = JSON.parse(readFileSync(file, "utf8")) as { value: { findings: unknown[] } };
  body.value.findings.push({ code: "model-syntax-error", severity: "error", message: "planted in the models cache", file: join(project, "app", "models", "task.py"), range: [0, 0, 1] });
  writeFileSync(file, JSON.stringify(body));
  rmSync(cacheFile(dir, "check"));
  const served = runDmw(["check", "--no-database", "--root", project], REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.match(served.stdout, /planted in the models cache/);
  const fresh = runDmw(["check", "--no-database", "--no-cache", "--root", project], REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.doesNotMatch(fresh.stdout, /planted in the models cache/);
});

test("an unchanged project: the check prints its kept result; any changed input file analyses again", async () => {
  const project = await copyExample("backend");
  const dir = emptyDir();
  const cold = runDmw(["check", "--no-database", "--root", project], REPO_ROOT, { DMW_CACHE_DIR: dir });
  const file = cacheFile(dir, "check");
  const body = JSON.parse(readFileSync(file, "utf8")) as { value: { findings: unknown[] } };
  body.value.findings.push({ code: "model-syntax-error", severity: "error", message: "planted in the check result", file: join(project, "app", "models", "task.py"), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } });
  writeFileSync(file, JSON.stringify(body));
  const served = runDmw(["check", "--no-database", "--root", project], REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.match(served.stdout, /planted in the check result/);
  for (const line of cold.stdout.trimEnd().split("\n").slice(0, -1)) assert.ok(served.stdout.includes(`${line}\n`), line);

  // A model file and then a migration file edited: each time the output is a fresh analysis's.
  const model = join(project, "app", "models", "task.py");
  writeFileSync(model, readFileSync(model, "utf8").replace(/\n(\s+)title: str = Field\(max_length=200\)/, "$&\n$1subtitle: str | None = None"));
  const afterModel = runDmw(["check", "--no-database", "--root", project], REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.doesNotMatch(afterModel.stdout, /planted in the check result/);
  assert.match(afterModel.stdout, /tasks\.subtitle is in the model but no migration creates it/);
  assert.equal(afterModel.stdout, runDmw(["check", "--no-database", "--no-cache", "--root", project]).stdout);

  const versions = join(project, "alembic", "versions");
  const migration = join(versions, readdirSync(versions).find((name) => name.endsWith("_create_tasks_table.py")) ?? "");
  writeFileSync(migration, readFileSync(migration, "utf8").replace("sa.Column('title'", "sa.Column('subtitle', sqlmodel.sql.sqltypes.AutoString(), nullable=True),\n    sa.Column('title'"));
  const afterMigration = runDmw(["check", "--no-database", "--root", project], REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.equal(afterMigration.stdout, runDmw(["check", "--no-database", "--no-cache", "--root", project]).stdout);
  assert.doesNotMatch(afterMigration.stdout, /tasks\.subtitle is in the model but no migration creates it/);
});

test("a check without a database reads only the kept findings, not the schemas kept beside them", () => {
  const dir = emptyDir();
  const project = join(REPO_ROOT, "examples", "backend");
  const args = ["check", "--no-database", "--root", project];
  const cold = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  const schemas = [cacheFile(dir, "schemas"), cacheFile(dir, "modelschema")];
  assert.ok(statSync(cacheFile(dir, "check")).size * 5 < statSync(schemas[0]).size + statSync(schemas[1]).size, "the findings' file is the small one");
  for (const file of schemas) rmSync(file);
  const warm = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.deepEqual([warm.stdout, warm.code], [cold.stdout, cold.code]);
  assert.ok(!readdirSync(dir).some((name) => /^(schemas|modelschema)-/.test(name)), "served by the findings alone: nothing analysed, nothing written");
});

test("a check with the newest migration edited replays it alone, from the state kept before it", async () => {
  const project = await copyExample("backend");
  const dir = emptyDir();
  const args = ["check", "--no-database", "--root", project, "--format", "json"];
  const versions = join(project, "alembic", "versions");
  const base = join(versions, "3f2a9c1d7b40_create_users_table.py");
  const head = join(versions, "c4d7e2b9f815_add_priority_to_tasks.py");
  const fresh = () => runDmw([...args, "--no-cache"], REPO_ROOT, { DMW_CACHE_DIR: emptyDir() }).stdout;
  runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  // Plant a table in the kept state: only a replay resumed from it reports it (no model declares it).
  const file = cacheFile(dir, "replay");
  const body = JSON.parse(readFileSync(file, "utf8")) as { value: { tables: Record<string, unknown> } };
  body.value.tables.planted_by_test = { name: "planted_by_test", columns: [], foreignKeys: [], indexes: [], uniques: [], checks: [] };
  writeFileSync(file, JSON.stringify(body));

  // The head edited: resumed, and the head's own change is there as without the cache.
  writeFileSync(head, readFileSync(head, "utf8").replace(/\ndef downgrade\(\)/, "    op.drop_column('tasks', 'title')\n$&"));
  const afterHead = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir }).stdout;
  assert.match(afterHead, /planted_by_test/);
  const withoutPlanted = (stdout: string) => JSON.stringify((JSON.parse(stdout) as { findings: { message: string }[] }).findings.filter((f) => !f.message.includes("planted_by_test")));
  assert.match(fresh(), /tasks\.title/, "the edit drops a column the model still has");
  assert.equal(withoutPlanted(afterHead), withoutPlanted(fresh()));

  // An earlier revision edited: replayed from the start, nothing planted survives.
  writeFileSync(base, `${readFileSync(base, "utf8")}\n# edited\n`);
  const afterBase = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir }).stdout;
  assert.equal(afterBase, fresh());
  assert.doesNotMatch(readFileSync(file, "utf8"), /planted_by_test/);
});

test("a corrupt cache file is ignored and replaced", () => {
  const dir = emptyDir();
  const project = join(REPO_ROOT, "examples", "backend");
  const good = runDmw(["lint", "--root", project], REPO_ROOT, { DMW_CACHE_DIR: dir });
  const file = cacheFile(dir, "parse");
  const valid = readFileSync(file, "utf8");
  writeFileSync(file, valid.slice(0, 100));
  // Without its kept result, the lint parses again, through the damaged parse cache.
  rmSync(cacheFile(dir, "lint"));
  const again = runDmw(["lint", "--root", project], REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.equal(again.stdout, good.stdout);
  assert.equal(again.code, good.code);
  assert.equal(readFileSync(file, "utf8"), valid);
});

test("a damaged check result is not printed: the check analyses again and replaces it", () => {
  const dir = emptyDir();
  const project = join(REPO_ROOT, "examples", "backend");
  const args = ["check", "--no-database", "--root", project];
  const good = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  const file = cacheFile(dir, "check");
  const valid = readFileSync(file, "utf8");
  const body = JSON.parse(valid) as { value: { findings: { range?: unknown }[] } };
  body.value.findings[0].range = [1, 2, 3];
  for (const damaged of [valid.slice(0, valid.length / 2), JSON.stringify(body)]) {
    writeFileSync(file, damaged);
    const again = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
    assert.deepEqual([again.code, again.stdout, again.stderr], [good.code, good.stdout, good.stderr]);
    assert.equal(readFileSync(file, "utf8"), valid);
  }
});

test("dmw generate uses the cache, and writes none with --no-cache", async () => {
  const project = await copyExample("backend");
  const dir = emptyDir();
  const off = runDmw(["generate", "-m", "first", "--root", project, "--no-cache"], REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.equal(off.code, 0, off.stderr);
  assert.deepEqual(readdirSync(dir), []);
  const on = runDmw(["generate", "-m", "second", "--root", project], REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.equal(on.code, 1); // nothing left to generate after the first migration
  assert.ok(cacheFile(dir, "parse") && cacheFile(dir, "models"));
});

test("--no-cache is in the help of check, lint and generate", () => {
  for (const command of ["check", "lint", "generate"]) {
    const help = runDmw([command, "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--no-cache/, command);
  }
});

test("an unchanged project: lint prints its kept findings; a changed migration or configuration lints again", async () => {
  const project = await copyExample("backend");
  const dir = emptyDir();
  const args = ["lint", "--root", project];
  const fresh = () => runDmw([...args, "--no-cache"], REPO_ROOT, { DMW_CACHE_DIR: dir });
  const cold = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.match(cold.stdout, /missing-lock-timeout/);
  const file = cacheFile(dir, "lint");
  const body = JSON.parse(readFileSync(file, "utf8")) as { value: { findings: unknown[] } };
  const migration = join(project, "alembic", "versions", "c4d7e2b9f815_add_priority_to_tasks.py");
  body.value.findings.push({ code: "drop-column", severity: "error", message: "planted in the lint result", file: migration, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } });
  writeFileSync(file, JSON.stringify(body));
  const served = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.match(served.stdout, /planted in the lint result/);
  assert.equal(served.code, 1, "the exit code follows the kept findings");
  assert.match(runDmw([...args, "--format", "sarif"], REPO_ROOT, { DMW_CACHE_DIR: dir }).stdout, /planted in the lint result/);

  // A migration edited: a new lint, the same as without the cache, kept in place of the old.
  writeFileSync(migration, readFileSync(migration, "utf8").replace(/\ndef downgrade\(\)/, "    op.drop_column('tasks', 'title')\n$&"));
  const afterMigration = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.doesNotMatch(afterMigration.stdout, /planted in the lint result/);
  assert.match(afterMigration.stdout, /drop-column/);
  assert.deepEqual([afterMigration.stdout, afterMigration.code], [fresh().stdout, fresh().code]);
  assert.doesNotMatch(readFileSync(file, "utf8"), /planted in the lint result/);

  // The configuration changed (a rule turned off in pyproject.toml): linted again.
  writeFileSync(join(project, "pyproject.toml"), '[tool.dmw]\ndisable = ["missing-lock-timeout"]\n');
  const afterConfig = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.doesNotMatch(afterConfig.stdout, /missing-lock-timeout/);
  assert.equal(afterConfig.stdout, fresh().stdout);
  // So did --since, which is part of the configuration.
  const since = runDmw([...args, "--since", "8b61e0f4a2c9"], REPO_ROOT, { DMW_CACHE_DIR: dir });
  assert.doesNotMatch(since.stdout, /prefer-bigint-primary-key/);
  assert.equal(since.stdout, runDmw([...args, "--since", "8b61e0f4a2c9", "--no-cache"], REPO_ROOT, { DMW_CACHE_DIR: dir }).stdout);
});

test("a changed input: lint keeps each revision's findings up to the first changed revision, then lints from there", async () => {
  const project = await copyExample("backend");
  const dir = emptyDir();
  const args = ["lint", "--root", project, "--format", "json"];
  const versions = join(project, "alembic", "versions");
  const base = join(versions, "3f2a9c1d7b40_create_users_table.py");
  const head = join(versions, "c4d7e2b9f815_add_priority_to_tasks.py");
  const findingsOf = (stdout: string) => (JSON.parse(stdout) as { findings: { message: string }[] }).findings;
  const fresh = () => findingsOf(runDmw([...args, "--no-cache"], REPO_ROOT, { DMW_CACHE_DIR: emptyDir() }).stdout);
  runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  // Plant a finding in the base revision's kept lint: printed only while that lint is reused.
  const file = cacheFile(dir, "lint-revisions");
  const body = JSON.parse(readFileSync(file, "utf8")) as { value: { files: { path: string; findings: unknown[] }[] } };
  const kept = body.value.files.find((f) => f.path === base);
  assert.ok(kept, "the base revision's lint is kept");
  kept.findings.push({ code: "drop-column", severity: "warning", message: "planted in the base revision", file: base, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } });
  writeFileSync(file, JSON.stringify(body));

  // The head edited: the base revision is not linted again; the head is, as without the cache.
  writeFileSync(head, readFileSync(head, "utf8").replace(/\ndef downgrade\(\)/, "    op.drop_column('tasks', 'title')\n$&"));
  const afterHead = findingsOf(runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir }).stdout);
  assert.ok(afterHead.some((f) => f.message === "planted in the base revision"));
  assert.ok(afterHead.some((f) => /drop/.test(f.message) && f.message !== "planted in the base revision"), "the head's new drop_column is found");
  assert.deepEqual(afterHead.filter((f) => f.message !== "planted in the base revision"), fresh());

  // Documentation links pointing elsewhere (the kept quick-fix data holds them): nothing is reused.
  writeFileSync(head, `${readFileSync(head, "utf8")}\n# docs\n`);
  const elsewhere = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir, DMW_DOCS_BASE_URL: "https://docs.example.invalid/dmw/" });
  assert.ok(!findingsOf(elsewhere.stdout).some((f) => f.message === "planted in the base revision"));

  // The base edited: every revision after it is linted again; nothing planted survives.
  writeFileSync(base, `${readFileSync(base, "utf8")}\n# edited\n`);
  assert.deepEqual(findingsOf(runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir }).stdout), fresh());
  assert.doesNotMatch(readFileSync(file, "utf8"), /planted in the base revision/);

  // A damaged file of kept revisions is ignored and replaced.
  writeFileSync(head, `${readFileSync(head, "utf8")}\n# again\n`);
  writeFileSync(file, readFileSync(file, "utf8").replace(/"position":/g, '"position":"x","p":'));
  assert.deepEqual(findingsOf(runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir }).stdout), fresh());
  assert.doesNotThrow(() => JSON.parse(readFileSync(file, "utf8")));
  assert.doesNotMatch(readFileSync(file, "utf8"), /"position":"x"/);
});

test("a damaged lint result is not printed: lint runs again and replaces it", () => {
  const dir = emptyDir();
  const args = ["lint", "--root", join(REPO_ROOT, "examples", "backend")];
  const good = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
  const file = cacheFile(dir, "lint");
  const valid = readFileSync(file, "utf8");
  const body = JSON.parse(valid) as { value: { findings: { range?: unknown }[] } };
  body.value.findings[0].range = { start: 3 };
  for (const damaged of [valid.slice(0, valid.length / 2), JSON.stringify(body)]) {
    writeFileSync(file, damaged);
    const again = runDmw(args, REPO_ROOT, { DMW_CACHE_DIR: dir });
    assert.deepEqual([again.code, again.stdout, again.stderr], [good.code, good.stdout, good.stderr]);
    assert.equal(readFileSync(file, "utf8"), valid);
  }
});
