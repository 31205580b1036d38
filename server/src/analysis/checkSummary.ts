// What `dmw check` keeps of an offline analysis between runs: its findings, the models' schema,
// the schema the history replays to and the outline of the revision graph. That is all a check
// prints and all a database is compared with, so a run whose inputs are all unchanged (the usual
// case in CI and before a commit) reads this instead of parsing, reading the models and
// replaying the history again. Two values per project in the cache folder (see parseCache.ts),
// keyed by a hash of the project layout and of every model and migration file's path and text:
// the findings, all an offline check prints, and apart from them the schemas and the graph,
// which only a comparison with a database reads (4.7 MB at 500 models, which a check without a
// database then does not read).
import { createHash } from "node:crypto";
import type { Finding } from "../findings/types";
import type { RevisionOutline, RevisionSummary } from "../history/types";
import type { ProjectLayout } from "../project/types";
import type { Schema } from "../schema/types";
import type { FileReader, ProjectAnalysis } from "./analyzeProject";
import { cacheDirectory, cacheFileFor, ValueStore } from "./parseCache";

export interface CheckSummary {
  /** Every finding of the offline analysis, in its order, without `data` (a check never prints it). */
  findings: Finding[];
  /** The models' schema; absent when no model file was found. */
  models?: Schema;
  history: { graph: RevisionOutline; schema: Schema };
}

export function summarizeAnalysis(analysis: ProjectAnalysis): CheckSummary {
  const { graph } = analysis;
  const revisions = new Map<string, RevisionSummary>();
  for (const [revision, file] of graph.revisions) {
    revisions.set(revision, {
      path: file.path,
      ...(file.message !== undefined ? { message: file.message } : {}),
      ...(file.revisionRange ? { revisionRange: file.revisionRange } : {}),
    });
  }
  return {
    findings: analysis.findings.map(withoutData),
    ...(analysis.layout.modelFiles.length > 0 ? { models: analysis.models.schema } : {}),
    history: {
      graph: { revisions, heads: graph.heads, order: graph.order, parents: graph.parents, dependencies: graph.dependencies },
      schema: analysis.replay.schema,
    },
  };
}

/** A finding as the CLI prints it: `data` (quick-fix payloads) is never printed, so never kept. */
export function withoutData({ data, ...finding }: Finding): Finding {
  return finding;
}

/**
 * Key of a check's offline result: the layout (minus the database URL, which the offline analysis
 * never reads and which may hold a password) and every input file's path and exact text, in the
 * order the analysis reads them; a file that cannot be read counts as such.
 */
export function checkSummaryKey(layout: ProjectLayout, migrationFiles: readonly string[], readFile: FileReader): string {
  const { sqlalchemyUrl, ...rest } = layout;
  const hash = createHash("sha1").update(JSON.stringify(rest));
  for (const [kind, paths] of [["migrations", migrationFiles], ["models", layout.modelFiles]] as const) {
    hash.update(`\0${kind}`);
    for (const path of paths) {
      const text = readFile(path);
      hash.update("\0").update(path).update(text === undefined ? "\0-" : "\0+").update(text ?? "");
    }
  }
  return hash.digest("hex");
}

/** The part of a check's offline result that a comparison with a database reads. */
export type CheckSchemas = Omit<CheckSummary, "findings">;

interface StoredFindings {
  findings: Finding[];
}

/** On disk, the outline's maps are arrays of entries. */
interface StoredSchemas {
  models?: Schema;
  history: {
    schema: Schema;
    graph: {
      revisions: [string, RevisionSummary][];
      heads: string[];
      order: string[];
      parents: [string, string[]][];
      dependencies: [string, string[]][];
    };
  };
}

function isSchema(value: unknown): value is Schema {
  const schema = value as Partial<Schema> | null;
  return typeof schema === "object" && schema !== null && typeof schema.tables === "object" && schema.tables !== null && typeof schema.enums === "object" && schema.enums !== null;
}

function isEntries(value: unknown): value is [string, unknown][] {
  return Array.isArray(value) && value.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === "string");
}

