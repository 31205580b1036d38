// ValueStore: one keyed value per file. The header (format, engine, key) is read from the file's
// first bytes, so a value kept for other inputs costs neither a read nor a parse; the value is
// read and parsed for its key.
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ValueStore } from "../../../server/src/analysis/parseCache";

type Kept = { items: number[] };
const looksKept = (v: unknown): v is Kept => typeof v === "object" && v !== null && Array.isArray((v as Kept).items);
const fileIn = () => join(mkdtempSync(join(tmpdir(), "dmw-value-store-")), "value.json");

test("a saved value comes back for its key only, keys with quotes and backslashes included", () => {
  const file = fileIn();
  const key = 'a "quoted" \\ key';
  assert.equal(new ValueStore(file, looksKept, "engine-1").save(key, { items: [1, 2] }), true);
  assert.deepEqual(new ValueStore(file, looksKept, "engine-1").get(key), { items: [1, 2] });
  assert.equal(new ValueStore(file, looksKept, "engine-1").get("another key"), undefined);
  assert.equal(new ValueStore(file, looksKept, "engine-2").get(key), undefined, "another engine's file is not read");
  // The same key is not written again, unless asked to.
  const store = new ValueStore(file, looksKept, "engine-1");
  assert.equal(store.save(key, { items: [3] }), false);
  assert.equal(store.save(key, { items: [3] }, true), true);
  assert.deepEqual(new ValueStore(file, looksKept, "engine-1").get(key), { items: [3] });
});

test("a value kept for another key is not parsed: a damaged one is only found out by its own key", () => {
  const file = fileIn();
  new ValueStore(file, looksKept, "e").save("old", { items: [1] });
  // Damage the value after an intact header.
  writeFileSync(file, readFileSync(file, "utf8").replace('"items":[1]', '"items":[1'));
  const other = new ValueStore(file, looksKept, "e");
  assert.equal(other.get("new"), undefined);
  assert.equal(other.save("new", { items: [2] }), true, "replaced by the new key's value");
  assert.deepEqual(new ValueStore(file, looksKept, "e").get("new"), { items: [2] });

  writeFileSync(file, readFileSync(file, "utf8").replace('"items":[2]', '"items":[2'));
  const same = new ValueStore(file, looksKept, "e");
  assert.equal(same.get("new"), undefined, "its own key: parsed, found damaged");
  assert.equal(same.save("new", { items: [2] }), true, "and written again");
  for (const junk of ["", "not json", '{"value":1,"format":4}', "[]"]) {
    writeFileSync(file, junk);
    const store = new ValueStore(file, looksKept, "e");
    assert.equal(store.get("new"), undefined, JSON.stringify(junk));
    assert.equal(store.save("new", { items: [5] }), true);
  }
});

test("a value of the wrong shape under the right key is not handed out", () => {
  const file = fileIn();
  new ValueStore(file, (v: unknown): v is unknown => true, "e").save("k", { other: true });
  assert.equal(new ValueStore(file, looksKept, "e").get("k"), undefined);
});

test("the header is read from the file's first bytes; long keys and large values still round-trip", () => {
  const file = fileIn();
  const big = { items: Array.from({ length: 50_000 }, (_, i) => i) };
  assert.ok(JSON.stringify(big).length > 64 * 1024, "a value far beyond the head");
  const longKey = `k${"é".repeat(20_000)}`;
  for (const key of ["short", longKey]) {
    assert.equal(new ValueStore(file, looksKept, "e").save(key, big), true, key.slice(0, 8));
    const store = new ValueStore(file, looksKept, "e");
    assert.equal(store.keptKey(), key, "the key of a header longer than the head is read in full");
    assert.deepEqual(store.get(key), big);
  }
});

test("a file replaced by another process between the header and the value: the value's own key decides", () => {
  const file = fileIn();
  new ValueStore(file, looksKept, "e").save("first", { items: [1] });
  const store = new ValueStore(file, looksKept, "e");
  assert.equal(store.keptKey(), "first");
  new ValueStore(file, looksKept, "e").save("second", { items: [2] });
  assert.equal(store.get("first"), undefined, "the header read said first, the file now holds second");
  assert.deepEqual(new ValueStore(file, looksKept, "e").get("second"), { items: [2] });
});
