// package.json must contribute every command of the table (category "Alembic"), the migration
// view, menus that name real commands, the task type and the SQL injection grammar.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ALEMBIC_COMMANDS, KUBERNETES_COMMAND, REFRESH_VIEW_COMMAND } from "../../client/src/commands/commandTable";
import { TASK_TYPE_NAME } from "../../client/src/commands/taskType";
import { MIGRATION_VIEW_ID } from "../../client/src/view/viewIds";

const ROOT = join(__dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const contributes = manifest.contributes;
const ours = [...ALEMBIC_COMMANDS.map((c) => ({ id: c.id, title: c.title })), KUBERNETES_COMMAND, REFRESH_VIEW_COMMAND];

describe("package.json contributions of the Alembic commands", () => {
  it("lists every command with its title in the Alembic category", () => {
    for (const { id, title } of ours) {
      const entry = contributes.commands.find((c: { command: string }) => c.command === id);
      assert.ok(entry, `${id} is not contributed`);
      assert.equal(entry.title, title);
      assert.equal(entry.category, "Alembic");
    }
  });

  it("puts the Alembic Migrations view in the Explorer", () => {
    assert.deepEqual(
      contributes.views.explorer.find((v: { id: string }) => v.id === MIGRATION_VIEW_ID),
      { id: MIGRATION_VIEW_ID, name: "Alembic Migrations" },
    );
  });

  it("menus name contributed commands, and the view's item menus match its context values", () => {
    const known = new Set(contributes.commands.map((c: { command: string }) => c.command));
    for (const [menu, entries] of Object.entries(contributes.menus) as [string, { command: string; when?: string }[]][]) {
      for (const entry of entries) assert.ok(known.has(entry.command), `${menu}: ${entry.command}`);
    }
    const itemMenus = contributes.menus["view/item/context"].filter((e: { when: string }) => e.when.includes(MIGRATION_VIEW_ID));
    const offered = (state: string) =>
      itemMenus
        .filter((e: { when: string }) => new RegExp(/viewItem =~ \/(.*)\//.exec(e.when)![1]).test(`alembicRevision.${state}`))
        .map((e: { command: string }) => e.command.replace("dbMigrationWizard.", ""))
        .sort();
    assert.deepEqual(offered("pending"), ["stamp", "upgradeTo"]);
    assert.deepEqual(offered("applied"), ["downgradeTo", "stamp"]);
    assert.deepEqual(offered("current"), ["stamp"]);
    assert.deepEqual(offered("unknown"), ["downgradeTo", "stamp", "upgradeTo"]);
  });

  it("declares the task type and the SQL injection grammar", () => {
    assert.ok(contributes.taskDefinitions.some((t: { type: string }) => t.type === TASK_TYPE_NAME));
    const grammar = contributes.grammars.find((g: { injectTo?: string[] }) => g.injectTo?.includes("source.python"));
    assert.ok(grammar && existsSync(join(ROOT, grammar.path)));
    const scopeName = JSON.parse(readFileSync(join(ROOT, grammar.path), "utf8")).scopeName;
    assert.equal(grammar.scopeName, scopeName);
  });
});
