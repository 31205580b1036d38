// Project discovery: from a root folder to alembic.ini, the migration folders, env.py and the model
// files. This module does the file I/O; reading the configuration itself is pure (alembicConfig.ts).
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import type { Finding } from "../findings/types";
import { DEFAULT_FILE_TEMPLATE, finding, optionRange, readAlembicIni, readPyprojectAlembic, type AlembicSettings } from "./alembicConfig";
import { modelFilesFromEnv, type ModuleFiles } from "./envModels";
import { globFiles } from "./globFiles";
import { detectSqlmodelVersion, versionSearchDirs } from "./sqlmodelVersion";
import type { DiscoverOverrides, ProjectLayout } from "./types";

// Folders never searched for alembic.ini one level down.
const NOT_PROJECT_DIRS = /^(node_modules|__pycache__|\..*|venv|env|site-packages|dist|build)$/;

export function discoverProject(root: string, overrides: DiscoverOverrides = {}): ProjectLayout {
  root = resolve(root);
  const findings: Finding[] = [];
  const iniPath = overrides.alembicIni ? resolve(root, overrides.alembicIni) : findAlembicIni(root, findings);
  const alembicDir = iniPath ? dirname(iniPath) : root;

  let iniText: string | undefined;
  if (iniPath) {
    try {
      iniText = readFileSync(iniPath, "utf8");
    } catch (error) {
      const reason = isMissing(error) ? "it does not exist" : `it cannot be read (${errorCode(error)})`;
      const code = isMissing(error) ? "config-missing-alembic-ini" : "config-unreadable-alembic-ini";
      findings.push(finding(code, `alembic.ini at ${iniPath} is unusable: ${reason}.`, iniPath));
    }
  }
  const fromIni: AlembicSettings = iniText !== undefined && iniPath ? readAlembicIni(iniText, iniPath) : { findings: [] };
  findings.push(...fromIni.findings);
  // Alembic >= 1.16 also reads [tool.alembic] from pyproject.toml; alembic.ini wins where both set an option.
  const fromToml = readPyproject(join(alembicDir, "pyproject.toml"));
  const settings: AlembicSettings = { ...(fromToml ?? { findings: [] }), ...definedOnly(fromIni) };

  if (!iniPath && !fromToml) {
    findings.push(
      finding("config-missing-alembic-ini", `No alembic.ini in ${root} or one folder below it; migrations cannot be read.`, undefined),
    );
  } else if (!settings.scriptLocation && !/^\s*script_location\s*[=:]/m.test(iniText ?? "") && (iniText !== undefined || fromToml)) {
    findings.push(
      finding(
        "config-missing-script-location",
        "alembic.ini has no script_location in its [alembic] section, so the migration folder is unknown.",
        iniPath,
        iniText !== undefined ? optionRange(iniText, "[alembic]") : undefined,
      ),
    );
  }

  const scriptLocation = settings.scriptLocation;
  const versionsDirs = overrides.versionsDir
    ? [resolve(root, overrides.versionsDir)]
    : (settings.versionLocations ?? (scriptLocation ? [join(scriptLocation, "versions")] : []));
  const versionsOption = settings.versionLocations ? "version_locations" : "script_location";
  for (const dir of versionsDirs) {
    if (!isDir(dir)) {
      const range = iniText !== undefined && !overrides.versionsDir ? optionRange(iniText, versionsOption) : undefined;
      findings.push(finding("config-missing-versions-dir", `The migration folder ${dir} does not exist.`, overrides.versionsDir ? undefined : iniPath, range));
    }
  }
  const envPy = scriptLocation && isFile(join(scriptLocation, "env.py")) ? join(scriptLocation, "env.py") : undefined;
  const sourceRoots = unique([
    ...(settings.prependSysPath ?? []),
    alembicDir,
    ...(scriptLocation ? [dirname(scriptLocation)] : []),
    root,
    join(alembicDir, "src"),
    join(root, "src"),
  ]).filter(isDir);

  const models = findModelFiles(root, alembicDir, overrides.modelsGlob, envPy, sourceRoots);
  if (models.files.length > 0 && envPy && !models.files.includes(envPy) && /naming_convention/.test(nodeModuleFiles.read(envPy) ?? "")) {
    models.files = [...models.files, envPy];
  }
  const sqlmodelVersion = detectSqlmodelVersion(versionSearchDirs(root, alembicDir));
  if (models.files.length === 0) {
    const where = overrides.modelsGlob
      ? `matching ${overrides.modelsGlob}`
      : `in app/models/*.py or app/models.py beside alembic.ini${envPy ? ", nor through env.py's imports" : ""}`;
    findings.push(finding("config-models-not-found", `No model files found ${where}; set the models glob to where your SQLModel classes live.`, envPy ?? iniPath));
  }

  return {
    root,
    ...(iniPath && iniText !== undefined ? { alembicIni: iniPath } : {}),
    alembicDir,
    ...(scriptLocation ? { scriptLocation } : {}),
    versionsDirs,
    recursiveVersionLocations: settings.recursiveVersionLocations ?? false,
    fileTemplate: settings.fileTemplate ?? DEFAULT_FILE_TEMPLATE,
    ...(settings.truncateSlugLength !== undefined ? { truncateSlugLength: settings.truncateSlugLength } : {}),
    ...(settings.sqlalchemyUrl ? { sqlalchemyUrl: settings.sqlalchemyUrl } : {}),
    ...(envPy ? { envPy } : {}),
    modelFiles: models.files,
    ...(sqlmodelVersion ? { sqlmodelVersion } : {}),
    modelsFrom: models.files.length === 0 ? "none" : models.from,
    sourceRoots,
    findings,
  };
}

