// MigrationFile[] -> the revision graph: heads, bases, a deterministic topological order, branch
// membership, and findings for the ways a history breaks (several heads, dangling parents,
// duplicate ids, cycles).
import { basename } from "node:path";
import type { Finding } from "../findings/types";
import type { Range } from "../schema/types";
import { HISTORY_CODES, type HistoryCode } from "./codes";
import type { MigrationFile, RevisionGraph, RevisionOutline } from "./types";

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function buildRevisionGraph(input: MigrationFile[]): RevisionGraph {
  const files = [...input].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const findings: Finding[] = files.flatMap((f) => f.findings);
  const finding = (code: HistoryCode, file: MigrationFile, range: Range | undefined, message: string): void => {
    findings.push({ code, severity: HISTORY_CODES[code].severity, message, file: file.path, range: range ?? START });
  };

  const revisions = new Map<string, MigrationFile>();
  for (const file of files) {
    if (file.revision === undefined) continue;
    const first = revisions.get(file.revision);
    if (first) {
      finding("graph-duplicate-revision", file, file.revisionRange,
        `Revision ${file.revision} is declared by both ${basename(first.path)} and ${basename(file.path)}; give one of them a new id (and fix the down_revision that should point at it).`);
      continue;
    }
    revisions.set(file.revision, file);
  }

  const labelOwner = new Map<string, string>();
  for (const [rev, file] of revisions) for (const label of file.branchLabels) if (!labelOwner.has(label)) labelOwner.set(label, rev);

  const parents = new Map<string, string[]>();
  const dependencies = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const rev of revisions.keys()) children.set(rev, []);
  for (const [rev, file] of revisions) {
    const found: string[] = [];
    for (const parent of file.downRevisions) {
      if (revisions.has(parent)) {
        found.push(parent);
        children.get(parent)!.push(rev);
      } else {
        finding("graph-missing-parent", file, file.downRevisionRange,
          `down_revision of ${rev} names ${parent}, but no migration declares that revision; Alembic cannot build the history (was the parent file deleted or renamed?).`);
      }
    }
    parents.set(rev, found);
    const deps: string[] = [];
    for (const dep of file.dependsOn) {
      const target = revisions.has(dep) ? dep : labelOwner.get(dep) ?? uniquePrefix(revisions, dep);
      if (target !== undefined) deps.push(target);
      else finding("graph-missing-parent", file, file.dependsOnRange, `depends_on of ${rev} names ${dep}, which is neither a revision nor a branch label in this history.`);
    }
    dependencies.set(rev, deps);
  }

  const pathOf = (rev: string): string => revisions.get(rev)!.path;
  const order = topologicalOrder([...revisions.keys()], parents, dependencies, children, pathOf);
  const onCycle = cycleMembers(order.blocked, parents, dependencies);
  for (const cycle of onCycle) {
    for (const rev of cycle) {
      const file = revisions.get(rev)!;
      finding("graph-cycle", file, file.revisionRange, `Revisions ${cycle.join(" -> ")} form a cycle through down_revision/depends_on; one of them must point further back.`);
    }
  }
  const fullOrder = [...order.sorted, ...order.blocked];
  const position = new Map(fullOrder.map((rev, i) => [rev, i]));
  const byPosition = (a: string, b: string): number => position.get(a)! - position.get(b)!;

  const heads = [...revisions.keys()].filter((rev) => children.get(rev)!.length === 0).sort(byPosition);
  const bases = [...revisions.values()].filter((f) => f.downRevisions.length === 0).map((f) => f.revision!).sort(byPosition);
  const branches = branchMembership(revisions, parents, children);

  if (heads.length > 1 && !intentionalBranches(heads, branches)) {
    for (const head of heads) {
      const file = revisions.get(head)!;
      finding("graph-multiple-heads", file, file.revisionRange,
        `The history has ${heads.length} heads (${heads.join(", ")}); \`alembic upgrade head\` fails until they are joined: run \`alembic merge -m "merge heads" ${heads.join(" ")}\`.`);
    }
  }
  return { revisions, heads, bases, order: fullOrder, parents, dependencies, children, branches, findings };
}

