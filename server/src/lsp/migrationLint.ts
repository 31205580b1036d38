// Migration lint for the language server: lintProject over the whole history, with a cache so an
// edit re-lints only the edited revision and those replayed after it. The whole result is kept
// while the history (the parsed migration objects, which the migration cache reuses for unchanged
// text), the settings and the row estimates stay the same, so editing a model never re-lints.
// Each revision's lint is also kept on disk, so a new session re-lints only what changed since.
import * as path from "node:path";
import type { ProjectAnalysis } from "../analysis/analyzeProject";
import { fileHashes, keepRevisionLints, restoreRevisionLints, revisionLintsKey, type RevisionLintsStore } from "../analysis/revisionLints";
import type { Finding } from "../findings/types";
import type { MigrationFile } from "../history/types";
import { LintProjectCache, lintProject, type CachedFile, type SourceFile } from "../lint/project";
import { loadLintConfig } from "../lint/projectConfig";
import type { ReadFile } from "./engine";
import type { DmwSettings } from "./settings";

export class MigrationLinter {
  private lastMigrations: readonly MigrationFile[] = [];
  private lastKey = "";
  private lastRows?: Record<string, number>;
  private lastFindings: Finding[] = [];
  /** The texts the last run linted (what `save` names the kept revisions by). */
  private lastFiles: SourceFile[] = [];
  private cache = new LintProjectCache();
  /** Whether the first run looked for the last session's lint on disk. */
  private restored = false;
  /** What the store holds (restored or saved), to write only when the lint changed since. */
  private stored?: ReturnType<typeof contentsOf>;

  /**
   * `store`: where each revision's lint is kept between sessions (as `dmw lint` keeps it), so the
   * first lint after a start re-lints only what changed since the last session.
   */
  constructor(private readonly store?: RevisionLintsStore) {}

  /** The findings of the last run when nothing they depend on changed, else undefined (no work done). */
  cached(analysis: ProjectAnalysis, readFile: ReadFile, settings: DmwSettings, rowEstimates?: Record<string, number>): Finding[] | undefined {
    const { key } = this.configOf(analysis, readFile, settings);
    const sameHistory =
      analysis.migrations.length === this.lastMigrations.length && analysis.migrations.every((m, i) => m === this.lastMigrations[i]);
    return sameHistory && key === this.lastKey && rowEstimates === this.lastRows ? this.lastFindings : undefined;
  }

  /**
   * The previous run's findings that still hold while a new run waits: those on files other than
   * migrations whose text changed since (their lines may have moved).
   */
  previous(analysis: ProjectAnalysis): Finding[] {
    const last = new Map(this.lastMigrations.map((m) => [m.path, m]));
    const changed = new Set(analysis.migrations.filter((m) => last.get(m.path) !== m).map((m) => m.path));
    return changed.size === 0 ? this.lastFindings : this.lastFindings.filter((f) => !f.file || !changed.has(f.file));
  }

  lint(analysis: ProjectAnalysis, readFile: ReadFile, settings: DmwSettings, rowEstimates?: Record<string, number>): Finding[] {
    const ready = this.cached(analysis, readFile, settings, rowEstimates);
    if (ready) return ready;
    const { key, config } = this.configOf(analysis, readFile, settings);
    const files: SourceFile[] = [];
    for (const migration of analysis.migrations) {
      const text = readFile(migration.path);
      if (text !== undefined) files.push({ path: migration.path, text });
    }
    if (!this.restored) {
      this.restored = true;
      const kept = this.store?.get(revisionLintsKey());
      if (kept) {
        this.cache = restoreRevisionLints(kept, fileHashes(files), analysis.migrations);
        this.stored = contentsOf(this.cache);
      }
    }
    const templatePath = analysis.layout.scriptLocation ? path.join(analysis.layout.scriptLocation, "script.py.mako") : undefined;
    const templateText = templatePath ? readFile(templatePath) : undefined;
    let findings: Finding[] = [];
    try {
      findings = lintProject(
        {
          files,
          migrations: analysis.migrations,
          graph: analysis.graph,
          config,
          ...(rowEstimates ? { rowEstimates } : {}),
          ...(templatePath && templateText !== undefined ? { scriptTemplate: { path: templatePath, text: templateText } } : {}),
        },
        this.cache,
      ).findings;
    } catch {
      // Lint is an extra: if it fails on odd input, drift diagnostics still go out.
      this.cache.key = "";
    }
    this.lastMigrations = analysis.migrations;
    this.lastFiles = files;
    this.lastKey = key;
    this.lastRows = rowEstimates;
    this.lastFindings = findings;
    return findings;
  }

  /** Writes each revision's last lint to the store, if there is one and a lint ran. Never throws. */
  save(): boolean {
    if (!this.store || this.lastFiles.length === 0 || this.cache.key === "") return false;
    const now = contentsOf(this.cache);
    if (this.stored && sameContents(this.stored, now)) return false;
    try {
      const saved = this.store.save(revisionLintsKey(), keepRevisionLints(this.cache, fileHashes(this.lastFiles)), true);
      if (saved) this.stored = now;
      return saved;
    } catch {
      return false;
    }
  }

  // The same configuration as `dmw lint`: the settings, then the nearest pyproject.toml's [tool.dmw].
  private configOf(analysis: ProjectAnalysis, readFile: ReadFile, settings: DmwSettings): { key: string; config: ReturnType<typeof loadLintConfig>["config"] } {
    const lintSettings = {
      rules: settings.lintSeverity,
      postgresVersion: settings.postgresVersion,
      disabledRules: settings.lintDisabledRules,
      ...(settings.lintSince ? { since: settings.lintSince } : {}),
      lockTimeoutInEnv: settings.lintLockTimeoutInEnv,
    };
    // The resolved configuration is all lint reads of settings and pyproject.toml: it is the key.
    const { config } = loadLintConfig(analysis.layout, lintSettings, readFile);
    return { key: JSON.stringify(config), config };
  }
}

/** A lint cache's contents by identity: a revision linted again is a new object. */
function contentsOf(cache: LintProjectCache): { key: string; files: Set<CachedFile>; parsed: Set<MigrationFile>; checkpoint: LintProjectCache["checkpoint"] } {
  return { key: cache.key, files: new Set(cache.files.values()), parsed: new Set(cache.parsed.values()), checkpoint: cache.checkpoint };
}

function sameContents(a: ReturnType<typeof contentsOf>, b: ReturnType<typeof contentsOf>): boolean {
  const same = <T>(x: Set<T>, y: Set<T>): boolean => x.size === y.size && [...x].every((v) => y.has(v));
  return a.key === b.key && same(a.files, b.files) && same(a.parsed, b.parsed) && a.checkpoint === b.checkpoint;
}