function findModelFiles(
  root: string,
  alembicDir: string,
  glob: string | undefined,
  envPy: string | undefined,
  sourceRoots: string[],
): { files: string[]; from: ProjectLayout["modelsFrom"] } {
  if (glob) return { files: globFiles(root, glob), from: "glob" };
  const defaults = [...globFiles(alembicDir, "app/models/*.py"), ...globFiles(alembicDir, "app/models.py")].sort();
  // An app/models/ that only re-exports classes defined elsewhere counts as not found.
  const definesClasses = defaults.some((f) => /^[ \t]*class\s/m.test(nodeModuleFiles.read(f) ?? ""));
  if (defaults.length > 0 && definesClasses) return { files: defaults, from: "default" };
  const followed = envPy ? modelFilesFromEnv(envPy, sourceRoots, nodeModuleFiles) : [];
  if (followed.length > 0) return { files: followed, from: "env.py" };
  return defaults.length > 0 ? { files: defaults, from: "default" } : { files: [], from: "none" };
}

/** `<root>/alembic.ini`, else the first `<root>/<dir>/alembic.ini` in name order. */
function findAlembicIni(root: string, findings: Finding[]): string | undefined {
  const direct = join(root, "alembic.ini");
  if (existsSync(direct)) return direct;
  let entries: string[];
  try {
    entries = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !NOT_PROJECT_DIRS.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return undefined;
  }
  const found = entries.map((name) => join(root, name, "alembic.ini")).filter((p) => existsSync(p));
  if (found.length > 1) {
    const names = found.map((p) => `${basename(dirname(p))}/alembic.ini`).join(", ");
    findings.push(finding("config-multiple-alembic-ini", `Several alembic.ini files (${names}); using ${names.split(", ")[0]}.`, found[0]));
  }
  return found[0];
}

function readPyproject(path: string): AlembicSettings | undefined {
  try {
    return readPyprojectAlembic(readFileSync(path, "utf8"), path);
  } catch {
    return undefined; // no pyproject.toml: nothing to add
  }
}

function definedOnly(settings: AlembicSettings): Partial<AlembicSettings> {
  return Object.fromEntries(Object.entries(settings).filter(([k, v]) => v !== undefined && k !== "findings"));
}

const nodeModuleFiles: ModuleFiles = {
  isFile,
  isDir,
  read(path) {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
};

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === "ENOENT";
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? "unknown error";
}

function unique(paths: string[]): string[] {
  return [...new Set(paths.map((p) => (isAbsolute(p) ? p : resolve(p))))];
}
