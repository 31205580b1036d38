// Migration lint for the language server: lintProject over the whole history, with a cache so an
// edit re-lints only the edited revision and those replayed after it. The whole result is kept
// while the history (the parsed migration objects, which the migration cache reuses for unchanged
// text), the settings and the row estimates stay the same, so editing a model never re-lints.
import * as path from "node:path";
import type { ProjectAnalysis } from "../analysis/analyzeProject";
import type { Finding } from "../findings/types";
import type { MigrationFile } from "../history/types";
import { LintProjectCache, lintProject, type SourceFile } from "../lint/project";
import { loadLintConfig } from "../lint/projectConfig";
import type { ReadFile } from "./engine";
import type { DmwSettings } from "./settings";

export class MigrationLinter {
  private lastMigrations: readonly MigrationFile[] = [];
  private lastKey = "";
  private lastRows?: Record<string, number>;
  private lastFindings: Finding[] = [];
  private readonly cache = new LintProjectCache();

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
    this.lastKey = key;
    this.lastRows = rowEstimates;
    this.lastFindings = findings;
    return findings;
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
