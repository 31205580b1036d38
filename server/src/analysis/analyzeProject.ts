// The offline engine in one call: read the models, parse the migrations, build the revision graph,
// replay it to a schema, diff history -> models, and collect every finding. Pure given the file
// reader (the language server passes one that prefers unsaved editor buffers); the only other
// input it may look up itself is the list of migration files, when the caller does not give one.
import { diffSchemas } from "../diff/diffSchemas";
import type { DiffOptions, SchemaChange } from "../diff/types";
import type { DatabaseComparison } from "../database/findings";
import type { DatabaseSnapshot } from "../database/types";
import { ANALYSIS_CODES } from "../findings/codes";
import { driftFindings } from "../findings/driftFindings";
import type { Finding } from "../findings/types";
import type { MigrationFile, ReplayResult, RevisionGraph } from "../history/types";
import type { ModelsResult, ReadModelsOptions } from "../models/types";
import type { ProjectLayout } from "../project/types";
import { compareWithDatabase } from "./compareWithDatabase";
import { doubtfulTables } from "./doubtfulTables";
import { nextTurn } from "./eventLoop";
import { MigrationCache } from "./migrationCache";
import { ModelsCache } from "./modelsCache";
import { listMigrationFiles } from "./migrationFiles";

export type FileReader = (path: string) => string | undefined;

export interface AnalysisOptions {
  diff?: DiffOptions;
  /** Migration files to read; default: `listMigrationFiles(layout)` (a folder listing). */
  migrationFiles?: readonly string[];
  /** Reuse parsed migrations across calls (language server). */
  cache?: MigrationCache;
  /** Reuse the models reading while no model file changed (language server). */
  modelsCache?: ModelsCache;
  /** How to read the models (e.g. the project's SQLModel version). */
  models?: ReadModelsOptions;
  /** A live database snapshot: adds models-vs-database and history-vs-database findings. */
  database?: DatabaseSnapshot;
}

export interface ProjectAnalysis {
  layout: ProjectLayout;
  models: ModelsResult;
  migrations: MigrationFile[];
  graph: RevisionGraph;
  replay: ReplayResult;
  /** history -> models: what a new migration would have to do. Empty when either side is unknown. */
  changes: SchemaChange[];
  /** Only with `options.database`. */
  database?: DatabaseComparison;
  /** Everything: project, models, history, graph, replay, drift, database. */
  findings: Finding[];
}

function unreadable(path: string, what: string): Finding {
  return {
    code: "analysis-unreadable-file",
    severity: ANALYSIS_CODES["analysis-unreadable-file"].severity,
    message: `${what} ${path} cannot be read; drift involving it is not reported`,
    file: path,
  };
}

export function analyzeProject(layout: ProjectLayout, readFile: FileReader, options: AnalysisOptions = {}): ProjectAnalysis {
  const steps = analysisSteps(layout, readFile, options);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

export interface InterleavedAnalysisOptions extends Omit<AnalysisOptions, "database"> {
  /** How long the analysis runs before it gives the event loop a turn (default 8 ms). */
  sliceMs?: number;
}

/**
 * `analyzeProject` without a database, same result, while I/O goes on: it gives the event loop a
 * turn between files about every `sliceMs`, so a database read started before it (a separate
 * server process doing the work) progresses during the offline analysis.
 */
export async function analyzeProjectInterleaved(
  layout: ProjectLayout,
  readFile: FileReader,
  options: InterleavedAnalysisOptions = {},
): Promise<ProjectAnalysis> {
  const { sliceMs = 8, ...rest } = options;
  const steps = analysisSteps(layout, readFile, rest);
  let sliceStart = performance.now();
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}

/** Yields between files and stages, where the asynchronous runner may give the event loop a turn. */
function* analysisSteps(layout: ProjectLayout, readFile: FileReader, options: AnalysisOptions): Generator<void, ProjectAnalysis, void> {
  const findings: Finding[] = [...layout.findings];

  // The migrations are parsed before the models are read (neither depends on the other) so the
  // pauses between migration files come early; their findings still follow the models' below.
  const cache = options.cache ?? new MigrationCache();
  const paths = [...(options.migrationFiles ?? listMigrationFiles(layout))];
  const migrations: MigrationFile[] = [];
  const unreadableMigrations: Finding[] = [];
  for (const path of paths) {
    yield;
    const text = readFile(path);
    if (text === undefined) unreadableMigrations.push(unreadable(path, "Migration file"));
    else migrations.push(cache.parse(path, text));
  }
  cache.retainOnly(paths);
  yield;

  const modelSources: { path: string; text: string }[] = [];
  for (const path of layout.modelFiles) {
    const text = readFile(path);
    if (text === undefined) findings.push(unreadable(path, "Model file"));
    else modelSources.push({ path, text });
  }
  const modelOptions: ReadModelsOptions = {
    ...(layout.sqlmodelVersion ? { sqlmodelVersion: layout.sqlmodelVersion } : {}),
    ...options.models,
  };
  const models = (options.modelsCache ?? new ModelsCache()).read(modelSources, modelOptions);
  findings.push(...models.findings);
  findings.push(...unreadableMigrations);
  yield;

  // Migrations may leave constraint names to the metadata's naming convention and name Python
  // Enum classes (`sa.Enum(TaskStatus)`): both come from the model files.
  const replayOptions = {
    pythonEnums: models.pythonEnums,
    ...(models.namingConvention ? { namingConvention: models.namingConvention } : {}),
  };
  const { graph, replay } = cache.history(migrations, replayOptions);
  findings.push(...graph.findings);
  findings.push(...replay.findings);
  yield;

  // Without model files (config-models-not-found says why) every table would look dropped: no drift then.
  const changes = layout.modelFiles.length > 0 ? diffSchemas(replay.schema, models.schema, options.diff) : [];
  const uncertain = doubtfulTables(layout.root, models, migrations, findings, changes);
  findings.push(...driftFindings(changes, "models-history", { from: replay.schema, to: models.schema, uncertain }));

  yield;

  const database = options.database ? compareWithDatabase(layout, options.database, models.schema, { graph, schema: replay.schema }, options.diff) : undefined;
  if (database) findings.push(...database.findings);

  return { layout, models, migrations, graph, replay, changes, ...(database ? { database } : {}), findings };
}
