// The replay state before the newest revision, kept on disk: a new process resumes there when the
// revisions before it and the options are unchanged, and the result is exactly a full replay's.
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { MigrationCache } from "../../../server/src/analysis/migrationCache";
import { cacheFileFor, ParseStore } from "../../../server/src/analysis/parseCache";
import { ReplayCheckpointStore } from "../../../server/src/analysis/replayCheckpoints";
import { replayHistory } from "../../../server/src/history/replay";
import { buildRevisionGraph } from "../../../server/src/history/revisionGraph";
import type { ReplayOptions } from "../../../server/src/history/types";
import { parseMigration } from "../../../server/src/history/parseMigration";
import { revisionSource, twelveRevisionBodies } from "../../helpers/historyRevisions";

const BODIES = twelveRevisionBodies();

type Sources = { path: string; text: string }[];

const sources = (bodies: readonly string[]): Sources => bodies.map((body, i) => revisionSource(i + 1, body));

/** `bodies` with revision `n` (1-based) running `body` instead. */
const editing = (n: number, body: string, bodies: readonly string[] = BODIES): string[] => bodies.map((b, i) => (i === n - 1 ? body : b));

interface Folder {
  parse: string;
  replay: string;
}

function folder(): Folder {
  const dir = mkdtempSync(join(tmpdir(), "dmw-replay-checkpoint-"));
  return { parse: cacheFileFor(dir, "/p", "parse"), replay: cacheFileFor(dir, "/p", "replay") };
}

/** One process: parses (through the parse store), replays, saves. */
function run(files: Sources, where: Folder, options: ReplayOptions = {}) {
  const cache = new MigrationCache(new ParseStore(where.parse), new ReplayCheckpointStore(where.replay));
  const history = cache.history(
    files.map((f) => cache.parse(f.path, f.text)),
    options,
  );
  const saved = cache.save();
  return { ...history, saved };
}

function fullReplay(files: Sources, options: ReplayOptions = {}) {
  return replayHistory(buildRevisionGraph(files.map((f) => parseMigration(f.path, f.text))), options);
}

function comparable(replay: { schema: unknown; findings: unknown; createdIn: Map<string, string> }) {
  return JSON.parse(JSON.stringify({ schema: replay.schema, findings: replay.findings, createdIn: [...replay.createdIn].sort() }));
}

/** Adds a table no revision creates to the kept checkpoint: only a replay resumed from it has that table. */
function plantTable(where: Folder): void {
  const body = JSON.parse(readFileSync(where.replay, "utf8")) as { value: { tables: Record<string, unknown> } };
  body.value.tables.planted = { name: "planted", columns: [], foreignKeys: [], indexes: [], uniques: [], checks: [] };
  writeFileSync(where.replay, JSON.stringify(body));
}

/** The index the kept checkpoint precedes (its key is `<index>:<hash>`). */
const keptIndex = (where: Folder) => Number((JSON.parse(readFileSync(where.replay, "utf8")) as { key: string }).key.split(":")[0]);

test("a new process with the newest revision edited resumes from the state kept before it, and equals a full replay", () => {
  const where = folder();
  const first = run(sources(BODIES), where);
  assert.equal(first.saved, true);
  assert.equal(keptIndex(where), 11, "kept before the twelfth (newest) revision");
  assert.deepEqual(comparable(first.replay), comparable(fullReplay(sources(BODIES))));

  const edited = sources(editing(12, `op.drop_column("projects", "budget")`));
  const resumed = run(edited, where);
  assert.deepEqual(comparable(resumed.replay), comparable(fullReplay(edited)));
  assert.equal(resumed.replay.findings.filter((f) => f.code === "history-opaque-step").length, 2, "the findings of revisions before the checkpoint are kept");

  plantTable(where);
  const planted = run(sources(editing(12, `op.drop_column("users", "email")`)), where);
  assert.ok(planted.replay.schema.tables.planted, "resumed from the kept state");
  assert.equal(planted.replay.schema.tables.users.columns.some((c) => c.name === "email"), false, "and replayed the newest revision");
});

