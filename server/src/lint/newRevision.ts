// Text of a follow-up revision file, for fixes that must run in a later transaction
// (VALIDATE CONSTRAINT after NOT VALID). Deterministic id so the same fix gives the same file.
import { createHash } from "node:crypto";
import { pySql } from "./edits";
import { sqlIdent } from "./ruleKit";

export function followUpRevisionId(parent: string, key: string): string {
  return createHash("sha1").update(`${parent}\0${key}`).digest("hex").slice(0, 12);
}

export function revisionFileText(opts: { id: string; parents: string[]; message: string; upgrade: string[]; downgrade: string[] }): string {
  const down = opts.parents.length === 0 ? "None" : opts.parents.length === 1 ? JSON.stringify(opts.parents[0]) : `(${opts.parents.map((p) => JSON.stringify(p)).join(", ")})`;
  const body = (lines: string[]): string => (lines.length > 0 ? lines.map((l) => `    ${l}`).join("\n") : "    pass");
  return [
    `"""${opts.message}`,
    "",
    `Revision ID: ${opts.id}`,
    `Revises: ${opts.parents.join(", ")}`,
    '"""',
    "from alembic import op",
    "",
    `revision = ${JSON.stringify(opts.id)}`,
    `down_revision = ${down}`,
    "branch_labels = None",
    "depends_on = None",
    "",
    "",
    "def upgrade() -> None:",
    body(opts.upgrade),
    "",
    "",
    "def downgrade() -> None:",
    body(opts.downgrade),
    "",
  ].join("\n");
}

/** The VALIDATE CONSTRAINT revision that follows a NOT VALID constraint. */
export function validateRevision(parent: string | undefined, table: string, constraint: string): { title: string; fileName: string; text: string } | undefined {
  if (!parent) return undefined;
  const id = followUpRevisionId(parent, `validate ${table}.${constraint}`);
  const slug = constraint.toLowerCase().replace(/[^a-z0-9]+/g, "_").slice(0, 40);
  return {
    title: `Create revision ${id} that validates ${constraint}`,
    fileName: `${id}_validate_${slug}.py`,
    text: revisionFileText({
      id,
      parents: [parent],
      message: `Validate ${constraint} on ${table}`,
      // VALIDATE takes only a SHARE UPDATE EXCLUSIVE lock: reads and writes go on meanwhile.
      upgrade: [`op.execute(${pySql(`ALTER TABLE ${sqlIdent(table)} VALIDATE CONSTRAINT ${sqlIdent(constraint)}`)})`],
      downgrade: [],
    }),
  };
}
