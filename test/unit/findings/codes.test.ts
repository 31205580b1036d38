import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { FINDING_CODES, codeInfo } from "../../../server/src/findings/codes";

const DOCS = resolve(__dirname, "..", "..", "..", "docs");

test("every registered finding code has docs/codes/<code>.md titled with the code", () => {
  const missing: string[] = [];
  for (const code of FINDING_CODES.keys()) {
    const page = join(DOCS, "codes", `${code}.md`);
    if (!existsSync(page)) missing.push(code);
    else assert.match(readFileSync(page, "utf8"), new RegExp(`^# ${code}\\n`), `${code}.md starts with its title`);
  }
  assert.deepEqual(missing, []);
});

test("docs/codes.md links every registered code", () => {
  const index = readFileSync(join(DOCS, "codes.md"), "utf8");
  const unlisted = [...FINDING_CODES.keys()].filter((code) => !index.includes(`(codes/${code}.md)`));
  assert.deepEqual(unlisted, []);
});

test("codes are kebab-case and carry area, severity and summary", () => {
  for (const info of FINDING_CODES.values()) {
    assert.match(info.code, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(info.summary.length > 10, info.code);
  }
  assert.deepEqual(codeInfo("migration-missing-column")?.area, "drift");
  assert.deepEqual(codeInfo("migration-missing-column")?.severity, "error");
  assert.equal(codeInfo("no-such-code"), undefined);
});
