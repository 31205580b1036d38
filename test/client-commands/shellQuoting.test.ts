import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, it } from "node:test";
import {
  quoteCommandLine,
  quoteWindowsArgv,
  shellKindOf,
  UnquotableArgumentError,
} from "../../client/src/commands/shellQuoting";

const HOSTILE = 'x"; rm -rf ~; "';
const NASTY = [HOSTILE, "it's $HOME `id` !x", "a\\b\\", "", "tab\there", "100% & (done) | <ok> ^", "line\nbreak", "‘smart’"];

// Prints its own argv as JSON: pasting a quoted line into a shell must give back exactly argv.
const ECHO_ARGV = [process.execPath, "-e", "process.stdout.write(JSON.stringify(process.argv.slice(1)))"];

/** MSVCRT / CommandLineToArgvW reading of arguments after the program (the test's own oracle). */
function parseWindowsArgs(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === " " || line[i] === "\t") i++;
    if (i >= line.length) break;
    let arg = "";
    let quoted = false;
    for (; i < line.length; i++) {
      const ch = line[i];
      if (!quoted && (ch === " " || ch === "\t")) break;
      if (ch === "\\") {
        let n = 0;
        while (line[i] === "\\") (n++, i++);
        if (line[i] === '"') {
          arg += "\\".repeat(Math.floor(n / 2));
          if (n % 2 === 1) arg += '"';
          else quoted = !quoted;
        } else {
          arg += "\\".repeat(n);
          i--;
        }
      } else if (ch === '"') quoted = !quoted;
      else arg += ch;
    }
    out.push(arg);
  }
  return out;
}

describe("shell kinds", () => {
  it("recognises shells by executable name", () => {
    assert.equal(shellKindOf("/bin/zsh", "darwin"), "posix");
    assert.equal(shellKindOf("/usr/bin/bash", "linux"), "posix");
    assert.equal(shellKindOf("/opt/homebrew/bin/fish", "darwin"), "fish");
    assert.equal(shellKindOf("C:\\Program Files\\PowerShell\\7\\pwsh.exe", "win32"), "pwsh");
    assert.equal(shellKindOf("C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "win32"), "powershell");
    assert.equal(shellKindOf("C:\\WINDOWS\\System32\\cmd.exe", "win32"), "cmd");
    assert.equal(shellKindOf(undefined, "win32"), "pwsh");
    assert.equal(shellKindOf("", "linux"), "posix");
  });
});

describe("POSIX quoting, checked by real shells", () => {
  for (const shell of ["/bin/bash", "/bin/sh"].filter((s) => existsSync(s))) {
    it(`${shell} gives back every argument literally`, () => {
      const line = quoteCommandLine([...ECHO_ARGV, ...NASTY], "posix");
      const run = spawnSync(shell, ["-c", line], { encoding: "utf8", env: { ...process.env, HOME: "/nonexistent" } });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), NASTY);
    });
  }

  it("writes the hostile message in single quotes", () => {
    assert.equal(quoteCommandLine(["alembic", "revision", "-m", HOSTILE], "posix"), `alembic revision -m 'x"; rm -rf ~; "'`);
  });
});

describe("fish quoting", () => {
  it("escapes only backslash and single quote inside single quotes", () => {
    assert.equal(quoteCommandLine(["alembic", "revision", "-m", HOSTILE], "fish"), `alembic revision -m 'x"; rm -rf ~; "'`);
    assert.equal(quoteCommandLine(["echo", "it's", "a\\b", "", "$HOME", "*.py"], "fish"), "echo 'it\\'s' 'a\\\\b' '' '$HOME' '*.py'");
  });
});

describe("PowerShell quoting", () => {
  it("uses & and verbatim single quotes with doubled quotes (pwsh 7.3+)", () => {
    assert.equal(
      quoteCommandLine(["C:\\venv\\Scripts\\alembic.exe", "revision", "-m", HOSTILE], "pwsh"),
      `& C:\\venv\\Scripts\\alembic.exe revision -m 'x"; rm -rf ~; "'`,
    );
    assert.equal(quoteCommandLine(["a b", "it's", "‘smart’", "$env:X", "--", "@a"], "pwsh"), "& 'a b' 'it''s' '‘‘smart’’' '$env:X' '--' '@a'");
  });

  it("escapes embedded double quotes for Windows PowerShell's legacy native argument passing", () => {
    assert.equal(quoteCommandLine(["alembic", "-m", HOSTILE], "powershell"), `& alembic -m 'x\\"; rm -rf ~; \\"'`);
  });
});

describe("cmd quoting", () => {
  it("quotes MSVCRT-style so Python reads the same arguments back", () => {
    for (const arg of NASTY.filter((a) => !a.includes("\n"))) {
      assert.deepEqual(parseWindowsArgs(quoteWindowsArgv(arg)), [arg], JSON.stringify(arg));
    }
  });

  it("escapes every cmd metacharacter with ^ after MSVCRT quoting", () => {
    const line = quoteCommandLine(["alembic", "revision", "-m", HOSTILE], "cmd");
    assert.equal(line, 'alembic revision -m ^"x\\^"; rm -rf ~; \\^"^"');
    // cmd removes each ^ and keeps the character after it; then MSVCRT parsing applies.
    const afterCmd = line.replace(/\^(.)/g, "$1");
    assert.deepEqual(parseWindowsArgs(afterCmd), ["alembic", "revision", "-m", HOSTILE]);
    assert.equal(quoteCommandLine(["echo", "100% & (x)"], "cmd"), 'echo ^"100^% ^& ^(x^)^"');
    assert.equal(
      quoteCommandLine(["C:\\Program Files (x86)\\Py\\python.exe", "-m", "alembic", "a b"], "cmd"),
      '"C:\\Program Files (x86)\\Py\\python.exe" -m alembic ^"a b^"',
    );
  });

  it("refuses a line break, which cmd cannot carry", () => {
    assert.throws(() => quoteCommandLine(["alembic", "-m", "a\nb"], "cmd"), UnquotableArgumentError);
  });
});
