// Model files -> Schema (origin "models"). Parses, never executes. Each file is parsed once; classes
// are indexed by name, so the work is linear in the size of the models.
import type { Finding } from "../findings/types";
import { dottedName, lastSegment, printExpr, stringValue, type PyExpr } from "../python/syntax";
import { emptySchema, type Column, type Range, type Schema, type Table } from "../schema/types";
import { ClassGraph, declaresTable } from "./classGraph";
import { MODEL_CODES, type ModelCode } from "./codes";
import type { EnumMembers } from "./columnSpec";
import { scanFile, type ScannedClass, type ScannedFile } from "./scan";
import type { BuildOutcome, CachedBuild } from "./scanCache";
import { buildTable, sharedSaColumnFindings, type BuiltTable } from "./tables";
import { conventionFromDict, namer, type Namer, type NamingConvention } from "./naming";
import type { ModelClass, ModelField, ModelSource, ModelsResult, ReadModelsOptions } from "./types";
import type { FieldContext } from "./fields";

export function readModels(files: ModelSource[], options: ReadModelsOptions = {}): ModelsResult {
  const findings: Finding[] = [];
  const scanned: ScannedFile[] = [];
  for (const file of files) {
    try {
      const s = options.cache ? options.cache.scan(file.path, file.text) : scanFile(file.path, file.text);
      scanned.push(s);
      if (s.syntaxErrors.length > 0) {
        const at = s.syntaxErrors[0];
        findings.push(
          modelFinding("model-syntax-error", `This file has a syntax error at line ${at.start.line + 1}; the models are read around it, fields there may be missing.`, file.path, at),
        );
      }
    } catch (error) {
      findings.push(modelFinding("model-syntax-error", `This file could not be parsed (${(error as Error).message}); its models are skipped.`, file.path));
    }
  }
  options.cache?.retain(files.map((f) => f.path));
  const graph = new ClassGraph(scanned);
  const aliases = aliasIndex(scanned);
  const enums = enumIndex(scanned, graph);
  const enumsByName: Record<string, string[]> = {};
  for (const [name, e] of enums) enumsByName[name] = e.members.names;

  const ctx: Omit<FieldContext, "file"> = {
    graph,
    alias: (name, file) => {
      const found = resolveAlias(name, file, graph, aliases);
      if (found) graph.file(found.file); // recorded as read by the build that asked
      return found;
    },
    enumOf: (name) => enums.get(name)?.members,
    enumsByName,
    awareDatetime: atLeast(options.sqlmodelVersion, [0, 0, 45]),
  };
  const convention = findConvention(scanned, aliases);
  const names = namer(convention);
  const enumsByTypeName = new Map([...enums.values()].map((e) => [e.cls.name.toLowerCase(), e]));
  const schema: Schema = emptySchema("models");
  const fields: ModelField[] = [];
  const classes: ModelClass[] = [];
  const tableClass = new Map<string, ScannedClass>();
  const registered: BuiltTable[] = [];

  const key = options.cache ? buildsKey(scanned, enums, convention, ctx.awareDatetime) : "";
  const builds = new Map<ScannedClass, CachedBuild>();
  const current = new Set(scanned.flatMap((f) => f.classes));
  for (const file of scanned) {
    for (const cls of file.classes) {
      // A kept build of the class was made while it was a table class, and everything that decides
      // that (the class, its ancestors, the files and names they were looked up through) is as
      // then: no need to ask again (at 500 models, asking was a C3 merge per class per edit).
      const kept = options.cache?.builtTable(cls, key, current, (path) => moduleSignature(graph.file(path)));
      if (!kept && !isTableClass(cls, graph)) continue;
      const entry = kept ?? build(cls, { ...ctx, file: cls.file }, names, graph);
      builds.set(cls, entry);
      const outcome = entry.outcome;
      if ("error" in outcome) {
        findings.push(modelFinding("model-syntax-error", `Class ${cls.name} could not be read (${outcome.error}).`, cls.file, cls.nameRange));
        continue;
      }
      const built = outcome.built;
      findings.push(...built.findings);
      const existing = tableClass.get(built.table.name);
      if (existing) {
        findings.push({
          ...modelFinding("model-duplicate-table", `${cls.name} and ${existing.name} both map to table ${built.table.name}; SQLAlchemy refuses the second.`, cls.file, cls.nameRange),
          table: built.table.name,
        });
        continue;
      }
      tableClass.set(built.table.name, cls);
      registered.push(built);
      // The built table itself, so an unchanged class gives the same table object from one reading to
      // the next (the diff reuses its result for it); what changes it below works on a copy.
      const table = built.table;
      schema.tables[table.name] = table;
      fields.push(...built.fields);
      classes.push({ className: cls.name, table: table.name, file: cls.file, range: cls.range, nameRange: cls.nameRange });
      registerEnumTypes(schema, table, enumsByTypeName);
    }
  }
  options.cache?.keepBuilds(key, builds);
  findings.push(...sharedSaColumnFindings(registered));
  const tableOfClass = new Map([...tableClass].map(([name, cls]) => [cls, name]));
  const copied = new Set<string>();
  /** The schema's table to change: a copy of the built one, made on the first change. */
  const writable = (name: string): Table => {
    if (!copied.has(name)) {
      const built = schema.tables[name];
      schema.tables[name] = { ...built, columns: [...built.columns], indexes: [...built.indexes] };
      copied.add(name);
    }
    return schema.tables[name];
  };
  // Only module-level Index(...) calls need it; most projects have none.
  const columnOf = scanned.some((f) => f.moduleIndexes.length > 0) ? new Map(fields.map((f) => [`${f.table}.${f.attribute}`, f.column])) : new Map<string, string>();
  for (const file of scanned) {
    for (const call of file.moduleIndexes) attachModuleIndex(call, file.path, graph, tableOfClass, writable, names, columnOf);
  }
  typeColumnsFromForeignKeys(schema, writable);
  return { schema, findings, fields, classes, pythonEnums: enumsByName, ...(convention ? { namingConvention: convention } : {}) };
}

