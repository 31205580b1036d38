// The "Alembic Migrations" view as data: revisions from head to base, each marked from the
// database stamp (current / applied / pending), with branch points and merges called out.
// Pure: the vscode TreeDataProvider only maps these items to TreeItems.
import { basename } from "node:path";

/** The part of the history's RevisionGraph the view needs (server/src/history/types.ts). */
export interface HistoryGraph {
  revisions: Map<string, { path: string; message?: string; branchLabels: string[] }>;
  /** Topological order base -> head. */
  order: string[];
  parents: Map<string, string[]>;
  children: Map<string, string[]>;
  heads: string[];
}

export type RevisionState = "current" | "applied" | "pending" | "unknown";

export interface MigrationTreeItem {
  revision: string;
  /** `1a2b3c4d5e6f  add due_date to tasks` */
  label: string;
  /** Short marks: `current`, `head`, `branch point`, `merge of a, b`, ... */
  description: string;
  tooltip: string;
  state: RevisionState;
  file: string;
  isHead: boolean;
  isBase: boolean;
  /** More than one revision builds on this one. */
  isBranchPoint: boolean;
  /** This revision joins several parents. */
  isMerge: boolean;
  /** Codicon id for the item. */
  icon: string;
  /** `alembicRevision.<state>`: menus use it to offer upgrade/downgrade where they make sense. */
  contextValue: string;
}

export interface MigrationTree {
  items: MigrationTreeItem[];
  /** Things the user should know about the stamp (e.g. a stamped revision missing here). */
  notes: string[];
}

/** Revisions reachable from `starts` through down_revision, starts included. */
function ancestry(graph: HistoryGraph, starts: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length > 0) {
    const rev = stack.pop()!;
    if (seen.has(rev) || !graph.revisions.has(rev)) continue;
    seen.add(rev);
    stack.push(...(graph.parents.get(rev) ?? []));
  }
  return seen;
}

const short = (rev: string): string => rev.slice(0, 12);

const ICONS: Record<RevisionState, string> = {
  current: "debug-stackframe",
  applied: "pass-filled",
  pending: "circle-large-outline",
  unknown: "git-commit",
};

/**
 * @param stamp revisions in the database's alembic_version table; undefined when offline
 *   (then no applied/pending marks), [] for a database Alembic never touched (all pending).
 */
export function buildMigrationTree(graph: HistoryGraph, stamp: string[] | undefined): MigrationTree {
  const notes: string[] = [];
  const missing = (stamp ?? []).filter((rev) => !graph.revisions.has(rev));
  if (missing.length > 0) {
    notes.push(
      `The database is stamped ${missing.join(", ")}, which is not in this migration history (a newer branch, or a deleted migration); applied/pending marks are not shown.`,
    );
  }
  const marksKnown = stamp !== undefined && missing.length === 0;
  const current = new Set(marksKnown ? stamp : []);
  const applied = marksKnown ? ancestry(graph, stamp) : new Set<string>();
  const heads = new Set(graph.heads);

  const items = [...graph.order].reverse().flatMap((revision): MigrationTreeItem[] => {
    const file = graph.revisions.get(revision);
    if (!file) return [];
    const parents = graph.parents.get(revision) ?? [];
    const children = graph.children.get(revision) ?? [];
    const state: RevisionState = !marksKnown ? "unknown" : current.has(revision) ? "current" : applied.has(revision) ? "applied" : "pending";
    const isMerge = parents.length > 1;
    const isBranchPoint = children.length > 1;
    const marks: string[] = [];
    if (state === "current") marks.push("current");
    else if (state === "pending") marks.push("pending");
    if (heads.has(revision)) marks.push("head");
    if (parents.length === 0) marks.push("base");
    if (isMerge) marks.push(`merge of ${parents.map(short).join(", ")}`);
    if (isBranchPoint) marks.push(`branch point → ${children.map(short).join(", ")}`);
    if (file.branchLabels.length > 0) marks.push(`(${file.branchLabels.join(", ")})`);
    const message = file.message?.trim() || "(no message)";
    return [
      {
        revision,
        label: `${short(revision)}  ${message}`,
        description: marks.join(" · "),
        tooltip: [
          `${revision}: ${message}`,
          parents.length > 0 ? `down_revision: ${parents.join(", ")}` : "base revision",
          state === "unknown" ? "database state unknown" : `database: ${state}`,
          basename(file.path),
        ].join("\n"),
        state,
        file: file.path,
        isHead: heads.has(revision),
        isBase: parents.length === 0,
        isBranchPoint,
        isMerge,
        icon: isMerge && state === "unknown" ? "git-merge" : ICONS[state],
        contextValue: `alembicRevision.${state}`,
      },
    ];
  });
  return { items, notes };
}
