// Lint fixtures: a shared base history (test/fixtures/lint/base) plus one revision file under
// test, whose `# expect: rule-a, rule-b` comments mark the lines where findings must start.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Finding } from "../../server/src/findings/types";
import { defaultLintConfig, type LintConfig } from "../../server/src/lint/config";
import { lintProject } from "../../server/src/lint/project";
import { RULES } from "../../server/src/lint/rules";

export const LINT_FIXTURES = resolve(__dirname, "..", "fixtures", "lint");

export function baseFiles(): { path: string; text: string }[] {
  const dir = join(LINT_FIXTURES, "base");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".py"))
    .sort()
    .map((f) => ({ path: join(dir, f), text: readFileSync(join(dir, f), "utf8") }));
}

export interface FixtureOptions {
  rowEstimates?: Record<string, number>;
  postgresVersion?: number;
  lockTimeoutInEnv?: boolean;
}

/** `# lint-options: {...}` in the fixture header. */
export function fixtureOptions(text: string): FixtureOptions {
  const m = /^# lint-options: (.*)$/m.exec(text);
  return m ? (JSON.parse(m[1]) as FixtureOptions) : {};
}

/** Every rule on at its default level, also the ones off by default. */
export function allRulesConfig(options: FixtureOptions = {}): LintConfig {
  const config = defaultLintConfig();
  for (const r of RULES) if (r.severity === "off") config.severities[r.id] = "warning";
  if (options.postgresVersion !== undefined) config.postgresVersion = options.postgresVersion;
  if (options.lockTimeoutInEnv !== undefined) config.lockTimeoutInEnv = options.lockTimeoutInEnv;
  return config;
}

/** Lints `text` as a revision on top of the base history; returns findings for that file only. */
export function lintFixtureText(path: string, text: string, extra: { path: string; text: string }[] = []): Finding[] {
  const options = fixtureOptions(text);
  const result = lintProject({
    files: [...baseFiles(), ...extra, { path, text }],
    config: allRulesConfig(options),
    ...(options.rowEstimates ? { rowEstimates: options.rowEstimates } : {}),
    only: [path],
  });
  return result.findings;
}

/** rule id -> 0-based lines marked `# expect: ...`. */
export function expectedLines(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  text.split("\n").forEach((line, i) => {
    const m = /# expect: ([a-z0-9, -]+)$/.exec(line);
    if (!m) return;
    for (const id of m[1].split(",").map((s) => s.trim()).filter(Boolean)) out.set(id, [...(out.get(id) ?? []), i]);
  });
  return out;
}
