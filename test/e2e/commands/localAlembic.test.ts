// Local Alembic runs as the extension builds them (interpreter choice, argv, cwd, env), spawned
// with no shell against the example backend and a throw-away PostgreSQL database; the database
// revision is checked after every step.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { AlembicAction } from "../../../client/src/commands/alembicVerbs";
import { buildLocalCommand, type LocalRun } from "../../../client/src/commands/commandLine";
import { confirmationFor } from "../../../client/src/commands/confirmation";
import { resolveInvocation, type Invocation } from "../../../client/src/commands/interpreter";
import { quoteCommandLine } from "../../../client/src/commands/shellQuoting";
import { rollbackPlan, runPlan } from "../../../client/src/commands/rollback";
import { spawnSync } from "node:child_process";
import { copyExample, findAlembicIni, REPO_ROOT, venvBin } from "../../helpers/alembic";
import { spawnCommandSpec } from "../../helpers/commandsSpawn";
import { createTestDatabase, type TestDatabase } from "../../helpers/postgres";

const BASE = "3f2a9c1d7b40";
const TASKS = "8b61e0f4a2c9";
const HEAD = "c4d7e2b9f815";

describe("local alembic commands on real PostgreSQL", () => {
  let project: string;
  let iniPath: string;
  let db: TestDatabase;
  let home: string;

  before(async () => {
    venvBin("alembic"); // fails clearly when the pinned venv is missing
    project = await copyExample("backend");
    iniPath = await findAlembicIni(project);
    db = await createTestDatabase("dmw_test_commands");
    home = await mkdtemp(join(tmpdir(), "dmw-home-"));
    await writeFile(join(home, "sentinel"), "still here");
  });
  after(async () => {
    await db?.drop();
    if (project) await rm(dirname(project), { recursive: true, force: true });
    if (home) await rm(home, { recursive: true, force: true });
  });

  const stamped = async (): Promise<string[]> => {
    const exists = await db.query("SELECT to_regclass('public.alembic_version') AS t");
    if (exists[0].t === null) return [];
    return (await db.query<{ version_num: string }>("SELECT version_num FROM alembic_version")).map((r) => r.version_num);
  };
  const localRun = (invocation: Invocation): LocalRun => ({ invocation, iniPath, databaseUrl: db.sqlalchemyUrl });
  const run = async (action: AlembicAction, invocation: Invocation) => {
    return spawnCommandSpec(buildLocalCommand(action, localRun(invocation)), { ...process.env, HOME: home });
  };
  const settingInvocation = () => resolveInvocation({ alembicCommand: venvBin("alembic"), iniDir: dirname(iniPath), platform: process.platform, exists: existsSync });

  it("finds a .venv beside alembic.ini and upgrades to head", async () => {
    await symlink(join(REPO_ROOT, ".venv-test"), join(dirname(iniPath), ".venv"), "dir");
    const invocation = resolveInvocation({ iniDir: dirname(iniPath), platform: process.platform, exists: existsSync });
    assert.deepEqual(invocation, { command: join(dirname(iniPath), ".venv", "bin", "alembic"), prefixArgs: [], source: "venv" });
    assert.equal(confirmationFor([{ verb: "upgrade", target: "head" }], { kind: "local", databaseUrl: db.sqlalchemyUrl }), undefined);
    const result = await run({ verb: "upgrade", target: "head" }, invocation);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await stamped(), [HEAD]);
  });

  it("downgrades one step through `python -m alembic` (the Python extension's interpreter)", async () => {
    const invocation = resolveInvocation({ selectedPython: venvBin("python"), iniDir: dirname(iniPath), platform: process.platform, exists: () => false });
    const plan: AlembicAction[] = [{ verb: "downgrade", target: "-1" }];
    assert.match(confirmationFor(plan, { kind: "local", databaseUrl: db.sqlalchemyUrl })?.message ?? "", /^Downgrade to -1 on the database 127\.0\.0\.1:5432\/dmw_test_commands_/);
    const result = await run(plan[0], invocation);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await stamped(), [TASKS]);
  });

  it("upgrades one step through the alembic command setting", async () => {
    const result = await run({ verb: "upgrade", target: "+1" }, settingInvocation());
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await stamped(), [HEAD]);
  });

  it("shows current and history", async () => {
    const current = await run({ verb: "current" }, settingInvocation());
    assert.equal(current.code, 0, current.stderr);
    assert.match(current.stdout, new RegExp(`Rev: ${HEAD} \\(head\\)`));
    const history = await run({ verb: "history" }, settingInvocation());
    assert.equal(history.code, 0, history.stderr);
    for (const rev of [BASE, TASKS, HEAD]) assert.match(history.stdout, new RegExp(`Rev: ${rev}`));
  });

  it("test rollback: downgrade -1 then upgrade +1, checking the revision after each step", async () => {
    const seen: string[][] = [];
    const outcome = await runPlan(rollbackPlan(), async (action) => {
      const result = await run(action, settingInvocation());
      seen.push(await stamped());
      return result.code;
    });
    assert.equal(outcome.failedAt, undefined);
    assert.deepEqual(seen, [[TASKS], [HEAD]]);
  });

  it("test rollback stops at the first failure: nothing to downgrade at base", async () => {
    assert.equal((await run({ verb: "downgrade", target: "base" }, settingInvocation())).code, 0);
    assert.deepEqual(await stamped(), []);
    const outcome = await runPlan(rollbackPlan(), async (action) => (await run(action, settingInvocation())).code);
    assert.equal(outcome.failedAt, 0);
    assert.equal(outcome.steps.length, 1);
    assert.notEqual(outcome.steps[0].exitCode, 0);
    assert.deepEqual(await stamped(), [], "the upgrade step must not have run");
  });

  it("stamps a picked revision without running migrations", async () => {
    assert.equal((await run({ verb: "stamp", target: TASKS }, settingInvocation())).code, 0);
    assert.deepEqual(await stamped(), [TASKS]);
    const tables = await db.query("SELECT to_regclass('public.tasks') AS t");
    assert.equal(tables[0].t, null, "stamp must not create tables");
    assert.equal((await run({ verb: "stamp", target: "base" }, settingInvocation())).code, 0);
    assert.deepEqual(await stamped(), []);
  });

  it("autogenerate keeps a hostile message as one literal argument", async () => {
    assert.equal((await run({ verb: "upgrade", target: "head" }, settingInvocation())).code, 0);
    const versions = join(dirname(iniPath), "alembic", "versions");
    const before = new Set(await readdir(versions));
    const message = 'x"; rm -rf ~; "';
    const result = await run({ verb: "autogenerate", message }, settingInvocation());
    assert.equal(result.code, 0, result.stderr);
    const created = (await readdir(versions)).filter((f) => !before.has(f) && f.endsWith(".py"));
    assert.equal(created.length, 1);
    const text = await readFile(join(versions, created[0]), "utf8");
    assert.ok(text.startsWith(`"""${message}\n`), text.slice(0, 80));
    assert.equal(await readFile(join(home, "sentinel"), "utf8"), "still here");
    assert.deepEqual(await stamped(), [HEAD], "autogenerate only reads the database");
  });

  it("the command shown for bash, pasted into bash, passes the message literally too", async () => {
    const versions = join(dirname(iniPath), "alembic", "versions");
    const before = new Set(await readdir(versions));
    // The previous test added a head; apply it so autogenerate sees an up-to-date database.
    assert.equal((await run({ verb: "upgrade", target: "head" }, settingInvocation())).code, 0);
    const message = "it's $(touch pwned) `touch pwned2` ; echo !!";
    const spec = buildLocalCommand({ verb: "autogenerate", message }, localRun(settingInvocation()));
    const line = quoteCommandLine([spec.command, ...spec.args], "posix");
    const result = spawnSync("bash", ["-c", line], { cwd: spec.cwd, env: { ...process.env, ...spec.env, HOME: home }, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr.split("\n").slice(-5).join("\n"));
    const created = (await readdir(versions)).filter((f) => !before.has(f) && f.endsWith(".py"));
    assert.equal(created.length, 1);
    assert.ok((await readFile(join(versions, created[0]), "utf8")).startsWith(`"""${message}\n`));
    assert.ok(!existsSync(join(spec.cwd!, "pwned")) && !existsSync(join(spec.cwd!, "pwned2")));
  });
});
