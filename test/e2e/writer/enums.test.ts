// Pattern 9: enum types. Alembic's own comparison does not look at enum labels (alembic #278), so
// `alembic check` agreeing proves the column and its type, and the labels are checked here in SQL.
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { generate, ok, projectAtHead, proveRoundTrip } from "./scenario";

const TASK = "app/models/task.py";

const labels = async (p: { rows: (sql: string) => Promise<Record<string, unknown>[]> }) =>
  (await p.rows("SELECT e.enumlabel AS l FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'status' ORDER BY e.enumsortorder")).map((r) => r.l);

describe("writer e2e: enums", { concurrency: true }, () => {
  it("9. a new enum type before its column; an added label with ADD VALUE; downgrades re-create the type", async () => {
    const p = await projectAtHead("enum");
    try {
      await p.edit(TASK, (t) =>
        t
          .replace("import uuid\n", "import enum\nimport uuid\n")
          .replace("class TaskBase(SQLModel):", 'class Status(str, enum.Enum):\n    todo = "todo"\n    done = "done"\n\n\nclass TaskBase(SQLModel):')
          .replace("    completed: bool = False\n", "    completed: bool = False\n    status: Status = Status.todo\n"),
      );
      const first = await generate(p, "-m", "task status");
      assert.ok(first.text.indexOf("CREATE TYPE status AS ENUM ('todo', 'done')") < first.text.indexOf("op.add_column('tasks'"), first.text);
      await proveRoundTrip(p, async () => {
        const rows = await p.rows<{ status: string }>("SELECT status FROM tasks ORDER BY id");
        assert.deepEqual(rows.map((r) => r.status), ["todo", "todo", "todo"]);
        assert.deepEqual(await labels(p), ["todo", "done"]);
      });

      await p.edit(TASK, (t) => t.replace('    todo = "todo"\n', '    todo = "todo"\n    doing = "doing"\n'));
      const second = await generate(p, "-m", "status doing");
      assert.match(second.text, /with op\.get_context\(\)\.autocommit_block\(\):\n {8}op\.execute\("ALTER TYPE status ADD VALUE IF NOT EXISTS 'doing' AFTER 'todo'"\)/);
      ok(await p.alembic("upgrade", "head"), "upgrade");
      assert.deepEqual(await labels(p), ["todo", "doing", "done"]);
      await p.rows("UPDATE tasks SET status = 'done' WHERE id = 2");
      ok(await p.alembic("downgrade", "-1"), "downgrade");
      assert.deepEqual(await labels(p), ["todo", "done"]);
      assert.deepEqual((await p.rows<{ status: string }>("SELECT status FROM tasks ORDER BY id")).map((r) => r.status), ["todo", "done", "todo"]);
      ok(await p.alembic("upgrade", "head"), "upgrade again");
      const check = await p.alembic("check");
      assert.equal(check.code, 0, check.stdout + check.stderr);
      assert.equal((await p.dmw("check", "--root", p.dir)).code, 0);
    } finally {
      await p.close();
    }
  });
});
