// The default Engine: project discovery, the offline analysis, migration lint, the live database
// and the migration writer, composed for the language server. Caches live here (parsed
// migrations, lint results while the history is unchanged), so an edit re-parses one file. Parsed
// migrations and the models reading are also kept on disk (analysis/parseCache.ts), so a new
// server parses only what changed since the last one.
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { analyzeProject, type ProjectAnalysis } from "../analysis/analyzeProject";
import { revisionLintsStoreFor, type RevisionLintsStore } from "../analysis/revisionLints";
import { MigrationCache } from "../analysis/migrationCache";
import { MigrationListing } from "../analysis/migrationFiles";
import { ModelsCache } from "../analysis/modelsCache";
import { modelsStoreFor, parseStoreFor, type ModelsStore, type ParseStore } from "../analysis/parseCache";
import { replayCheckpointStoreFor, type ReplayCheckpointStore } from "../analysis/replayCheckpoints";
import { introspectDatabase } from "../database/introspect";
import { resolveDatabaseUrl } from "../database/resolveUrl";
import { isDatabaseProblem } from "../database/types";
import type { SchemaChange } from "../diff/types";
import { withoutLintTwins } from "./lintTwins";
import type { Finding } from "../findings/types";
import { discoverProject } from "../project/discover";
import type { ProjectLayout } from "../project/types";
import { migrationFileName, newRevisionId } from "../writer/fileName";
import { planMigration } from "../writer/plan";
import { renderMigration } from "../writer/render";
import type { MigrationWriter } from "./codeActions";
import type { FamilyFindings } from "./diagnostics";
import type { AnalysisRequest, DatabaseState, Engine, ReadFile, WorkspaceAnalysis } from "./engine";
import { MigrationLinter } from "./migrationLint";
import type { DmwSettings } from "./settings";

// The editor must not hang on a silent host: give up sooner than the CLI does.
const EDITOR_TIMEOUTS = { connectMs: 3000, statementMs: 5000 };

/** What is kept between analyses of one project, so an edit re-reads only what changed. */
interface ProjectCaches {
  migrations: MigrationCache;
  models: ModelsCache;
  linter: MigrationLinter;
  listing: MigrationListing;
  /** The parsed migrations and the models reading were written to disk once (after the first complete analysis). */
  saved?: boolean;
}

export interface EngineOptions {
  /** The persistent parse cache of a project; default: the cache folder (DMW_CACHE_DIR, ...), none with DMW_NO_CACHE. */
  parseStore?: (layout: ProjectLayout) => ParseStore | undefined;
  /** The persistent models reading of a project; default as for parseStore. */
  modelsStore?: (layout: ProjectLayout) => ModelsStore | undefined;
  /** Each revision's kept lint of a project; default as for parseStore. */
  revisionLintsStore?: (layout: ProjectLayout) => RevisionLintsStore | undefined;
  /** The kept replay state of a project (used with its parse store only); default as for parseStore. */
  replayCheckpointStore?: (layout: ProjectLayout) => ReplayCheckpointStore | undefined;
}

/** One engine per server, with caches per project root (several workspace folders each keep theirs). */
export function createEngine(options: EngineOptions = {}): Engine {
  const caches = new Map<string, ProjectCaches>();
  const storeFor = options.parseStore ?? ((layout: ProjectLayout) => parseStoreFor(layout));
  const modelsStore = options.modelsStore ?? ((layout: ProjectLayout) => modelsStoreFor(layout));
  const lintsStore = options.revisionLintsStore ?? ((layout: ProjectLayout) => revisionLintsStoreFor(layout));
  const checkpointStore = options.replayCheckpointStore ?? ((layout: ProjectLayout) => replayCheckpointStoreFor(layout));
  const cachesOf = (layout: ProjectLayout): ProjectCaches => {
    let entry = caches.get(layout.root);
    if (!entry) {
      entry = {
        migrations: new MigrationCache(storeFor(layout), checkpointStore(layout)),
        models: new ModelsCache(modelsStore(layout)),
        linter: new MigrationLinter(lintsStore(layout)),
        listing: new MigrationListing(),
      };
      caches.set(layout.root, entry);
    }
    return entry;
  };
  return {
    discover: (root, settings) => discoverProject(root, overridesOf(settings)),
    analyze: (request) => analyzeWorkspace(request, cachesOf(request.layout)),
    prepare: async ({ layout, readFile }) => {
      const project = cachesOf(layout);
      const files: { path: string; text: string }[] = [];
      for (const path of project.listing.list(layout)) {
        const text = readFile(path);
        if (text !== undefined) files.push({ path, text });
      }
      await project.migrations.prepare(files);
    },
    readDatabase,
    // Written once after the first complete analysis, then on shutdown: writing 1,000 parsed
    // migrations takes a few hundred ms of the event loop, too much to spend while the user types,
    // and a cache one session old still spares the next start all but the files edited since.
    persist: (force = false) => {
      for (const entry of caches.values()) {
        if (!force && entry.saved) continue;
        entry.saved = true;
        entry.migrations.save();
        entry.models.save();
        entry.linter.save();
      }
    },
    // A start served from the stored models has no per-file scans yet: read the models once more,
    // after the first diagnostics and the database's are out, so the first model edit re-parses
    // one file. (Done at once, it held the database round back by a second at 500 models.)
    warmUp: async () => {
      let warmed = false;
      for (const entry of [...caches.values()]) {
        try {
          warmed = (await entry.models.warmUp()) || warmed;
        } catch {
          // The next edit reads the models in full instead.
        }
      }
      return warmed;
    },
  };
}

