// The persistent parse cache: where it lives, what it stores, that it serves unchanged files and
// re-parses changed ones, and that a bad cache file is ignored and replaced, never an error.
import { strict as assert } from "node:assert";
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { analyzeProject } from "../../../server/src/analysis/analyzeProject";
import { MigrationCache } from "../../../server/src/analysis/migrationCache";
import { listMigrationFiles } from "../../../server/src/analysis/migrationFiles";
import {
  PackedRange,
  cacheDirectory,
  cacheFileFor,
  decodeEntry,
  decodeRanges,
  encodeEntry,
  engineFingerprint,
  entryKey,
  ParseStore,
  parseStoreFor,
  replaceFile,
  stringifyWithRanges,
} from "../../../server/src/analysis/parseCache";
import { parseMigration } from "../../../server/src/history/parseMigration";
import { discoverProject } from "../../../server/src/project/discover";
import { packedRangeCount, plainRanges } from "../../helpers/plainRanges";

const REPO_ROOT = join(__dirname, "..", "..", "..");
const PROJECTS = [join(REPO_ROOT, "examples", "backend"), join(REPO_ROOT, "test", "fixtures", "migrations", "replay_fidelity")];

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "dmw-parse-cache-"));
}

/** Every migration of the fixture projects with its text. */
function sources(): { path: string; text: string }[] {
  return PROJECTS.flatMap((root) => listMigrationFiles(discoverProject(root)).map((path) => ({ path, text: readFileSync(path, "utf8") })));
}

/** A parse cache file: its header line and its entries' lines (`<key> <JSON>`) by key. */
function cacheFileOf(path: string): { header: { format: number; engine: string }; entries: Map<string, string> } {
  const [first, ...rest] = readFileSync(path, "utf8").split("\n");
  const entries = new Map<string, string>();
  for (const line of rest) if (line) entries.set(line.slice(0, line.indexOf(" ")), line.slice(line.indexOf(" ") + 1));
  return { header: JSON.parse(first) as { format: number; engine: string }, entries };
}

function fill(store: ParseStore, files: { path: string; text: string }[]): MigrationCache {
  const cache = new MigrationCache(store);
  for (const f of files) cache.parse(f.path, f.text);
  return cache;
}

function pythonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? pythonFiles(join(dir, e.name)) : e.name.endsWith(".py") ? [join(dir, e.name)] : [],
  );
}

test("the cache folder: DMW_CACHE_DIR, else XDG_CACHE_HOME (absolute only), else ~/.cache; DMW_NO_CACHE turns it off", () => {
  assert.equal(cacheDirectory({ DMW_CACHE_DIR: "/c/dmw", XDG_CACHE_HOME: "/xdg" }), "/c/dmw");
  assert.equal(cacheDirectory({ XDG_CACHE_HOME: "/xdg" }), join("/xdg", "db-migration-wizard"));
  const home = cacheDirectory({ XDG_CACHE_HOME: "relative/cache" });
  assert.match(home ?? "", /[\\/]\.cache[\\/]db-migration-wizard$/);
  assert.equal(cacheDirectory({}), home);
  assert.equal(cacheDirectory({ DMW_NO_CACHE: "1", DMW_CACHE_DIR: "/c/dmw" }), undefined);
  assert.equal(cacheDirectory({ DMW_NO_CACHE: "0", DMW_CACHE_DIR: "/c/dmw" }), "/c/dmw");
  assert.equal(cacheDirectory({ DMW_NO_CACHE: "", DMW_CACHE_DIR: "/c/dmw" }), "/c/dmw");
  assert.equal(parseStoreFor({ alembicDir: "/p" }, { DMW_NO_CACHE: "1", DMW_CACHE_DIR: "/c/dmw" }), undefined);
  assert.equal(parseStoreFor({ alembicDir: "/p" }, { DMW_CACHE_DIR: "/c/dmw" })?.file, cacheFileFor("/c/dmw", "/p"));
});

