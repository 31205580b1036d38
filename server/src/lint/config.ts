// One resolver for lint configuration, used by the editor and by `dmw lint`.
// Sources, later wins: rule defaults < workspace settings (`dmw.lint.*`) < `[tool.dmw]` in
// pyproject.toml. The project file wins so that the editor shows exactly what CI enforces
// (squawk's editor server ignores its project config, squawk issue #679).
import type { Severity } from "../findings/types";

// smol-toml's type declarations are ESM-only; the package also ships a CommonJS build for require().
const { parse: parseToml } = require("smol-toml") as typeof import("smol-toml", { with: { "resolution-mode": "import" } });

export type RuleLevel = Severity | "off";

export interface LintConfig {
  /** Rule id -> level; rules not listed keep their default. */
  severities: Record<string, RuleLevel>;
  postgresVersion: number;
  /** Lint only revisions that come after this one in the history (the revision itself excluded). */
  since?: string;
  lockTimeoutInEnv: boolean;
}

export interface LintConfigProblem {
  message: string;
}

export const DEFAULT_POSTGRES_VERSION = 15;

export function defaultLintConfig(): LintConfig {
  return { severities: {}, postgresVersion: DEFAULT_POSTGRES_VERSION, lockTimeoutInEnv: false };
}

/**
 * Workspace settings shape (`dmw.lint` section):
 * { rules?: { [id]: level }, disabledRules?: string[], postgresVersion?: number, since?: string, lockTimeoutInEnv?: boolean }
 * pyproject shape:
 * [tool.dmw] postgres-version = 16, since = "abc123", lock-timeout-in-env = true, disable = ["drop-column"]
 * [tool.dmw.rules] prefer-text-over-varchar = "warning"
 */
export function resolveLintConfig(
  settings: unknown,
  pyprojectText: string | undefined,
  knownRules: ReadonlySet<string>,
): { config: LintConfig; problems: LintConfigProblem[] } {
  const config = defaultLintConfig();
  const problems: LintConfigProblem[] = [];
  if (isObject(settings)) {
    apply(config, problems, knownRules, "settings", {
      rules: settings.rules,
      disable: settings.disabledRules,
      postgresVersion: settings.postgresVersion,
      since: settings.since,
      lockTimeoutInEnv: settings.lockTimeoutInEnv,
    });
  }
  if (pyprojectText !== undefined) {
    let table: unknown;
    try {
      const doc = parseToml(pyprojectText) as Record<string, unknown>;
      table = isObject(doc.tool) ? doc.tool.dmw : undefined;
    } catch (error) {
      problems.push({ message: `pyproject.toml could not be read: ${(error as Error).message.split("\n")[0]}` });
    }
    if (isObject(table)) {
      const lint = isObject(table.lint) ? { ...table, ...table.lint } : table;
      apply(config, problems, knownRules, "[tool.dmw]", {
        rules: lint.rules,
        disable: lint.disable ?? lint["disabled-rules"],
        postgresVersion: lint["postgres-version"],
        since: lint.since,
        lockTimeoutInEnv: lint["lock-timeout-in-env"],
      });
    }
  }
  return { config, problems };
}

interface RawConfig {
  rules: unknown;
  disable: unknown;
  postgresVersion: unknown;
  since: unknown;
  lockTimeoutInEnv: unknown;
}

const LEVELS: ReadonlySet<string> = new Set(["error", "warning", "info", "hint", "off"]);

function apply(config: LintConfig, problems: LintConfigProblem[], known: ReadonlySet<string>, where: string, raw: RawConfig): void {
  const checkRule = (id: string): boolean => {
    if (known.has(id)) return true;
    problems.push({ message: `${where}: unknown lint rule '${id}'` });
    return false;
  };
  if (isObject(raw.rules)) {
    for (const [id, level] of Object.entries(raw.rules)) {
      if (!checkRule(id)) continue;
      if (typeof level === "string" && LEVELS.has(level)) config.severities[id] = level as RuleLevel;
      else problems.push({ message: `${where}: rule '${id}' level must be one of error, warning, info, hint, off` });
    }
  } else if (raw.rules !== undefined) problems.push({ message: `${where}: 'rules' must be a table of rule id -> level` });
  if (Array.isArray(raw.disable)) {
    for (const id of raw.disable) if (typeof id === "string" && checkRule(id)) config.severities[id] = "off";
  } else if (raw.disable !== undefined) problems.push({ message: `${where}: the disabled rules must be a list of rule ids` });
  if (raw.postgresVersion !== undefined) {
    const v = typeof raw.postgresVersion === "string" ? Number.parseFloat(raw.postgresVersion) : raw.postgresVersion;
    if (typeof v === "number" && Number.isFinite(v) && v >= 9 && v < 100) config.postgresVersion = Math.floor(v);
    else problems.push({ message: `${where}: postgres version must be a number such as 15` });
  }
  if (typeof raw.since === "string" && raw.since.trim() !== "") config.since = raw.since.trim();
  else if (raw.since !== undefined && raw.since !== "") problems.push({ message: `${where}: 'since' must be a revision id` });
  if (typeof raw.lockTimeoutInEnv === "boolean") config.lockTimeoutInEnv = raw.lockTimeoutInEnv;
  else if (raw.lockTimeoutInEnv !== undefined) problems.push({ message: `${where}: lock-timeout-in-env must be true or false` });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The effective level of a rule under a config. */
export function ruleLevel(config: LintConfig, id: string, defaultLevel: RuleLevel): RuleLevel {
  return config.severities[id] ?? defaultLevel;
}