test("an edit before the checkpoint, other options, or a history not read through the parse cache replays from scratch", () => {
  const where = folder();
  run(sources(BODIES), where);
  plantTable(where);

  const earlier = sources(editing(4, `op.add_column("users", sa.Column("email", sa.String(length=200)))`));
  const replayed = run(earlier, where);
  assert.equal(replayed.replay.schema.tables.planted, undefined);
  assert.deepEqual(comparable(replayed.replay), comparable(fullReplay(earlier)));

  run(sources(BODIES), where);
  plantTable(where);
  const options: ReplayOptions = { namingConvention: { ix: "idx_%(column_0_label)s" } };
  const withConvention = run(sources(BODIES), where, options);
  assert.equal(withConvention.replay.schema.tables.planted, undefined);
  assert.deepEqual(comparable(withConvention.replay), comparable(fullReplay(sources(BODIES), options)));

  // The same texts at other paths (a versions folder moved): other files.
  run(sources(BODIES), where);
  plantTable(where);
  const moved = sources(BODIES).map((f) => ({ ...f, path: f.path.replace("/alembic/", "/migrations/") }));
  const elsewhere = run(moved, where);
  assert.equal(elsewhere.replay.schema.tables.planted, undefined);
  assert.deepEqual(comparable(elsewhere.replay), comparable(fullReplay(moved)));

  // Without a parse store no file has a key: nothing is looked up, nothing kept.
  run(sources(BODIES), where);
  plantTable(where);
  const before = readFileSync(where.replay, "utf8");
  const cache = new MigrationCache(undefined, new ReplayCheckpointStore(where.replay));
  const bare = cache.history(
    sources(BODIES).map((f) => cache.parse(f.path, f.text)),
    {},
  );
  assert.equal(bare.replay.schema.tables.planted, undefined);
  assert.equal(cache.save(), false);
  assert.equal(readFileSync(where.replay, "utf8"), before);
});

test("a revision added on top resumes from the kept state, then keeps the state before the new head", () => {
  const where = folder();
  run(sources(BODIES), where);
  plantTable(where);
  const added = sources([...BODIES, `op.add_column("tasks", sa.Column("done", sa.Boolean(), nullable=True))`]);
  const grown = run(added, where);
  assert.ok(grown.replay.schema.tables.planted);
  assert.ok(grown.replay.schema.tables.tasks.columns.some((c) => c.name === "done"));
  assert.equal(grown.saved, true);
  assert.equal(keptIndex(where), 12);
  // The new checkpoint was taken from the planted state: it still has the planted table.
  const next = run(sources([...BODIES, `op.add_column("tasks", sa.Column("done", sa.Boolean(), nullable=False))`]), where);
  assert.ok(next.replay.schema.tables.planted);
  assert.equal(next.replay.schema.tables.tasks.columns.find((c) => c.name === "done")?.nullable, false);
});

test("a run with the kept state unchanged does not write the file again", () => {
  const where = folder();
  run(sources(BODIES), where);
  utimesSync(where.replay, new Date(2000, 0, 1), new Date(2000, 0, 1));
  run(sources(editing(12, `op.drop_column("projects", "budget")`)), where);
  run(sources(BODIES), where);
  assert.equal(statSync(where.replay).mtime.getFullYear(), 2000);
});

test("a damaged, foreign or other-engine checkpoint file is ignored and replaced", () => {
  const files = sources(editing(12, `op.drop_column("projects", "budget")`));
  const expected = comparable(fullReplay(files));
  const good = folder();
  run(sources(BODIES), good);
  const valid = readFileSync(good.replay, "utf8");
  const body = JSON.parse(valid) as { format: number; engine: string; key: string; value: Record<string, unknown> };
  const damaged: Record<string, string> = {
    garbage: "\u0000 not json",
    truncated: valid.slice(0, valid.length / 2),
    "a value of the wrong shape": JSON.stringify({ ...body, value: { ...body.value, tables: [] } }),
    "tables that are not tables": JSON.stringify({ ...body, value: { ...body.value, tables: { users: 3 } } }),
    "createdIn not entries": JSON.stringify({ ...body, value: { ...body.value, createdIn: { users: "r1" } } }),
    "another index in the key": JSON.stringify({ ...body, key: `3${body.key.slice(body.key.indexOf(":"))}` }),
    "a key without an index": JSON.stringify({ ...body, key: body.key.slice(body.key.indexOf(":") + 1) }),
    "another engine": JSON.stringify({ ...body, engine: "0".repeat(32) }),
  };
  for (const [what, content] of Object.entries(damaged)) {
    const where = folder();
    run(sources(BODIES), where);
    writeFileSync(where.replay, content);
    const result = run(files, where);
    assert.deepEqual(comparable(result.replay), expected, what);
    assert.equal(keptIndex(where), 11, `${what}: replaced by a valid checkpoint`);
  }
});

test("a revision before the checkpoint parsed again before the save: the checkpoint is not kept under the new text's key", () => {
  const where = folder();
  const cache = new MigrationCache(new ParseStore(where.parse), new ReplayCheckpointStore(where.replay));
  const files = sources(BODIES);
  cache.history(
    files.map((f) => cache.parse(f.path, f.text)),
    {},
  );
  // Revision 3 edited (the language server reads a buffer) after that replay, before the save.
  const edited = sources(editing(3, `op.create_table("later", sa.Column("id", sa.Integer(), nullable=False))`))[2];
  cache.parse(edited.path, edited.text);
  cache.save();
  assert.throws(() => readFileSync(where.replay, "utf8"), "nothing kept");
  // A new process with the edited revision replays from scratch and equals a full replay.
  const next = sources(editing(3, `op.create_table("later", sa.Column("id", sa.Integer(), nullable=False))`));
  assert.deepEqual(comparable(run(next, where).replay), comparable(fullReplay(next)));
});