function isPosition(value: unknown): boolean {
  const p = value as { line?: unknown; character?: unknown } | null;
  return typeof p === "object" && p !== null && typeof p.line === "number" && typeof p.character === "number";
}

/** What printing a finding reads: its code, severity and message, and a range when it has one. */
export function isPrintable(value: unknown): value is Finding {
  const f = value as Partial<Finding> | null;
  return (
    typeof f === "object" &&
    f !== null &&
    typeof f.code === "string" &&
    typeof f.severity === "string" &&
    typeof f.message === "string" &&
    (f.file === undefined || typeof f.file === "string") &&
    (f.range === undefined || (isPosition(f.range.start) && isPosition(f.range.end)))
  );
}

function looksLikeFindings(value: unknown): value is StoredFindings {
  const stored = value as Partial<StoredFindings> | null;
  return typeof stored === "object" && stored !== null && Array.isArray(stored.findings) && stored.findings.every(isPrintable);
}

function looksLikeSchemas(value: unknown): value is StoredSchemas {
  const stored = value as Partial<StoredSchemas> | null;
  const graph = stored?.history?.graph;
  return (
    typeof stored === "object" &&
    stored !== null &&
    (stored.models === undefined || isSchema(stored.models)) &&
    isSchema(stored.history?.schema) &&
    typeof graph === "object" &&
    graph !== null &&
    Array.isArray(graph.heads) &&
    Array.isArray(graph.order) &&
    isEntries(graph.revisions) &&
    isEntries(graph.parents) &&
    isEntries(graph.dependencies)
  );
}

/** One project's last check result, in its two files; the outline's maps come back as maps. */
export class CheckSummaryStore {
  private readonly findingsStore: ValueStore<StoredFindings>;
  private readonly schemasStore: ValueStore<StoredSchemas>;

  constructor(findingsFile: string, schemasFile: string, engine?: string) {
    this.findingsStore = new ValueStore(findingsFile, looksLikeFindings, engine, false);
    this.schemasStore = new ValueStore(schemasFile, looksLikeSchemas, engine, false);
  }

  /** The findings kept for `key`: all an offline check prints. Only their file is read. */
  findings(key: string): Finding[] | undefined {
    return this.findingsStore.get(key)?.findings;
  }

  /** The schemas and graph kept for `key`, for a comparison with a database. */
  schemas(key: string): CheckSchemas | undefined {
    const stored = this.schemasStore.get(key);
    if (!stored) return undefined;
    const { graph } = stored.history;
    return {
      ...(stored.models ? { models: stored.models } : {}),
      history: {
        schema: stored.history.schema,
        graph: { revisions: new Map(graph.revisions), heads: graph.heads, order: graph.order, parents: new Map(graph.parents), dependencies: new Map(graph.dependencies) },
      },
    };
  }

  /** The whole result kept for `key`, when both its files hold it. */
  get(key: string): CheckSummary | undefined {
    const findings = this.findings(key);
    const schemas = findings ? this.schemas(key) : undefined;
    return findings && schemas ? { findings, ...schemas } : undefined;
  }

  /** Keeps the result in its two files (each unless it already holds this key). True when one was written. */
  save(key: string, summary: CheckSummary): boolean {
    const { graph } = summary.history;
    const wroteFindings = this.findingsStore.save(key, { findings: summary.findings });
    const wroteSchemas = this.schemasStore.save(key, {
      ...(summary.models ? { models: summary.models } : {}),
      history: {
        schema: summary.history.schema,
        graph: { revisions: [...graph.revisions], heads: graph.heads, order: graph.order, parents: [...graph.parents], dependencies: [...graph.dependencies] },
      },
    });
    return wroteFindings || wroteSchemas;
  }
}

/** Where a project's last check result is kept; `undefined` when the cache is turned off. */
export function checkSummaryStoreFor(layout: Pick<ProjectLayout, "alembicDir">, env: Record<string, string | undefined> = process.env): CheckSummaryStore | undefined {
  const directory = cacheDirectory(env);
  return directory ? new CheckSummaryStore(cacheFileFor(directory, layout.alembicDir, "check"), cacheFileFor(directory, layout.alembicDir, "schemas")) : undefined;
}
