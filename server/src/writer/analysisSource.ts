// Adapts a project analysis (analyzeProject) to what generateMigration needs. Typed structurally,
// so the writer depends on the analysis's shape, not on its module.
import type { Schema } from "../schema/types";
import type { WriterDatabaseFacts } from "./types";

export interface AnalysisLike {
  layout: { versionsDirs: string[]; fileTemplate: string; modelFiles?: string[] };
  graph: { heads: string[] };
  replay: { schema: Schema };
  models: { schema: Schema };
}

/** Same shape as GenerateSource (declared there); repeated here to keep the modules acyclic. */
export interface SourceFromAnalysis {
  layout: { versionsDirs: string[]; fileTemplate: string };
  history: { schema: Schema; heads: string[] };
  models: { schema: Schema };
  database?: WriterDatabaseFacts;
}

export function sourceFromAnalysis(analysis: AnalysisLike, database?: WriterDatabaseFacts): SourceFromAnalysis {
  return {
    layout: analysis.layout,
    history: { schema: analysis.replay.schema, heads: analysis.graph.heads },
    models: { schema: analysis.models.schema },
    ...(database ? { database } : {}),
  };
}
