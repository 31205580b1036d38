// Patterns 1-6 of the writer, each proven on real PostgreSQL with rows in the table.
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { ADA, generate, ok, projectAtHead, proveRoundTrip } from "./scenario";

const TASK = "app/models/task.py";
const field = (anchor: string, line: string) => (text: string) => text.replace(anchor, `${anchor}\n    ${line}`);

describe("writer e2e: columns", { concurrency: true }, () => {
  it("1. a new nullable column is added; rows stay", async () => {
    const p = await projectAtHead("nullable_column");
    try {
      await p.edit(TASK, field("completed: bool = False", "due_date: Optional[datetime] = None"));
      const { text } = await generate(p, "-m", "add due date");
      assert.match(text, /op\.add_column\('tasks', sa\.Column\('due_date', sa\.DateTime\(timezone=True\), nullable=True\)\)/);
      await proveRoundTrip(p, async () => {
        const rows = await p.rows<{ id: number; due_date: Date | null }>("SELECT id, due_date FROM tasks ORDER BY id");
        assert.deepEqual(rows, [{ id: 1, due_date: null }, { id: 2, due_date: null }, { id: 3, due_date: null }]);
      });
    } finally {
      await p.close();
    }
  });

  it("2. a new NOT NULL column is backfilled with the model default on a populated table", async () => {
    const p = await projectAtHead("not_null_column");
    try {
      await p.edit(TASK, field("completed: bool = False", "archived: bool = False"));
      const { text } = await generate(p, "-m", "add archived flag");
      assert.match(text, /nullable=True\)\)\n\n {4}op\.execute\('UPDATE tasks SET archived = false WHERE archived IS NULL'\)/);
      await proveRoundTrip(p, async () => {
        const rows = await p.rows<{ archived: boolean }>("SELECT archived FROM tasks ORDER BY id");
        assert.deepEqual(rows.map((r) => r.archived), [false, false, false]);
      });
    } finally {
      await p.close();
    }
  });

  it("2. with no usable default the migration says so and stops on a table with rows, untouched, until a value is written in", async () => {
    const p = await projectAtHead("no_default");
    try {
      await p.edit(TASK, field("completed: bool = False", "owner_name: str = Field(max_length=50)"));
      const { text, stderr, path } = await generate(p, "-m", "add owner name");
      assert.match(text, /def upgrade\(\) -> None:\n {4}"""Upgrade schema."""\n {4}# NOTE: tasks\.owner_name is NOT NULL and the model has no default/);
      assert.match(stderr, /tasks\.owner_name: NOT NULL without a default/);
      const upgrade = await p.alembic("upgrade", "head");
      assert.notEqual(upgrade.code, 0);
      assert.match(upgrade.stderr, /tasks\.owner_name: new NOT NULL column without a default on a table with rows/);
      const columns = await p.rows("SELECT 1 FROM information_schema.columns WHERE table_name = 'tasks' AND column_name = 'owner_name'");
      assert.equal(columns.length, 0);
      assert.deepEqual(await p.rows("SELECT version_num FROM alembic_version"), [{ version_num: "c4d7e2b9f815" }]);
      // What the user does: write the value in and delete the check.
      await p.edit(path, (t) =>
        t
          .replace(/ {4}op\.execute\("""\n {4}DO \$\$\n {4}BEGIN\n {8}IF EXISTS \(SELECT 1 FROM tasks\) THEN[\s\S]*?"""\)\n/, "")
          .replace("# op.execute('UPDATE tasks SET owner_name = <value>", "op.execute('UPDATE tasks SET owner_name = left(title, 50)"),
      );
      await proveRoundTrip(p, async () => {
        const rows = await p.rows<{ owner_name: string }>("SELECT owner_name FROM tasks ORDER BY id");
        assert.deepEqual(rows.map((r) => r.owner_name), ["Write report", "Review PR", "Plan sprint"]);
      });
    } finally {
      await p.close();
    }
  });

  it("3. renaming an indexed foreign-key column renames its index too: alembic check stays clean", async () => {
    const p = await projectAtHead("rename_indexed");
    try {
      await p.edit(TASK, (t) => t.replace('user_id: uuid.UUID = Field(foreign_key="users.id", index=True)', 'owner_id: uuid.UUID = Field(foreign_key="users.id", index=True)'));
      const { text } = await generate(p, "-m", "rename user to owner", "--rename", "tasks.user_id=owner_id");
      assert.match(text, /op\.alter_column\('tasks', 'user_id', new_column_name='owner_id'\)/);
      assert.match(text, /op\.execute\('ALTER INDEX ix_tasks_user_id RENAME TO ix_tasks_owner_id'\)/);
      assert.match(text, /def downgrade[\s\S]*op\.execute\('ALTER INDEX ix_tasks_owner_id RENAME TO ix_tasks_user_id'\)/);
      assert.doesNotMatch(text, /drop_index|create_index/);
      await proveRoundTrip(p, async () => {
        const rows = await p.rows<{ owner_id: string }>("SELECT owner_id FROM tasks ORDER BY id");
        assert.deepEqual(rows.map((r) => r.owner_id), [ADA, ADA, ADA]);
        const indexes = await p.rows<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'tasks' AND indexname LIKE 'ix_%' ORDER BY 1");
        assert.deepEqual(indexes.map((i) => i.indexname), ["ix_tasks_owner_id"]);
      });
    } finally {
      await p.close();
    }
  });

  it("3. a rename keeps the data (alter_column, never drop + add)", async () => {
    const p = await projectAtHead("rename");
    try {
      await p.edit(TASK, (t) => t.replace("priority: Optional[str]", "priority_level: Optional[str]"));
      const { text } = await generate(p, "-m", "rename priority", "--rename", "tasks.priority=priority_level");
      assert.match(text, /op\.alter_column\('tasks', 'priority', new_column_name='priority_level'\)/);
      assert.doesNotMatch(text, /drop_column/);
      await proveRoundTrip(p, async () => {
        const rows = await p.rows<{ priority_level: string | null }>("SELECT priority_level FROM tasks ORDER BY id");
        assert.deepEqual(rows.map((r) => r.priority_level), ["high", null, "low"]);
      });
    } finally {
      await p.close();
    }
  });

  it("4. a type change converts with USING; values that would not convert stop it and are named", async () => {
    const seed = [
      `INSERT INTO users (id, email, name) VALUES ('${ADA}', 'ada@example.com', 'Ada')`,
      `INSERT INTO tasks (title, completed, user_id, created_at, priority) VALUES
         ('a', false, '${ADA}', now(), '1'), ('b', false, '${ADA}', now(), NULL), ('c', false, '${ADA}', now(), ' 3 ')`,
    ];
    const p = await projectAtHead("convert", seed);
    try {
      await p.edit(TASK, (t) => t.replace("priority: Optional[str] = Field(default=None, max_length=20)", "priority: Optional[int] = None"));
      const { text } = await generate(p, "-m", "priority as number");
      assert.match(text, /postgresql_using='priority::integer'/);
      // Plain SQL in op.execute: offline mode renders the check too.
      const offline = await p.alembic("upgrade", "c4d7e2b9f815:head", "--sql");
      assert.equal(offline.code, 0, offline.stderr);
      assert.match(offline.stdout, /FOR r IN SELECT DISTINCT priority AS v FROM tasks WHERE priority IS NOT NULL ORDER BY 1 LOOP/);
      assert.match(offline.stdout, /ALTER TABLE tasks ALTER COLUMN priority TYPE INTEGER USING priority::integer;/);
      // The guard, proven on a value that does not convert: nothing is altered.
      await p.rows("INSERT INTO tasks (title, completed, user_id, created_at, priority) VALUES ('d', false, '" + ADA + "', now(), 'urgent')");
      const refused = await p.alembic("upgrade", "head");
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /tasks\.priority: 1 value\(s\) do not convert to integer: 'urgent'/);
      const type = await p.rows("SELECT data_type FROM information_schema.columns WHERE table_name = 'tasks' AND column_name = 'priority'");
      assert.deepEqual(type, [{ data_type: "character varying" }]);
      await p.rows("DELETE FROM tasks WHERE priority = 'urgent'");
      await proveRoundTrip(p, async () => {
        const rows = await p.rows<{ priority: number | null }>("SELECT priority FROM tasks ORDER BY id");
        assert.deepEqual(rows.map((r) => r.priority), [1, null, 3]);
      });
    } finally {
      await p.close();
    }
  });

  it("4. with a database, the values that would not convert are listed in a CASE mapping to fill in", async () => {
    const p = await projectAtHead("mapping");
    try {
      await p.edit(TASK, (t) => t.replace("priority: Optional[str] = Field(default=None, max_length=20)", "priority: Optional[int] = None"));
      const { text, path } = await generate(p, "-m", "priority as number", "--database-url", p.db.url);
      assert.match(text, /WHEN 'high' THEN 'high'\n\s*WHEN 'low' THEN 'low'/);
      const unfilled = await p.alembic("upgrade", "head");
      assert.match(unfilled.stderr, /tasks\.priority: 2 value\(s\) do not convert to integer: 'high', 'low'/);
      // What the user does: write what each value becomes.
      await p.edit(path, (t) => t.replace("WHEN 'high' THEN 'high'", "WHEN 'high' THEN '1'").replace("WHEN 'low' THEN 'low'", "WHEN 'low' THEN '3'"));
      await proveRoundTrip(p, async () => {
        const rows = await p.rows<{ priority: number | null }>("SELECT priority FROM tasks ORDER BY id");
        assert.deepEqual(rows.map((r) => r.priority), [1, null, 3]);
      });
    } finally {
      await p.close();
    }
  });

  it("5. nullable -> NOT NULL fills the NULLs with the model default first", async () => {
    const p = await projectAtHead("set_not_null");
    try {
      await p.edit(TASK, (t) => t.replace("description: Optional[str] = None", 'description: str = ""'));
      const { text } = await generate(p, "-m", "description required");
      assert.match(text, /UPDATE tasks SET description = '' WHERE description IS NULL/);
      await proveRoundTrip(p, async () => {
        const rows = await p.rows<{ description: string }>("SELECT description FROM tasks ORDER BY id");
        assert.deepEqual(rows.map((r) => r.description), ["quarterly", "", "next week"]);
      });
    } finally {
      await p.close();
    }
  });

  it("6. NOT NULL -> nullable", async () => {
    const p = await projectAtHead("drop_not_null");
    try {
      await p.edit(TASK, (t) => t.replace("title: str = Field(max_length=200)", "title: Optional[str] = Field(default=None, max_length=200)"));
      const { text } = await generate(p, "-m", "title optional");
      assert.match(text, /op\.alter_column\('tasks', 'title', existing_type=sqlmodel\.sql\.sqltypes\.AutoString\(length=200\), nullable=True\)/);
      await proveRoundTrip(p, async () => {
        const rows = await p.rows<{ title: string }>("SELECT title FROM tasks ORDER BY id");
        assert.deepEqual(rows.map((r) => r.title), ["Write report", "Review PR", "Plan sprint"]);
      });
    } finally {
      await p.close();
    }
  });
});

