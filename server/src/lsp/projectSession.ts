// The workspace model of one project (one workspace folder): its layout, settings, file texts
// (open buffers over a disk cache), the database as last read, rename hints from edits, and the
// latest analysis. No protocol here: server.ts feeds it events and publishes what it returns.
import * as path from "node:path";
import { renderType } from "../schema/columnTypes";
import type { Schema, Table } from "../schema/types";
import type { ProjectLayout } from "../project/types";
import type { StatusParams } from "./protocol";
import type { DatabaseState, Engine, WorkspaceAnalysis } from "./engine";
import { applyEditRenames, detectEditRenames, pruneRenameHints, type FieldLine, type RenameHints } from "./editRenames";
import type { HoverSources } from "./hover";
import type { DmwSettings } from "./settings";

// Files whose change can move models, migrations or the database URL.
const CONFIG_FILES = new Set(["alembic.ini", "env.py", "pyproject.toml", ".env"]);

const MODEL_SYNTAX_ERROR = "model-syntax-error";

export type DiskReader = (path: string) => string | undefined;

export class ProjectSession {
  layout: ProjectLayout;
  analysis?: WorkspaceAnalysis;
  database: DatabaseState = { state: "not-configured" };
  private renames: RenameHints = {};
  private fieldLines = new Map<string, FieldLine[]>();
  private disk = new Map<string, string | undefined>();
  private reportedProblem?: string;
  private lastGood = new Map<string, string>();

  constructor(
    readonly root: string,
    public settings: DmwSettings,
    private readonly engine: Engine,
    private readonly readDisk: DiskReader,
    /** Text of an open buffer, if the file is open. */
    private readonly openText: (file: string) => string | undefined,
  ) {
    this.layout = engine.discover(root, settings);
  }

  readonly readFile = (file: string): string | undefined => {
    const open = this.openText(file);
    if (open !== undefined) return open;
    if (!this.disk.has(file)) this.disk.set(file, this.readDisk(file));
    return this.disk.get(file);
  };

  /** Files changed on disk: forget their cached text. Returns true when a configuration file changed. */
  invalidate(files: readonly string[]): boolean {
    let configChanged = false;
    for (const file of files) {
      this.disk.delete(file);
      configChanged ||= CONFIG_FILES.has(path.basename(file));
    }
    return configChanged;
  }

  rediscover(settings: DmwSettings = this.settings): void {
    this.settings = settings;
    this.disk.clear();
    this.layout = this.engine.discover(this.root, settings);
  }

  /** Is the file one this project analyses (a model file, a migration, alembic.ini)? */
  owns(file: string): boolean {
    if (file === this.layout.alembicIni) return true;
    if (this.layout.modelFiles.includes(file)) return true;
    return file.endsWith(".py") && this.layout.versionsDirs.some((dir) => file.startsWith(dir + path.sep));
  }

  isModelOrMigration(file: string): boolean {
    return this.layout.modelFiles.includes(file) || (file.endsWith(".py") && this.layout.versionsDirs.some((dir) => file.startsWith(dir + path.sep)));
  }

  contains(file: string): boolean {
    return file === this.root || file.startsWith(this.root + path.sep);
  }

  /** Work the engine can do ahead of `analyze` while yielding to the event loop (see Engine.prepare). */
  async prepare(): Promise<void> {
    await this.engine.prepare?.({ layout: this.layout, readFile: this.readFile });
  }

  analyze(): WorkspaceAnalysis {
    // Rename detection from the edit: compare each open model file's fields with the previous
    // analysis. Only buffers are edited field by field; files on disk change wholesale. A file
    // opened since then starts from what the previous analysis read from disk.
    const isOpen = (file: string): boolean => this.openText(file) !== undefined;
    const previousLines = new Map(this.fieldLines);
    if (this.analysis) {
      const newlyOpen = (file: string): boolean => isOpen(file) && !previousLines.has(file);
      for (const [file, list] of fieldLinesByFile(this.analysis.models, newlyOpen)) previousLines.set(file, list);
    }
    let analysis = this.withLastGoodBuffers(this.run(this.readFile));
    const lines = fieldLinesByFile(analysis.models, isOpen);
    const detected = [...lines].flatMap(([file, next]) => {
      const previous = previousLines.get(file);
      return previous ? detectEditRenames(previous, next) : [];
    });
    if (detected.length > 0) {
      const before = JSON.stringify(this.renames);
      this.renames = applyEditRenames(this.renames, detected);
      if (JSON.stringify(this.renames) !== before) analysis = this.withLastGoodBuffers(this.run(this.readFile));
    }
    this.fieldLines = lines;
    this.renames = pruneRenameHints(this.renames, hasColumn(analysis.head), hasColumn(analysis.models));
    this.analysis = analysis;
    return analysis;
  }

  /** The renames learnt from edits, table -> old -> new (for tests and hover). */
  renameHints(): RenameHints {
    return this.renames;
  }

  private run(readFile: (file: string) => string | undefined): WorkspaceAnalysis {
    return this.engine.analyze({ layout: this.layout, settings: this.settings, readFile, renames: this.renames, database: this.database });
  }

