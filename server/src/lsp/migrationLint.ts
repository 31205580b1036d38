// Migration lint for the language server: lintProject over the whole history. Results are kept
// while the history (the parsed migration objects, which the migration cache reuses for unchanged
// text), the settings and the row estimates stay the same, so editing a model never re-lints.
import * as path from "node:path";
import type { ProjectAnalysis } from "../analysis/analyzeProject";
import type { Finding } from "../findings/types";
import type { MigrationFile } from "../history/types";
import { lintProject, type SourceFile } from "../lint/project";
import { loadLintConfig } from "../lint/projectConfig";
import type { ReadFile } from "./engine";
import type { DmwSettings } from "./settings";

export class MigrationLinter {
  private lastMigrations: readonly MigrationFile[] = [];
  private lastKey = "";
  private lastRows?: Record<string, number>;
  private lastFindings: Finding[] = [];

  lint(analysis: ProjectAnalysis, readFile: ReadFile, settings: DmwSettings, rowEstimates?: Record<string, number>): Finding[] {
    // The same configuration as `dmw lint`: the settings, then the nearest pyproject.toml's [tool.dmw].
    const lintSettings = {
      rules: settings.lintSeverity,
      postgresVersion: settings.postgresVersion,
      disabledRules: settings.lintDisabledRules,
      ...(settings.lintSince ? { since: settings.lintSince } : {}),
      lockTimeoutInEnv: settings.lintLockTimeoutInEnv,
    };
    const { config, pyproject } = loadLintConfig(analysis.layout, lintSettings, readFile);
    const key = JSON.stringify([lintSettings, pyproject ? readFile(pyproject) ?? null : null]);
    const sameHistory =
      analysis.migrations.length === this.lastMigrations.length && analysis.migrations.every((m, i) => m === this.lastMigrations[i]);
    if (sameHistory && key === this.lastKey && rowEstimates === this.lastRows) return this.lastFindings;

    const files: SourceFile[] = [];
    for (const migration of analysis.migrations) {
      const text = readFile(migration.path);
      if (text !== undefined) files.push({ path: migration.path, text });
    }
    const templatePath = analysis.layout.scriptLocation ? path.join(analysis.layout.scriptLocation, "script.py.mako") : undefined;
    const templateText = templatePath ? readFile(templatePath) : undefined;
    let findings: Finding[] = [];
    try {
      findings = lintProject({
        files,
        migrations: analysis.migrations,
        config,
        ...(rowEstimates ? { rowEstimates } : {}),
        ...(templatePath && templateText !== undefined ? { scriptTemplate: { path: templatePath, text: templateText } } : {}),
      }).findings;
    } catch {
      // Lint is an extra: if it fails on odd input, drift diagnostics still go out.
    }
    this.lastMigrations = analysis.migrations;
    this.lastKey = key;
    this.lastRows = rowEstimates;
    this.lastFindings = findings;
    return findings;
  }
}
