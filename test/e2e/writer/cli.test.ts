// `dmw generate` as a command: what it prints and its exit codes. No database needed.
import { strict as assert } from "node:assert";
import { copyFile, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { copyExample, type ProcessResult } from "../../helpers/alembic";
import { HEAD_MODELS, runDmwFromSource } from "./scenario";

const dmw = (...args: string[]): Promise<ProcessResult> => runDmwFromSource(args);

const copies: string[] = [];
async function example(): Promise<string> {
  const dir = await copyExample("backend");
  copies.push(dir);
  return dir;
}
const versionsOf = async (dir: string) => (await readdir(join(dir, "alembic", "versions"))).filter((f) => f.endsWith(".py")).sort();

after(async () => {
  for (const dir of copies) await rm(dirname(dir), { recursive: true, force: true });
});

describe("dmw generate", { concurrency: true }, () => {
  it("writes one new migration for the seed drift, prints its path, exits 0", async () => {
    const dir = await example();
    const before = await versionsOf(dir);
    const result = await dmw("generate", "-m", "Priority lookup table", "--root", dir);
    assert.equal(result.code, 0, result.stderr);
    const path = result.stdout.trim();
    assert.match(path, /[0-9a-f]{12}_priority_lookup_table\.py$/);
    const after = await versionsOf(dir);
    assert.equal(after.length, before.length + 1);
    const text = await readFile(path, "utf8");
    assert.match(text, /^down_revision: Union\[str, Sequence\[str\], None\] = 'c4d7e2b9f815'$/m);
    assert.match(text, /op\.alter_column\('tasks', 'priority', new_column_name='priority_id'\)/);
    assert.match(result.stderr, /note: tasks\.priority -> priority_id is written as a rename \(the data is kept\); if it is a new column, run again with --no-rename/);
  });

  it("exits 1 when there is nothing to generate", async () => {
    const dir = await example();
    await copyFile(join(HEAD_MODELS, "task.py"), join(dir, "app", "models", "task.py"));
    await copyFile(join(HEAD_MODELS, "__init__.py"), join(dir, "app", "models", "__init__.py"));
    await rm(join(dir, "app", "models", "priority.py"));
    const result = await dmw("generate", "-m", "nothing", "--root", dir);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, "dmw generate: nothing to generate: the models match the migration history\n");
  });

  it("exits 1 and suggests alembic merge when the history has several heads", async () => {
    const dir = await example();
    const branch = (await readFile(join(dir, "alembic", "versions", "c4d7e2b9f815_add_priority_to_tasks.py"), "utf8"))
      .replace(/c4d7e2b9f815/g, "0a0a0a0a0a0a")
      .replace("op.add_column('tasks', sa.Column('priority', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))", "pass")
      .replace("op.drop_column('tasks', 'priority')", "pass");
    await writeFile(join(dir, "alembic", "versions", "0a0a0a0a0a0a_branch.py"), branch);
    const result = await dmw("generate", "-m", "x", "--root", dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /the migration history has 2 heads \((0a0a0a0a0a0a, c4d7e2b9f815|c4d7e2b9f815, 0a0a0a0a0a0a)\); merge them first: alembic merge -m "merge heads"/);
  });

  it("never overwrites an existing file (named by file_template and truncate_slug_length): exits 1, leaves it as it was", async () => {
    const dir = await example();
    const ini = join(dir, "alembic.ini");
    const settings = "file_template = %%(slug)s\ntruncate_slug_length = 16";
    await writeFile(ini, (await readFile(ini, "utf8")).replace("file_template = %%(rev)s_%%(slug)s", settings));
    // "priority lookup table" cut at 16 on a word boundary, as Alembic does.
    const existing = join(dir, "alembic", "versions", "priority_lookup_.py");
    await writeFile(existing, "# mine\n");
    const result = await dmw("generate", "-m", "priority lookup table", "--root", dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /priority_lookup_\.py already exists; not overwriting it/);
    assert.equal(await readFile(existing, "utf8"), "# mine\n");
  });

  it("usage errors exit 2: no message, malformed --rename", async () => {
    const noMessage = await dmw("generate");
    assert.equal(noMessage.code, 2);
    assert.match(noMessage.stderr, /a message is required/);
    const badRename = await dmw("generate", "-m", "x", "--rename", "priority=priority_id");
    assert.equal(badRename.code, 2);
    assert.match(badRename.stderr, /--rename expects TABLE\.OLD=NEW, not 'priority=priority_id'/);
  });
});