test("one cache file per project, inside the cache folder, named after the project", () => {
  const a = cacheFileFor("/cache", "/home/dev/shop/backend");
  const b = cacheFileFor("/cache", "/home/dev/blog/backend");
  assert.notEqual(a, b);
  for (const file of [a, b]) assert.match(file, /^[\\/]cache[\\/]parse-backend-[0-9a-f]{16}\.json$/);
  assert.match(cacheFileFor("/cache", "/home/dev/a b/dir;rm -rf"), /^[\\/]cache[\\/]parse-dir_rm_-rf-[0-9a-f]{16}\.json$/);
  assert.equal(cacheFileFor("/cache", "/home/dev/shop/backend/"), a);
});

test("the entry key depends on the path and the exact text; the engine fingerprint is fixed per process", () => {
  assert.notEqual(entryKey("/a.py", "x = 1\n"), entryKey("/b.py", "x = 1\n"));
  assert.notEqual(entryKey("/a.py", "x = 1\n"), entryKey("/a.py", "x = 1 \n"));
  assert.equal(entryKey("/a.py", "x"), entryKey("/a.py", "x"));
  assert.match(engineFingerprint(), /^[0-9a-f]{32}$/);
  assert.equal(engineFingerprint(), engineFingerprint());
});

test("ranges are stored as number arrays and come back exactly, for every Python fixture", () => {
  const files = [...pythonFiles(join(REPO_ROOT, "test", "fixtures")), ...pythonFiles(join(REPO_ROOT, "examples"))];
  let plain = 0;
  let encoded = 0;
  let packed = 0;
  for (const path of files) {
    const parsed = parseMigration(path, readFileSync(path, "utf8"));
    const text = stringifyWithRanges(parsed);
    const decoded = decodeRanges(JSON.parse(text));
    assert.deepStrictEqual(plainRanges(decoded), parsed, path);
    assert.equal(JSON.stringify(decoded), JSON.stringify(parsed), path);
    packed += packedRangeCount(decoded);
    plain += JSON.stringify(parsed).length;
    encoded += text.length;
  }
  assert.ok(encoded < plain * 0.7, `encoded ${encoded} vs plain ${plain}`);
  assert.ok(packed > 1000, `${packed} ranges decoded as PackedRanges`);
  // Only ranges are touched: other arrays of numbers under other keys stay as they are.
  const odd = { range: { start: { line: 1, character: 2 }, end: { line: 3, character: 4 } }, values: [1, 2, 3], nameRange: "x" };
  const back = decodeRanges(JSON.parse(stringifyWithRanges(odd))) as typeof odd;
  assert.deepStrictEqual(plainRanges(back), odd);
  // A decoded range reads and serializes as the plain one, and is encoded again the same way.
  assert.ok(back.range instanceof PackedRange);
  assert.deepEqual([back.range.start, back.range.end], [odd.range.start, odd.range.end]);
  assert.equal(JSON.stringify(back), JSON.stringify(odd));
  assert.equal(stringifyWithRanges(back), stringifyWithRanges(odd));
});

test("round trip: a second run is served every migration from the file, equal to a fresh parse", () => {
  const dir = tempDir();
  const files = sources();
  assert.ok(files.length >= 5);
  const first = new ParseStore(cacheFileFor(dir, "/project"));
  const cold = fill(first, files);
  assert.deepEqual([first.hits, first.misses], [0, files.length]);
  assert.equal(cold.save(), true);

  const second = new ParseStore(cacheFileFor(dir, "/project"));
  const warm = fill(second, files);
  assert.deepEqual([second.hits, second.misses], [files.length, 0]);
  for (const f of files) assert.deepStrictEqual(plainRanges(warm.parse(f.path, f.text)), plainRanges(parseMigration(f.path, f.text)), f.path);
  // Nothing changed: the file is not written again.
  const file = cacheFileFor(dir, "/project");
  utimesSync(file, new Date(2000, 0, 1), new Date(2000, 0, 1));
  assert.equal(warm.save(), false);
  assert.equal(statSync(file).mtime.getFullYear(), 2000);
  assert.deepEqual(readdirSync(dir), [`${file.split(/[\\/]/).pop()}`]);
});

