// Links from a diagnostic code to its documentation page. Drift, graph and database codes are
// documented in docs/codes/<code>.md, lint rules in docs/rules/<rule-id>.md.
import { docsUrlFor } from "../docsLocation";

export type CodeFamily = "finding" | "lint";

// Every diagnostic carries its link: a thousand files of lint findings would build the same few
// URLs thousands of times. Keyed by the base URL setting too, which may change between calls.
const hrefs = new Map<string, string>();

export function docsHref(code: string, family: CodeFamily): string {
  const folder = family === "lint" ? "rules" : "codes";
  const relative = `docs/${folder}/${encodeURIComponent(code)}.md`;
  const key = `${process.env.DMW_DOCS_BASE_URL ?? ""}\u0000${relative}`;
  let href = hrefs.get(key);
  if (href === undefined) hrefs.set(key, (href = docsUrlFor(relative)));
  return href;
}
