import { test } from "node:test";
import assert from "node:assert/strict";
import { applyEdits } from "../../../server/src/lint/edits";
import { ignoreFileEdits, ignoreLineEdits, isSuppressed, readSuppressions, unusedSuppressions } from "../../../server/src/lint/suppression";

const text = [
  '"""Message."""',
  "# dmw: ignore-file[drop-table]",
  "def upgrade():",
  "    # dmw: ignore[drop-column, rename-column]",
  '    op.drop_column("t", "a")',
  '    op.drop_column("t", "b")  # dmw: ignore',
  '    op.execute("SELECT \'# dmw: ignore\'")',
  "",
].join("\n");

test("line directives apply to their own line or, alone on a line, to the next code line", () => {
  const d = readSuppressions(text);
  assert.deepEqual(d.map((x) => [x.scope, x.rules, x.targetLines]), [
    ["file", ["drop-table"], [1, 2]],
    ["line", ["drop-column", "rename-column"], [3, 4]],
    ["line", [], [5]],
  ]);
  assert.equal(isSuppressed(d, "drop-column", 4), true);
  assert.equal(isSuppressed(d, "anything", 5), true, "bare form silences every rule");
  assert.equal(isSuppressed(d, "drop-table", 40), true, "file scope");
  assert.equal(isSuppressed(d, "drop-column", 6), false, "text inside a string is not a directive");
  const unused = unusedSuppressions(text, d, new Set(["drop-column", "drop-table"]));
  assert.equal(unused.length, 1);
  assert.match(unused[0].message, /'rename-column' \(rename-column: unknown or disabled rule\)/);
  assert.equal(applyEdits(text, [unused[0].removal]).split("\n")[3], "    # dmw: ignore[drop-column]");
});

test("an unused directive alone on its line is removed with its line", () => {
  const src = "def upgrade():\n    # dmw: ignore[drop-table]\n    pass\n";
  const [u] = unusedSuppressions(src, readSuppressions(src), new Set(["drop-table"]));
  assert.equal(applyEdits(src, [u.removal]), "def upgrade():\n    pass\n");
});

test("ignore edits add a directive above the line or extend an existing one; file directive goes after the docstring", () => {
  const src = '"""Add x.\n\nRevision ID: a\n"""\nfrom alembic import op\n\ndef upgrade():\n    op.drop_column("t", "a")\n';
  const once = applyEdits(src, ignoreLineEdits(src, "drop-column", 7));
  assert.equal(once.split("\n")[7], "    # dmw: ignore[drop-column]");
  const twice = applyEdits(once, ignoreLineEdits(once, "rename-column", 8));
  assert.equal(twice.split("\n")[7], "    # dmw: ignore[drop-column, rename-column]");
  const file = applyEdits(src, ignoreFileEdits(src, "drop-column"));
  assert.equal(file.split("\n")[4], "# dmw: ignore-file[drop-column]");
  assert.equal(applyEdits(file, ignoreFileEdits(file, "drop-table")).split("\n")[4], "# dmw: ignore-file[drop-column, drop-table]");
});
