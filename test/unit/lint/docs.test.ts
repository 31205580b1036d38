// Every registered rule has its docs page (problem, safe pattern, suppression) and a row in
// docs/rules.md naming its default severity and its squawk/Atlas/strong_migrations equivalent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../helpers/alembic";
import { RULES, RULE_IDS } from "../../../server/src/lint/rules";

const table = readFileSync(join(REPO_ROOT, "docs", "rules.md"), "utf8");

for (const rule of RULES) {
  test(`${rule.id}: docs page and table row`, () => {
    assert.equal(rule.docs, `docs/rules/${rule.id}.md`);
    assert.match(rule.id, /^[a-z]+(-[a-z]+)*$/);
    const path = join(REPO_ROOT, rule.docs);
    assert.ok(existsSync(path), `${rule.docs} is missing`);
    const page = readFileSync(path, "utf8");
    assert.ok(page.startsWith(`# ${rule.id}\n`));
    assert.match(page, new RegExp(`Default severity: \\*\\*${rule.severity}\\*\\*`));
    assert.match(page, /## What goes wrong/);
    assert.match(page, /## Safe pattern/);
    assert.ok(page.includes(`# dmw: ignore[${rule.id}]`), "how to suppress");
    const row = table.split("\n").find((l) => l.startsWith(`| [\`${rule.id}\`](rules/${rule.id}.md) | ${rule.severity} |`));
    assert.ok(row, `docs/rules.md has no row for ${rule.id} with severity ${rule.severity}`);
    assert.ok(row.includes(rule.equivalent ?? "none"), "row names the equivalent");
  });
}

test("docs/rules.md lists nothing that is not a rule", () => {
  const listed = [...table.matchAll(/^\| \[`([a-z-]+)`\]/gm)].map((m) => m[1]);
  assert.deepEqual(listed.filter((id) => !RULE_IDS.has(id)), []);
  assert.equal(listed.length, RULE_IDS.size);
});
