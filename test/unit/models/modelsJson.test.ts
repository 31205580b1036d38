// A models reading is plain data: the persistent models cache stores it as JSON and hands it back
// in place of a fresh reading, so it must survive the round trip exactly (ranges included).
import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ModelsCache } from "../../../server/src/analysis/modelsCache";
import { ModelsStore, modelsKey } from "../../../server/src/analysis/parseCache";
import { notJsonExact } from "../../helpers/jsonExact";
import { fixtureSources, MODEL_FIXTURES } from "../../helpers/modelsFixtures";
import { readModels, type ModelSource } from "../../../server/src/models";
import { plainRanges } from "../../helpers/plainRanges";

const folders = readdirSync(MODEL_FIXTURES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

test("every model fixture's reading is JSON-exact and comes back from the store unchanged", () => {
  assert.ok(folders.length >= 8);
  const dir = mkdtempSync(join(tmpdir(), "dmw-models-store-"));
  for (const folder of folders) {
    const sources = fixtureSources(folder);
    const result = readModels(sources);
    assert.deepEqual(notJsonExact(result), [], folder);
    const file = join(dir, `${folder}.json`);
    const key = modelsKey(sources, "");
    assert.equal(new ModelsStore(file).save(key, result), true);
    assert.deepStrictEqual(plainRanges(new ModelsStore(file).get(key)), plainRanges(result), folder);
  }
});

test("the models cache is served from the store while every model text is the same, and reads again when one changed", () => {
  const dir = mkdtempSync(join(tmpdir(), "dmw-models-store-"));
  const file = join(dir, "models.json");
  const sources = fixtureSources("inheritance");
  const fresh = new ModelsCache(new ModelsStore(file));
  const first = fresh.read(sources);
  assert.equal(fresh.save(), true);
  const again = new ModelsStore(file);
  const served = new ModelsCache(again).read(sources);
  assert.deepStrictEqual(plainRanges(served), plainRanges(first));
  assert.notEqual(served, first);
  // Saving what the file already holds writes nothing.
  const cache = new ModelsCache(new ModelsStore(file));
  cache.read(sources);
  assert.equal(cache.save(), false);

  // One file edited: not the stored reading.
  const edited = sources.map((s, i) => (i === 0 ? { ...s, text: `${s.text}\n\nclass Extra(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n` } : s));
  const changed = new ModelsCache(new ModelsStore(file)).read(edited);
  assert.ok(changed.schema.tables.extra, "the new table is read, not served stale");
  // Another SQLModel version is another reading.
  const older = new ModelsCache(new ModelsStore(file)).read(sources, { sqlmodelVersion: "0.0.21" });
  assert.deepStrictEqual(plainRanges(older), plainRanges(readModels(sources, { sqlmodelVersion: "0.0.21" })));
});

/** A models cache over a store that a first cache filled with this reading (a server's start from the cache). */
function startedFromStore(sources: ModelSource[]): ModelsCache {
  const file = join(mkdtempSync(join(tmpdir(), "dmw-models-store-")), "models.json");
  const writer = new ModelsCache(new ModelsStore(file));
  writer.read(sources);
  writer.save();
  return new ModelsCache(new ModelsStore(file));
}

test("warmUp after a stored reading gives the same result and an incremental next read", async () => {
  const sources = fixtureSources("inheritance");
  const cache = startedFromStore(sources);
  const stored = cache.read(sources);
  let turns = 0;
  const warming = cache.warmUp(async () => void turns++);
  assert.equal(cache.warmUp(async () => void turns++), warming, "a second call while one runs joins it");
  assert.equal(await warming, true, "the reading was replaced");
  assert.equal(turns, sources.length + 1, "a turn before each file and before the build");
  assert.equal(await cache.warmUp(async () => void turns++), false, "nothing left to warm");
  const warmed = cache.read(sources);
  assert.deepStrictEqual(plainRanges(warmed), plainRanges(stored));
  assert.notEqual(warmed, stored, "read again from the files");
  // The next edit keeps the tables of the classes it did not touch (per-file scans are there).
  const edited = sources.map((s, i) => (i === sources.length - 1 ? { ...s, text: `${s.text}\n# edited\n` } : s));
  const next = cache.read(edited);
  const untouched = Object.keys(warmed.schema.tables).filter((name) => warmed.schema.tables[name].columns.every((c) => c.source?.file !== edited[edited.length - 1].path));
  assert.ok(untouched.length > 0);
  for (const name of untouched) assert.equal(next.schema.tables[name], warmed.schema.tables[name], name);
});

test("a warmUp gives up when another reading came in meanwhile", async () => {
  const sources = fixtureSources("inheritance");
  const cache = startedFromStore(sources);
  cache.read(sources);
  const edited = sources.map((s, i) => (i === 0 ? { ...s, text: `${s.text}\n# edited\n` } : s));
  let editedReading: ReturnType<ModelsCache["read"]> | undefined;
  const warmed = await cache.warmUp(async () => {
    editedReading ??= cache.read(edited);
  });
  assert.equal(warmed, false);
  assert.ok(editedReading);
  assert.equal(cache.read(edited), editedReading, "the edit's reading stays");
  assert.deepStrictEqual(plainRanges(editedReading), plainRanges(readModels(edited)));
});

test("a corrupt or foreign models file is ignored and replaced", () => {
  const dir = mkdtempSync(join(tmpdir(), "dmw-models-store-"));
  const sources = fixtureSources("inheritance");
  const key = modelsKey(sources, "");
  const file = join(dir, "models.json");
  writeFileSync(file, "{ not json");
  assert.equal(new ModelsStore(file).get(key), undefined);
  assert.equal(new ModelsStore(file).save(key, readModels(sources)), true);
  assert.ok(new ModelsStore(file).get(key));
  assert.equal(new ModelsStore(file, "another engine").get(key), undefined);
});
