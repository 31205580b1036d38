// Quoting an argument vector for the shell a user will paste it into (the "show/copy the exact
// command" actions; running never goes through a shell). POSIX shells use `shell-quote`;
// fish, PowerShell and cmd are not covered by any maintained npm library we found (shell-quote
// is POSIX-only, `shescape` needs the real shell binary at run time), so each has a small quoter
// here that follows its shell's documented rules.

import * as path from "node:path";
import { quote as quotePosix } from "shell-quote";

export type ShellKind = "posix" | "fish" | "pwsh" | "powershell" | "cmd";

export class UnquotableArgumentError extends Error {
  constructor(shell: ShellKind, readonly argument: string) {
    super(`this argument cannot be written on a ${shell} command line: ${JSON.stringify(argument)}`);
  }
}

/** Maps a shell executable path (e.g. `vscode.env.shell`) to the quoting rules it follows. */
export function shellKindOf(shellPath: string | undefined, platform: NodeJS.Platform): ShellKind {
  const base = (shellPath ? path.win32.basename(path.posix.basename(shellPath)) : "").toLowerCase().replace(/\.exe$/, "");
  if (base === "fish") return "fish";
  if (base === "pwsh" || base === "pwsh-preview") return "pwsh";
  if (base === "powershell") return "powershell";
  if (base === "cmd") return "cmd";
  if (base === "") return platform === "win32" ? "pwsh" : "posix";
  return "posix"; // bash, zsh, sh, dash, ksh: the same single-quote rules
}

// fish: inside '...' only \\ and \' are escapes (fish manual, "Quotes").
const FISH_SAFE = /^[A-Za-z0-9_.\/:=+,@-]+$/;
function quoteFish(arg: string): string {
  if (FISH_SAFE.test(arg)) return arg;
  return `'${arg.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

// PowerShell: '...' is verbatim; a quote inside is doubled. PowerShell also treats the typographic
// single quotes U+2018..U+201B as quote characters (about_Quoting_Rules), so they are doubled too.
// A bare `--` is taken by some PowerShell versions as end-of-parameters and not passed on.
const PWSH_SAFE = /^(?!--$)[A-Za-z0-9_.\/:=+\\-]+$/;
function quotePwshWord(arg: string): string {
  if (PWSH_SAFE.test(arg)) return arg;
  return `'${arg.replace(/['\u2018\u2019\u201A\u201B]/g, (c) => c + c)}'`;
}

// Windows PowerShell 5.1 passes arguments to native programs in "legacy" mode: it wraps an
// argument with spaces in double quotes without escaping the double quotes inside, so the program
// (parsing its command line with the MSVCRT rules) would split it. Escaping them MSVCRT-style
// (\" and doubled backslashes before a quote) inside the verbatim string keeps one argument.
function escapeQuotesForMsvcrt(arg: string): string {
  return arg.replace(/(\\*)"/g, (_m, slashes: string) => `${slashes}${slashes}\\"`);
}

/** One argument as the MSVCRT/CommandLineToArgvW parser reads it back (used by Python on Windows). */
export function quoteWindowsArgv(arg: string): string {
  if (arg !== "" && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let slashes = 0;
  for (const ch of arg) {
    if (ch === "\\") {
      slashes++;
      continue;
    }
    if (ch === '"') out += "\\".repeat(slashes * 2 + 1) + '"';
    else out += "\\".repeat(slashes) + ch;
    slashes = 0;
  }
  return out + "\\".repeat(slashes * 2) + '"';
}

// cmd: after MSVCRT quoting, every cmd metacharacter (quotes included) of the arguments is escaped
// with ^ so cmd passes them through literally; after D. Colascione, "Everyone quotes command line
// arguments the wrong way" (MSDN blog, 2011). The program itself is only put in plain quotes: cmd
// finds the program name by its quotes (a ^" would not count), and a path cannot contain `"`.
// cmd cannot carry a line break inside an argument.
function quoteCmdLine(argv: string[]): string {
  const [program, ...args] = argv;
  const head = /[\s()%!^<>&|,;=]/.test(program) ? `"${program}"` : program;
  const rest = args.map((arg) => quoteWindowsArgv(arg).replace(/[()%!^"<>&|]/g, "^$&"));
  return [head, ...rest].join(" ");
}

/** The argument vector as one line for `shell`; pasted there, it runs exactly `argv`. */
export function quoteCommandLine(argv: string[], shell: ShellKind): string {
  if (argv.length === 0) return "";
  switch (shell) {
    case "posix":
      return quotePosix(argv);
    case "fish":
      return argv.map(quoteFish).join(" ");
    case "pwsh":
    case "powershell": {
      const words = argv.map((arg, i) =>
        quotePwshWord(shell === "powershell" && i > 0 ? escapeQuotesForMsvcrt(arg) : arg),
      );
      // `&` runs a quoted program path as a command instead of printing the string.
      return `& ${words.join(" ")}`;
    }
    case "cmd": {
      const bad = argv.find((arg) => /[\r\n\0]/.test(arg));
      if (bad !== undefined) throw new UnquotableArgumentError(shell, bad);
      return quoteCmdLine(argv);
    }
  }
}