/** Builds one table, noting what the build read. */
function build(cls: ScannedClass, ctx: FieldContext, names: Namer, graph: ClassGraph): CachedBuild {
  const reads = { classes: new Set([cls]), modules: new Set([cls.file]) };
  let outcome: BuildOutcome;
  try {
    outcome = { built: graph.record(() => buildTable(cls, ctx, names), reads).value };
  } catch (error) {
    outcome = { error: (error as Error).message };
  }
  const modules = [...reads.modules].map((path): [string, string | undefined] => [path, moduleSignature(graph.file(path))]);
  return { classes: [...reads.classes], modules, outcome };
}

const signatures = new WeakMap<ScannedFile, string>();

/** A file's imports and module-level values (with their positions): what builds read of a file besides its classes. */
export function moduleSignature(file: ScannedFile | undefined): string | undefined {
  if (!file) return undefined;
  let signature = signatures.get(file);
  if (signature === undefined) {
    signature = JSON.stringify([[...file.imports], [...file.moduleValues]]);
    signatures.set(file, signature);
  }
  return signature;
}

const namesOfFile = new WeakMap<ScannedFile, string>();

/**
 * What every table build reads besides the files it records: the options, the naming convention,
 * the enums, and which class and alias names each file defines (a name lookup's answer can move to
 * another file when they change). A different key rebuilds every table.
 */
function buildsKey(files: ScannedFile[], enums: Map<string, EnumEntry>, convention: NamingConvention | undefined, awareDatetime: boolean): string {
  const perFile = files.map((file) => {
    let names = namesOfFile.get(file);
    if (names === undefined) {
      const aliases = [...file.moduleValues].filter(([, expr]) => isTypeLike(expr)).map(([name]) => name);
      names = JSON.stringify([file.path, file.classes.map((c) => c.name), aliases]);
      namesOfFile.set(file, names);
    }
    return names;
  });
  const enumKey = [...enums].map(([name, e]) => [name, e.cls.file, e.members]);
  return JSON.stringify([awareDatetime, convention ?? null, enumKey, perFile]);
}

