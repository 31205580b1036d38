import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { displayPath, exitCodeFor, formatJson, formatText, summarize } from "../../server/src/cli/format";
import type { Finding } from "../../server/src/findings/types";

const CWD = join("/", "work", "repo");
const range = (line: number, character: number) => ({ start: { line, character }, end: { line, character: character + 5 } });

const findings: Finding[] = [
  { code: "migration-missing-column", severity: "error", message: "tasks.due_date is in the model but no migration creates it", file: join(CWD, "app", "models", "task.py"), range: range(19, 4), table: "tasks", column: "due_date", data: { kind: "add-column" } },
  { code: "history-opaque-step", severity: "info", message: "raw SQL\n  on tasks", file: join(CWD, "alembic", "versions", "a.py"), range: range(2, 0), table: "tasks" },
  { code: "config-models-not-found", severity: "warning", message: "No model files found" },
];

test("text: compiler-style lines with 1-based positions and cwd-relative paths, sorted, then a summary", () => {
  assert.equal(
    formatText(findings, CWD),
    [
      "warning config-models-not-found No model files found",
      "alembic/versions/a.py:3:1: info history-opaque-step raw SQL on tasks",
      "app/models/task.py:20:5: error migration-missing-column tasks.due_date is in the model but no migration creates it",
      "3 problems (1 error, 1 warning, 1 info)",
      "",
    ].join("\n"),
  );
  assert.equal(formatText([], CWD), "no problems found\n");
});

test("json: 0-based ranges, relative paths, no data, column and file omitted where none", () => {
  const parsed = JSON.parse(formatJson(findings, CWD));
  assert.deepEqual(parsed.summary, { errors: 1, warnings: 1, info: 1, hints: 0, total: 3 });
  assert.deepEqual(parsed.findings[2], {
    code: "migration-missing-column",
    severity: "error",
    message: "tasks.due_date is in the model but no migration creates it",
    file: "app/models/task.py",
    range: { start: { line: 19, character: 4 }, end: { line: 19, character: 9 } },
    table: "tasks",
    column: "due_date",
  });
  assert.equal("column" in parsed.findings[1], false);
  assert.deepEqual(Object.keys(parsed.findings[0]), ["code", "severity", "message"]);
});

test("paths outside the working folder stay absolute; exit code follows error findings", () => {
  assert.equal(displayPath(join("/", "elsewhere", "x.py"), CWD), "/elsewhere/x.py");
  assert.equal(exitCodeFor(findings), 1);
  assert.equal(exitCodeFor(findings.slice(1)), 0);
  assert.deepEqual(summarize([]), { errors: 0, warnings: 0, info: 0, hints: 0, total: 0 });
});

test("findings sort by file in code-unit order whatever the locale, then by position, severity and code", () => {
  const at = (file: string, line: number, code: string, severity: Finding["severity"] = "warning"): Finding => ({ code, severity, message: "m", file: join(CWD, file), range: range(line, 0) });
  const lines = formatText([at("b.py", 0, "x"), at("a_b.py", 0, "x"), at("a.py", 4, "z-rule"), at("a.py", 4, "a-rule"), at("a.py", 4, "m-rule", "error"), at("a.py", 1, "x"), at("B.py", 0, "x")], CWD)
    .split("\n")
    .slice(0, -2)
    .map((line) => line.split(" ").slice(0, 3).join(" "));
  // Uppercase before lowercase and "." before "_" by code unit (a locale's collation says otherwise).
  assert.deepEqual(lines, [
    "B.py:1:1: warning x",
    "a.py:2:1: warning x",
    "a.py:5:1: error m-rule",
    "a.py:5:1: warning a-rule",
    "a.py:5:1: warning z-rule",
    "a_b.py:1:1: warning x",
    "b.py:1:1: warning x",
  ]);
});
