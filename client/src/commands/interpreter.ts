// Which program runs Alembic locally. Order (first that applies wins):
// 1. the alembic command setting (e.g. `poetry run alembic`),
// 2. the Python extension's selected interpreter, as `python -m alembic`,
// 3. a `.venv` or `venv` folder beside alembic.ini,
// 4. `alembic` on PATH.
// Pure: the caller passes what it read (setting, interpreter path) and a file-existence test.
import * as path from "node:path";
import { parse } from "shell-quote";

export interface Invocation {
  command: string;
  /** Arguments that come before Alembic's own (e.g. `-m alembic`, `run alembic`). */
  prefixArgs: string[];
  source: "setting" | "python-extension" | "venv" | "path";
}

export interface InterpreterInputs {
  /** The alembic command setting: a command line string, or an argument vector. */
  alembicCommand?: string | string[];
  /** The Python extension's selected interpreter (path of the python executable). */
  selectedPython?: string;
  /** Folder holding alembic.ini. */
  iniDir: string;
  platform: NodeJS.Platform;
  exists(file: string): boolean;
}

/**
 * Splits the setting into argv. A string is read with POSIX word rules (quotes allowed, so a
 * path with spaces can be written "C:\Program Files\..."); shell operators are refused.
 */
export function splitCommandSetting(setting: string | string[], platform: NodeJS.Platform = "linux"): string[] | undefined {
  if (Array.isArray(setting)) {
    const argv = setting.filter((part) => typeof part === "string" && part.length > 0);
    return argv.length > 0 ? argv : undefined;
  }
  const trimmed = setting.trim();
  if (trimmed === "") return undefined;
  // Keep `$VAR` literal rather than expanding it against an empty environment.
  // On Windows a backslash separates folders, so it must not escape the next character there.
  const parts = parse(trimmed, (name) => `$${name}`, platform === "win32" ? { escape: "^" } : undefined);
  if (parts.some((part) => typeof part !== "string")) return undefined;
  return parts as string[];
}

function venvCandidates(iniDir: string, platform: NodeJS.Platform): { alembic: string; python: string }[] {
  const windows = platform === "win32";
  const join = windows ? path.win32.join : path.posix.join;
  return [".venv", "venv"].map((name) =>
    windows
      ? { alembic: join(iniDir, name, "Scripts", "alembic.exe"), python: join(iniDir, name, "Scripts", "python.exe") }
      : { alembic: join(iniDir, name, "bin", "alembic"), python: join(iniDir, name, "bin", "python") },
  );
}

/** A relative path with a folder part (`.venv/bin/alembic`) is relative to alembic.ini's folder; a bare name is looked up on PATH. */
function settingProgram(program: string, inputs: InterpreterInputs): string {
  const paths = inputs.platform === "win32" ? path.win32 : path.posix;
  const hasFolder = inputs.platform === "win32" ? /[\\/]/.test(program) : program.includes("/");
  return hasFolder && !paths.isAbsolute(program) ? paths.join(inputs.iniDir, program) : program;
}

export function resolveInvocation(inputs: InterpreterInputs): Invocation {
  if (inputs.alembicCommand !== undefined) {
    const argv = splitCommandSetting(inputs.alembicCommand, inputs.platform);
    if (argv) return { command: settingProgram(argv[0], inputs), prefixArgs: argv.slice(1), source: "setting" };
  }
  if (inputs.selectedPython && inputs.selectedPython.trim() !== "") {
    return { command: inputs.selectedPython, prefixArgs: ["-m", "alembic"], source: "python-extension" };
  }
  for (const venv of venvCandidates(inputs.iniDir, inputs.platform)) {
    if (inputs.exists(venv.alembic)) return { command: venv.alembic, prefixArgs: [], source: "venv" };
    if (inputs.exists(venv.python)) return { command: venv.python, prefixArgs: ["-m", "alembic"], source: "venv" };
  }
  return { command: "alembic", prefixArgs: [], source: "path" };
}