test("a changed migration is parsed again, not served stale; the unchanged ones come from the file", () => {
  const dir = tempDir();
  const files = sources();
  fill(new ParseStore(cacheFileFor(dir, "/p")), files).save();

  const changed = files.map((f, i) => (i === 1 ? { ...f, text: f.text.replace(/def upgrade\(\)/, "def upgrade_renamed()") } : f));
  assert.notEqual(changed[1].text, files[1].text);
  const store = new ParseStore(cacheFileFor(dir, "/p"));
  const cache = fill(store, changed);
  assert.deepEqual([store.hits, store.misses], [files.length - 1, 1]);
  const fresh = parseMigration(changed[1].path, changed[1].text);
  assert.deepStrictEqual(plainRanges(cache.parse(changed[1].path, changed[1].text)), plainRanges(fresh));
  assert.notDeepStrictEqual(fresh, parseMigration(files[1].path, files[1].text));

  // The old entry is dropped on save, the new one kept: the next run hits all.
  assert.equal(cache.save(), true);
  const { entries } = cacheFileOf(cacheFileFor(dir, "/p"));
  assert.equal(entries.size, files.length);
  assert.ok(entries.has(entryKey(changed[1].path, changed[1].text)));
  assert.ok(!entries.has(entryKey(files[1].path, files[1].text)));
  const again = new ParseStore(cacheFileFor(dir, "/p"));
  fill(again, changed);
  assert.deepEqual([again.hits, again.misses], [files.length, 0]);
});

test("entries the run did not use are dropped when it saves", () => {
  const dir = tempDir();
  const files = sources();
  fill(new ParseStore(cacheFileFor(dir, "/p")), files).save();
  const fewer = files.slice(0, 2);
  assert.equal(fill(new ParseStore(cacheFileFor(dir, "/p")), fewer).save(), true);
  assert.deepEqual([...cacheFileOf(cacheFileFor(dir, "/p")).entries.keys()].sort(), fewer.map((f) => entryKey(f.path, f.text)).sort());
});

test("a corrupt, truncated, foreign or other-version cache file is ignored and replaced", () => {
  const files = sources();
  const good = tempDir();
  fill(new ParseStore(cacheFileFor(good, "/p")), files).save();
  const valid = readFileSync(cacheFileFor(good, "/p"), "utf8");
  const { header, entries } = cacheFileOf(cacheFileFor(good, "/p"));
  const lines = valid.trimEnd().split("\n");
  const withHeader = (h: unknown, body = lines.slice(1)) => `${[JSON.stringify(h), ...body].join("\n")}\n`;
  const firstKey = [...entries.keys()][0];
  // What each file still answers: the entries before a truncation, all but a damaged line.
  const bad: Record<string, { content: string; hits: number }> = {
    garbage: { content: "\u0000\u0001not json at all", hits: 0 },
    "truncated in the third entry": { content: lines.slice(0, 3).join("\n") + "\n" + lines[3].slice(0, 40), hits: 2 },
    // Being appended: a line counts once its newline is written.
    "the last entry without its newline": { content: lines.join("\n"), hits: files.length - 1 },
    "header only": { content: lines[0], hits: 0 },
    null: { content: "null", hits: 0 },
    array: { content: "[]", hits: 0 },
    "the previous format (one JSON document)": { content: JSON.stringify({ ...header, format: header.format - 1, entries: {} }), hits: 0 },
    "other format": { content: withHeader({ ...header, format: header.format + 1 }), hits: 0 },
    "other engine": { content: withHeader({ ...header, engine: "0".repeat(32) }), hits: 0 },
    "a line without a key": { content: withHeader(header, [entries.get(firstKey) ?? "", ...lines.slice(2)]), hits: files.length - 1 },
    "an entry of the wrong shape": { content: withHeader(header, [`${firstKey} {"path":12}`, ...lines.slice(2)]), hits: files.length - 1 },
  };
  for (const [what, { content, hits }] of Object.entries(bad)) {
    const dir = tempDir();
    const file = cacheFileFor(dir, "/p");
    writeFileSync(file, content);
    const store = new ParseStore(file);
    const cache = fill(store, files);
    for (const f of files) assert.deepStrictEqual(plainRanges(cache.parse(f.path, f.text)), plainRanges(parseMigration(f.path, f.text)), what);
    assert.deepEqual([store.hits, store.misses], [hits, files.length - hits], what);
    assert.equal(cache.save(), true, what);
    assert.equal(readFileSync(file, "utf8"), valid, what);
    assert.deepEqual(readdirSync(dir), [file.split(/[\\/]/).pop()], `${what}: no temporary file left`);
  }
});

