// The extension's settings: ONE schema (type, default, description) that is the single source of
// truth. package.json's `contributes.configuration` must match it (test/client/settings.test.ts),
// the server resolves `workspace/configuration` answers through it, and the client reads it too.

export const SETTINGS_SECTION = "dbMigrationWizard";

export type Severity = "error" | "warning" | "info" | "hint" | "off";
export const SEVERITIES: readonly Severity[] = ["error", "warning", "info", "hint", "off"];

interface SettingBase {
  description: string;
}
type SettingSpec =
  | (SettingBase & { type: "string"; default: string })
  | (SettingBase & { type: "integer"; default: number; minimum?: number; maximum?: number })
  | (SettingBase & { type: "boolean"; default: boolean })
  | (SettingBase & { type: "array"; default: string[] })
  | (SettingBase & { type: "object"; default: Record<string, Severity>; valueEnum: readonly string[] });

/** Keys are relative to SETTINGS_SECTION. */
export const SETTINGS_SCHEMA = {
  modelsGlob: {
    type: "string",
    default: "",
    description:
      "Glob (relative to the folder of alembic.ini) of the SQLModel model files. Empty: app/models/*.py or app/models.py beside alembic.ini, else the modules env.py imports.",
  },
  versionsDir: {
    type: "string",
    default: "",
    description: "Folder of the migration files, relative to the workspace folder. Empty: <script_location>/versions from alembic.ini.",
  },
  alembicIni: {
    type: "string",
    default: "",
    description: "Path of alembic.ini, relative to the workspace folder. Empty: the workspace folder or one level below it.",
  },
  databaseUrl: {
    type: "string",
    default: "",
    description:
      "PostgreSQL URL to compare against (SQLAlchemy spellings such as postgresql+psycopg:// are accepted). Empty: the environment variable below, then .env, then sqlalchemy.url in alembic.ini. The database is only read, never written.",
  },
  databaseUrlEnvVar: {
    type: "string",
    default: "DATABASE_URL",
    description: "Name of the environment variable (also looked up in .env) that holds the database URL.",
  },
  schema: {
    type: "string",
    default: "public",
    description: "PostgreSQL schema (namespace) the tables live in.",
  },
  "lint.severity": {
    type: "object",
    default: {},
    valueEnum: SEVERITIES,
    description: 'Severity per lint rule id, e.g. { "create-index-non-concurrently": "error", "missing-downgrade": "off" }.',
  },
  "lint.disabledRules": {
    type: "array",
    default: [],
    description: 'Lint rule ids that are not run at all, e.g. ["drop-column", "prefer-text-over-varchar"]. Also [tool.dmw] disable = [...] in pyproject.toml.',
  },
  "lint.since": {
    type: "string",
    default: "",
    description: "Lint only revisions after this one (a revision id). Empty: every revision. Also [tool.dmw] since in pyproject.toml.",
  },
  "lint.lockTimeoutInEnv": {
    type: "boolean",
    default: false,
    description: "env.py already sets lock_timeout for every migration, so missing-lock-timeout stays quiet.",
  },
  postgresVersion: {
    type: "integer",
    default: 15,
    minimum: 10,
    maximum: 30,
    description: "Major PostgreSQL version the migrations run on in production; lint rules whose risk depends on it follow it.",
  },
  alembicCommand: {
    type: "string",
    default: "",
    description:
      "Command that runs Alembic, e.g. `.venv/bin/alembic` or `python -m alembic`. Empty: the Python extension's interpreter, else a .venv/venv beside alembic.ini, else `alembic` on PATH.",
  },
  "kubernetes.context": {
    type: "string",
    default: "",
    description: "kubectl context for running Alembic in a cluster. Empty: ask.",
  },
  "kubernetes.namespace": {
    type: "string",
    default: "",
    description: "Kubernetes namespace of the backend. Empty: ask.",
  },
  "kubernetes.deployment": {
    type: "string",
    default: "",
    description: "Deployment (or pod) to `kubectl exec` into, e.g. `backend`. Empty: ask.",
  },
  "kubernetes.container": {
    type: "string",
    default: "",
    description: "Container inside the pod that has Alembic installed. Empty: the pod's default container.",
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS_SCHEMA;

export interface DmwSettings {
  modelsGlob: string;
  versionsDir: string;
  alembicIni: string;
  databaseUrl: string;
  databaseUrlEnvVar: string;
  schema: string;
  lintSeverity: Record<string, Severity>;
  lintDisabledRules: string[];
  lintSince: string;
  lintLockTimeoutInEnv: boolean;
  postgresVersion: number;
  alembicCommand: string;
  kubernetes: { context: string; namespace: string; deployment: string; container: string };
}

/** Reads a dotted key ("lint.severity") from a settings object that may nest or flatten it. */
function lookup(raw: unknown, key: string): unknown {
  if (!raw || typeof raw !== "object") return undefined;
  const record = raw as Record<string, unknown>;
  if (key in record) return record[key];
  const dot = key.indexOf(".");
  if (dot < 0) return undefined;
  return lookup(record[key.slice(0, dot)], key.slice(dot + 1));
}

function stringSetting(raw: unknown, key: SettingKey & string): string {
  const value = lookup(raw, key);
  const spec = SETTINGS_SCHEMA[key];
  return typeof value === "string" ? value.trim() : (spec.default as string);
}

function stringList(raw: unknown, key: string): string[] {
  const value = lookup(raw, key);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim()) : [];
}

function severityMap(raw: unknown): Record<string, Severity> {
  const value = lookup(raw, "lint.severity");
  const out: Record<string, Severity> = {};
  if (!value || typeof value !== "object") return out;
  for (const [rule, severity] of Object.entries(value as Record<string, unknown>)) {
    // Unknown spellings are ignored rather than guessed; the rule keeps its default.
    if (typeof severity === "string" && (SEVERITIES as readonly string[]).includes(severity)) out[rule] = severity as Severity;
  }
  return out;
}

/**
 * Turns whatever the editor sent (a `workspace/configuration` answer, nested or flat, possibly
 * null or with wrong types) into complete settings: every value typed, defaults filled in.
 */
export function resolveSettings(raw: unknown): DmwSettings {
  const version = lookup(raw, "postgresVersion");
  const versionSpec = SETTINGS_SCHEMA.postgresVersion;
  return {
    modelsGlob: stringSetting(raw, "modelsGlob"),
    versionsDir: stringSetting(raw, "versionsDir"),
    alembicIni: stringSetting(raw, "alembicIni"),
    databaseUrl: stringSetting(raw, "databaseUrl"),
    databaseUrlEnvVar: stringSetting(raw, "databaseUrlEnvVar") || SETTINGS_SCHEMA.databaseUrlEnvVar.default,
    schema: stringSetting(raw, "schema") || SETTINGS_SCHEMA.schema.default,
    lintSeverity: severityMap(raw),
    lintDisabledRules: stringList(raw, "lint.disabledRules"),
    lintSince: stringSetting(raw, "lint.since"),
    lintLockTimeoutInEnv: lookup(raw, "lint.lockTimeoutInEnv") === true,
    postgresVersion:
      typeof version === "number" && Number.isInteger(version) && version >= versionSpec.minimum && version <= versionSpec.maximum
        ? version
        : versionSpec.default,
    alembicCommand: stringSetting(raw, "alembicCommand"),
    kubernetes: {
      context: stringSetting(raw, "kubernetes.context"),
      namespace: stringSetting(raw, "kubernetes.namespace"),
      deployment: stringSetting(raw, "kubernetes.deployment"),
      container: stringSetting(raw, "kubernetes.container"),
    },
  };
}

/** The `contributes.configuration.properties` object package.json must contain. */
export function contributedProperties(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, spec] of Object.entries(SETTINGS_SCHEMA) as [string, SettingSpec][]) {
    const entry: Record<string, unknown> = { type: spec.type, default: spec.default, description: spec.description };
    if (spec.type === "integer") {
      if (spec.minimum !== undefined) entry.minimum = spec.minimum;
      if (spec.maximum !== undefined) entry.maximum = spec.maximum;
    }
    if (spec.type === "object") entry.additionalProperties = { type: "string", enum: [...spec.valueEnum] };
    if (spec.type === "array") entry.items = { type: "string" };
    out[`${SETTINGS_SECTION}.${key}`] = entry;
  }
  return out;
}
