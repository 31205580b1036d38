// `dmw lint`: the migration linter over every revision of the project, with the same rules and
// configuration ([tool.dmw] in pyproject.toml) as the editor.
// Exit codes: 0 clean, 1 error-level findings (warnings too with --warnings-as-errors),
// 2 usage errors or input that cannot be linted (no project, bad configuration, unknown --since).
import { join, resolve } from "node:path";
import { withoutData } from "../analysis/checkSummary";
import { lintSummaryKey, lintSummaryStoreFor } from "../analysis/lintSummary";
import { fileHashes, keepRevisionLints, restoreRevisionLints, revisionLintsKey, revisionLintsStoreFor } from "../analysis/revisionLints";
import { listMigrationFiles } from "../analysis/migrationFiles";
import { introspectDatabase } from "../database/introspect";
import { isDatabaseProblem } from "../database/types";
import type { Finding } from "../findings/types";
import { LintProjectCache, lintProject } from "../lint/project";
import { loadLintConfig } from "../lint/projectConfig";
import { RULES } from "../lint/rules";
import { formatSarif } from "../lint/sarif";
import { discoverProject } from "../project/discover";
import { isDirectory, parseOptions, readTextOrUndefined, UsageError } from "./args";
import { runCaches } from "./runCaches";
import { formatFindings } from "./format";

export const LINT_USAGE = `usage: dmw lint [options]

Lint the Alembic migrations of a project for operations that fail, lock tables or lose data.
Configure rules in [tool.dmw] of pyproject.toml; silence one line with # dmw: ignore[rule-id].

options:
  --root DIR               project folder holding alembic.ini, or its parent (default: .)
  --versions DIR           migration folder, relative to the root (default: from alembic.ini)
  --format text|json|sarif output format (default: text)
  --since REV              lint only revisions after REV (overrides 'since' in [tool.dmw])
  --database-url URL       read table sizes from this database (read-only) for messages and
                           size-dependent rules
  --warnings-as-errors     exit 1 on warnings too
  --no-cache               parse every migration again, without the parse cache
                           (also DMW_NO_CACHE=1; its folder: DMW_CACHE_DIR)
  -h, --help               show this help

exit status: 0 no errors, 1 errors found, 2 usage error or unusable project
`;

type LintFormat = "text" | "json" | "sarif";

interface LintArgs {
  root: string;
  versions?: string;
  format: LintFormat;
  since?: string;
  databaseUrl?: string;
  warningsAsErrors: boolean;
  noCache?: boolean;
}