function overridesOf(settings: DmwSettings): { alembicIni?: string; modelsGlob?: string; versionsDir?: string } {
  return {
    ...(settings.alembicIni ? { alembicIni: settings.alembicIni } : {}),
    ...(settings.modelsGlob ? { modelsGlob: settings.modelsGlob } : {}),
    ...(settings.versionsDir ? { versionsDir: settings.versionsDir } : {}),
  };
}

function analyzeWorkspace(request: AnalysisRequest, caches: ProjectCaches): WorkspaceAnalysis {
  const { layout, readFile, database } = request;
  const snapshot = database.state === "connected" ? database.snapshot : undefined;
  const analysis = analyzeProject(layout, readFile, {
    migrationFiles: caches.listing.list(layout),
    cache: caches.migrations,
    modelsCache: caches.models,
    diff: { detectRenames: true, renames: request.renames },
    ...(snapshot ? { database: snapshot } : {}),
  });
  // Lint that is not ready yet comes after the drift: the first diagnostics do not wait for it.
  const rows = snapshot?.rowEstimates;
  const ready = caches.linter.cached(analysis, readFile, request.settings, rows);
  const findingsWith = (lint: Finding[]): FamilyFindings[] => [
    { family: "finding", findings: withoutLintTwins(withFiles(analysis.findings, layout), lint) },
    { family: "lint", findings: lint },
  ];
  const stamps = analysis.database?.stamps;
  return {
    layout,
    models: analysis.models.schema,
    head: analysis.replay.schema,
    heads: analysis.graph.heads,
    changes: analysis.changes,
    findings: findingsWith(ready ?? caches.linter.previous(analysis)),
    ...(ready ? {} : { completeLint: () => findingsWith(caches.linter.lint(analysis, readFile, request.settings, rows)) }),
    ...(stamps?.stampsKnown ? { pending: stamps.pending.length } : {}),
    modelFiles: layout.modelFiles,
    migrationFiles: analysis.migrations.map((m) => m.path),
    write: writerFor(analysis, database, readFile),
  };
}

/** Project-level findings without a file (no models found, several heads) go on alembic.ini. */
function withFiles(findings: readonly Finding[], layout: ProjectLayout): Finding[] {
  if (!layout.alembicIni) return [...findings];
  return findings.map((f) => (f.file ? f : { ...f, file: layout.alembicIni }));
}

function writerFor(analysis: ProjectAnalysis, database: DatabaseState, readFile: ReadFile): MigrationWriter {
  return (changes: readonly SchemaChange[], message: string) => {
    const heads = analysis.graph.heads;
    if (heads.length > 1) return { error: `The migration history has ${heads.length} heads (${heads.join(", ")}); merge them first (alembic merge heads).` };
    const versionsDir = analysis.layout.versionsDirs[0];
    if (!versionsDir) return { error: "No migration folder is configured (script_location / version_locations)." };
    const actionable = changes.filter((c) => c.kind !== "unknown-index");
    if (actionable.length === 0) return { error: "Nothing to generate: the models match the migration history." };
    const plan = planMigration(actionable, {
      headSchema: analysis.replay.schema,
      targetSchema: analysis.models.schema,
      ...(database.state === "connected" ? { database: { schema: database.snapshot.schema } } : {}),
    });
    for (let attempt = 0; attempt < 5; attempt++) {
      const meta = { message, revision: newRevisionId(randomBytes), ...(heads[0] ? { downRevision: heads[0] } : {}), createDate: new Date() };
      const fileName = migrationFileName(analysis.layout.fileTemplate, meta, analysis.layout.truncateSlugLength);
      // A fresh random revision makes a clash unlikely; the CreateFile edit refuses to overwrite anyway.
      if (readFile(path.join(versionsDir, fileName)) !== undefined) continue;
      return { fileName, text: renderMigration(plan, meta), revision: meta.revision };
    }
    return { error: "Could not find a free file name for the new migration." };
  };
}

async function readDatabase(layout: ProjectLayout, settings: DmwSettings, readFile: ReadFile): Promise<DatabaseState> {
  const resolved = resolveDatabaseUrl({
    ...(settings.databaseUrl ? { explicit: settings.databaseUrl } : {}),
    envVar: settings.databaseUrlEnvVar,
    ...(layout.alembicIni ? { alembicIni: layout.alembicIni } : {}),
    workspaceRoot: layout.root,
    readText: readFile,
  });
  if (!resolved) return { state: "not-configured" };
  const from = resolved.origin === "explicit" ? "the dbMigrationWizard.databaseUrl setting" : path.basename(resolved.from);
  const result = await introspectDatabase(resolved.url, { schema: settings.schema, timeouts: EDITOR_TIMEOUTS });
  return isDatabaseProblem(result) ? { state: "unavailable", problem: result, from } : { state: "connected", snapshot: result, from };
}
