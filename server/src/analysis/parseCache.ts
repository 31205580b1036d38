// Persistent parse cache: parsed migration files kept on disk between runs, so a run re-parses only
// the migrations whose text changed. A MigrationFile is plain JSON data
// (test/unit/history/parseMigrationJson.test.ts): one file per project in the cache folder, one
// line per migration keyed by a hash of (path, text). Ranges, most of the data (every expression
// has one), are stored as number arrays: half the size, and faster to load. A line holds the
// file's identifiers apart from its two functions, which are decoded only when read: a run that
// resumes a kept replay needs every revision's identifiers but few revisions' operations.
//
// Safe by construction: the file is only ever read as a whole, and replaced atomically (temporary
// file in the same folder, then rename) or, for a few new entries, appended to: a line counts only
// once its newline is written, and an append goes to the very file whose header was checked. A
// file that is missing, unreadable, corrupt, of another format or written by another engine is
// ignored and rewritten. Nothing here throws, and nothing is written outside the cache folder.
// Deleting the folder at any time is safe.
import { createHash, randomBytes } from "node:crypto";
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { version as PACKAGE_VERSION } from "../../../package.json";
import type { MigrationFile, MigrationFunction } from "../history/types";
import type { ModelsResult } from "../models/types";
import type { ProjectLayout } from "../project/types";
import type { Position, Range } from "../schema/types";

/** Layout of the cache file itself; bump on any change to what is stored. */
const FORMAT = 5;
const FOLDER_NAME = "db-migration-wizard";

type Env = Record<string, string | undefined>;

/** `DMW_NO_CACHE` set to anything but "" or "0" turns the cache off. */
export function cacheDisabled(env: Env = process.env): boolean {
  const value = env.DMW_NO_CACHE;
  return value !== undefined && value !== "" && value !== "0";
}

/**
 * `DMW_CACHE_DIR`, else `$XDG_CACHE_HOME/db-migration-wizard` (an absolute XDG_CACHE_HOME only, as
 * the XDG spec asks), else `~/.cache/db-migration-wizard`; undefined when the cache is off or no
 * folder can be named.
 */
export function cacheDirectory(env: Env = process.env): string | undefined {
  if (cacheDisabled(env)) return undefined;
  if (env.DMW_CACHE_DIR) return resolve(env.DMW_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, FOLDER_NAME);
  try {
    const home = homedir();
    return home ? join(home, ".cache", FOLDER_NAME) : undefined;
  } catch {
    return undefined;
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A cache file of a project: its folder's name (readable) and a hash of its path (unique). */
export function cacheFileFor(directory: string, projectRoot: string, kind: "parse" | "models" | "check" | "schemas" | "modelschema" | "lint" | "lint-revisions" | "verdict" | "replay" = "parse"): string {
  const root = resolve(projectRoot);
  const name = basename(root).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 40) || "project";
  return join(directory, `${kind}-${name}-${sha256(root).slice(0, 16)}.json`);
}

/** Key of one migration's entry: its path and its exact text. */
export function entryKey(path: string, text: string): string {
  return createHash("sha1").update(path).update("\0").update(text).digest("hex");
}

let fingerprint: string | undefined;

/** Set by the build (scripts/build.mjs) to the hash of the engine's sources, the same in every bundle. */
declare const DMW_ENGINE_SOURCES_HASH: string | undefined;

/**
 * Changes whenever the parser could have changed: the cache format, the package version, the
 * versions of tree-sitter and its Python grammar (native modules outside the bundle), and the
 * engine's code. Computed once per process.
 *
 * The code is the hash of every .ts file of server/src: the build computes it and puts it in each
 * bundle, so `dmw` and the language server built from the same sources share one cache file.
 * Run from the TypeScript sources (tsx: tests, development), it is computed here the same way,
 * so an edit to any source also starts a new cache. If the code cannot be read, a random value
 * confines the cache to this process.
 */
export function engineFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const hash = createHash("sha256").update(`format ${FORMAT}\0dmw ${PACKAGE_VERSION}\0`);
  for (const pkg of ["tree-sitter", "tree-sitter-python"]) hash.update(`${pkg} ${packageVersion(pkg)}\0`);
  try {
    if (typeof DMW_ENGINE_SOURCES_HASH === "string") hash.update(DMW_ENGINE_SOURCES_HASH);
    else if (__filename.endsWith(".ts")) hash.update(engineSourcesHash(dirname(__dirname)));
    else hash.update(readFileSync(__filename));
  } catch {
    hash.update(randomBytes(16));
  }
  return (fingerprint = hash.digest("hex").slice(0, 32));
}

