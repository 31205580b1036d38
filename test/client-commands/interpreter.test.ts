import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveInvocation, splitCommandSetting } from "../../client/src/commands/interpreter";

const none = () => false;
const only = (...files: string[]) => (file: string) => files.includes(file);

describe("choosing how to start alembic", () => {
  it("uses the alembic command setting first, split into words", () => {
    const inv = resolveInvocation({
      alembicCommand: "poetry run alembic",
      selectedPython: "/usr/bin/python3",
      iniDir: "/p",
      platform: "linux",
      exists: () => true,
    });
    assert.deepEqual(inv, { command: "poetry", prefixArgs: ["run", "alembic"], source: "setting" });
  });

  it("accepts a quoted path with spaces and an argument vector in the setting", () => {
    assert.deepEqual(splitCommandSetting('"/opt/my tools/alembic" --raiseerr'), ["/opt/my tools/alembic", "--raiseerr"]);
    assert.deepEqual(splitCommandSetting(["uv", "run", "alembic"]), ["uv", "run", "alembic"]);
    assert.deepEqual(splitCommandSetting("$HOME/bin/alembic"), ["$HOME/bin/alembic"]);
    assert.deepEqual(splitCommandSetting('"C:\\Program Files\\Py\\python.exe" -m alembic', "win32"), ["C:\\Program Files\\Py\\python.exe", "-m", "alembic"]);
  });

  it("reads a relative program path in the setting from the folder of alembic.ini", () => {
    const at = (alembicCommand: string, platform: NodeJS.Platform, iniDir: string) =>
      resolveInvocation({ alembicCommand, iniDir, platform, exists: none }).command;
    assert.equal(at(".venv/bin/alembic", "linux", "/p/backend"), "/p/backend/.venv/bin/alembic");
    assert.equal(at("python", "linux", "/p/backend"), "python");
    assert.equal(at("/usr/local/bin/alembic", "linux", "/p/backend"), "/usr/local/bin/alembic");
    assert.equal(at(".venv\\Scripts\\alembic.exe", "win32", "C:\\p"), "C:\\p\\.venv\\Scripts\\alembic.exe");
  });

  it("ignores an empty setting or one with shell operators", () => {
    assert.equal(splitCommandSetting("   "), undefined);
    assert.equal(splitCommandSetting("alembic; rm -rf /"), undefined);
    const inv = resolveInvocation({ alembicCommand: "", iniDir: "/p", platform: "linux", exists: none });
    assert.equal(inv.source, "path");
  });

  it("uses the Python extension's interpreter as `python -m alembic`", () => {
    const inv = resolveInvocation({
      selectedPython: "/home/u/.pyenv/versions/3.12.1/bin/python",
      iniDir: "/p",
      platform: "linux",
      exists: only("/p/.venv/bin/alembic"),
    });
    assert.deepEqual(inv, {
      command: "/home/u/.pyenv/versions/3.12.1/bin/python",
      prefixArgs: ["-m", "alembic"],
      source: "python-extension",
    });
  });

  it("finds .venv before venv beside alembic.ini", () => {
    const both = only("/p/.venv/bin/alembic", "/p/venv/bin/alembic");
    assert.equal(resolveInvocation({ iniDir: "/p", platform: "linux", exists: both }).command, "/p/.venv/bin/alembic");
    const onlyVenv = only("/p/venv/bin/alembic");
    assert.equal(resolveInvocation({ iniDir: "/p", platform: "darwin", exists: onlyVenv }).command, "/p/venv/bin/alembic");
  });

  it("falls back to the venv's python when it has no alembic script", () => {
    const inv = resolveInvocation({ iniDir: "/p", platform: "linux", exists: only("/p/.venv/bin/python") });
    assert.deepEqual(inv, { command: "/p/.venv/bin/python", prefixArgs: ["-m", "alembic"], source: "venv" });
  });

  it("uses Scripts\\alembic.exe on Windows", () => {
    const inv = resolveInvocation({
      iniDir: "C:\\src\\backend",
      platform: "win32",
      exists: only("C:\\src\\backend\\.venv\\Scripts\\alembic.exe"),
    });
    assert.equal(inv.command, "C:\\src\\backend\\.venv\\Scripts\\alembic.exe");
  });

  it("falls back to alembic on PATH", () => {
    assert.deepEqual(resolveInvocation({ iniDir: "/p", platform: "linux", exists: none }), {
      command: "alembic",
      prefixArgs: [],
      source: "path",
    });
  });
});
