// Patterns 7, 8, 10 and 11 of the writer: new tables in dependency order, constraints and indexes
// on an existing table, drops by their real names, dropped columns and tables.
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { generate, projectAtHead, proveRoundTrip } from "./scenario";

const TASK = "app/models/task.py";
const INIT = "app/models/__init__.py";

const PROJECT_MODEL = `import uuid
from typing import Optional

from sqlmodel import Field, SQLModel


class Project(SQLModel, table=True):
    __tablename__ = "projects"

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    owner_id: uuid.UUID = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
`;

describe("writer e2e: tables and constraints", { concurrency: true }, () => {
  it("7. a new table referenced by a new foreign key is created first, with named constraints", async () => {
    const p = await projectAtHead("new_table");
    try {
      await p.write("app/models/project.py", PROJECT_MODEL);
      await p.edit(INIT, (t) => t.replace("from app.models.task", "from app.models.project import Project\nfrom app.models.task"));
      await p.edit(TASK, (t) =>
        t.replace("    created_at:", '    project_id: Optional[int] = Field(default=None, foreign_key="projects.id", ondelete="SET NULL")\n    created_at:'),
      );
      const { text } = await generate(p, "-m", "projects");
      const create = text.indexOf("op.create_table(\n        'projects'");
      const addColumn = text.indexOf("op.add_column('tasks', sa.Column('project_id'");
      const fk = text.indexOf("op.create_foreign_key('fk_tasks_project_id', 'tasks', 'projects', ['project_id'], ['id'], ondelete='SET NULL')");
      assert.ok(create >= 0 && addColumn > create && fk > addColumn, text);
      assert.match(text, /sa\.ForeignKeyConstraint\(\['owner_id'\], \['users\.id'\], name='fk_projects_owner_id', ondelete='CASCADE'\)/);
      assert.match(text, /sa\.UniqueConstraint\('name', name='uq_projects_name'\)/);
      assert.match(text, /op\.create_index\('ix_projects_owner_id', 'projects', \['owner_id'\], unique=False\)/);
      await proveRoundTrip(p, async () => {
        assert.deepEqual(await p.rows("SELECT count(*)::int AS n FROM tasks WHERE project_id IS NULL"), [{ n: 3 }]);
      });
    } finally {
      await p.close();
    }
  });

  it("8. an index, a composite index and a unique constraint on existing tables", async () => {
    const p = await projectAtHead("constraints");
    try {
      await p.edit(TASK, (t) =>
        t
          .replace("title: str = Field(max_length=200)", "title: str = Field(max_length=200, index=True)")
          .replace("from sqlmodel import", "from sqlalchemy import Index\nfrom sqlmodel import")
          .replace('    __tablename__ = "tasks"\n', '    __tablename__ = "tasks"\n    __table_args__ = (Index("ix_tasks_user_id_completed", "user_id", "completed"),)\n'),
      );
      await p.edit("app/models/user.py", (t) => t.replace("name: str = Field(max_length=100)", "name: str = Field(max_length=100, unique=True)"));
      const { text } = await generate(p, "-m", "title index and unique names");
      assert.match(text, /op\.create_index\('ix_tasks_title', 'tasks', \['title'\], unique=False\)/);
      assert.match(text, /op\.create_unique_constraint\('uq_users_name', 'users', \['name'\]\)/);
      assert.match(text, /op\.create_index\('ix_tasks_user_id_completed', 'tasks', \['user_id', 'completed'\], unique=False\)/);
      await proveRoundTrip(p, async () => {
        const indexes = await p.rows<{ indexname: string }>(
          "SELECT indexname FROM pg_indexes WHERE indexname IN ('ix_tasks_title', 'ix_tasks_user_id_completed', 'uq_users_name') ORDER BY 1",
        );
        assert.deepEqual(indexes.map((r) => r.indexname), ["ix_tasks_title", "ix_tasks_user_id_completed", "uq_users_name"]);
      });
    } finally {
      await p.close();
    }
  });

  it("10. a dropped foreign key is dropped by its real name (PostgreSQL's default here), never None", async () => {
    const p = await projectAtHead("fk_names");
    try {
      await p.edit(TASK, (t) => t.replace('user_id: uuid.UUID = Field(foreign_key="users.id", index=True)', "user_id: uuid.UUID = Field(index=True)"));
      const { text } = await generate(p, "-m", "tasks without user fk", "--database-url", p.db.url);
      assert.match(text, /op\.drop_constraint\('tasks_user_id_fkey', 'tasks', type_='foreignkey'\)/);
      assert.doesNotMatch(text, /None, 'tasks'/);
      await proveRoundTrip(p, async () => {
        assert.deepEqual(await p.rows("SELECT conname FROM pg_constraint WHERE conname = 'tasks_user_id_fkey'"), []);
      });
    } finally {
      await p.close();
    }
  });

  it("11. a dropped column: warned, rows keep their other values, downgrade re-creates it", async () => {
    const p = await projectAtHead("drop_column");
    try {
      await p.edit(TASK, (t) => t.replace("    description: Optional[str] = None\n", ""));
      const { text, stderr } = await generate(p, "-m", "drop description", "--no-rename");
      assert.match(text, /# WARNING: drops tasks\.description and its data/);
      assert.match(text, /# Re-creates the structure only: the dropped data is not restored\./);
      assert.match(stderr, /tasks\.description is dropped: its data is lost/);
      await proveRoundTrip(p, async () => {
        const rows = await p.rows<{ title: string }>("SELECT title FROM tasks ORDER BY id");
        assert.deepEqual(rows.map((r) => r.title), ["Write report", "Review PR", "Plan sprint"]);
      });
    } finally {
      await p.close();
    }
  });

  it("11. a dropped table: warned, and downgrade re-creates its structure", async () => {
    const p = await projectAtHead("drop_table");
    try {
      await p.edit(INIT, (t) => t.replace("from app.models.task import Task, TaskBase\n", "").replace('"Task", "TaskBase", ', ""));
      await p.edit("app/models/user.py", (t) => t.replace('    tasks: List["Task"] = Relationship(back_populates="owner")\n', ""));
      await p.write(TASK, "");
      const { text } = await generate(p, "-m", "drop tasks");
      assert.match(text, /# WARNING: drops table tasks and all its rows/);
      assert.match(text, /op\.drop_table\('tasks'\)/);
      await proveRoundTrip(p, async () => {
        assert.deepEqual(await p.rows("SELECT to_regclass('tasks') AS t"), [{ t: null }]);
      });
    } finally {
      await p.close();
    }
  });
});
