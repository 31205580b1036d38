import { test } from "node:test";
import assert from "node:assert/strict";
import type { Finding } from "../../../server/src/findings/types";
import { withoutLintTwins } from "../../../server/src/lsp/lintTwins";

const at = (code: string, file: string, line: number): Finding => ({
  code,
  severity: "error",
  message: code,
  file,
  range: { start: { line, character: 0 }, end: { line, character: 10 } },
});

test("a graph finding restated by its lint rule on the same line is shown once", () => {
  const findings = [at("graph-multiple-heads", "/v/a.py", 5), at("graph-multiple-heads", "/v/b.py", 5), at("migration-missing-column", "/m.py", 3)];
  const lint = [at("multiple-heads", "/v/a.py", 5)];
  assert.deepEqual(
    withoutLintTwins(findings, lint).map((f) => [f.code, f.file]),
    [
      ["graph-multiple-heads", "/v/b.py"],
      ["migration-missing-column", "/m.py"],
    ],
  );
});

test("without lint twins (rule disabled) the graph findings stay", () => {
  const findings = [at("graph-missing-parent", "/v/a.py", 2), at("graph-duplicate-revision", "/v/c.py", 1)];
  assert.equal(withoutLintTwins(findings, [at("duplicate-revision-id", "/v/c.py", 9)]).length, 2);
  assert.equal(withoutLintTwins(findings, [at("broken-down-revision", "/v/a.py", 2)]).length, 1);
});
