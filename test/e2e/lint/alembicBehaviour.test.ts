// Facts about the pinned Alembic that lint rules and fixes rely on, checked by rendering ops in
// offline (--sql) mode: what add_column does with unique=/index=/ForeignKey, and that
// postgresql_not_valid / postgresql_using / postgresql_concurrently reach the SQL.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { venvBin } from "../../helpers/alembic";

const SCRIPT = `
import io
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
buf = io.StringIO()
op = Operations(MigrationContext.configure(dialect_name="postgresql", opts={"as_sql": True, "output_buffer": buf}))
op.add_column("t", sa.Column("u", sa.Text(), unique=True))
op.add_column("t", sa.Column("i", sa.Text(), index=True))
op.add_column("t", sa.Column("r", sa.Integer(), sa.ForeignKey("users.id")))
op.create_foreign_key("fk_t_users", "t", "users", ["r"], ["id"], postgresql_not_valid=True)
op.create_check_constraint("ck_t_u", "t", "u <> ''", postgresql_not_valid=True)
op.alter_column("t", "u", type_=sa.Integer(), postgresql_using="u::integer")
op.create_index("ix_t_r", "t", ["r"], postgresql_concurrently=True)
op.drop_index("ix_t_i", table_name="t", postgresql_concurrently=True)
print(buf.getvalue())
`;

test("offline SQL of the pinned Alembic for the op shapes lint reasons about", () => {
  const run = spawnSync(venvBin("python"), ["-c", SCRIPT], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const sql = run.stdout.split(";").map((s) => s.replace(/\s+/g, " ").trim()).filter(Boolean);
  assert.deepEqual(sql, [
    "ALTER TABLE t ADD COLUMN u TEXT",
    // ignored-column-flags: documented as ignored since 1.18.2, still emitted (unnamed).
    "ALTER TABLE t ADD UNIQUE (u)",
    "ALTER TABLE t ADD COLUMN i TEXT",
    "CREATE INDEX ix_t_i ON t (i)",
    // adding-foreign-key-validated: the hidden, validated foreign key.
    "ALTER TABLE t ADD COLUMN r INTEGER",
    "ALTER TABLE t ADD FOREIGN KEY(r) REFERENCES users (id)",
    "ALTER TABLE t ADD CONSTRAINT fk_t_users FOREIGN KEY(r) REFERENCES users (id) NOT VALID",
    "ALTER TABLE t ADD CONSTRAINT ck_t_u CHECK (u <> '') NOT VALID",
    "ALTER TABLE t ALTER COLUMN u TYPE INTEGER USING u::integer",
    "CREATE INDEX CONCURRENTLY ix_t_r ON t (r)",
    "DROP INDEX CONCURRENTLY ix_t_i",
  ]);
});