/** `count` small migrations, a linear history; `edit` changes the text of the ones it names. */
function manyMigrations(count: number, edit: (i: number) => string = () => ""): { path: string; text: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    path: `/p/versions/r${i}.py`,
    text: `revision = "r${i}"\ndown_revision = ${i === 0 ? "None" : `"r${i - 1}"`}\n\ndef upgrade():\n    op.add_column("t", sa.Column("c${i}", sa.Integer()))${edit(i)}\n`,
  }));
}

test("a large project's save appends the entries of changed migrations, and rewrites once unused lines are a fifth", () => {
  const dir = tempDir();
  const file = cacheFileFor(dir, "/p");
  const files = manyMigrations(100);
  assert.equal(fill(new ParseStore(file), files).save(), true);
  const fullFile = readFileSync(file, "utf8");
  assert.equal(fullFile.split("\n").length, 102);

  // One migration edited: its new entry is appended; every earlier byte stays as it was.
  const once = manyMigrations(100, (i) => (i === 99 ? "\n# edited 1" : ""));
  assert.equal(fill(new ParseStore(file), once).save(), true);
  const appended = readFileSync(file, "utf8");
  assert.ok(appended.startsWith(fullFile));
  assert.equal(appended.slice(fullFile.length).split("\n").length, 2);
  // The next run is served every migration, the appended one included, equal to a fresh parse.
  const store = new ParseStore(file);
  const cache = fill(store, once);
  assert.deepEqual([store.hits, store.misses], [100, 0]);
  for (const f of once.slice(98)) assert.deepStrictEqual(plainRanges(cache.parse(f.path, f.text)), plainRanges(parseMigration(f.path, f.text)));
  // Nothing new: nothing written, even with an unused line in the file.
  assert.equal(cache.save(), false);
  assert.equal(readFileSync(file, "utf8"), appended);

  // Edits go on: appended until the unused lines would pass a fifth of the file, then one rewrite
  // with exactly the used entries.
  let previous = appended;
  let rewrites = 0;
  for (let round = 2; round <= 40; round++) {
    const edited = manyMigrations(100, (i) => (i === 99 ? `\n# edited ${round}` : ""));
    assert.equal(fill(new ParseStore(file), edited).save(), true);
    const now = readFileSync(file, "utf8");
    const lines = now.split("\n").length - 2;
    if (!now.startsWith(previous)) {
      rewrites++;
      assert.equal(lines, 100, `round ${round}`);
      assert.deepEqual([...cacheFileOf(file).entries.keys()].sort(), edited.map((f) => entryKey(f.path, f.text)).sort());
    } else {
      assert.ok(lines - 100 <= lines / 5, `round ${round}: ${lines} lines`);
    }
    previous = now;
  }
  assert.equal(rewrites, 1);
});

test("an append goes to the file that was read: one replaced since is rewritten instead, and an unfinished last line is ended first", () => {
  const dir = tempDir();
  const file = cacheFileFor(dir, "/p");
  const files = manyMigrations(80);
  fill(new ParseStore(file), files).save();
  const edited = manyMigrations(80, (i) => (i === 3 ? "\n# edited" : ""));

  // Read, then another process replaces the file (here: the same entries, another engine's header).
  const store = new ParseStore(file);
  const cache = fill(store, edited);
  const { header, entries } = cacheFileOf(file);
  writeFileSync(`${file}.other`, `${JSON.stringify({ ...header, engine: "f".repeat(32) })}\n${[...entries].map(([k, v]) => `${k} ${v}\n`).join("")}`);
  renameSync(`${file}.other`, file);
  assert.equal(cache.save(), true);
  const after = cacheFileOf(file);
  assert.deepEqual(after.header, header);
  assert.deepEqual([...after.entries.keys()].sort(), edited.map((f) => entryKey(f.path, f.text)).sort());

  // A line left unfinished by a writer that stopped: the appended entry starts on a line of its own.
  const editedAgain = manyMigrations(80, (i) => (i === 3 ? "\n# edited again" : ""));
  const again = fill(new ParseStore(file), editedAgain);
  appendFileSync(file, "0123abcd {\"path\":");
  const before = readFileSync(file, "utf8");
  assert.equal(again.save(), true);
  assert.ok(readFileSync(file, "utf8").startsWith(`${before}\n`));
  const next = new ParseStore(file);
  fill(next, editedAgain);
  assert.deepEqual([next.hits, next.misses], [80, 0]);
});

