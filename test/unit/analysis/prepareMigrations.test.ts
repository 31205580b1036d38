// MigrationCache.prepare parses ahead of an analysis and lets the event loop turn between batches
// of parses (tree-sitter trees are freed by finalizers that run only then).
import { strict as assert } from "node:assert";
import { test } from "node:test";
import { MigrationCache } from "../../../server/src/analysis/migrationCache";
import { eventLoopTurns } from "../../helpers/eventLoop";

const migration = (n: number) => ({
  path: `/p/alembic/versions/${String(n).padStart(3, "0")}_step.py`,
  text: `revision = "r${n}"\ndown_revision = ${n === 0 ? "None" : `"r${n - 1}"`}\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n    op.add_column("t", sa.Column("c${n}", sa.Integer()))\n`,
});

test("prepare parses every file once; parse then answers from memory with the same objects", async () => {
  const files = Array.from({ length: 12 }, (_, i) => migration(i));
  const cache = new MigrationCache();
  await cache.prepare(files);
  assert.equal(cache.size, 12);
  const parsed = files.map((f) => cache.parse(f.path, f.text));
  assert.deepEqual(parsed.map((m) => m.revision), files.map((_, i) => `r${i}`));
  await cache.prepare(files);
  assert.ok(files.every((f, i) => cache.parse(f.path, f.text) === parsed[i]), "nothing parsed again");
});

test("prepare lets the event loop turn between batches of parses, and not when nothing is parsed", async () => {
  const files = Array.from({ length: 30 }, (_, i) => migration(i));
  const cache = new MigrationCache();
  const turns = eventLoopTurns();
  await cache.prepare(files, 10);
  const whileParsing = turns.count;
  assert.ok(whileParsing >= 2, `the event loop turned ${whileParsing} times during 30 parses in batches of 10`);
  await cache.prepare(files, 10);
  assert.equal(turns.count, whileParsing, "all in memory: no turn of the event loop");
  turns.stop();
});
