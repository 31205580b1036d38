// Re-reading after an edit reuses the tables the edit cannot affect; every reading must equal a
// fresh one, whichever file (a base, an enum, an alias, a convention, a same-named class) changed.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { test } from "node:test";
import { ModelsCache } from "../../../server/src/analysis/modelsCache";
import { readModels } from "../../../server/src/models";
import { keepsSyntaxTree, scanFile } from "../../../server/src/models/scan";
import { ModelScanCache } from "../../../server/src/models/scanCache";
import type { ModelSource, ModelsResult } from "../../../server/src/models/types";

const dir = join("/", "project", "app", "models");
const path = (name: string): string => join(dir, name);

const BASE = ["from sqlmodel import SQLModel, Field", "", "class Stamped(SQLModel):", "    created_by: str = Field(max_length=40)", ""].join("\n");
const ENUMS = ["import enum", "", "class Status(str, enum.Enum):", "    open = 'open'", "    done = 'done'", ""].join("\n");
const TYPES = ["from typing import Annotated", "from sqlmodel import Field", "", "Code = Annotated[str, Field(max_length=8)]", ""].join("\n");
const TASK = [
  "from sqlmodel import SQLModel, Field",
  "from .base import Stamped",
  "from .enums import Status",
  "from .types import Code",
  "",
  "class Task(Stamped, table=True):",
  "    id: int | None = Field(default=None, primary_key=True)",
  "    status: Status",
  "    code: Code",
  "",
].join("\n");
const OTHER = [
  "from sqlmodel import SQLModel, Field",
  "",
  "class Note(SQLModel, table=True):",
  "    id: int | None = Field(default=None, primary_key=True)",
  "    body: str = Field(index=True)",
  "",
].join("\n");

function project(overrides: Record<string, string> = {}): ModelSource[] {
  const files: Record<string, string> = { "base.py": BASE, "enums.py": ENUMS, "types.py": TYPES, "task.py": TASK, "note.py": OTHER, ...overrides };
  return Object.entries(files).map(([name, text]) => ({ path: path(name), text }));
}

function column(result: ModelsResult, table: string, name: string): string {
  const c = result.schema.tables[table]?.columns.find((x) => x.name === name);
  if (!c) return "missing";
  return `${c.type.kind}${"length" in c.type && c.type.length !== undefined ? `(${c.type.length})` : ""}${c.type.kind === "enum" ? `[${(c.type.enumValues ?? []).join(",")}]` : ""}`;
}

/** Reads through the cache and checks the result against a fresh, uncached reading. */
function readBoth(cache: ModelsCache, sources: ModelSource[]): ModelsResult {
  const cached = cache.read(sources);
  assert.deepEqual(JSON.parse(JSON.stringify(cached)), JSON.parse(JSON.stringify(readModels(sources))));
  return cached;
}

test("an edit in a base, an enum or an alias file reaches the tables that use it", () => {
  const cache = new ModelsCache();
  let result = readBoth(cache, project());
  assert.equal(column(result, "task", "created_by"), "string(40)");
  assert.equal(column(result, "task", "status"), "enum[open,done]");
  assert.equal(column(result, "task", "code"), "string(8)");

  result = readBoth(cache, project({ "base.py": BASE.replace("max_length=40", "max_length=60") }));
  assert.equal(column(result, "task", "created_by"), "string(60)");

  result = readBoth(cache, project({ "enums.py": ENUMS.replace("    done = 'done'", "    done = 'done'\n    late = 'late'") }));
  assert.equal(column(result, "task", "status"), "enum[open,done,late]");

  result = readBoth(cache, project({ "types.py": TYPES.replace("max_length=8", "max_length=12") }));
  assert.equal(column(result, "task", "code"), "string(12)");
  assert.equal(column(result, "note", "body"), "string");
});

test("a new class of a name another file resolves, and a naming convention, rebuild what they affect", () => {
  const cache = new ModelsCache();
  readBoth(cache, project());
  // A local Code class now shadows the alias imported from types.py.
  const shadow = TASK.replace("class Task(", "class Code(str):\n    pass\n\nclass Task(");
  let result = readBoth(cache, project({ "task.py": shadow }));
  assert.equal(column(result, "task", "code"), "string");

  const convention = `${OTHER}\nSQLModel.metadata.naming_convention = {"ix": "ix_%(column_0_name)s_%(table_name)s"}\n`;
  result = readBoth(cache, project({ "note.py": convention }));
  assert.deepEqual(result.schema.tables.note.indexes.map((i) => i.name), ["ix_body_note"]);
  result = readBoth(cache, project());
  assert.deepEqual(result.schema.tables.note.indexes.map((i) => i.name), ["ix_note_body"]);
});

test("unchanged tables are reused as built; module-level indexes and typed foreign keys never alter them", () => {
  const scans = new ModelScanCache();
  const withIndex = `${OTHER}\nfrom sqlalchemy import Index\nIndex("ix_note_pair", Note.body, Note.id)\n`;
  const first = readModels(project({ "note.py": withIndex }), { cache: scans });
  const again = readModels(project({ "note.py": withIndex, "task.py": TASK.replace("    code: Code", "    code: Code\n    extra: int") }), { cache: scans });
  assert.deepEqual(again.schema.tables.note.indexes.map((i) => i.name), ["ix_note_body", "ix_note_pair"]);
  assert.deepEqual(first.schema.tables.note.indexes.map((i) => i.name), ["ix_note_body", "ix_note_pair"]);
  assert.equal(column(again, "task", "extra"), "integer");
  assert.equal(column(first, "task", "extra"), "missing");
});