/** sha256 over the relative path and content of every .ts file below `sources` (server/src), in path order. */
export function engineSourcesHash(sources: string): string {
  const hash = createHash("sha256");
  for (const file of typeScriptFiles(sources)) hash.update(`${relative(sources, file).split(sep).join("/")}\0`).update(readFileSync(file));
  return hash.digest("hex");
}

function packageVersion(name: string): string {
  try {
    return String((require(`${name}/package.json`) as { version?: unknown }).version);
  } catch {
    return "unknown";
  }
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? typeScriptFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : []))
    .sort();
}

/** The first line of a parse cache file. */
interface ParseFileHeader {
  format: number;
  engine: string;
}

/**
 * An entry: its line in the file (see `encodeEntry`, decoded when first looked up), its
 * MigrationFile once decoded or parsed, or both: an entry read from the file is written back as
 * it was read.
 */
type StoredEntry = { line: string; file?: MigrationFile } | { line?: string; file: MigrationFile };

/** Keys that hold a Range in parsed migrations: `range`, `nameRange`, `revisionRange`, ... */
function isRangeKey(key: string): boolean {
  return key === "range" || key.endsWith("Range");
}

function isPosition(value: unknown): value is Position {
  if (typeof value !== "object" || value === null) return false;
  const keys = Object.keys(value);
  const p = value as Position;
  return keys.length === 2 && typeof p.line === "number" && typeof p.character === "number";
}

function isRange(value: unknown): value is Range {
  if (typeof value !== "object" || value === null || Object.keys(value).length !== 2) return false;
  const r = value as Range;
  return isPosition(r.start) && isPosition(r.end);
}

/**
 * JSON text with every Range under a range key written as `[line, start, end]` (one line) or
 * `[startLine, startCharacter, endLine, endCharacter]`; `decodeRanges` undoes it. (A replacer:
 * no copy of the data is made.)
 */
export function stringifyWithRanges(value: unknown): string {
  return JSON.stringify(value, function (key: string, item: unknown) {
    if (typeof item !== "object" || item === null || !isRangeKey(key) || !isRange(item)) return item;
    const { start, end } = item;
    return start.line === end.line ? [start.line, start.character, end.character] : [start.line, start.character, end.line, end.character];
  });
}

/**
 * A Range as the cache decodes it: its four numbers in one object, where a plain Range is three
 * (the range and its two positions). It reads as a Range (`start` and `end` make their position
 * on each read) and serializes as one (`toJSON`). The language server keeps every parsed
 * migration in memory, and their expressions' ranges were a third of its heap.
 */
export class PackedRange implements Range {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}

  get start(): Position {
    return { line: this.startLine, character: this.startCharacter };
  }

  get end(): Position {
    return { line: this.endLine, character: this.endCharacter };
  }

  toJSON(): Range {
    return { start: this.start, end: this.end };
  }
}

/**
 * Undoes `stringifyWithRanges` after JSON.parse, in place (the value comes fresh from JSON.parse).
 * The ranges come back as PackedRanges.
 */
export function decodeRanges(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (const item of value) decodeRanges(item);
  } else if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const item = record[key];
      if (Array.isArray(item) && isRangeKey(key) && (item.length === 3 || item.length === 4) && item.every((n) => typeof n === "number")) {
        record[key] = item.length === 3 ? new PackedRange(item[0], item[1], item[0], item[2]) : new PackedRange(item[0], item[1], item[2], item[3]);
      } else {
        decodeRanges(item);
      }
    }
  }
  return value;
}