  /**
   * While a model buffer does not parse (the user is typing), its classes may be unreadable and
   * their drift would vanish or turn into noise. Analyse such a buffer's last text that parsed
   * instead, and keep the syntax error of the current text on top.
   */
  private withLastGoodBuffers(analysis: WorkspaceAnalysis): WorkspaceAnalysis {
    const syntax = analysis.findings.flatMap((group) => group.findings).filter((f) => f.code === MODEL_SYNTAX_ERROR && f.file);
    const broken = new Set(syntax.map((f) => f.file!));
    for (const file of this.layout.modelFiles) {
      const open = this.openText(file);
      if (open !== undefined && !broken.has(file)) this.lastGood.set(file, open);
    }
    const fallback = [...broken].filter((file) => this.lastGood.has(file) && this.openText(file) !== undefined);
    if (fallback.length === 0) return analysis;
    const recovered = this.run((file) => (fallback.includes(file) ? this.lastGood.get(file) : this.readFile(file)));
    const withSyntax = (findings: WorkspaceAnalysis["findings"]): WorkspaceAnalysis["findings"] => [{ family: "finding", findings: syntax }, ...findings];
    const { completeLint } = recovered;
    return { ...recovered, findings: withSyntax(recovered.findings), ...(completeLint ? { completeLint: () => withSyntax(completeLint()) } : {}) };
  }

  /** Runs the migration lint the latest analysis deferred; true when there was some to run. */
  completeLint(): boolean {
    const analysis = this.analysis;
    if (!analysis?.completeLint) return false;
    const { completeLint, ...rest } = analysis;
    this.analysis = { ...rest, findings: completeLint() };
    return true;
  }

  async refreshDatabase(): Promise<DatabaseState> {
    this.database = await this.engine.readDatabase(this.layout, this.settings, this.readFile);
    return this.database;
  }

  /** A database problem not reported yet (each distinct problem is shown once). */
  unreportedProblem(): string | undefined {
    if (this.database.state !== "unavailable") {
      this.reportedProblem = undefined;
      return undefined;
    }
    const message = `${this.database.problem.message} (database URL from ${this.database.from}; offline analysis goes on)`;
    if (this.reportedProblem === message) return undefined;
    this.reportedProblem = message;
    return message;
  }

  status(): StatusParams {
    const analysis = this.analysis;
    const db = this.database;
    const base = { heads: analysis?.heads ?? [], modelChanges: analysis?.changes.length ?? 0 };
    if (db.state === "connected") {
      return { ...base, dbRevisions: db.snapshot.stamps, offline: false, ...(analysis?.pending !== undefined ? { pending: analysis.pending } : {}) };
    }
    return { ...base, dbRevisions: [], offline: true, ...(db.state === "unavailable" ? { problem: db.problem.message } : {}) };
  }

  hoverSources(): HoverSources | undefined {
    const analysis = this.analysis;
    if (!analysis) return undefined;
    const db = this.database;
    const database: HoverSources["database"] =
      db.state === "connected"
        ? { state: "connected", schema: db.snapshot.schema, stamps: db.snapshot.stamps }
        : db.state === "unavailable"
          ? { state: "unavailable", problem: db.problem.message }
          : { state: "not-configured" };
    return { models: analysis.models, head: analysis.head, heads: analysis.heads, database };
  }
}

function hasColumn(schema: Schema): (table: string, column: string) => boolean {
  return (table, column) => Boolean(schema.tables[table]?.columns.some((c) => c.name === column));
}

// Each table's field lines by file, computed once per table object: the models reader hands out
// the same object for an unedited class, so an edit renders the types of the edited tables only.
const linesOfTable = new WeakMap<Table, Map<string, FieldLine[]>>();

function tableFieldLines(table: Table): Map<string, FieldLine[]> {
  let byFile = linesOfTable.get(table);
  if (byFile) return byFile;
  byFile = new Map();
  for (const column of table.columns) {
    const source = column.source;
    if (!source) continue;
    const typeText = `${renderType(column.type)}|${column.nullable}|${column.primaryKey}|${column.serverDefault ?? ""}`;
    const list = byFile.get(source.file) ?? [];
    list.push({ table: table.name, name: column.name, line: source.range.start.line, typeText });
    byFile.set(source.file, list);
  }
  linesOfTable.set(table, byFile);
  return byFile;
}

const tableFiles = new WeakMap<Table, string[]>();

/** The files a table's columns are declared in (a base class's file among them). */
function filesOfTable(table: Table): string[] {
  let files = tableFiles.get(table);
  if (!files) {
    files = [...new Set(table.columns.flatMap((column) => (column.source ? [column.source.file] : [])))];
    tableFiles.set(table, files);
  }
  return files;
}

/**
 * Model fields per file, with what must stay equal for a name change to count as a rename. Only
 * tables with a field in an included file (an open one) have their lines made: after the start
 * hands out new table objects, rendering the types of all 500 tables' columns took the first edit
 * about 8 ms.
 */
export function fieldLinesByFile(models: Schema, include: (file: string) => boolean = () => true): Map<string, FieldLine[]> {
  const out = new Map<string, FieldLine[]>();
  // Asked once per file, not once per column (a server asks whether the file is open).
  const included = new Map<string, boolean>();
  const isIncluded = (file: string): boolean => {
    let answer = included.get(file);
    if (answer === undefined) included.set(file, (answer = include(file)));
    return answer;
  };
  for (const table of Object.values(models.tables)) {
    if (!filesOfTable(table).some(isIncluded)) continue;
    for (const [file, lines] of tableFieldLines(table)) {
      if (!isIncluded(file)) continue;
      const list = out.get(file);
      if (list) list.push(...lines);
      else out.set(file, [...lines]);
    }
  }
  return out;
}