/**
 * The graph of `files` built from `graph`, the graph of `previous` (the same paths in the same
 * order), when every file that changed still declares the same revision, down_revision,
 * branch_labels and depends_on at the same places: then the order, the links, the branches and
 * the graph's own findings are the same, and only the files and their own findings are new.
 * Undefined otherwise (build the graph again). Editing a migration's operations, the common
 * edit, then rebuilds nothing of a 1,000-revision graph.
 */
export function reuseRevisionGraph(graph: RevisionGraph, previous: readonly MigrationFile[], files: readonly MigrationFile[]): RevisionGraph | undefined {
  if (previous.length !== files.length) return undefined;
  let revisions: Map<string, MigrationFile> | undefined;
  let ownFindingsChanged = false;
  for (let i = 0; i < files.length; i++) {
    const before = previous[i];
    const after = files[i];
    if (before === after) continue;
    if (!sameGraphPlace(before, after)) return undefined;
    if (before.findings.length > 0 || after.findings.length > 0) ownFindingsChanged = true;
    if (after.revision !== undefined && graph.revisions.get(after.revision) === before) (revisions ??= new Map(graph.revisions)).set(after.revision, after);
  }
  if (!revisions && !ownFindingsChanged) return graph;
  // The earlier graph's findings begin with the files' own: as many as the previous files held.
  const ownBefore = previous.reduce((n, f) => n + f.findings.length, 0);
  const findings = ownFindingsChanged ? [...ownFindingsOf(files), ...graph.findings.slice(ownBefore)] : graph.findings;
  return { ...graph, revisions: revisions ?? graph.revisions, findings };
}

/** Every file's own findings, files in path order: how the graph's findings begin. */
function ownFindingsOf(files: readonly MigrationFile[]): Finding[] {
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).flatMap((f) => f.findings);
}

/** Whether two readings of a file are the same node of the graph, down to what its findings point at. */
function sameGraphPlace(a: MigrationFile, b: MigrationFile): boolean {
  return (
    a.path === b.path &&
    a.revision === b.revision &&
    sameList(a.downRevisions, b.downRevisions) &&
    sameList(a.branchLabels, b.branchLabels) &&
    sameList(a.dependsOn, b.dependsOn) &&
    sameRange(a.revisionRange, b.revisionRange) &&
    sameRange(a.downRevisionRange, b.downRevisionRange) &&
    sameRange(a.branchLabelsRange, b.branchLabelsRange) &&
    sameRange(a.dependsOnRange, b.dependsOnRange)
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameRange(a: Range | undefined, b: Range | undefined): boolean {
  if (!a || !b) return a === b;
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function uniquePrefix(revisions: Map<string, MigrationFile>, prefix: string): string | undefined {
  if (prefix.length < 4) return undefined;
  const matches = [...revisions.keys()].filter((r) => r.startsWith(prefix));
  return matches.length === 1 ? matches[0] : undefined;
}

/** Kahn's algorithm; among ready revisions the one whose file path sorts first goes next. */
function topologicalOrder(
  revs: string[],
  parents: Map<string, string[]>,
  dependencies: Map<string, string[]>,
  children: Map<string, string[]>,
  pathOf: (rev: string) => string,
): { sorted: string[]; blocked: string[] } {
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const rev of revs) {
    const deps = (dependencies.get(rev) ?? []).filter((d) => !(parents.get(rev) ?? []).includes(d));
    waiting.set(rev, (parents.get(rev)?.length ?? 0) + deps.length);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), rev]);
  }
  const byPath = (a: string, b: string): number => (pathOf(a) < pathOf(b) ? -1 : pathOf(a) > pathOf(b) ? 1 : 0);
  const ready = revs.filter((r) => waiting.get(r) === 0).sort(byPath);
  const sorted: string[] = [];
  while (ready.length > 0) {
    const rev = ready.shift()!;
    sorted.push(rev);
    const released: string[] = [];
    for (const next of [...(children.get(rev) ?? []), ...(dependents.get(rev) ?? [])]) {
      const left = waiting.get(next)! - 1;
      waiting.set(next, left);
      if (left === 0) released.push(next);
    }
    for (const next of released) {
      // Sorted insert keeps the order deterministic; the ready list is short in real histories.
      let i = 0;
      while (i < ready.length && byPath(ready[i], next) <= 0) i++;
      ready.splice(i, 0, next);
    }
  }
  const done = new Set(sorted);
  return { sorted, blocked: revs.filter((r) => !done.has(r)).sort(byPath) };
}