/**
 * An entry's line: the MigrationFile without its functions, then `upgrade`, then `downgrade`, each
 * as JSON with compact ranges (empty when the file has none), separated by tabs (JSON text has no
 * raw tab).
 */
export function encodeEntry(file: MigrationFile): string {
  const identifiers: Record<string, unknown> = {};
  for (const key of Object.keys(file)) if (key !== "upgrade" && key !== "downgrade") identifiers[key] = file[key as keyof MigrationFile];
  // A function not read since it was decoded from a line is written as it was read.
  const raw = undecoded.get(file);
  const part = (name: "upgrade" | "downgrade") => raw?.[name] ?? (file[name] ? stringifyWithRanges(file[name]) : "");
  return `${stringifyWithRanges(identifiers)}\t${part("upgrade")}\t${part("downgrade")}`;
}

/** The JSON of the functions of decoded entries that were not read yet. */
const undecoded = new WeakMap<MigrationFile, Partial<Record<"upgrade" | "downgrade", string>>>();

/**
 * Undoes `encodeEntry` for the identifiers at once; `upgrade` and `downgrade` are decoded when
 * first read. Should a function's JSON turn out damaged then, `reparse` (the file's text parsed
 * again) answers instead. Undefined when the line is not an entry of this path.
 */
export function decodeEntry(line: string, path: string, reparse: () => MigrationFile): MigrationFile | undefined {
  const firstTab = line.indexOf("\t");
  const secondTab = firstTab < 0 ? -1 : line.indexOf("\t", firstTab + 1);
  if (secondTab < 0 || line.indexOf("\t", secondTab + 1) >= 0) return undefined;
  let file: unknown;
  try {
    file = decodeRanges(JSON.parse(line.slice(0, firstTab)));
  } catch {
    return undefined;
  }
  if (!looksParsed(file, path)) return undefined;
  decodeWhenRead(file, "upgrade", line.slice(firstTab + 1, secondTab), reparse);
  decodeWhenRead(file, "downgrade", line.slice(secondTab + 1), reparse);
  return file;
}

