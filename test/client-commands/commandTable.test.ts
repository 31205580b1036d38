import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alembicArgs } from "../../client/src/commands/alembicVerbs";
import { buildKubectlCommand, buildLocalCommand } from "../../client/src/commands/commandLine";
import { ALEMBIC_COMMANDS, commandById } from "../../client/src/commands/commandTable";
import { confirmationFor } from "../../client/src/commands/confirmation";

// command id -> the value its prompt would give -> the alembic argv of each step
const EXPECTED: Record<string, [string, string[][]]> = {
  upgradeHead: ["", [["upgrade", "head"]]],
  upgradeOne: ["", [["upgrade", "+1"]]],
  downgradeOne: ["", [["downgrade", "-1"]]],
  upgradeTo: ["c4d7e2b9f815", [["upgrade", "c4d7e2b9f815"]]],
  downgradeTo: ["base", [["downgrade", "base"]]],
  showCurrent: ["", [["current", "--verbose"]]],
  showHistory: ["", [["history", "--verbose"]]],
  stamp: ["head", [["stamp", "head"]]],
  testRollback: ["", [["downgrade", "-1"], ["upgrade", "+1"]]],
  autogenerate: ["add due_date", [["revision", "--autogenerate", "-m", "add due_date"]]],
};

describe("command table", () => {
  it("has exactly the expected commands, each with its plan", () => {
    assert.deepEqual(ALEMBIC_COMMANDS.map((c) => c.id.replace("dbMigrationWizard.", "")).sort(), Object.keys(EXPECTED).sort());
    for (const [name, [value, argv]] of Object.entries(EXPECTED)) {
      const command = commandById(`dbMigrationWizard.${name}`)!;
      assert.deepEqual(command.plan(value).map(alembicArgs), argv, name);
    }
  });

  it("builds local and kubectl runs for every command, and asks exactly where the rules say", () => {
    const target = { context: "prod", namespace: "shop", kind: "deployment" as const, name: "backend", container: "api" };
    const asks: Record<string, [boolean, boolean]> = {};
    for (const command of ALEMBIC_COMMANDS) {
      const plan = command.plan(EXPECTED[command.id.replace("dbMigrationWizard.", "")][0]);
      for (const action of plan) {
        const local = buildLocalCommand(action, { invocation: { command: "alembic", prefixArgs: [], source: "path" }, iniPath: "/p/alembic.ini" });
        assert.deepEqual(local.args, alembicArgs(action));
        const remote = buildKubectlCommand(action, { target });
        assert.deepEqual(remote.args.slice(remote.args.indexOf("--") + 1), ["alembic", ...alembicArgs(action)]);
      }
      asks[command.id.replace("dbMigrationWizard.", "")] = [
        confirmationFor(plan, { kind: "local", databaseUrl: "postgresql://localhost/app" }) !== undefined,
        confirmationFor(plan, { kind: "kubectl", target }) !== undefined,
      ];
    }
    assert.deepEqual(asks, {
      upgradeHead: [false, true],
      upgradeOne: [false, true],
      downgradeOne: [true, true],
      upgradeTo: [false, true],
      downgradeTo: [true, true],
      showCurrent: [false, false],
      showHistory: [false, false],
      stamp: [false, true],
      testRollback: [true, true],
      autogenerate: [false, false],
    });
  });

  it("offers every command but autogenerate in Kubernetes", () => {
    assert.deepEqual(ALEMBIC_COMMANDS.filter((c) => !c.inKubernetes).map((c) => c.id), ["dbMigrationWizard.autogenerate"]);
  });
});