/** A built table's columns of an enum type (or an array of one); built tables are not changed, so once per table. */
const enumColumnsOf = new WeakMap<Table, Column[]>();

/** Every enum column's type becomes a schema enum (PostgreSQL creates it with the table). */
function registerEnumTypes(schema: Schema, table: Table, enumsByTypeName: Map<string, EnumEntry>): void {
  let columns = enumColumnsOf.get(table);
  if (!columns) {
    columns = table.columns.filter((c) => (c.type.kind === "array" ? c.type.itemType : c.type)?.kind === "enum");
    enumColumnsOf.set(table, columns);
  }
  for (const column of columns) {
    const type = column.type.kind === "array" ? column.type.itemType : column.type;
    if (type?.kind !== "enum" || !type.enumName || schema.enums[type.enumName]) continue;
    const cls = enumsByTypeName.get(type.enumName)?.cls;
    const source = cls ? { file: cls.file, range: cls.nameRange } : column.source;
    schema.enums[type.enumName] = { name: type.enumName, values: type.enumValues ?? [], ...(source ? { source } : {}) };
  }
}

/** SQLModel: a class is a table when its config says table=True, unless a base already is one (sqlmodel/main.py SQLModelMetaclass.__init__). */
function isTableClass(cls: ScannedClass, graph: ClassGraph): boolean {
  return declaresTable(cls) && !graph.mro(cls).slice(1).some(declaresTable);
}

function modelFinding(code: ModelCode, message: string, file: string, range?: Range): Finding {
  return { code, severity: MODEL_CODES[code].severity, message, file, ...(range ? { range } : {}) };
}

type AliasIndex = Map<string, { file: string; expr: PyExpr }[]>;

function aliasIndex(files: ScannedFile[]): AliasIndex {
  const out: AliasIndex = new Map();
  for (const file of files) {
    for (const [name, expr] of file.moduleValues) {
      if (!isTypeLike(expr)) continue;
      const list = out.get(name);
      if (list) list.push({ file: file.path, expr });
      else out.set(name, [{ file: file.path, expr }]);
    }
  }
  return out;
}

function isTypeLike(expr: PyExpr): boolean {
  return expr.kind === "name" || expr.kind === "attr" || expr.kind === "subscript" || expr.kind === "binop" || expr.kind === "call";
}

function resolveAlias(name: string, file: string, graph: ClassGraph, aliases: AliasIndex): { expr: PyExpr; file: string } | undefined {
  const list = aliases.get(name);
  if (!list) {
    // `from .types import Email as EmailType`: look the alias up under its original name.
    const imp = graph.file(file)?.imports.get(name);
    return imp?.name && imp.name !== name && imp.name !== "*" ? resolveAlias(imp.name, file, graph, aliases) : undefined;
  }
  return list.find((a) => a.file === file) ?? (graph.file(file)?.imports.has(name) ? list[0] : list.find(() => true));
}

interface EnumEntry {
  cls: ScannedClass;
  members: EnumMembers;
}

/** Enum classes in the model files: member names (SQLAlchemy's labels) and values, in order. */
function enumIndex(files: ScannedFile[], graph: ClassGraph): Map<string, EnumEntry> {
  const out = new Map<string, EnumEntry>();
  for (const file of files) {
    for (const cls of file.classes) {
      if (out.has(cls.name) || !graph.isEnum(cls)) continue;
      const names: string[] = [];
      const values: string[] = [];
      for (const stmt of cls.statements) {
        // Enum ignores _sunder_ and __dunder__ names and private __names (docs "enum", Supported names).
        if (!stmt.value || !/^[A-Za-z_]\w*$/.test(stmt.target) || /^_.*_$/.test(stmt.target) || stmt.target.startsWith("__")) continue;
        if (stmt.value.kind === "call" && lastSegment(dottedName(stmt.value.func)) === "nonmember") continue;
        names.push(stmt.target);
        values.push(stringValue(stmt.value) ?? printExpr(stmt.value));
      }
      out.set(cls.name, { cls, members: { names, values } });
    }
  }
  return out;
}