test("an edit that moves a class keeps the statements' ranges right", () => {
  const cache = new ModelsCache();
  readBoth(cache, project());
  const result = readBoth(cache, project({ "note.py": `# a comment line\n${OTHER}` }));
  const body = result.fields.find((f) => f.table === "note" && f.column === "body");
  assert.equal(body?.range.start.line, 5);
});

test("edits re-parsed incrementally read like a fresh parse: non-ASCII text, a longer line above a class, a typo and its fix", () => {
  const cache = new ModelsCache();
  const note = OTHER.replace("class Note(", "# Notizen für später\nclass Note(");
  readBoth(cache, project({ "note.py": note }));
  let result = readBoth(cache, project({ "note.py": note.replace("für", "für die Äbte"), "base.py": BASE.replace("max_length=40", "max_length=400") }));
  assert.equal(column(result, "task", "created_by"), "string(400)");
  const broken = note.replace("    body: str = Field(index=True)", "    body: str = Field(index=True\n    title: str");
  result = readBoth(cache, project({ "note.py": broken }));
  assert.ok(result.findings.some((f) => f.code === "model-syntax-error"));
  result = readBoth(cache, project({ "note.py": note.replace("    body: str = Field(index=True)", "    body: str = Field(index=True)\n    title: str") }));
  assert.deepEqual(result.schema.tables.note.columns.map((c) => c.name), ["id", "body", "title"]);
  assert.deepEqual(result.findings, []);
});

test("an edit outside an unchanged class (a module-level alias it uses) rebuilds its table", () => {
  const cache = new ModelsCache();
  const local = TASK.replace("class Task(", "Short = Annotated[str, Field(max_length=5)]\n\nclass Task(").replace("    code: Code", "    code: Code\n    tag: Short").replace("from sqlmodel", "from typing import Annotated\nfrom sqlmodel");
  let result = readBoth(cache, project({ "task.py": local }));
  assert.equal(column(result, "task", "tag"), "string(5)");
  result = readBoth(cache, project({ "task.py": local.replace("max_length=5", "max_length=9") }));
  assert.equal(column(result, "task", "tag"), "string(9)");
});

test("a file read for the first time keeps no syntax tree; a file being edited keeps one for its next edit", () => {
  const scans = new ModelScanCache();
  const first = scans.scan(path("note.py"), OTHER);
  assert.equal(keepsSyntaxTree(first), false);
  // Nothing left to read from a tree: the statements were converted with the scan.
  assert.deepEqual(first.classes[0].statements.map((s) => s.target), ["id", "body"]);
  const edited = OTHER.replace("    body: str = Field(index=True)", "    body: str = Field(index=True)\n    title: str | None = None");
  const second = scans.scan(path("note.py"), edited);
  assert.equal(keepsSyntaxTree(second), true, "edited: kept for the next edit");
  const third = scans.scan(path("note.py"), edited.replace("title", "heading"));
  assert.equal(keepsSyntaxTree(third), true);
  assert.equal(keepsSyntaxTree(second), false, "a tree serves one re-parse");
  const fresh = scanFile(path("note.py"), edited.replace("title", "heading"));
  assert.deepEqual(JSON.parse(JSON.stringify(third.classes.map((c) => c.statements))), JSON.parse(JSON.stringify(fresh.classes.map((c) => c.statements))));
  assert.equal(scans.scan(path("note.py"), edited.replace("title", "heading")), third, "the same text: the same scan");
});

test("a base that becomes a table class (or stops being one) changes which classes are tables, edit by edit", () => {
  const cache = new ModelsCache();
  const tableBase = BASE.replace("class Stamped(SQLModel):", "class Stamped(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)");
  let result = readBoth(cache, project());
  assert.deepEqual(Object.keys(result.schema.tables).sort(), ["note", "task"]);
  // SQLModel: a subclass of a table class is not a table of its own (its table=True is ignored).
  result = readBoth(cache, project({ "base.py": tableBase }));
  assert.deepEqual(Object.keys(result.schema.tables).sort(), ["note", "stamped"]);
  result = readBoth(cache, project());
  assert.deepEqual(Object.keys(result.schema.tables).sort(), ["note", "task"]);
  // The same through a base in the same file as the class, edited there.
  const local = TASK.replace("class Task(Stamped, table=True):", "class Local(SQLModel):\n    x: int = 0\n\nclass Task(Local, table=True):");
  result = readBoth(cache, project({ "task.py": local }));
  assert.deepEqual(Object.keys(result.schema.tables).sort(), ["note", "task"]);
  result = readBoth(cache, project({ "task.py": local.replace("class Local(SQLModel):", "class Local(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)") }));
  assert.deepEqual(Object.keys(result.schema.tables).sort(), ["local", "note"]);
});
