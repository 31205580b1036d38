// What a JSON round trip would drop or change in a value: the persistent caches store plain data
// as JSON and hand it back in place of a fresh result, so it must come back exactly the same.

/** Every own key of every object in the value, depth first: finds what JSON would drop or change. */
export function notJsonExact(value: unknown, at = "$"): string[] {
  if (value === undefined) return [`${at} is undefined`];
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0) ? [] : [`${at} is ${value}`];
  if (value === null || typeof value !== "object") return typeof value === "string" || typeof value === "boolean" || value === null ? [] : [`${at} is a ${typeof value}`];
  if (Array.isArray(value)) return value.flatMap((item, i) => notJsonExact(item, `${at}[${i}]`));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return [`${at} is a ${proto?.constructor?.name ?? "class instance"}`];
  return Object.entries(value).flatMap(([key, item]) => notJsonExact(item, `${at}.${key}`));
}

