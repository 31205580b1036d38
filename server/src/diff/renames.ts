// Rename candidates: a column that disappears and one that appears in the same table are more
// likely a rename than a drop plus an add (Alembic cannot tell them apart and emits drop + add,
// which loses the data). We pair them when the types are compatible, and only when the pairing is
// unambiguous: exactly one compatible pair in the table, or names that are clearly related
// (`priority` -> `priority_id`, `descr` -> `description`). Django's autodetector asks the same
// question ("Did you rename tasks.priority to tasks.priority_id?", create_renamed_fields).
import { conversionOf } from "../schema/columnTypes";
import type { Column } from "../schema/types";

export interface RenamePair {
  from: Column;
  to: Column;
}

export function compatibleTypes(from: Column, to: Column): boolean {
  if (from.type.kind === "unknown" || to.type.kind === "unknown") return false;
  return conversionOf(from.type, to.type) !== "none";
}

function tokens(name: string): string[] {
  return name.toLowerCase().split(/[_\W]+/).filter((t) => t.length > 0);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * 0 (unrelated) .. 1 (same name, ignoring case and `_`). Related names score at least 0.5:
 * one contains the other as whole tokens or as a prefix, most tokens are shared, or a small typo.
 */
export function nameSimilarity(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x.replace(/_/g, "") === y.replace(/_/g, "")) return 1;
  const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x];
  if (shorter.length >= 3 && longer.startsWith(shorter)) return 0.6 + 0.3 * (shorter.length / longer.length);
  const tx = tokens(x);
  const ty = tokens(y);
  const shared = tx.filter((t) => ty.includes(t)).length;
  const overlap = shared / Math.max(tx.length, ty.length);
  const distance = editDistance(x, y);
  const typo = distance <= Math.max(1, Math.floor(shorter.length / 4)) ? 1 - distance / longer.length : 0;
  return Math.max(overlap >= 0.5 ? 0.5 + overlap * 0.4 : overlap * 0.5, typo);
}

const RELATED = 0.5;

/**
 * Pairs dropped with added columns of one table. Returns the pairs found; the caller reports the
 * remaining columns as plain drops and adds.
 */
export function findRenameCandidates(dropped: Column[], added: Column[]): RenamePair[] {
  const compatible: RenamePair[] = [];
  for (const from of dropped) for (const to of added) if (compatibleTypes(from, to)) compatible.push({ from, to });
  if (compatible.length === 1) return compatible;
  // Several possibilities: keep only clearly related names, best first, each column used once.
  const scored = compatible
    .map((pair) => ({ pair, score: nameSimilarity(pair.from.name, pair.to.name) }))
    .filter((s) => s.score >= RELATED)
    .sort((a, b) => b.score - a.score || a.pair.to.name.localeCompare(b.pair.to.name));
  const used = new Set<Column>();
  const pairs: RenamePair[] = [];
  for (const { pair, score } of scored) {
    if (used.has(pair.from) || used.has(pair.to)) continue;
    // Two equally good partners for one column: ambiguous, do not guess.
    const rival = scored.find(
      (s) => s.pair !== pair && s.score === score && !used.has(s.pair.from) && !used.has(s.pair.to) && (s.pair.from === pair.from || s.pair.to === pair.to),
    );
    if (rival) continue;
    used.add(pair.from);
    used.add(pair.to);
    pairs.push(pair);
  }
  return pairs;
}
