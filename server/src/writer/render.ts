// renderMigration: a plan -> the text of an Alembic revision file, shaped like the one
// `alembic revision` writes from the default script.py.mako (Alembic 1.20): docstring, imports,
// revision identifiers, upgrade() and downgrade() with the steps' inverses in reverse order.
import type { MigrationMeta, MigrationPlan, MigrationStep } from "./types";
import { pyString } from "./sql";

const INDENT = "    ";

function indent(statement: string): string {
  return statement
    .split("\n")
    .map((line) => (line === "" ? "" : INDENT + line))
    .join("\n");
}

/** `2025-01-06 09:12:44.318201`, as Alembic prints `datetime` in `Create Date`. */
export function alembicDate(date: Date): string {
  const iso = date.toISOString(); // 2025-01-06T09:12:44.318Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}000`;
}

function docstringText(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"""/g, '\\"\\"\\"');
}

function body(lines: string[], emptyComment: string): string {
  if (lines.length === 0) return `${INDENT}${emptyComment}\n${INDENT}pass`;
  return lines.map(indent).join("\n");
}

function stepLines(steps: MigrationStep[], pick: (s: MigrationStep) => string[]): string[] {
  const out: string[] = [];
  let phase: string | undefined;
  for (const step of steps) {
    const lines = pick(step);
    if (lines.length === 0) continue;
    if (phase !== undefined && step.phase !== phase) out.push("");
    phase = step.phase;
    out.push(...lines);
  }
  return out;
}

export function renderMigration(plan: MigrationPlan, meta: MigrationMeta): string {
  const upgrade = [
    ...plan.notes.flatMap((note) => wrapComment(`NOTE: ${note}`)),
    ...(plan.notes.length > 0 ? [""] : []),
    ...stepLines(plan.steps, (s) => s.upgrade),
  ];
  const downgrade = stepLines([...plan.steps].reverse(), (s) => s.downgrade);
  const code = [...upgrade, ...downgrade].join("\n");
  const imports = ["from alembic import op", "import sqlalchemy as sa"];
  if (/\bsqlmodel\./.test(code)) imports.push("import sqlmodel");
  if (/\bpostgresql\./.test(code)) imports.push("from sqlalchemy.dialects import postgresql");
  const down = meta.downRevision !== undefined ? pyString(meta.downRevision) : "None";
  return [
    `"""${docstringText(meta.message)}`,
    "",
    `Revision ID: ${meta.revision}`,
    `Revises: ${meta.downRevision ?? ""}`,
    `Create Date: ${alembicDate(meta.createDate)}`,
    "",
    '"""',
    "from typing import Sequence, Union",
    "",
    ...imports,
    "",
    "",
    "# revision identifiers, used by Alembic.",
    `revision: str = ${pyString(meta.revision)}`,
    `down_revision: Union[str, Sequence[str], None] = ${down}`,
    "branch_labels: Union[str, Sequence[str], None] = None",
    "depends_on: Union[str, Sequence[str], None] = None",
    "",
    "",
    "def upgrade() -> None:",
    `${INDENT}"""Upgrade schema."""`,
    body(upgrade, "# Nothing to do."),
    "",
    "",
    "def downgrade() -> None:",
    `${INDENT}"""Downgrade schema."""`,
    body(downgrade, "# Nothing to undo."),
    "",
  ].join("\n");
}

/** A comment wrapped at about 96 columns. */
function wrapComment(text: string): string[] {
  const lines: string[] = [];
  let line = "#";
  for (const word of text.split(/\s+/)) {
    if (line.length + word.length + 1 > 96 && line !== "#") {
      lines.push(line);
      line = "#  ";
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}
