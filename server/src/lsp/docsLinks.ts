// Links from a diagnostic code to its documentation page. The one place that knows the base URL.
// Drift, graph and database codes are documented in docs/codes/<code>.md, lint rules in
// docs/rules/<rule-id>.md (one page per rule, as the rule registry requires).

// The repository named in package.json (`repository.url`); pages live under docs/ there.
export const DOCS_BASE_URL = "https://example.invalid/db-migration-wizard/blob/main/docs";

export type CodeFamily = "finding" | "lint";

export function docsHref(code: string, family: CodeFamily): string {
  const folder = family === "lint" ? "rules" : "codes";
  return `${DOCS_BASE_URL}/${folder}/${encodeURIComponent(code)}.md`;
}