/** Defines `file[name]` as a getter that decodes `json` on the first read and then holds the value. */
function decodeWhenRead(file: MigrationFile, name: "upgrade" | "downgrade", json: string, reparse: () => MigrationFile): void {
  if (json === "") return;
  const raw = undecoded.get(file) ?? {};
  raw[name] = json;
  undecoded.set(file, raw);
  const hold = (value: MigrationFunction | undefined) => {
    delete raw[name];
    Object.defineProperty(file, name, { value, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(file, name, {
    enumerable: true,
    configurable: true,
    get(): MigrationFunction | undefined {
      let value: unknown;
      try {
        value = decodeRanges(JSON.parse(json));
      } catch {
        value = undefined;
      }
      const fn = looksLikeFunction(value, name) ? value : reparse()[name];
      hold(fn);
      return fn;
    },
    set: hold,
  });
}

function looksLikeFunction(value: unknown, name: "upgrade" | "downgrade"): value is MigrationFunction {
  if (typeof value !== "object" || value === null) return false;
  const fn = value as Partial<MigrationFunction>;
  return fn.name === name && Array.isArray(fn.ops) && typeof fn.isEmpty === "boolean";
}

/** Enough of a MigrationFile's shape to trust an entry that passed the format and engine checks. */
function looksParsed(value: unknown, path: string): value is MigrationFile {
  if (typeof value !== "object" || value === null) return false;
  const file = value as Partial<MigrationFile>;
  return (
    file.path === path &&
    Array.isArray(file.downRevisions) &&
    Array.isArray(file.branchLabels) &&
    Array.isArray(file.dependsOn) &&
    Array.isArray(file.findings) &&
    typeof file.imports === "object" &&
    file.imports !== null
  );
}

/**
 * Writes `data` (text as UTF-8; lines given one by one are written in batches, never joined into
 * one string) to a temporary file beside `file`, then renames it over `file` (readers see the old
 * file or the new one, never a part). False, leaving nothing behind, when that fails. For every
 * file of the cache folder.
 */
export function replaceFile(file: string, data: string | Buffer | Iterable<string>): boolean {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    if (typeof data === "string" || Buffer.isBuffer(data)) writeFileSync(temporary, data, { mode: 0o600 });
    else writeInBatches(temporary, data);
    renameSync(temporary, file);
    return true;
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created.
    }
    return false;
  }
}

/** About 1 MB per write: a 1,000-migration cache file is not held whole in memory as it is written. */
function writeInBatches(file: string, parts: Iterable<string>, batchChars = 1 << 20): void {
  const fd = openSync(file, "w", 0o600);
  try {
    let batch = "";
    for (const part of parts) {
      batch += part;
      if (batch.length >= batchChars) {
        writeAll(fd, Buffer.from(batch, "utf8"));
        batch = "";
      }
    }
    if (batch.length > 0) writeAll(fd, Buffer.from(batch, "utf8"));
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, buffer: Buffer): void {
  for (let offset = 0; offset < buffer.length; ) offset += writeSync(fd, buffer, offset, buffer.length - offset);
}

/** Where a project's parsed migrations are kept; `undefined` when the cache is turned off. */
export function parseStoreFor(layout: Pick<ProjectLayout, "alembicDir">, env: Env = process.env): ParseStore | undefined {
  const directory = cacheDirectory(env);
  return directory ? new ParseStore(cacheFileFor(directory, layout.alembicDir)) : undefined;
}

/**
 * One project's cache file: a header line (format and engine, as JSON), then one line per parsed
 * migration, `<key> <JSON>`. Read on the first lookup, each entry decoded when it is first looked
 * up. `save` keeps the entries the run used, and only when they differ from what the file holds.
 * A run that changed a few migrations of a large project appends their entries: rewriting the
 * whole file cost a 1,000-migration project about 50 ms per run. The lines the run did not use
 * stay until they are a fifth of the file; then it is rewritten with the used entries only, each
 * read one as the line it was, so the file stays within a quarter more than the project's.
 */
export class ParseStore {
  /** Lookups answered from the file, and lookups it could not answer. */
  hits = 0;
  misses = 0;
  private entries?: Map<string, StoredEntry>;
  /** The file on disk is readable and of this format and engine. */
  private current = false;
  /** The identity (device, inode) of the file as read, when current: only that file is appended to. */
  private readIdentity?: string;

  constructor(
    readonly file: string,
    private readonly engine: string = engineFingerprint(),
  ) {}

  /**
   * The entry of `key` (a hash of the path and the text), if the file holds one. `reparse` parses
   * the text again; it is called only if a function of the entry turns out damaged when read.
   */
  get(key: string, path: string, reparse: () => MigrationFile): MigrationFile | undefined {
    const entries = this.load();
    const entry = entries.get(key);
    const file = entry?.file ?? (entry?.line !== undefined ? decodeEntry(entry.line, path, reparse) : undefined);
    if (entry && file && file.path === path) {
      entries.set(key, { ...(entry.line !== undefined ? { line: entry.line } : {}), file });
      this.hits++;
      return file;
    }
    // An entry that does not look parsed is forgotten, so the next save replaces it.
    if (entry) entries.delete(key);
    this.misses++;
    return undefined;
  }

  /**
   * Keeps exactly these entries (see the class), unless the file already holds them. True when
   * written. Afterwards the store holds these entries without their lines (the file's text is let go).
   */
  save(entries: ReadonlyMap<string, MigrationFile>): boolean {
    try {
      const stored = this.load();
      const added = [...entries.keys()].filter((key) => !stored.has(key));
      let unused = 0;
      for (const key of stored.keys()) if (!entries.has(key)) unused++;
      let written = false;
      if (!this.current || unused + added.length > 0) {
        const appendable = this.current && entries.size >= APPEND_AT_LEAST && unused <= (stored.size + added.length) / 5;
        // Appendable with nothing to add: the unused lines may stay.
        if (!appendable || added.length > 0) {
          written = (appendable && this.append(added.map((key) => `${key} ${encodeEntry(entries.get(key)!)}\n`))) || this.replace(entries, stored);
          if (!written) return false;
        }
      }
      this.entries = new Map([...entries].map(([key, file]): [string, StoredEntry] => [key, { file }]));
      return written;
    } catch {
      return false;
    }
  }

  private replace(entries: ReadonlyMap<string, MigrationFile>, stored: Map<string, StoredEntry>): boolean {
    const header: ParseFileHeader = { format: FORMAT, engine: this.engine };
    // Line by line: each entry's JSON is made as it is written.
    const lines = function* (): Generator<string> {
      yield `${JSON.stringify(header)}\n`;
      for (const [key, file] of entries) yield `${key} ${stored.get(key)?.line ?? encodeEntry(file)}\n`;
    };
    if (!replaceFile(this.file, lines())) return false;
    this.current = true;
    this.readIdentity = undefined;
    return true;
  }

  /**
   * Appends the lines to the file that was read (not to one that replaced it since), after a
   * newline if its last line was left unfinished. False when nothing was written.
   */
  private append(lines: string[]): boolean {
    if (this.readIdentity === undefined) return false;
    const fd = openSync(this.file, "a+");
    try {
      const stat = fstatSync(fd);
      if (identityOf(stat) !== this.readIdentity) return false;
      const last = Buffer.alloc(1);
      const unfinished = stat.size > 0 && readSync(fd, last, 0, 1, stat.size - 1) === 1 && last[0] !== 0x0a;
      writeAll(fd, Buffer.from(`${unfinished ? "\n" : ""}${lines.join("")}`, "utf8"));
      return true;
    } finally {
      closeSync(fd);
    }
  }

  private load(): Map<string, StoredEntry> {
    if (this.entries) return this.entries;
    this.entries = new Map();
    try {
      const fd = openSync(this.file, "r");
      let text: string;
      let identity: string;
      try {
        identity = identityOf(fstatSync(fd));
        text = readFileSync(fd, "utf8");
      } finally {
        closeSync(fd);
      }
      const firstBreak = text.indexOf("\n");
      const header = JSON.parse(firstBreak < 0 ? text : text.slice(0, firstBreak)) as Partial<ParseFileHeader> | null;
      if (header?.format === FORMAT && header.engine === this.engine) {
        // A line without its newline is being appended (or was cut short): not an entry yet.
        for (let start = firstBreak + 1, end = text.indexOf("\n", start); start > 0 && end >= 0; start = end + 1, end = text.indexOf("\n", start)) {
          const line = text.slice(start, end);
          const space = line.indexOf(" ");
          if (space > 0) this.entries.set(line.slice(0, space), { line: line.slice(space + 1) });
        }
        this.current = true;
        this.readIdentity = identity;
      }
    } catch {
      // Missing, unreadable or corrupt: as if empty; the next save replaces it.
    }
    return this.entries;
  }
}

/** Below this many entries a save rewrites the file rather than append to it (it is small). */
const APPEND_AT_LEAST = 64;

function identityOf(stat: { dev: number; ino: number }): string {
  return `${stat.dev}:${stat.ino}`;
}

interface ValueFileBody {
  format: number;
  engine: string;
  /** Key of the value: a hash of everything it was computed from. */
  key: string;
  value: unknown;
}

/** Key of a models reading: every model file's path and exact text, and what else changes it. */
export function modelsKey(sources: readonly { path: string; text: string }[], options: string): string {
  const hash = createHash("sha1").update(options);
  for (const { path, text } of sources) hash.update("\0").update(path).update("\0").update(text);
  return hash.digest("hex");
}

/**
 * One project's last value of one kind (a models reading, a check's offline result): one value,
 * kept while its key (a hash of its inputs) is the same. The same guarantees as ParseStore.
 * `looksValid` checks the shape of what a file holds before it is handed out.
 */
export class ValueStore<T> {
  /** The key the file's header names, until the value is handed out. */
  private held?: { key: string } | null;
  /** The key of the value the file holds (valid format and engine), once looked at. */
  private heldKey?: string;

  constructor(
    readonly file: string,
    private readonly looksValid: (value: unknown) => value is T,
    private readonly engine: string = engineFingerprint(),
    private readonly compactRanges = true,
  ) {}

  get(key: string): T | undefined {
    const held = this.load();
    if (!held || held.key !== key) return undefined;
    this.held = null;
    try {
      // Read again in full: another process may have replaced the file since, which the key in
      // the body then tells.
      const body = JSON.parse(readFileSync(this.file, "utf8")) as Partial<ValueFileBody> | null;
      if (body?.format === FORMAT && body.engine === this.engine && body.key === key) {
        const value = this.compactRanges ? decodeRanges(body.value) : body.value;
        if (this.looksValid(value)) return value;
      }
    } catch {
      // Not a value after all: the next save replaces it.
    }
    this.heldKey = undefined;
    return undefined;
  }

  /** The key of the value the file holds, read from its header (the value is not parsed). */
  keptKey(): string | undefined {
    this.load();
    return this.heldKey;
  }

  /**
   * Replaces the file with this value, unless it already holds that key's; with `sameKeyToo`,
   * also then (for a value that is not a function of its key alone). True when written.
   */
  save(key: string, value: T, sameKeyToo = false): boolean {
    this.load();
    if (this.heldKey === key && !sameKeyToo) return false;
    try {
      const body: ValueFileBody = { format: FORMAT, engine: this.engine, key, value };
      if (!replaceFile(this.file, this.compactRanges ? stringifyWithRanges(body) : JSON.stringify(body))) return false;
      this.heldKey = key;
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Reads the header the file was written with (format, engine, key come first) from its first
   * bytes: a value kept for other inputs (a check after an edit: 4.7 MB at 500 models) costs
   * neither a read nor a parse. The value is read and parsed by `get`, for its key only.
   */
  private load(): { key: string } | null {
    if (this.held !== undefined) return this.held;
    this.held = null;
    try {
      const header = VALUE_HEADER.exec(readHead(this.file, HEAD_BYTES));
      if (!header) return null;
      const [format, engine, key] = [Number(header[1]), JSON.parse(header[2]) as unknown, JSON.parse(header[3]) as unknown];
      if (format === FORMAT && engine === this.engine && typeof key === "string") {
        this.held = { key };
        this.heldKey = key;
      }
    } catch {
      // Missing or unreadable: as if empty; the next save replaces it.
    }
    return this.held;
  }
}

/** Enough of a value file for its header: keys are hashes or short JSON (a docs URL). */
const HEAD_BYTES = 16 * 1024;

/**
 * The first `bytes` of a file as text (a character cut at the end is replaced, which the header
 * never reaches); the whole file when the header is longer.
 */
function readHead(file: string, bytes: number): string {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    const head = buffer.toString("utf8", 0, read);
    return read < bytes || VALUE_HEADER.test(head) ? head : readFileSync(file, "utf8");
  } finally {
    closeSync(fd);
  }
}

/** How every value file begins (JSON.stringify keeps ValueFileBody's key order). */
const VALUE_HEADER = /^\{"format":(\d+),"engine":("(?:[^"\\]|\\.)*"),"key":("(?:[^"\\]|\\.)*"),"value":/;

/** Enough of a ModelsResult's shape to trust a reading that passed the format, engine and key checks. */
function looksRead(value: unknown): value is ModelsResult {
  if (typeof value !== "object" || value === null) return false;
  const result = value as Partial<ModelsResult>;
  return (
    typeof result.schema === "object" &&
    result.schema !== null &&
    typeof result.schema.tables === "object" &&
    typeof result.schema.enums === "object" &&
    Array.isArray(result.findings) &&
    Array.isArray(result.fields) &&
    Array.isArray(result.classes) &&
    typeof result.pythonEnums === "object"
  );
}

/** One project's last models reading (the models change far less often than a check runs). */
export class ModelsStore extends ValueStore<ModelsResult> {
  constructor(file: string, engine?: string) {
    super(file, looksRead, engine);
  }
}

/** Where a project's last models reading is kept; `undefined` when the cache is turned off. */
export function modelsStoreFor(layout: Pick<ProjectLayout, "alembicDir">, env: Env = process.env): ModelsStore | undefined {
  const directory = cacheDirectory(env);
  return directory ? new ModelsStore(cacheFileFor(directory, layout.alembicDir, "models")) : undefined;
}
