// Synthetic backend for the benchmarks: N SQLModel table classes (mixed column types, foreign keys,
// indexes, a shared non-table base class) and a linear history of M migrations that builds exactly
// that schema: one create_table per model, then add_column revisions for the remaining M - N.
// `drift: true` adds one model field that no migration covers.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";

export interface BackendSize {
  models: number;
  migrations: number;
  /** Add one model field that no migration covers. */
  drift?: boolean;
}

export interface GeneratedBackend {
  root: string;
  modelFiles: string[];
  migrationFiles: string[];
  /** The model file and field name of the uncovered change (when drift is on). */
  driftField?: { file: string; table: string; column: string };
  columnCount: number;
}

const MODELS_PER_FILE = 25;

export function revisionId(index: number): string {
  return createHash("sha1").update(`rev-${index}`).digest("hex").slice(0, 12);
}

function tableName(i: number): string {
  return `entity_${i}`;
}

/** Extra columns added by migrations N..M-1, spread round-robin over the tables. */
function extraColumns(size: BackendSize): Map<number, number[]> {
  const extras = new Map<number, number[]>();
  for (let k = size.models; k < size.migrations; k++) {
    const table = k % size.models;
    extras.set(table, [...(extras.get(table) ?? []), k]);
  }
  return extras;
}

function parentOf(i: number): number | undefined {
  return i === 0 ? undefined : Math.floor(i / 2);
}

export function generateBackend(root: string, size: BackendSize): GeneratedBackend {
  if (size.migrations < size.models) throw new Error("need at least one migration per model");
  mkdirSync(join(root, "alembic", "versions"), { recursive: true });
  mkdirSync(join(root, "app", "models"), { recursive: true });
  writeFileSync(join(root, "alembic.ini"), ALEMBIC_INI);
  writeFileSync(join(root, "alembic", "env.py"), ENV_PY);
  writeFileSync(join(root, "alembic", "script.py.mako"), SCRIPT_MAKO);
  writeFileSync(join(root, "app", "__init__.py"), "");

  const extras = extraColumns(size);
  const modelFiles: string[] = [];
  const moduleNames: string[] = [];
  let columnCount = 0;
  let driftField: GeneratedBackend["driftField"];
  for (let start = 0; start < size.models; start += MODELS_PER_FILE) {
    const module = `group_${start / MODELS_PER_FILE}`;
    const lines = [MODEL_HEADER];
    for (let i = start; i < Math.min(start + MODELS_PER_FILE, size.models); i++) {
      const { text, columns } = modelClass(i, extras.get(i) ?? [], size.drift === true && i === 0);
      lines.push(text);
      columnCount += columns;
    }
    const file = join(root, "app", "models", `${module}.py`);
    writeFileSync(file, lines.join("\n"));
    modelFiles.push(file);
    moduleNames.push(module);
    if (size.drift && start === 0) driftField = { file, table: tableName(0), column: "drift_note" };
  }
  writeFileSync(
    join(root, "app", "models", "__init__.py"),
    `from .base import TimestampMixin\n${moduleNames.map((m) => `from .${m} import *  # noqa: F401,F403`).join("\n")}\n`,
  );
  writeFileSync(join(root, "app", "models", "base.py"), BASE_PY);

  const migrationFiles: string[] = [];
  for (let k = 0; k < size.migrations; k++) {
    const file = join(root, "alembic", "versions", `${revisionId(k)}_step_${k}.py`);
    const body = k < size.models ? createTableOps(k) : addColumnOps(k % size.models, k);
    writeFileSync(file, migrationFile(k, body));
    migrationFiles.push(file);
  }
  return { root, modelFiles, migrationFiles, driftField, columnCount };
}

function modelClass(i: number, extras: number[], drift: boolean): { text: string; columns: number } {
  const parent = parentOf(i);
  const fields = [
    `    __tablename__ = "${tableName(i)}"`,
    "",
    "    id: int | None = Field(default=None, primary_key=True)",
    "    name: str = Field(max_length=120, index=True)",
    `    code: str = Field(max_length=32, unique=True)`,
    "    amount: Decimal = Field(default=0, max_digits=12, decimal_places=2)",
    "    ratio: float | None = None",
    "    active: bool = True",
    "    external_id: uuid.UUID | None = None",
    "    notes: str | None = None",
    "    due_on: date | None = None",
  ];
  if (parent !== undefined) {
    fields.push(`    parent_id: int | None = Field(default=None, foreign_key="${tableName(parent)}.id", index=True)`);
  }
  for (const k of extras) fields.push(`    extra_${k}: int | None = None`);
  if (drift) fields.push("    drift_note: str | None = Field(default=None, max_length=200)");
  const columns = 2 + 9 + (parent !== undefined ? 1 : 0) + extras.length;
  return { text: `\nclass Entity${i}(TimestampMixin, table=True):\n${fields.join("\n")}\n`, columns };
}

