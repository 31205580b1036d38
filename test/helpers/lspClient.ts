// A small LSP client for tests: spawns a built server (dist/server.js by default) over stdio and
// drives it with vscode-languageserver-protocol. It answers the server's requests the way an
// editor does (workspace/configuration, client/registerCapability, workspace/applyEdit) and
// records every publishDiagnostics, so tests wait on notifications instead of sleeping.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  ApplyWorkspaceEditRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  ShowMessageNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type ShowMessageParams,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/node";
import { statusNotification, type StatusParams } from "../../server/src/lsp/protocol";

export const REPO_ROOT = resolve(__dirname, "..", "..");
export const BUILT_SERVER = join(REPO_ROOT, "dist", "server.js");

/**
 * Unless the test names its own cache folder: the test run's (test/run.mjs), else no parse cache.
 * Never the user's ~/.cache.
 */
export function testCacheEnv(own: Record<string, string> = {}): Record<string, string> {
  if (own.DMW_CACHE_DIR !== undefined) return {};
  return process.env.DMW_CACHE_DIR ? { DMW_CACHE_DIR: process.env.DMW_CACHE_DIR } : { DMW_NO_CACHE: "1" };
}

export function uri(path: string): string {
  return pathToFileURL(path).href;
}

export interface StartOptions {
  /** Workspace folder. */
  root: string;
  /** Answer to workspace/configuration for the `dbMigrationWizard` section. */
  settings?: Record<string, unknown>;
  /** Server entry point and arguments; default the built dist/server.js with --stdio. */
  command?: { file: string; args: string[]; cwd?: string };
  /** Options for node itself (before the entry point), e.g. the V8 options the VS Code client uses. */
  execArgv?: string[];
  env?: Record<string, string>;
  /** Let the client create files through workspace edits (resourceOperations: create). */
  canCreateFiles?: boolean;
  /** How long a wait may take before the test fails (a guard, not a pause). */
  timeoutMs?: number;
}

type Waiter = { check: () => boolean; resolve: () => void };

