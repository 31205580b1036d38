// Links from a diagnostic code to its documentation page. Drift, graph and database codes are
// documented in docs/codes/<code>.md, lint rules in docs/rules/<rule-id>.md.
import { docsUrlFor } from "../docsLocation";

export type CodeFamily = "finding" | "lint";

export function docsHref(code: string, family: CodeFamily): string {
  const folder = family === "lint" ? "rules" : "codes";
  return docsUrlFor(`docs/${folder}/${encodeURIComponent(code)}.md`);
}
