// `if bind.dialect.name == "postgresql":` picks what runs on PostgreSQL, the only database this
// project targets; multi-database migrations keep both branches in one file, and replaying both
// would drop the same table twice.

const COMPARE = /^(?:not\s+)?\(?\s*[\w.()]*\bdialect\.name\s*(==|!=)\s*(['"])(\w+)\2\s*\)?$/;
const MEMBERSHIP = /^[\w.()]*\bdialect\.name\s+(not\s+in|in)\s*[([{](.*)[)\]}]$/;

/** true/false when the condition is a test of the dialect's name, else undefined. */
export function onPostgres(condition: string): boolean | undefined {
  const text = condition.trim().replace(/\s+/g, " ");
  const compare = COMPARE.exec(text);
  if (compare) {
    const equal = compare[3].toLowerCase() === "postgresql";
    const result = compare[1] === "==" ? equal : !equal;
    return text.startsWith("not ") ? !result : result;
  }
  const membership = MEMBERSHIP.exec(text);
  if (membership) {
    const names = [...membership[2].matchAll(/(['"])(\w+)\1/g)].map((m) => m[2].toLowerCase());
    const contained = names.includes("postgresql");
    return membership[1] === "in" ? contained : !contained;
  }
  return undefined;
}