export function parseLintArgs(argv: string[]): LintArgs | "help" {
  const values = parseOptions(argv, {
    root: { type: "string" },
    versions: { type: "string" },
    format: { type: "string" },
    since: { type: "string" },
    "database-url": { type: "string" },
    "warnings-as-errors": { type: "boolean" },
    "no-cache": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return "help";
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json" && format !== "sarif") throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  for (const flag of ["root", "versions", "since", "database-url"] as const) if (values[flag] === "") throw new UsageError(`--${flag} needs a value`);
  return {
    root: values.root ?? ".",
    format,
    warningsAsErrors: values["warnings-as-errors"] === true,
    ...(values.versions !== undefined ? { versions: values.versions } : {}),
    ...(values.since !== undefined ? { since: values.since } : {}),
    ...(values["database-url"] !== undefined ? { databaseUrl: values["database-url"] } : {}),
    ...(values["no-cache"] ? { noCache: true } : {}),
  };
}

export function lintExitCode(findings: readonly Finding[], warningsAsErrors: boolean): 0 | 1 {
  return findings.some((f) => f.severity === "error" || (warningsAsErrors && f.severity === "warning")) ? 1 : 0;
}

export async function lintCommand(argv: string[], cwd = process.cwd()): Promise<number> {
  let args: LintArgs | "help";
  try {
    args = parseLintArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`dmw lint: ${error.message}\n\n${LINT_USAGE}`);
    return 2;
  }
  if (args === "help") {
    process.stdout.write(LINT_USAGE);
    return 0;
  }
  const root = resolve(cwd, args.root);
  if (!isDirectory(root)) {
    process.stderr.write(`dmw lint: the root folder ${args.root} does not exist or is not a folder\n`);
    return 2;
  }
  const layout = discoverProject(root, args.versions !== undefined ? { versionsDir: args.versions } : {});
  const paths = listMigrationFiles(layout);
  if (paths.length === 0) {
    const unusable = layout.findings.filter((f) => f.severity === "error");
    if (unusable.length > 0) process.stdout.write(formatFindings(unusable, args.format === "json" ? "json" : "text", cwd));
    process.stderr.write(`dmw lint: no migration files found under ${root}\n`);
    return 2;
  }
  const loaded = loadLintConfig(layout, undefined, readTextOrUndefined);
  if (loaded.problems.length > 0) {
    for (const p of loaded.problems) process.stderr.write(`dmw lint: ${loaded.pyproject ?? "configuration"}: ${p.message}\n`);
    return 2;
  }
  const config = { ...loaded.config, ...(args.since !== undefined ? { since: args.since } : {}) };
  const files = paths.flatMap((path) => {
    const text = readTextOrUndefined(path);
    return text === undefined ? [] : [{ path, text }];
  });
  // Row estimates only: the database never changes what is linted, and a connection problem
  // (password masked by the reader) is reported while the lint goes on.
  const extra: Finding[] = [];
  let rowEstimates: Record<string, number> | undefined;
  if (args.databaseUrl !== undefined) {
    const snapshot = await introspectDatabase(args.databaseUrl);
    if (isDatabaseProblem(snapshot)) extra.push(snapshot);
    else rowEstimates = snapshot.rowEstimates;
  }
  const templatePath = layout.scriptLocation ? join(layout.scriptLocation, "script.py.mako") : undefined;
  const templateText = templatePath ? readTextOrUndefined(templatePath) : undefined;
  const scriptTemplate = templatePath && templateText !== undefined ? { path: templatePath, text: templateText } : undefined;
  const inputs = { files, config, ...(rowEstimates ? { rowEstimates } : {}), ...(scriptTemplate ? { scriptTemplate } : {}) };

  // The last run's findings when no input changed; else a new lint, which is then kept.
  const store = args.noCache ? undefined : lintSummaryStoreFor(layout);
  const key = store ? lintSummaryKey(inputs) : undefined;
  let linted = key !== undefined ? store?.get(key)?.findings : undefined;
  if (!linted) {
    const caches = runCaches(layout, args.noCache);
    const migrations = files.map((f) => caches.migrations.parse(f.path, f.text));
    caches.save();
    // Each revision's lint of the last run: what did not change (nor before it) is not linted again.
    const revisionsStore = args.noCache ? undefined : revisionLintsStoreFor(layout);
    const kept = revisionsStore?.get(revisionLintsKey());
    const hashes = revisionsStore ? fileHashes(files) : new Map<string, string>();
    const cache = kept ? restoreRevisionLints(kept, hashes, migrations) : new LintProjectCache();
    const result = lintProject({ ...inputs, migrations }, cache);
    revisionsStore?.save(revisionLintsKey(), keepRevisionLints(cache, hashes), true);
    if (result.problems.length > 0) {
      for (const p of result.problems) process.stderr.write(`dmw lint: ${p}\n`);
      return 2;
    }
    // A file that does not parse was linted only in part: say so, with the reader's finding.
    linted = [...result.fileProblems, ...result.findings].map(withoutData);
    if (key !== undefined) store?.save(key, { findings: linted });
  }
  const findings = [...extra, ...linted];
  const out = args.format === "sarif" ? formatSarif(findings, RULES, root) : formatFindings(findings, args.format, cwd);
  process.stdout.write(out);
  return lintExitCode(findings, args.warningsAsErrors);
}
