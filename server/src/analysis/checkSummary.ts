// What `dmw check` keeps of an offline analysis between runs: its findings, the models' schema,
// the schema the history replays to and the outline of the revision graph. That is all a check
// prints and all a database is compared with, so a run whose inputs are all unchanged (the usual
// case in CI and before a commit) reads this instead of parsing, reading the models and
// replaying the history again. Three values per project in the cache folder (see parseCache.ts):
// the findings, all an offline check prints, and apart from them what only a comparison with a
// database reads (4.7 MB at 500 models, which a check without a database then does not read): the
// head schema with the graph, and the models' schema. The first two are keyed by a hash of the
// project layout and of every model and migration file's path and text; the models' schema by
// the model files alone, so a check after a migration edit does not write it again.
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

/** The keys of a check's offline result: of the whole, and of its models' part. */
export interface CheckKeys {
  all: string;
  models: string;
}

/**
 * Key of the models' schema in a check's offline result: what the models reading reads, the
 * model files (their paths and texts) and the SQLModel version.
 */
export function checkModelsKey(layout: Pick<ProjectLayout, "modelFiles" | "sqlmodelVersion">, readFile: FileReader): string {
  const hash = createHash("sha1").update(JSON.stringify([layout.modelFiles.length, layout.sqlmodelVersion ?? null]));
  for (const path of layout.modelFiles) {
    const text = readFile(path);
    hash.update("\0").update(path).update(text === undefined ? "\0-" : "\0+").update(text ?? "");
  }
  return hash.digest("hex");
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

interface StoredModels {
  models?: Schema;
}

/** On disk, the outline's maps are arrays of entries. */
interface StoredHistory {
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

function looksLikeModels(value: unknown): value is StoredModels {
  const stored = value as Partial<StoredModels> | null;
  return typeof stored === "object" && stored !== null && (stored.models === undefined || isSchema(stored.models));
}

function looksLikeHistory(value: unknown): value is StoredHistory {
  const stored = value as Partial<StoredHistory> | null;
  const graph = stored?.history?.graph;
  return (
    typeof stored === "object" &&
    stored !== null &&
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

/** The files of one project's last check result. */
export interface CheckSummaryFiles {
  findings: string;
  history: string;
  models: string;
}

/** One project's last check result, in its three files; the outline's maps come back as maps. */
export class CheckSummaryStore {
  private readonly findingsStore: ValueStore<StoredFindings>;
  private readonly historyStore: ValueStore<StoredHistory>;
  private readonly modelsStore: ValueStore<StoredModels>;

  constructor(files: CheckSummaryFiles, engine?: string) {
    this.findingsStore = new ValueStore(files.findings, looksLikeFindings, engine, false);
    this.historyStore = new ValueStore(files.history, looksLikeHistory, engine, false);
    this.modelsStore = new ValueStore(files.models, looksLikeModels, engine, false);
  }

  /** The findings kept for these keys: all an offline check prints. Only their file is read. */
  findings(keys: CheckKeys): Finding[] | undefined {
    return this.findingsStore.get(keys.all)?.findings;
  }

  /** The schemas and graph kept for these keys, for a comparison with a database. */
  schemas(keys: CheckKeys): CheckSchemas | undefined {
    const stored = this.historyStore.get(keys.all);
    const models = stored ? this.modelsStore.get(keys.models) : undefined;
    if (!stored || !models) return undefined;
    const { graph } = stored.history;
    return {
      ...(models.models ? { models: models.models } : {}),
      history: {
        schema: stored.history.schema,
        graph: { revisions: new Map(graph.revisions), heads: graph.heads, order: graph.order, parents: new Map(graph.parents), dependencies: new Map(graph.dependencies) },
      },
    };
  }

  /** The whole result kept for these keys, when all its files hold it. */
  get(keys: CheckKeys): CheckSummary | undefined {
    const findings = this.findings(keys);
    const schemas = findings ? this.schemas(keys) : undefined;
    return findings && schemas ? { findings, ...schemas } : undefined;
  }

  /** Keeps the result in its three files (each unless it already holds its key). True when one was written. */
  save(keys: CheckKeys, summary: CheckSummary): boolean {
    const { graph } = summary.history;
    const wroteFindings = this.findingsStore.save(keys.all, { findings: summary.findings });
    const wroteHistory = this.historyStore.save(keys.all, {
      history: {
        schema: summary.history.schema,
        graph: { revisions: [...graph.revisions], heads: graph.heads, order: graph.order, parents: [...graph.parents], dependencies: [...graph.dependencies] },
      },
    });
    const wroteModels = this.modelsStore.save(keys.models, summary.models ? { models: summary.models } : {});
    return wroteFindings || wroteHistory || wroteModels;
  }
}

/** Where a project's last check result is kept; `undefined` when the cache is turned off. */
export function checkSummaryStoreFor(layout: Pick<ProjectLayout, "alembicDir">, env: Record<string, string | undefined> = process.env): CheckSummaryStore | undefined {
  const directory = cacheDirectory(env);
  if (!directory) return undefined;
  const file = (kind: "check" | "schemas" | "modelschema") => cacheFileFor(directory, layout.alembicDir, kind);
  return new CheckSummaryStore({ findings: file("check"), history: file("schemas"), models: file("modelschema") });
}
