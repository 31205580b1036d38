import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alembicArgs, changesDatabase, type AlembicAction } from "../../client/src/commands/alembicVerbs";
import { buildKubectlCommand, buildLocalCommand, describeTarget } from "../../client/src/commands/commandLine";
import type { Invocation } from "../../client/src/commands/interpreter";

const EVERY_ACTION: [AlembicAction, string[]][] = [
  [{ verb: "upgrade", target: "head" }, ["upgrade", "head"]],
  [{ verb: "upgrade", target: "+1" }, ["upgrade", "+1"]],
  [{ verb: "downgrade", target: "-1" }, ["downgrade", "-1"]],
  [{ verb: "downgrade", target: "1a2b3c4d5e6f" }, ["downgrade", "1a2b3c4d5e6f"]],
  [{ verb: "current" }, ["current", "--verbose"]],
  [{ verb: "history" }, ["history", "--verbose"]],
  [{ verb: "stamp", target: "ae1027a6acf" }, ["stamp", "ae1027a6acf"]],
  [{ verb: "autogenerate", message: "add due_date" }, ["revision", "--autogenerate", "-m", "add due_date"]],
];

const venvAlembic: Invocation = { command: "/proj/backend/.venv/bin/alembic", prefixArgs: [], source: "venv" };
const pythonModule: Invocation = { command: "/usr/bin/python3", prefixArgs: ["-m", "alembic"], source: "python-extension" };

describe("alembic argument vectors", () => {
  for (const [action, expected] of EVERY_ACTION) {
    it(`${action.verb} -> ${expected.join(" ")}`, () => {
      assert.deepEqual(alembicArgs(action), expected);
    });
  }

  it("marks upgrade, downgrade and stamp as database writes, the rest not", () => {
    const writes = EVERY_ACTION.filter(([a]) => changesDatabase(a)).map(([a]) => a.verb);
    assert.deepEqual([...new Set(writes)], ["upgrade", "downgrade", "stamp"]);
  });

  it("keeps a hostile message as one literal argument", () => {
    const message = 'x"; rm -rf ~; "';
    assert.deepEqual(alembicArgs({ verb: "autogenerate", message }).slice(-2), ["-m", message]);
  });
});

describe("local commands", () => {
  it("runs in the folder of alembic.ini with the invocation's program", () => {
    const spec = buildLocalCommand({ verb: "upgrade", target: "head" }, {
      invocation: venvAlembic,
      iniPath: "/proj/backend/alembic.ini",
    });
    assert.deepEqual(spec, {
      command: "/proj/backend/.venv/bin/alembic",
      args: ["upgrade", "head"],
      cwd: "/proj/backend",
      env: {},
    });
  });

  it("puts `-m alembic` first and `-c` for an ini with another name", () => {
    const spec = buildLocalCommand({ verb: "downgrade", target: "-1" }, {
      invocation: pythonModule,
      iniPath: "/proj/db/migrations.ini",
    });
    assert.equal(spec.command, "/usr/bin/python3");
    assert.deepEqual(spec.args, ["-m", "alembic", "-c", "migrations.ini", "downgrade", "-1"]);
    assert.equal(spec.cwd, "/proj/db");
  });

  it("passes the configured database URL in DATABASE_URL or the configured variable", () => {
    const url = "postgresql+psycopg://app:secret@localhost:5432/app";
    const base = { invocation: venvAlembic, iniPath: "/p/alembic.ini", databaseUrl: url };
    assert.deepEqual(buildLocalCommand({ verb: "current" }, base).env, { DATABASE_URL: url });
    assert.deepEqual(buildLocalCommand({ verb: "current" }, { ...base, databaseUrlEnvVar: "SQLALCHEMY_URL" }).env, {
      SQLALCHEMY_URL: url,
    });
  });
});

describe("kubectl commands", () => {
  const target = { context: "gke-prod", namespace: "shop", kind: "deployment" as const, name: "backend", container: "api" };

  it("prefixes kubectl exec with context, namespace, workload and container", () => {
    const spec = buildKubectlCommand({ verb: "upgrade", target: "head" }, { target });
    assert.deepEqual(spec, {
      command: "kubectl",
      args: ["--context", "gke-prod", "-n", "shop", "exec", "deployment/backend", "-c", "api", "--", "alembic", "upgrade", "head"],
      env: {},
    });
  });

  it("builds every action for a pod with a configured kubectl and remote alembic", () => {
    const pod = { kind: "pod" as const, name: "backend-7c9d-x2x4" };
    for (const [action, expected] of EVERY_ACTION) {
      const spec = buildKubectlCommand(action, {
        target: pod,
        kubectl: "/opt/bin/kubectl",
        remoteAlembic: ["python", "-m", "alembic"],
      });
      assert.equal(spec.command, "/opt/bin/kubectl");
      assert.deepEqual(spec.args, ["exec", "pod/backend-7c9d-x2x4", "--", "python", "-m", "alembic", ...expected]);
      assert.equal(spec.cwd, undefined);
    }
  });

  it("never forwards a local database URL", () => {
    const spec = buildKubectlCommand({ verb: "stamp", target: "head" }, { target });
    assert.deepEqual(spec.env, {});
  });

  it("describes the target by context, namespace and workload", () => {
    assert.equal(describeTarget(target), "deployment/backend (container api) in namespace shop, context gke-prod");
    assert.equal(
      describeTarget({ kind: "pod", name: "p" }),
      "pod/p in namespace the context's default namespace, context the current kubectl context",
    );
  });
});
