import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { generateMigration, isGenerateError, parseRenameOption, type GenerateSource } from "../../../server/src/writer/generate";
import { col, schema, t, table, tasksAtHead } from "./schemaBuilders";

const versions = join("project", "alembic", "versions");
const head = schema([tasksAtHead()]);
const movedOn = schema(
  [{ ...tasksAtHead(), columns: [...tasksAtHead().columns.filter((c) => c.name !== "priority"), col("priority_level", t.varchar(20))] }],
  "models",
);
const source = (models = movedOn, heads = ["c4d7e2b9f815"]): GenerateSource => ({
  layout: { versionsDirs: [versions], fileTemplate: "%(rev)s_%(slug)s" },
  history: { schema: head, heads },
  models: { schema: models },
});
const fixed = { revision: "0123456789ab", createDate: new Date("2026-01-02T03:04:05Z") };

describe("generateMigration", () => {
  it("diffs history -> models, plans a rename (detected), names the file, points down_revision at the head", () => {
    const result = generateMigration(source(), { message: "Rename priority", ...fixed });
    assert.ok(!isGenerateError(result));
    assert.equal(result.fileName, "0123456789ab_rename_priority.py");
    assert.equal(result.path, join(versions, "0123456789ab_rename_priority.py"));
    assert.match(result.text, /^down_revision: Union\[str, Sequence\[str\], None\] = 'c4d7e2b9f815'$/m);
    assert.match(result.text, /op\.alter_column\('tasks', 'priority', new_column_name='priority_level'\)/);
  });

  it("--no-rename gives drop + add; an explicit rename wins over detection", () => {
    const plain = generateMigration(source(), { message: "m", detectRenames: false, ...fixed });
    assert.ok(!isGenerateError(plain));
    assert.deepEqual(plain.changes.map((c) => c.kind).sort(), ["add-column", "drop-column"]);
    const explicit = generateMigration(source(), { message: "m", detectRenames: false, renames: { tasks: { priority: "priority_level" } }, ...fixed });
    assert.ok(!isGenerateError(explicit));
    assert.deepEqual(explicit.changes.map((c) => c.kind), ["rename-column"]);
  });

  it("a new revision id of 12 hex digits when none is given", () => {
    const result = generateMigration(source(), { message: "m" });
    assert.ok(!isGenerateError(result));
    assert.match(result.text, /^Revision ID: [0-9a-f]{12}$/m);
  });

  it("refuses: nothing to generate, several heads, no message", () => {
    const same = generateMigration(source({ ...head, origin: "models" }), { message: "m" });
    assert.deepEqual(same, { code: "nothing-to-generate", error: "nothing to generate: the models match the migration history" });
    const heads = generateMigration(source(movedOn, ["aaa", "bbb"]), { message: "m" });
    assert.ok(isGenerateError(heads));
    assert.equal(heads.code, "several-heads");
    assert.match(heads.error, /alembic merge -m "merge heads" aaa bbb/);
    const blank = generateMigration(source(), { message: "  " });
    assert.ok(isGenerateError(blank));
    assert.equal(blank.code, "no-message");
  });

  it("the first migration of a project has down_revision None", () => {
    const result = generateMigration({ ...source(schema([table("t", [col("id", t.int(), { nullable: false })])], "models"), []), history: { schema: schema([]), heads: [] } }, { message: "init", ...fixed });
    assert.ok(!isGenerateError(result));
    assert.match(result.text, /^down_revision: Union\[str, Sequence\[str\], None\] = None$/m);
  });
});

describe("parseRenameOption", () => {
  it("reads TABLE.OLD=NEW and rejects anything else", () => {
    assert.deepEqual(parseRenameOption("tasks.priority=priority_id"), { tasks: { priority: "priority_id" } });
    const into = parseRenameOption("tasks.a=b");
    assert.deepEqual(parseRenameOption("tasks.c=d", into), { tasks: { a: "b", c: "d" } });
    assert.equal(parseRenameOption("tasks.priority"), undefined);
    assert.equal(parseRenameOption("priority=priority_id"), undefined);
  });
});
