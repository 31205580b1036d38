import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { migrationFileName, slugOf } from "../../../server/src/writer/fileName";
import { planMigration } from "../../../server/src/writer/plan";
import { renderMigration } from "../../../server/src/writer/render";
import { col, schema, t, tasksAtHead } from "./schemaBuilders";

const meta = { message: "Add due date to tasks", revision: "a1b2c3d4e5f6", downRevision: "c4d7e2b9f815", createDate: new Date("2026-03-04T05:06:07.089Z") };

describe("renderMigration", () => {
  it("writes the file alembic revision would: docstring, imports, identifiers, upgrade and downgrade", () => {
    const plan = planMigration([{ kind: "add-column", table: "tasks", column: col("due_date", t.timestamp()) }], { headSchema: schema([tasksAtHead()]) });
    assert.equal(
      renderMigration(plan, meta),
      [
        '"""Add due date to tasks',
        "",
        "Revision ID: a1b2c3d4e5f6",
        "Revises: c4d7e2b9f815",
        "Create Date: 2026-03-04 05:06:07.089000",
        "",
        '"""',
        "from typing import Sequence, Union",
        "",
        "from alembic import op",
        "import sqlalchemy as sa",
        "",
        "",
        "# revision identifiers, used by Alembic.",
        "revision: str = 'a1b2c3d4e5f6'",
        "down_revision: Union[str, Sequence[str], None] = 'c4d7e2b9f815'",
        "branch_labels: Union[str, Sequence[str], None] = None",
        "depends_on: Union[str, Sequence[str], None] = None",
        "",
        "",
        "def upgrade() -> None:",
        '    """Upgrade schema."""',
        "    op.add_column('tasks', sa.Column('due_date', sa.DateTime(), nullable=True))",
        "",
        "",
        "def downgrade() -> None:",
        '    """Downgrade schema."""',
        "    op.drop_column('tasks', 'due_date')",
        "",
      ].join("\n"),
    );
  });

  it("imports sqlmodel and the postgresql dialect only when used; notes go first in upgrade()", () => {
    const plan = planMigration(
      [
        { kind: "add-column", table: "tasks", column: col("owner", t.varchar(50), { nullable: false }) },
        { kind: "add-column", table: "tasks", column: col("status", t.enumOf("status", ["a"])) },
      ],
      { headSchema: schema([tasksAtHead()]) },
    );
    const text = renderMigration(plan, { ...meta, downRevision: undefined });
    assert.match(text, /^import sqlmodel$/m);
    assert.match(text, /^from sqlalchemy\.dialects import postgresql$/m);
    assert.match(text, /^down_revision: Union\[str, Sequence\[str\], None\] = None$/m);
    assert.match(text, /^Revises: $/m);
    assert.match(text, /def upgrade\(\) -> None:\n {4}"""Upgrade schema."""\n {4}# NOTE: tasks\.owner is NOT NULL/);
  });
});

describe("migrationFileName", () => {
  it("follows Alembic's slug rules: word runs joined by _, lower case, cut at 40 on a word boundary", () => {
    assert.equal(slugOf("Add due date to tasks"), "add_due_date_to_tasks");
    assert.equal(slugOf("Rename priority -> priority_id (FK)!"), "rename_priority_priority_id_fk");
    assert.equal(slugOf("a very long message that goes on and on past the limit"), "a_very_long_message_that_goes_on_and_on_");
  });

  it("fills file_template fields, escaped (%%) as in alembic.ini or not", () => {
    assert.equal(migrationFileName(undefined, meta), "a1b2c3d4e5f6_add_due_date_to_tasks.py");
    assert.equal(migrationFileName("%%(rev)s_%%(slug)s", meta), "a1b2c3d4e5f6_add_due_date_to_tasks.py");
    assert.equal(
      migrationFileName("%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s", meta),
      "2026_03_04_0506-a1b2c3d4e5f6_add_due_date_to_tasks.py",
    );
    assert.equal(migrationFileName("%(epoch)s_%(second)02d_%(rev)s", meta), `${Math.floor(meta.createDate.getTime() / 1000)}_07_a1b2c3d4e5f6.py`);
  });
});