export class LspTestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly messages: ShowMessageParams[] = [];
  readonly statuses: StatusParams[] = [];
  readonly registrations: string[] = [];
  readonly appliedEdits: WorkspaceEdit[] = [];
  private versions = new Map<string, number>();
  /** What the client answers to workspace/configuration; change it, then `changeSettings`. */
  settings: Record<string, unknown>;
  private waiters: Waiter[] = [];
  stderr = "";

  private constructor(
    readonly connection: ProtocolConnection,
    /** The server process; undefined when the server runs in this process (`attach`). */
    readonly child: ChildProcessWithoutNullStreams | undefined,
    private readonly options: StartOptions,
  ) {
    this.settings = options.settings ?? {};
  }

  static async start(options: StartOptions): Promise<LspTestClient> {
    const command = options.command ?? { file: BUILT_SERVER, args: ["--stdio"] };
    if (!existsSync(command.file)) throw new Error(`${command.file} is missing: run \`npm run build\` first`);
    const child = spawn(process.execPath, [...(options.execArgv ?? []), command.file, ...command.args], {
      cwd: command.cwd ?? options.root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...testCacheEnv(options.env), ...options.env },
      stdio: "pipe",
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspTestClient(connection, child, options);
    child.stderr.on("data", (chunk: Buffer) => (client.stderr += chunk.toString()));
    client.listen();
    await client.initialize();
    return client;
  }

  /**
   * Drives a server running in this process over a pair of in-memory streams: `serve` gets the
   * server's ends (give them to createConnection), the client keeps the other ends.
   */
  static async attach(options: StartOptions, serve: (input: PassThrough, output: PassThrough) => void): Promise<LspTestClient> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    serve(toServer, toClient);
    const connection = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    const client = new LspTestClient(connection, undefined, options);
    client.listen();
    await client.initialize();
    return client;
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.wake();
    });
    c.onNotification(ShowMessageNotification.type, (params) => {
      this.messages.push(params);
      this.wake();
    });
    c.onNotification(statusNotification, (params) => {
      this.statuses.push(params);
      this.wake();
    });
    c.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.settings));
    c.onRequest(RegistrationRequest.type, (params) => {
      for (const r of params.registrations) this.registrations.push(r.method);
    });
    c.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      try {
        applyWorkspaceEdit(params.edit);
        this.appliedEdits.push(params.edit);
        return { applied: true };
      } catch (error) {
        return { applied: false, failureReason: (error as Error).message };
      }
    });
    c.onRequest("window/workDoneProgress/create", () => null);
    c.listen();
  }

  private async initialize(): Promise<void> {
    const create = this.options.canCreateFiles ?? true;
    await this.connection.sendRequest(InitializeRequest.type, {
      // A server in this process would watch its own pid forever (vscode-languageserver polls the
      // client's process): give it none.
      processId: this.child ? process.pid : null,
      rootUri: uri(this.options.root),
      workspaceFolders: [{ uri: uri(this.options.root), name: "root" }],
      capabilities: {
        workspace: {
          configuration: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true, resourceOperations: create ? ["create"] : [] },
          applyEdit: true,
        },
        textDocument: { publishDiagnostics: { relatedInformation: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } } } },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** Resolves as soon as `check` holds (now or after a later message); fails after the guard time. */
  waitFor(what: string, check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out waiting for ${what}; server stderr:\n${this.stderr}`));
      }, this.options.timeoutMs ?? 20000);
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolvePromise();
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Waits until the diagnostics published for `file` satisfy `check`, and returns them. */
  async diagnosticsFor(file: string, what: string, check: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    const key = uri(file);
    await this.waitFor(`diagnostics of ${file}: ${what}`, () => this.diagnostics.has(key) && check(this.diagnostics.get(key)!));
    return this.diagnostics.get(key)!;
  }

  async open(file: string, text = readFileSync(file, "utf8")): Promise<void> {
    this.versions.set(file, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: uri(file), languageId: "python", version: 1, text },
    });
  }

  /** Replaces the whole buffer (a full-text change, as incremental sync also allows). */
  async change(file: string, text: string): Promise<void> {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uri(file), version },
      contentChanges: [{ text }],
    });
  }

  /** New settings, announced the way VS Code does (the server pulls them again). */
  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { dbMigrationWizard: settings } });
  }

  async save(file: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: uri(file) } });
  }

  /** Waits for a `dmw/status` notification satisfying `check` (the latest one counts). */
  async statusWhere(what: string, check: (s: StatusParams) => boolean): Promise<StatusParams> {
    await this.waitFor(`status: ${what}`, () => this.statuses.length > 0 && check(this.statuses[this.statuses.length - 1]));
    return this.statuses[this.statuses.length - 1];
  }

  async stop(): Promise<void> {
    const child = this.child;
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      // `exit` ends the server's process: only for a server in its own process.
      if (child) await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // already gone
    }
    if (child) {
      await new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const timer = setTimeout(() => child.kill(), 5000);
        child.once("exit", () => {
          clearTimeout(timer);
          done();
        });
      });
    }
    this.connection.dispose();
  }
}

/** Applies CreateFile + insert edits to disk like an editor would, refusing to overwrite. */
export function applyWorkspaceEdit(edit: WorkspaceEdit): string[] {
  const created: string[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ("kind" in change) {
      if (change.kind !== "create") throw new Error(`unsupported resource operation ${change.kind}`);
      const path = fileURLToPath(change.uri);
      if (existsSync(path) && !change.options?.overwrite) throw new Error(`${path} exists`);
      writeFileSync(path, "", { flag: "wx" });
      created.push(path);
      continue;
    }
    const path = fileURLToPath(change.textDocument.uri);
    let text = readFileSync(path, "utf8");
    for (const e of [...change.edits].reverse()) text = spliceText(text, e.range, (e as { newText: string }).newText);
    writeFileSync(path, text);
  }
  return created;
}

/** Applies text edits (non-overlapping, any order) to a text. */
export function applyTextEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  return sorted.reduce((acc, e) => spliceText(acc, e.range, e.newText), text);
}

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };

function spliceText(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, newText: string): string {
  const lines = text.split("\n");
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, offset(range.start)) + newText + text.slice(offset(range.end));
}

let built: Promise<void> | undefined;

/** Builds the bundles once per test process (the tests drive the shipped dist/server.js). */
export function buildOnce(): Promise<void> {
  built ??= new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "scripts", "build.mjs")], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => (code === 0 ? done() : fail(new Error(`npm run build failed:\n${stderr}`))));
  });
  return built;
}

/** 0-based line of the first line of `text` containing `needle`; throws when absent. */
export function lineOf(text: string, needle: string): number {
  const line = text.split("\n").findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`"${needle}" not found`);
  return line;
}

/** An address where nothing listens: connecting fails at once with "connection refused". */
export const UNREACHABLE_DATABASE_URL = "postgresql://app:s3cret-pw@127.0.0.1:9/app";
