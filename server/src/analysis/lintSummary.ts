// What `dmw lint` keeps of a run between runs: the findings it printed. Linting reads nothing but
// the migration files, the lint configuration, the Alembic script template and (with
// --database-url) the tables' row estimates, so a run whose inputs are all unchanged prints the
// kept findings instead of parsing, replaying and linting every revision again. One value per
// project in the cache folder (see parseCache.ts), keyed by a hash of those inputs; the engine's
// fingerprint (rules included) is checked by the store.
// When an input changed, each revision's own lint of the last run is there too (revisionLints.ts).
import { createHash } from "node:crypto";
import type { Finding } from "../findings/types";
import type { LintConfig } from "../lint/config";
import type { SourceFile } from "../lint/project";
import type { ProjectLayout } from "../project/types";
import { isPrintable } from "./checkSummary";
import { cacheDirectory, cacheFileFor, ValueStore } from "./parseCache";

export interface LintSummaryInputs {
  config: LintConfig;
  /** Every migration file that could be read, in the order lint reads them. */
  files: readonly SourceFile[];
  scriptTemplate?: SourceFile;
  rowEstimates?: Record<string, number>;
}

/** Key of a lint result: every input lintProject reads, in order. */
export function lintSummaryKey(inputs: LintSummaryInputs): string {
  const { config, files, scriptTemplate, rowEstimates } = inputs;
  const hash = createHash("sha1").update(JSON.stringify({ config, rowEstimates: rowEstimates ?? null }));
  hash.update(scriptTemplate ? `\0template\0${scriptTemplate.path}\0${scriptTemplate.text}` : "\0no template");
  hash.update("\0migrations");
  for (const { path, text } of files) hash.update("\0").update(path).update("\0").update(text);
  return hash.digest("hex");
}

/** The findings a lint run printed (the reader's problems with linted files, then the rules' findings), without `data`. */
export interface LintSummary {
  findings: Finding[];
}

function looksKept(value: unknown): value is LintSummary {
  const summary = value as Partial<LintSummary> | null;
  return typeof summary === "object" && summary !== null && Array.isArray(summary.findings) && summary.findings.every(isPrintable);
}

/** Where a project's last lint result is kept; `undefined` when the cache is turned off. */
export function lintSummaryStoreFor(layout: Pick<ProjectLayout, "alembicDir">, env: Record<string, string | undefined> = process.env): ValueStore<LintSummary> | undefined {
  const directory = cacheDirectory(env);
  return directory ? new ValueStore(cacheFileFor(directory, layout.alembicDir, "lint"), looksKept, undefined, false) : undefined;
}
