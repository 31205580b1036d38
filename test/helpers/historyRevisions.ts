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
