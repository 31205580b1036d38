// Every rule: flagged.py findings start exactly on the lines marked `# expect: <rule>`; clean.py
// has none of that rule; each fix is applied in turn and the result re-linted until the rule
// has nothing fixable left, and the fixed file still parses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePython } from "../../../server/src/python/syntax";
import { applyEdits } from "../../../server/src/lint/edits";
import { RULES } from "../../../server/src/lint/rules";
import type { LintFindingData } from "../../../server/src/lint/types";
import { LINT_FIXTURES, expectedLines, lintFixtureText } from "../../helpers/lintFixtures";

const RULES_DIR = join(LINT_FIXTURES, "rules");

for (const rule of RULES) {
  const dir = join(RULES_DIR, rule.id);
  test(`${rule.id}: fixtures exist`, () => {
    assert.ok(existsSync(join(dir, "flagged.py")), `missing ${rule.id}/flagged.py`);
    assert.ok(existsSync(join(dir, "clean.py")), `missing ${rule.id}/clean.py`);
  });
  if (!existsSync(join(dir, "flagged.py"))) continue;

  test(`${rule.id}: flagged where marked`, () => {
    const path = join(dir, "flagged.py");
    const text = readFileSync(path, "utf8");
    const expected = expectedLines(text).get(rule.id) ?? [];
    assert.ok(expected.length > 0, "flagged.py marks at least one line");
    const found = lintFixtureText(path, text).filter((f) => f.code === rule.id);
    assert.deepEqual(found.map((f) => f.range!.start.line).sort((a, b) => a - b), expected, found.map((f) => f.message).join("\n"));
    for (const f of found) {
      assert.ok(f.message.length > 20, "a message a person understands");
      const data = f.data as LintFindingData;
      assert.equal(data.docsUrl.endsWith(`docs/rules/${rule.id}.md`), true);
      assert.ok(data.ignoreLine.length > 0 || rule.id === "unused-suppression");
    }
  });

  test(`${rule.id}: clean.py not flagged`, () => {
    const path = join(dir, "clean.py");
    const text = readFileSync(path, "utf8");
    const found = lintFixtureText(path, text).filter((f) => f.code === rule.id);
    assert.deepEqual(found.map((f) => `${f.range!.start.line}: ${f.message}`), []);
  });

  test(`${rule.id}: fixes re-lint clean`, () => {
    const path = join(dir, "flagged.py");
    let text = readFileSync(path, "utf8");
    const initial = lintFixtureText(path, text).filter((f) => f.code === rule.id);
    const unfixable = initial.filter((f) => !(f.data as LintFindingData).fix).length;
    let applied = 0;
    for (let round = 0; round < 10; round++) {
      const next = lintFixtureText(path, text).find((f) => f.code === rule.id && (f.data as LintFindingData).fix);
      if (!next) break;
      text = applyEdits(text, (next.data as LintFindingData).fix!.edits);
      applied++;
      assert.deepEqual(parsePython(text).errors, [], `fix produced broken Python:\n${text}`);
    }
    const after = lintFixtureText(path, text).filter((f) => f.code === rule.id);
    assert.equal(after.length, unfixable, `left after ${applied} fix(es):\n${text}`);
    const fixedPath = join(dir, "fixed.py");
    if (existsSync(fixedPath)) assert.equal(text, readFileSync(fixedPath, "utf8"));
  });
}