/** The first naming convention set in the files (on SQLModel.metadata or a MetaData(...)). */
function findConvention(files: ScannedFile[], aliases: AliasIndex): NamingConvention | undefined {
  for (const file of files) {
    for (const { value } of file.conventions) {
      let dict: PyExpr | undefined = value;
      if (value.kind === "name") dict = file.moduleValues.get(value.name) ?? aliases.get(value.name)?.[0]?.expr ?? findDict(files, value.name);
      const convention = dict ? conventionFromDict(dict) : undefined;
      if (convention) return convention;
    }
  }
  return undefined;
}

function findDict(files: ScannedFile[], name: string): PyExpr | undefined {
  for (const file of files) {
    const value = file.moduleValues.get(name);
    if (value?.kind === "dict") return value;
  }
  return undefined;
}

/** `Index("ix_tasks_owner_done", Task.owner_id, Task.done)` next to the class: an index of Task's table. */
function attachModuleIndex(
  call: Extract<PyExpr, { kind: "call" }>,
  file: string,
  graph: ClassGraph,
  tableOfClass: Map<ScannedClass, string>,
  writable: (table: string) => Table,
  names: ReturnType<typeof namer>,
  columnOf: Map<string, string>,
): void {
  const [nameExpr, ...columns] = call.args;
  const first = columns[0];
  if (first?.kind !== "attr") return;
  const cls = graph.lookup(first.object, file);
  const tableName = cls ? tableOfClass.get(cls) : undefined;
  if (tableName === undefined) return;
  const table = writable(tableName);
  // `Model.attr` names the attribute; its column may be named otherwise (sa_column=Column("x", ...)).
  const columnNames = columns.map((c) => (c.kind === "attr" ? (columnOf.get(`${table.name}.${c.name}`) ?? c.name) : stringValue(c)));
  const unique = call.kwargs.some((k) => k.name === "unique" && k.value.kind === "bool" && k.value.value);
  const special = call.kwargs.some((k) => /^postgresql_(where|using|ops)$/.test(k.name));
  const source = { file, range: call.range };
  if (columnNames.every((c): c is string => c !== undefined) && !special) {
    table.indexes.push({ name: names.index(table.name, columnNames, stringValue(nameExpr)), columns: columnNames, unique, source });
  } else {
    table.indexes.push({ name: stringValue(nameExpr) ?? `${table.name}_expr_idx`, columns: [], unique, opaque: true, definition: printExpr(call), source });
  }
}

/** `Column(ForeignKey("users.id"))` without a type: SQLAlchemy takes the referenced column's type. */
function typeColumnsFromForeignKeys(schema: Schema, writable: (table: string) => Table): void {
  for (const name of Object.keys(schema.tables)) {
    if (!hasUntypedColumn(schema.tables[name])) continue;
    // New column objects in a copy of the table: the built table's own stay as built for the next reading.
    const table = writable(name);
    table.columns = table.columns.map((column) => {
      if (column.type.kind !== "unknown" || column.type.raw !== "") return column;
      const fk = table.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === column.name);
      const target = fk ? schema.tables[fk.refTable]?.columns.find((c) => c.name === fk.refColumns[0]) : undefined;
      return target ? { ...column, type: { ...target.type } } : column;
    });
  }
}

/** Whether a table has a column without a type (`Column(ForeignKey(...))`); once per built table. */
const untyped = new WeakMap<Table, boolean>();

function hasUntypedColumn(table: Table): boolean {
  let answer = untyped.get(table);
  if (answer === undefined) {
    answer = table.columns.some((c) => c.type.kind === "unknown" && c.type.raw === "");
    untyped.set(table, answer);
  }
  return answer;
}

function atLeast(version: string | undefined, minimum: number[]): boolean {
  if (!version) return true;
  const parts = version.split(/[.+-]/).map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < minimum.length; i++) {
    const v = Number.isNaN(parts[i]) || parts[i] === undefined ? 0 : parts[i];
    if (v !== minimum[i]) return v > minimum[i];
  }
  return true;
}