test("a save after one migration changed writes the other entries' lines as they were read", () => {
  const dir = tempDir();
  const files = sources();
  fill(new ParseStore(cacheFileFor(dir, "/p")), files).save();
  const before = cacheFileOf(cacheFileFor(dir, "/p")).entries;
  const changed = files.map((f, i) => (i === 0 ? { ...f, text: `${f.text}\n# edited\n` } : f));
  assert.equal(fill(new ParseStore(cacheFileFor(dir, "/p")), changed).save(), true);
  const after = cacheFileOf(cacheFileFor(dir, "/p")).entries;
  assert.equal(after.size, files.length);
  for (const f of changed.slice(1)) {
    const key = entryKey(f.path, f.text);
    assert.equal(after.get(key), before.get(key));
  }
  const edited = after.get(entryKey(changed[0].path, changed[0].text));
  assert.ok(edited);
  const fresh = parseMigration(changed[0].path, changed[0].text);
  assert.deepStrictEqual(plainRanges(decodeEntry(edited, changed[0].path, () => assert.fail("not damaged"))), plainRanges(fresh));
});

test("a served entry decodes its functions when they are first read, and a damaged one is parsed again", () => {
  const files = sources().filter((f) => /def upgrade/.test(f.text));
  assert.ok(files.length >= 5);
  for (const f of files) {
    const parsed = parseMigration(f.path, f.text);
    const line = encodeEntry(parsed);
    assert.equal(line.split("\t").length, 3, f.path);
    const served = decodeEntry(line, f.path, () => assert.fail("not damaged"));
    assert.ok(served, f.path);
    const pending = Object.getOwnPropertyDescriptor(served, "upgrade");
    assert.equal(typeof pending?.get, "function", `${f.path}: upgrade not decoded yet`);
    assert.equal(served.revision, parsed.revision);
    assert.deepStrictEqual(plainRanges(served), parsed, f.path);
    assert.equal(typeof Object.getOwnPropertyDescriptor(served, "upgrade")?.get, "undefined", "decoded once, then held");
    assert.equal(JSON.stringify(served), JSON.stringify(parsed), f.path);
  }
  // Damaged function JSON: the file's text is parsed again for that function, once.
  const f = files[0];
  const parsed = parseMigration(f.path, f.text);
  const [identifiers, upgrade, downgrade] = encodeEntry(parsed).split("\t");
  let reparsed = 0;
  const reparse = () => (reparsed++, parseMigration(f.path, f.text));
  for (const damaged of [upgrade.slice(0, 30), '{"name":"downgrade","ops":[]}', "null"]) {
    reparsed = 0;
    const served = decodeEntry([identifiers, damaged, downgrade].join("\t"), f.path, reparse);
    assert.ok(served);
    assert.deepStrictEqual(plainRanges(served.upgrade), plainRanges(parsed.upgrade), damaged);
    assert.deepStrictEqual(plainRanges(served.downgrade), plainRanges(parsed.downgrade), damaged);
    assert.equal(reparsed, 1, damaged);
  }
  // A line of another shape, or of another path, is no entry.
  for (const line of [identifiers, `${identifiers}\t${upgrade}`, `${encodeEntry(parsed)}\t`, `{}\t${upgrade}\t${downgrade}`]) {
    assert.equal(decodeEntry(line, f.path, reparse), undefined, line.slice(0, 60));
  }
  assert.equal(decodeEntry(encodeEntry(parsed), `${f.path}.other`, reparse), undefined);
  // Encoded again before its functions were read: written as read, nothing decoded.
  reparsed = 0;
  const damagedLine = [identifiers, upgrade.slice(0, 30), downgrade].join("\t");
  const unread = decodeEntry(damagedLine, f.path, reparse)!;
  assert.equal(encodeEntry(unread), damagedLine);
  assert.equal(typeof Object.getOwnPropertyDescriptor(unread, "upgrade")?.get, "function", "still not decoded");
  assert.deepStrictEqual(plainRanges(unread.upgrade), plainRanges(parsed.upgrade));
  assert.equal(encodeEntry(unread), encodeEntry(parsed), "once read, encoded from the value");
  // A function set before it was read replaces the pending one, also in the encoding.
  const served = decodeEntry(encodeEntry(parsed), f.path, reparse)!;
  served.upgrade = undefined;
  assert.equal(served.upgrade, undefined);
  assert.equal(encodeEntry(served).split("\t")[1], "");
});