function createTableOps(i: number): string[] {
  const t = tableName(i);
  const parent = parentOf(i);
  const columns = [
    "sa.Column('created_at', sa.DateTime(timezone=True), nullable=False)",
    "sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True)",
    "sa.Column('id', sa.Integer(), nullable=False)",
    "sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False)",
    "sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False)",
    "sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False)",
    "sa.Column('ratio', sa.Float(), nullable=True)",
    "sa.Column('active', sa.Boolean(), nullable=False)",
    "sa.Column('external_id', sa.Uuid(), nullable=True)",
    "sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=True)",
    "sa.Column('due_on', sa.Date(), nullable=True)",
  ];
  if (parent !== undefined) columns.push("sa.Column('parent_id', sa.Integer(), nullable=True)");
  if (parent !== undefined) columns.push(`sa.ForeignKeyConstraint(['parent_id'], ['${tableName(parent)}.id'], )`);
  columns.push("sa.PrimaryKeyConstraint('id')", "sa.UniqueConstraint('code')");
  const ops = [`op.create_table('${t}',\n        ${columns.join(",\n        ")}\n    )`];
  ops.push(`op.create_index(op.f('ix_${t}_name'), '${t}', ['name'], unique=False)`);
  if (parent !== undefined) ops.push(`op.create_index(op.f('ix_${t}_parent_id'), '${t}', ['parent_id'], unique=False)`);
  return ops;
}

function addColumnOps(table: number, k: number): string[] {
  return [`op.add_column('${tableName(table)}', sa.Column('extra_${k}', sa.Integer(), nullable=True))`];
}

function migrationFile(k: number, ops: string[]): string {
  const down = k === 0 ? "None" : `'${revisionId(k - 1)}'`;
  const downgrade = k === 0 || ops[0].startsWith("op.create_table") ? dropOps(ops) : [`op.drop_column(${ops[0].slice(14, ops[0].indexOf(","))}, 'extra_${k}')`];
  return `"""step ${k}

Revision ID: ${revisionId(k)}
Revises: ${k === 0 ? "" : revisionId(k - 1)}
Create Date: 2026-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '${revisionId(k)}'
down_revision = ${down}
branch_labels = None
depends_on = None


def upgrade():
    ${ops.join("\n    ")}


def downgrade():
    ${downgrade.join("\n    ")}
`;
}

function dropOps(ops: string[]): string[] {
  const out: string[] = [];
  for (const op of [...ops].reverse()) {
    const index = /^op\.create_index\(op\.f\('([^']+)'\), '([^']+)'/.exec(op);
    if (index) out.push(`op.drop_index(op.f('${index[1]}'), table_name='${index[2]}')`);
    const table = /^op\.create_table\('([^']+)'/.exec(op);
    if (table) out.push(`op.drop_table('${table[1]}')`);
  }
  return out;
}

const MODEL_HEADER = `import uuid
from datetime import date
from decimal import Decimal

from sqlmodel import Field

from .base import TimestampMixin
`;

const BASE_PY = `from datetime import datetime

from sqlmodel import Field, SQLModel


class TimestampMixin(SQLModel):
    created_at: datetime = Field(default_factory=datetime.utcnow)
    updated_at: datetime | None = None
`;

const ALEMBIC_INI = `[alembic]
script_location = %(here)s/alembic
prepend_sys_path = .
sqlalchemy.url = postgresql+psycopg://postgres@127.0.0.1:5432/bench

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
`;

const ENV_PY = `import os

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers every table on SQLModel.metadata)

config = context.config
if os.environ.get("DATABASE_URL"):
    config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])
target_metadata = SQLModel.metadata


def run_migrations_online():
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
`;

const SCRIPT_MAKO = `"""\${message}

Revision ID: \${up_revision}
Revises: \${down_revision | comma,n}
Create Date: \${create_date}

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
\${imports if imports else ""}

revision = \${repr(up_revision)}
down_revision = \${repr(down_revision)}
branch_labels = \${repr(branch_labels)}
depends_on = \${repr(depends_on)}


def upgrade():
    \${upgrades if upgrades else "pass"}


def downgrade():
    \${downgrades if downgrades else "pass"}
`;
