// Wires LSP handlers to the workspace model and pure feature functions. No analysis lives here.
// The server is built on an injected connection, so it runs the same over stdio, IPC or in-process.
import { readFileSync } from "node:fs";
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { codeActionsFor } from "./lsp/codeActions";
import { parseGenerateArgs, planGenerateAll } from "./lsp/commands";
import { diagnosticsByFile, DiagnosticsLedger } from "./lsp/diagnostics";
import type { Engine } from "./lsp/engine";
import { hoverFor } from "./lsp/hover";
import { lintCodeActions } from "./lsp/lintActions";
import { maskSecrets } from "./lsp/mask";
import { nextTurn } from "./analysis/eventLoop";
import { ProjectSession } from "./lsp/projectSession";
import { ServerCommands, statusNotification, type GenerateMigrationResult } from "./lsp/protocol";
import { AnalysisScheduler } from "./lsp/scheduler";
import { resolveSettings, SETTINGS_SECTION, type DmwSettings } from "./lsp/settings";
import { pathOf, uriOf } from "./lsp/uris";

export interface ServerOptions {
  engine: Engine;
}

const WATCHED_GLOBS = ["**/*.py", "**/alembic.ini", "**/.env", "**/pyproject.toml"];

function readDisk(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeLayout(session: ProjectSession): string {
  const { layout } = session;
  return [
    `project ${session.root}:`,
    `alembic.ini ${layout.alembicIni ?? "not found"};`,
    `${layout.modelFiles.length} model file(s) (${layout.modelsFrom});`,
    `versions ${layout.versionsDirs.join(", ") || "none"}`,
  ].join(" ");
}

export function createServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  const ledger = new DiagnosticsLedger();
  const sessions: ProjectSession[] = [];
  const openUris = new Map<string, string>(); // path -> the client's own URI spelling
  let capabilities: ClientCapabilities = {};
  let roots: string[] = [];

  const log = (message: string): void => connection.console.log(maskSecrets(message));
  const openText = (file: string): string | undefined => {
    const uri = openUris.get(file);
    return uri ? documents.get(uri)?.getText() : undefined;
  };
  const sessionFor = (file: string): ProjectSession | undefined =>
    sessions.filter((s) => s.contains(file)).sort((a, b) => b.root.length - a.root.length)[0];

  const scheduler = new AnalysisScheduler(
    (generation) => analyzeAndPublish(generation),
    (error) => log(`analysis failed: ${messageOf(error)}`),
  );

  // Projects touched since their last analysis; the others keep their findings (multi-root).
  const dirty = new Set<ProjectSession>();
  const reanalyze = (session: ProjectSession): void => {
    dirty.add(session);
    scheduler.request();
  };

  // Drift first, then the migration lint it deferred (a cold start lints the whole history):
  // each phase publishes only while no newer edit arrived, so stale results never replace newer.
  async function analyzeAndPublish(generation: number): Promise<void> {
    for (const session of sessions) {
      if (session.analysis && !dirty.has(session)) continue;
      dirty.delete(session);
      try {
        await session.prepare();
        if (!scheduler.isCurrent(generation)) {
          // A newer edit came in while preparing: it analyses this project again.
          dirty.add(session);
          return;
        }
        session.analyze();
      } catch (error) {
        // A bug in one analysis must not silence the server: keep the last good result.
        log(`analysis of ${session.root} failed: ${messageOf(error)}`);
      }
    }
    if (!scheduler.isCurrent(generation)) return;
    publish();
    const deferred = sessions.filter((s) => s.analysis?.completeLint);
    if (deferred.length > 0) {
      await nextTurn(); // let a newer edit supersede the lint
      if (!scheduler.isCurrent(generation)) return;
      for (const session of deferred) {
        try {
          session.completeLint();
        } catch (error) {
          log(`migration lint of ${session.root} failed: ${messageOf(error)}`);
        }
      }
      publish();
    }
    // Once everything is published: the next server start parses only what changed from here.
    options.engine.persist?.();
  }

  function publish(): void {
    const groups = sessions.flatMap((session) => session.analysis?.findings ?? []);
    const { byFile } = diagnosticsByFile(groups);
    for (const { file, diagnostics } of ledger.next(byFile)) {
      void connection.sendDiagnostics({ uri: openUris.get(file) ?? uriOf(file), diagnostics });
    }
    for (const session of sessions) void connection.sendNotification(statusNotification, session.status());
  }

  async function fetchSettings(root: string): Promise<DmwSettings> {
    if (!capabilities.workspace?.configuration) return resolveSettings(undefined);
    try {
      return resolveSettings(await connection.workspace.getConfiguration({ scopeUri: uriOf(root), section: SETTINGS_SECTION }));
    } catch {
      return resolveSettings(undefined);
    }
  }

  async function refreshDatabase(): Promise<void> {
    for (const session of sessions) {
      try {
        await session.refreshDatabase();
      } catch (error) {
        log(`reading the database for ${session.root} failed: ${messageOf(error)}`);
      }
      const problem = session.unreportedProblem();
      if (problem) void connection.sendNotification("window/showMessage", { type: MessageType.Warning, message: maskSecrets(problem) });
      dirty.add(session);
    }
    scheduler.request(true);
    await scheduler.idle();
    // Every finding is out: what came from the cache can now be made ready for edits (in the
    // background, a file per turn; a command that asked for this refresh does not wait for it).
    // A warmed models reading has new table objects: one more analysis round diffs them now, in
    // the idle time after the start, so the first edit diffs only the tables it changes (at 500
    // models the diffs of all tables were about 30 ms of the first edit).
    void options.engine.warmUp?.().then((warmed) => {
      if (!warmed) return;
      for (const session of sessions) dirty.add(session);
      scheduler.request();
    });
  }

  /** A project whose files moved: discover it again; on failure keep the previous layout. */
  function rediscover(session: ProjectSession, settings?: DmwSettings): void {
    try {
      session.rediscover(settings);
      log(describeLayout(session));
    } catch (error) {
      log(`project discovery in ${session.root} failed: ${messageOf(error)}`);
    }
  }

  async function loadSessions(): Promise<void> {
    sessions.length = 0;
    for (const root of roots) {
      try {
        const session = new ProjectSession(root, await fetchSettings(root), options.engine, readDisk, openText);
        sessions.push(session);
        log(describeLayout(session));
      } catch (error) {
        log(`project discovery in ${root} failed: ${messageOf(error)}`);
      }
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    capabilities = params.capabilities;
    roots = (params.workspaceFolders ?? []).map((f) => pathOf(f.uri)).filter((p): p is string => p !== undefined);
    const rootPath = params.rootUri ? pathOf(params.rootUri) : (params.rootPath ?? undefined);
    if (roots.length === 0 && rootPath) roots = [rootPath];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        executeCommandProvider: { commands: Object.values(ServerCommands) },
      },
      serverInfo: { name: "db-migration-wizard" },
    };
  });

  connection.onInitialized(async () => {
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
    }
    await loadSessions();
    for (const session of sessions) dirty.add(session);
    scheduler.request(true); // offline analysis first: diagnostics do not wait for the database
    await refreshDatabase();
  });

  connection.onDidChangeConfiguration(async () => {
    for (const session of sessions) rediscover(session, await fetchSettings(session.root));
    await refreshDatabase();
  });

  documents.onDidChangeContent((event) => {
    const file = pathOf(event.document.uri);
    if (!file) return;
    openUris.set(file, event.document.uri);
    const session = sessionFor(file);
    if (session) reanalyze(session);
  });

  documents.onDidClose((event) => {
    const file = pathOf(event.document.uri);
    if (!file) return;
    openUris.delete(file);
    const session = sessionFor(file);
    if (!session) return;
    session.invalidate([file]);
    reanalyze(session);
  });

  documents.onDidSave((event) => {
    const file = pathOf(event.document.uri);
    const session = file ? sessionFor(file) : undefined;
    if (file && session?.isModelOrMigration(file)) void refreshDatabase();
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const file = pathOf(change.uri);
      const session = file ? sessionFor(file) : undefined;
      if (!file || !session) continue;
      // A created/deleted file can add or remove a model or migration; config changes move everything.
      const configChanged = session.invalidate([file]);
      if (configChanged || change.type !== FileChangeType.Changed) rediscover(session);
      dirty.add(session);
    }
    scheduler.request();
  });

  connection.onCodeAction((params) => {
    const file = pathOf(params.textDocument.uri);
    const analysis = file ? sessionFor(file)?.analysis : undefined;
    const canCreateFiles = Boolean(capabilities.workspace?.workspaceEdit?.resourceOperations?.includes("create"));
    const lint = lintCodeActions(params.textDocument.uri, params.context.diagnostics, canCreateFiles);
    if (!analysis) return lint;
    const drift = codeActionsFor(params.context.diagnostics, {
      versionsDir: analysis.layout.versionsDirs[0],
      allChanges: analysis.changes,
      write: analysis.write,
      canCreateFiles,
    });
    return [...drift, ...lint];
  });

  connection.onHover((params) => {
    const file = pathOf(params.textDocument.uri);
    const sources = file ? sessionFor(file)?.hoverSources() : undefined;
    return sources && file ? (hoverFor(sources, file, params.position) ?? null) : null;
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === ServerCommands.refreshDatabase) {
      await refreshDatabase();
      return sessions[0]?.status() ?? null;
    }
    if (params.command === ServerCommands.generateMigration) {
      await scheduler.idle();
      const args = parseGenerateArgs(params.arguments);
      const target = args.uri ? pathOf(args.uri) : undefined;
      const session = (target ? sessionFor(target) : undefined) ?? sessions[0];
      const plan = planGenerateAll(session?.analysis, args);
      if (!plan.ok) return plan satisfies GenerateMigrationResult;
      const applied = await connection.workspace.applyEdit({ label: "Generate migration", edit: plan.edit });
      if (!applied.applied) return { ok: false, message: applied.failureReason ?? "The editor did not create the migration file." } satisfies GenerateMigrationResult;
      return { ok: true, uri: plan.uri, revision: plan.revision, changes: plan.changes } satisfies GenerateMigrationResult;
    }
    if (params.command === ServerCommands.openDocs) {
      const url = params.arguments?.[0];
      // Pages ship with the extension (file: URLs open in the editor); a published copy opens outside.
      if (typeof url === "string" && /^https?:\/\//.test(url)) await connection.window.showDocument({ uri: url, external: true });
      else if (typeof url === "string" && url.startsWith("file:")) await connection.window.showDocument({ uri: url, takeFocus: true });
      return null;
    }
    return null;
  });

  connection.onShutdown(async () => {
    await scheduler.idle();
    options.engine.persist?.(true);
  });
  documents.listen(connection);
  connection.listen();
}
