// Where documentation pages live, for diagnostic links (codeDescription), "Open docs" actions and
// SARIF helpUri. The pages ship with the extension and the CLI package (docs/ beside dist/), so a
// link is a file: URL to the installed page and works offline. DMW_DOCS_BASE_URL overrides it for
// a published copy (e.g. https://<host>/db-migration-wizard/blob/main/).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

let cachedRoot: string | null | undefined;

/** The package folder holding docs/codes.md: found upwards from this module (dist/ or server/src/). */
function packageRoot(): string | undefined {
  if (cachedRoot !== undefined) return cachedRoot ?? undefined;
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "docs", "codes.md"))) return (cachedRoot = dir);
    dir = dirname(dir);
  }
  cachedRoot = null;
  return undefined;
}

/** URL of a page given by its path in the repository, e.g. `docs/rules/drop-column.md`. */
export function docsUrlFor(relativePath: string): string {
  const base = process.env.DMW_DOCS_BASE_URL;
  if (base) return base.endsWith("/") ? base + relativePath : `${base}/${relativePath}`;
  const root = packageRoot();
  return root ? pathToFileURL(join(root, ...relativePath.split("/"))).href : relativePath;
}