test("a cache written by another engine is not served", () => {
  const dir = tempDir();
  const files = sources();
  fill(new ParseStore(cacheFileFor(dir, "/p"), "engine-a"), files).save();
  const other = new ParseStore(cacheFileFor(dir, "/p"), "engine-b");
  fill(other, files);
  assert.deepEqual([other.hits, other.misses], [0, files.length]);
  const same = new ParseStore(cacheFileFor(dir, "/p"), "engine-a");
  fill(same, files);
  assert.deepEqual([same.hits, same.misses], [files.length, 0]);
});

test("a cache folder that cannot be written: nothing thrown, the analysis is the same", () => {
  const dir = tempDir();
  const blocked = join(dir, "blocked");
  writeFileSync(blocked, "a file where the cache folder should be");
  const store = new ParseStore(cacheFileFor(blocked, "/p"));
  const files = sources();
  const cache = fill(store, files);
  assert.equal(cache.save(), false);
  assert.equal(readFileSync(blocked, "utf8"), "a file where the cache folder should be");

  const unreadable = join(dir, "folder-as-file");
  mkdirSync(cacheFileFor(unreadable, "/p"), { recursive: true });
  const store2 = new ParseStore(cacheFileFor(unreadable, "/p"));
  const cache2 = fill(store2, files);
  assert.deepEqual([store2.hits, store2.misses], [0, files.length]);
  assert.equal(cache2.save(), false);
});

test("analyzeProject gives the same result cold, warm and without a cache", () => {
  const dir = tempDir();
  for (const root of PROJECTS) {
    const layout = discoverProject(root);
    const read = (path: string) => readFileSync(path, "utf8");
    const none = analyzeProject(layout, read);
    const coldCache = new MigrationCache(parseStoreFor(layout, { DMW_CACHE_DIR: dir }));
    const cold = analyzeProject(layout, read, { cache: coldCache });
    coldCache.save();
    const store = parseStoreFor(layout, { DMW_CACHE_DIR: dir })!;
    const warm = analyzeProject(layout, read, { cache: new MigrationCache(store) });
    assert.equal(store.hits, layout.versionsDirs.length > 0 ? warm.migrations.length : 0);
    assert.ok(store.hits > 0, root);
    for (const result of [cold, warm]) {
      assert.deepStrictEqual(plainRanges(result.findings), plainRanges(none.findings), root);
      assert.deepStrictEqual(plainRanges(result.migrations), plainRanges(none.migrations), root);
      assert.deepStrictEqual(plainRanges(result.replay.schema), plainRanges(none.replay.schema), root);
      assert.deepStrictEqual(plainRanges(result.changes), plainRanges(none.changes), root);
    }
  }
});

test("replaceFile writes lines given one by one exactly, and a failure midway keeps the old file", () => {
  const dir = mkdtempSync(join(tmpdir(), "dmw-replace-"));
  const file = join(dir, "cache.json");
  // More than one batch, with characters of several UTF-8 lengths.
  const lines = Array.from({ length: 3000 }, (_, i) => `${i} ${"é€😀x".repeat(120)}\n`);
  assert.equal(replaceFile(file, lines.values()), true);
  assert.equal(readFileSync(file, "utf8"), lines.join(""));
  const failing = function* (): Generator<string> {
    yield "partial line\n";
    throw new Error("the writer failed");
  };
  assert.equal(replaceFile(file, failing()), false);
  assert.equal(readFileSync(file, "utf8"), lines.join(""), "the old file is intact");
  assert.deepEqual(readdirSync(dir), ["cache.json"], "no temporary file left");
});
