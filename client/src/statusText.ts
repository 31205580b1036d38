// Status bar text from the server's `dmw/status` notification. Pure, so it is unit-tested.
import type { StatusParams } from "../../server/src/lsp/protocol";

export interface StatusView {
  text: string;
  tooltip: string;
  /** "ok": database at head; "attention": pending migrations, several heads or model changes; "offline". */
  state: "ok" | "attention" | "offline";
}

const SHORT = 6;

export function shortRevision(revision: string): string {
  return revision.slice(0, SHORT);
}

function revisions(list: readonly string[], none: string): string {
  return list.length === 0 ? none : list.map(shortRevision).join("+");
}

export function statusView(status: StatusParams): StatusView {
  const head = `head ${revisions(status.heads, "none")}`;
  const changes = status.modelChanges > 0 ? `${status.modelChanges} model change${status.modelChanges === 1 ? "" : "s"} without a migration` : "";
  if (status.offline) {
    const tooltip = [status.problem ?? "No database configured: set dbMigrationWizard.databaseUrl or DATABASE_URL.", changes]
      .filter(Boolean)
      .join("\n");
    return { text: `$(database) DB offline · ${head}`, tooltip, state: "offline" };
  }
  const parts = [`$(database) DB ${revisions(status.dbRevisions, "unstamped")}`, head];
  if (status.pending !== undefined && status.pending > 0) parts.push(`${status.pending} pending`);
  const attention = status.heads.length > 1 || (status.pending ?? 0) > 0 || status.pending === undefined || status.modelChanges > 0;
  const tooltipLines = [
    `Database stamp: ${status.dbRevisions.join(", ") || "none (no alembic_version)"}`,
    `Migration head: ${status.heads.join(", ") || "none"}`,
    status.pending === undefined ? "Pending migrations: unknown (the stamp is not in the history)" : `Pending migrations: ${status.pending}`,
    changes,
    "Click to re-read the database schema.",
  ];
  return { text: parts.join(" · "), tooltip: tooltipLines.filter(Boolean).join("\n"), state: attention ? "attention" : "ok" };
}
