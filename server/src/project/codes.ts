// Finding codes of project discovery. Each has a page docs/codes/<code>.md.
import type { Severity } from "../findings/types";

export const PROJECT_CODES = {
  "config-missing-alembic-ini": {
    severity: "error",
    summary: "No alembic.ini at the root or one folder below it, and no [tool.alembic] in pyproject.toml.",
  },
  "config-unreadable-alembic-ini": {
    severity: "error",
    summary: "alembic.ini exists but cannot be read.",
  },
  "config-missing-script-location": {
    severity: "error",
    summary: "The [alembic] section has no script_location, so the migration folder is unknown.",
  },
  "config-bad-interpolation": {
    severity: "error",
    summary: "An alembic.ini value uses %(name)s for an option that is not set, or a lone %.",
  },
  "config-bad-path-separator": {
    severity: "warning",
    summary: "path_separator is not one of os, :, ;, space, newline.",
  },
  "config-missing-versions-dir": {
    severity: "warning",
    summary: "A configured migration folder does not exist.",
  },
  "config-multiple-alembic-ini": {
    severity: "info",
    summary: "Several alembic.ini files one folder below the root; the first is used.",
  },
  "config-models-not-found": {
    severity: "warning",
    summary: "No model files were found by the default locations, the glob, or env.py's imports.",
  },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type ProjectCode = keyof typeof PROJECT_CODES;