/** Strongly connected components with a real cycle, among the revisions Kahn could not order. */
function cycleMembers(blocked: string[], parents: Map<string, string[]>, dependencies: Map<string, string[]>): string[][] {
  const inBlocked = new Set(blocked);
  const edges = (rev: string): string[] => [...(parents.get(rev) ?? []), ...(dependencies.get(rev) ?? [])].filter((p) => inBlocked.has(p));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || edges(v).includes(v)) out.push(component.reverse());
    }
  };
  for (const rev of blocked) if (!index.has(rev)) visit(rev);
  return out;
}

/**
 * Alembic's rule (alembic/script/revision.py, RevisionMap._add_branches, 1.20.1): a label applies to
 * the revision declaring it, all its descendants, and its ancestors up to the nearest branch or
 * merge point.
 */
function branchMembership(revisions: Map<string, MigrationFile>, parents: Map<string, string[]>, children: Map<string, string[]>): Map<string, string[]> {
  const labels = new Map<string, Set<string>>();
  for (const rev of revisions.keys()) labels.set(rev, new Set());
  for (const [rev, file] of revisions) {
    if (file.branchLabels.length === 0) continue;
    const add = (r: string): void => file.branchLabels.forEach((l) => labels.get(r)!.add(l));
    const seen = new Set<string>();
    const queue = [rev];
    while (queue.length > 0) {
      const r = queue.pop()!;
      if (seen.has(r)) continue;
      seen.add(r);
      add(r);
      queue.push(...(children.get(r) ?? []));
    }
    let parent = parents.get(rev)?.length === 1 ? parents.get(rev)![0] : undefined;
    while (parent !== undefined && !seen.has(parent) && (children.get(parent)?.length ?? 0) <= 1 && (parents.get(parent)?.length ?? 0) <= 1) {
      seen.add(parent);
      add(parent);
      parent = parents.get(parent)?.[0];
    }
  }
  return new Map([...labels].map(([rev, set]) => [rev, [...set].sort()]));
}

/** Heads on distinct labelled branches are a deliberate multi-branch layout, not a forgotten merge. */
function intentionalBranches(heads: string[], branches: Map<string, string[]>): boolean {
  const seen = new Set<string>();
  for (const head of heads) {
    const labels = branches.get(head) ?? [];
    if (labels.length === 0 || labels.some((l) => seen.has(l))) return false;
    labels.forEach((l) => seen.add(l));
  }
  return true;
}

/** Revisions reachable from `rev` through down_revision and depends_on, excluding `rev`, in graph order. */
export function ancestors(graph: RevisionOutline, rev: string): string[] {
  const reach = reachable(graph, rev);
  return graph.order.filter((r) => r !== rev && reach.has(r));
}

/**
 * Like `alembic history from:to`: revisions that are `to` or its ancestors but not `from` or its
 * ancestors, in graph order (base first). Without `from`, everything up to `to`.
 */
export function revisionsBetween(graph: RevisionOutline, from: string | undefined, to: string): string[] {
  const upTo = reachable(graph, to);
  const before = from === undefined ? new Set<string>() : reachable(graph, from);
  return graph.order.filter((r) => upTo.has(r) && !before.has(r));
}

// Per graph, by its parents map (a graph is never changed once built, and a graph reused after an
// edit shares the map with the revisions and links it had): the database stamp's ancestors are
// asked for on every analysis, and a model edit keeps the same graph.
const reachableFrom = new WeakMap<RevisionOutline["parents"], Map<string, ReadonlySet<string>>>();

/** `rev` and every revision it reaches through down_revision and depends_on. */
function reachable(graph: RevisionOutline, rev: string): ReadonlySet<string> {
  let known = reachableFrom.get(graph.parents);
  if (!known) reachableFrom.set(graph.parents, (known = new Map()));
  let reach = known.get(rev);
  if (!reach) known.set(rev, (reach = walkBack(graph, rev)));
  return reach;
}

function walkBack(graph: RevisionOutline, rev: string): Set<string> {
  const seen = new Set<string>();
  const stack = graph.revisions.has(rev) ? [rev] : [];
  while (stack.length > 0) {
    const r = stack.pop()!;
    if (seen.has(r)) continue;
    seen.add(r);
    stack.push(...(graph.parents.get(r) ?? []), ...(graph.dependencies.get(r) ?? []));
  }
  return seen;
}
