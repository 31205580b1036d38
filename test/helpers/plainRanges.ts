// The cache hands ranges back as PackedRanges (one object where a plain Range is three). To compare
// a value it served with a freshly made one, turn them back into plain ranges: nothing else is
// changed, so any other difference still fails the comparison.
import { PackedRange } from "../../server/src/analysis/parseCache";

export function plainRanges<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (value instanceof PackedRange) return value.toJSON();
  if (Array.isArray(value)) return value.map(copy);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, copy(v)]));
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = copy(item);
  return out;
}

/** How many PackedRanges the value holds (to check that a value did come from the cache). */
export function packedRangeCount(value: unknown): number {
  if (value instanceof PackedRange) return 1;
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + packedRangeCount(item), 0);
  if (value instanceof Map) return [...value.values()].reduce((n: number, item) => n + packedRangeCount(item), 0);
  if (typeof value !== "object" || value === null) return 0;
  return Object.values(value).reduce((n: number, item) => n + packedRangeCount(item), 0);
}
