// Builds small linear Alembic histories from upgrade() bodies, for history and lint tests.
import { buildRevisionGraph } from "../../server/src/history/revisionGraph";
import { parseMigration } from "../../server/src/history/parseMigration";
import { replayHistory } from "../../server/src/history/replay";
import type { MigrationFile, ReplayOptions } from "../../server/src/history/types";

export const VERSIONS_DIR = "/project/alembic/versions";

/** Lines before the upgrade() body in every generated revision (so op lines are body line + this). */
export const HEADER_LINES = 9;

/** A revision `r<n>` whose upgrade() runs `body` (unindented Python; indented here). */
export function revisionFile(n: number, body: string): MigrationFile {
  const { path, text } = revisionSource(n, body);
  return parseMigration(path, text);
}

/** The path and text of `revisionFile(n, body)`. */
export function revisionSource(n: number, body: string): { path: string; text: string } {
  const down = n === 1 ? "None" : `"r${n - 1}"`;
  const text = [
    `"""step ${n}"""`,
    "from alembic import op",
    "import sqlalchemy as sa",
    "from sqlalchemy.dialects import postgresql",
    "",
    `revision = "r${n}"`,
    `down_revision = ${down}`,
    "",
    "def upgrade():",
    ...body.trim().split("\n").map((l) => `    ${l}`),
    "",
  ].join("\n");
  return { path: `${VERSIONS_DIR}/${String(n).padStart(3, "0")}_r${n}.py`, text };
}

/** Replays revisions r1..rN whose upgrade() bodies are given in order. */
export function replayBodies(bodies: string[], options?: ReplayOptions) {
  const files = bodies.map((body, i) => revisionFile(i + 1, body));
  const graph = buildRevisionGraph(files);
  return { graph, files, ...replayHistory(graph, options) };
}

/**
 * Twelve revision bodies: tables, columns, a rename, an index, and two steps that cannot be
 * replayed (their findings must survive any reuse of a replay). `variant` changes revisions 4 and
 * 11 (an edit of one of them).
 */
export function twelveRevisionBodies(variant = 0): string[] {
  return [
    `op.create_table("users", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))`,
    `op.create_table("projects", sa.Column("id", sa.Integer(), nullable=False), sa.Column("owner_id", sa.Integer()), sa.PrimaryKeyConstraint("id"))`,
    `helper_that_does_things()`,
    `op.add_column("users", sa.Column("email", sa.String(length=${100 + variant})))`,
    `op.create_foreign_key("fk_projects_owner", "projects", "users", ["owner_id"], ["id"])`,
    `op.create_table("tasks", sa.Column("id", sa.Integer(), nullable=False), sa.Column("title", sa.Text()), sa.PrimaryKeyConstraint("id"))`,
    `op.add_column("tasks", sa.Column("priority", sa.String(length=20)))`,
    `op.execute(some_sql_built_at_runtime())`,
    `op.alter_column("tasks", "priority", new_column_name="priority_id", type_=sa.Integer(), postgresql_using="priority::integer")`,
    `op.create_index("ix_tasks_title", "tasks", ["title"])`,
    `op.add_column("projects", sa.Column("budget", sa.Numeric(12, 2), nullable=${variant % 2 === 0 ? "True" : "False"}))`,
    `op.drop_column("users", "email")`,
  ];
}
