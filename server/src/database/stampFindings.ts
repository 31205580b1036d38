// The database's alembic_version stamps against the migration history: pending revisions, stamps
// no file declares, no version table, several heads. Pure: a snapshot and a revision graph in,
// findings out.
import type { Finding, Severity } from "../findings/types";
import { ancestors } from "../history/revisionGraph";
import type { RevisionOutline } from "../history/types";
import type { Range } from "../schema/types";
import { DATABASE_CODES, type DatabaseCode } from "./codes";
import type { DatabaseSnapshot } from "./types";

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export interface StampState {
  findings: Finding[];
  /** Every stamp names a revision of the history. */
  stampsKnown: boolean;
  /** Revisions of the history the database has not applied, in graph order (base first). */
  pending: string[];
  /** Stamped, every stamp known, nothing pending: the database claims to be at head. */
  atHead: boolean;
}

export interface StampContext {
  /** Where findings without a migration file point (alembic.ini), when known. */
  configFile?: string;
}

/** `8b61e0f4a2c9 (create tasks table)`. */
function describe(graph: RevisionOutline, rev: string): string {
  const message = graph.revisions.get(rev)?.message;
  return message ? `${rev} (${message})` : rev;
}

function listed(graph: RevisionOutline, revs: string[], max = 5): string {
  const shown = revs.slice(0, max).map((r) => describe(graph, r));
  return revs.length > max ? `${shown.join(", ")} and ${revs.length - max} more` : shown.join(", ");
}

export function stampFindings(snapshot: DatabaseSnapshot, graph: RevisionOutline, ctx: StampContext = {}): StampState {
  const findings: Finding[] = [];
  const at = (code: DatabaseCode, severity: Severity, message: string, file = ctx.configFile, range?: Range): void => {
    findings.push({ code, severity, message, ...(file ? { file, range: range ?? START } : {}) });
  };
  const tableCount = Object.keys(snapshot.schema.tables).length;

  if (!snapshot.hasVersionTable) {
    if (tableCount === 0) {
      at(DATABASE_CODES.noVersionTable, "warning", "The database has no alembic_version table and no tables: no migration has been applied; run `alembic upgrade head`.");
    } else {
      at(DATABASE_CODES.noVersionTable, "warning",
        `The database has ${tableCount} table${tableCount === 1 ? "" : "s"} but no alembic_version table: it was not created by these migrations (create_all or by hand); \`alembic stamp\` the revision it matches before running migrations.`);
    }
    return { findings, stampsKnown: false, pending: [...graph.order], atHead: false };
  }
  if (snapshot.stamps.length === 0) {
    at(DATABASE_CODES.emptyVersionTable, "warning", "The alembic_version table is empty: Alembic treats the database as unmigrated and `alembic upgrade head` will run every migration.");
    return { findings, stampsKnown: false, pending: [...graph.order], atHead: false };
  }

  const unknown = snapshot.stamps.filter((s) => !graph.revisions.has(s));
  for (const stamp of unknown) {
    at(DATABASE_CODES.unknownStamp, "error",
      `The database is stamped with revision ${stamp}, which no migration file declares: the file was deleted or renamed, or the database was migrated from another branch; Alembic cannot upgrade it until the revision is found.`);
  }
  const applied = new Set<string>();
  for (const stamp of snapshot.stamps) {
    if (!graph.revisions.has(stamp)) continue;
    applied.add(stamp);
    for (const rev of ancestors(graph, stamp)) applied.add(rev);
  }
  const pending = graph.order.filter((r) => !applied.has(r));
  const stampsKnown = unknown.length === 0;

  if (stampsKnown && pending.length > 0) {
    const first = graph.revisions.get(pending[0]);
    const count = `${pending.length} revision${pending.length === 1 ? "" : "s"}`;
    at(DATABASE_CODES.behindHead, "warning",
      `The database (at ${snapshot.stamps.join(", ")}) is ${count} behind head: ${listed(graph, pending)} ${pending.length === 1 ? "is" : "are"} not applied; run \`alembic upgrade head\`.`,
      first?.path ?? ctx.configFile, first?.revisionRange);
  }
  if (graph.heads.length > 1) {
    const reached = graph.heads.filter((h) => applied.has(h));
    const missing = graph.heads.filter((h) => !applied.has(h));
    const advice =
      missing.length === 0
        ? "the database has all of them; merge them with `alembic merge heads` so that `alembic upgrade head` works again"
        : `${reached.length === 0 ? "the database has none of them" : `the database has ${reached.join(", ")} but not ${missing.join(", ")}`}: merge them with \`alembic merge heads\` or upgrade with \`alembic upgrade heads\``;
    at(DATABASE_CODES.severalHeads, "warning", `The migration history has ${graph.heads.length} heads (${graph.heads.join(", ")}) and ${advice}.`);
  }
  return { findings, stampsKnown, pending, atHead: stampsKnown && pending.length === 0 };
}

