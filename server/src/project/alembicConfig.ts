// alembic.ini / pyproject.toml [tool.alembic] -> the settings discovery needs. Pure: text in, data out.
// Option semantics follow Alembic 1.20 (alembic/config.py, alembic/script/base.py).
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { Finding } from "../findings/types";
import type { Range } from "../schema/types";
import { PROJECT_CODES, type ProjectCode } from "./codes";
import { getOption, InterpolationError, parseIni } from "./configParser";

// smol-toml's type declarations are ESM-only; its package also ships a CommonJS build for require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml } = require("smol-toml") as typeof import("smol-toml", { with: { "resolution-mode": "import" } });

/** alembic/script/base.py `_default_file_template`. */
export const DEFAULT_FILE_TEMPLATE = "%(rev)s_%(slug)s";

export interface AlembicSettings {
  /** Absolute folder of the migration environment. */
  scriptLocation?: string;
  /** Absolute folders from `version_locations`, when configured. */
  versionLocations?: string[];
  recursiveVersionLocations?: boolean;
  fileTemplate?: string;
  truncateSlugLength?: number;
  sqlalchemyUrl?: string;
  /** Absolute folders from `prepend_sys_path`. */
  prependSysPath?: string[];
  findings: Finding[];
}

/** Reads the `[alembic]` section (or `section`, as with `alembic -n name`) of alembic.ini text. */
export function readAlembicIni(text: string, iniPath: string, section = "alembic"): AlembicSettings {
  const here = dirname(iniPath);
  const sections = parseIni(text);
  const findings: Finding[] = [];
  const get = (option: string): string | undefined => {
    try {
      return getOption(sections, section, option, { here });
    } catch (error) {
      const why = error instanceof InterpolationError ? error.message : "it cannot be interpolated";
      findings.push(finding("config-bad-interpolation", `alembic.ini option ${option} is unusable: ${why}.`, iniPath, optionRange(text, option)));
      return undefined;
    }
  };
  const settings: AlembicSettings = { findings };
  const scriptLocation = get("script_location");
  if (scriptLocation) settings.scriptLocation = resolveScriptLocation(scriptLocation, here);
  const fileTemplate = get("file_template");
  if (fileTemplate) settings.fileTemplate = fileTemplate;
  const slug = Number.parseInt(get("truncate_slug_length") ?? "", 10);
  if (Number.isFinite(slug) && slug > 0) settings.truncateSlugLength = slug;
  const url = get("sqlalchemy.url");
  if (url) settings.sqlalchemyUrl = url;
  const recursive = get("recursive_version_locations");
  if (recursive !== undefined) settings.recursiveVersionLocations = /^(true|yes|on|1)$/i.test(recursive.trim());

  const separatorName = get("path_separator") ?? get("version_path_separator");
  const separator = separatorName === undefined ? undefined : pathSeparator(separatorName);
  if (separatorName !== undefined && separator === undefined) {
    findings.push(
      finding(
        "config-bad-path-separator",
        `alembic.ini path_separator "${separatorName}" is not one of os, :, ;, space, newline.`,
        iniPath,
        optionRange(text, "path_separator"),
      ),
    );
  }
  const versionLocations = get("version_locations");
  if (versionLocations) {
    settings.versionLocations = splitVersionLocations(versionLocations, separator).map((p) => resolve(here, p));
  }
  const sysPath = get("prepend_sys_path");
  if (sysPath) settings.prependSysPath = splitSysPath(sysPath, separator).map((p) => resolve(here, p));
  return settings;
}

/** Reads `[tool.alembic]` of pyproject.toml (Alembic >= 1.16). Values are lists, not separated strings. */
export function readPyprojectAlembic(text: string, pyprojectPath: string): AlembicSettings | undefined {
  let doc: unknown;
  try {
    doc = parseToml(text);
  } catch {
    return undefined;
  }
  const tool = (doc as { tool?: { alembic?: Record<string, unknown> } }).tool?.alembic;
  if (!tool || typeof tool !== "object") return undefined;
  const here = dirname(pyprojectPath);
  // Alembic substitutes %(here)s in the toml values too (alembic/config.py, toml_args).
  const sub = (v: unknown): string | undefined =>
    typeof v === "string" ? v.replace(/%\(here\)s/g, here).replace(/%%/g, "%") : undefined;
  const list = (v: unknown): string[] | undefined =>
    Array.isArray(v) ? v.map(sub).filter((s): s is string => s !== undefined) : undefined;
  const settings: AlembicSettings = { findings: [] };
  const scriptLocation = sub(tool.script_location);
  if (scriptLocation) settings.scriptLocation = resolveScriptLocation(scriptLocation, here);
  const template = sub(tool.file_template);
  if (template) settings.fileTemplate = template;
  if (typeof tool.truncate_slug_length === "number") settings.truncateSlugLength = tool.truncate_slug_length;
  const versions = list(tool.version_locations);
  if (versions) settings.versionLocations = versions.map((p) => resolve(here, p));
  const sysPath = list(tool.prepend_sys_path);
  if (sysPath) settings.prependSysPath = sysPath.map((p) => resolve(here, p));
  if (typeof tool.recursive_version_locations === "boolean") settings.recursiveVersionLocations = tool.recursive_version_locations;
  return settings;
}

/**
 * `script_location` is a path (relative ones are taken from the ini's folder, where Alembic is run)
 * or a package resource `pkg.sub:folder` (alembic/util/pyfiles.py coerce_resource_to_filename),
 * which we map onto the source tree beside the ini.
 */
export function resolveScriptLocation(value: string, here: string): string {
  const resource = /^([A-Za-z_][\w.]*):([^\\/].*)$/.exec(value);
  if (resource && !/^[A-Za-z]:[\\/]/.test(value)) {
    return join(here, ...resource[1].split("."), resource[2]);
  }
  return isAbsolute(value) ? value : resolve(here, value);
}

/** alembic/config.py `_get_file_separator_char`. */
export function pathSeparator(name: string): string | undefined {
  const table: Record<string, string> = { space: " ", newline: "\n", os: process.platform === "win32" ? ";" : ":", ":": ":", ";": ";" };
  return table[name.trim()];
}

/**
 * alembic/config.py `get_version_locations_list`: with a path_separator, split on it; without one,
 * the legacy rule splits on commas and runs of spaces.
 */
export function splitVersionLocations(value: string, separator: string | undefined): string[] {
  const parts = separator === undefined ? value.split(/, *| +/) : value.split(separator);
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

/** alembic/config.py `get_prepend_sys_paths_list`: the legacy rule also splits on colons. */
export function splitSysPath(value: string, separator: string | undefined): string[] {
  const parts = separator === undefined ? value.split(/, *| +|:/) : value.split(separator);
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

export function finding(code: ProjectCode, message: string, file?: string, range?: Range): Finding {
  return { code, severity: PROJECT_CODES[code].severity, message, ...(file ? { file } : {}), ...(range ? { range } : {}) };
}

/** The line that sets `option` (or opens `[section]`) in INI text, for finding ranges; line 0 when not found. */
export function optionRange(text: string, option: string): Range {
  const lines = text.split(/\r\n|\r|\n/);
  const escaped = option.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(option.startsWith("[") ? `^\\s*${escaped}\\s*$` : `^\\s*${escaped}\\s*[=:]`, "i");
  const line = Math.max(0, lines.findIndex((l) => pattern.test(l)));
  return { start: { line, character: 0 }, end: { line, character: (lines[line] ?? "").length } };
}
