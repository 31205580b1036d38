// One table class (with its bases) -> Table, its fields and findings.
import type { Finding } from "../findings/types";
import { dottedName, lastSegment, stringValue, type PyAssignment } from "../python/syntax";
import { emptyTable, type Range, type Table } from "../schema/types";
import { MODEL_CODES, type ModelCode } from "./codes";
import { referentialAction, splitForeignKeyTarget } from "./columnSpec";
import { fieldColumn, isFieldStatement, type FieldContext } from "./fields";
import type { Namer } from "./naming";
import type { ScannedClass } from "./scan";
import { applyTableArgs } from "./tableArgs";
import type { ModelField } from "./types";

// Bases that contribute no columns of their own.
const EXTERNAL_BASES = new Set(["SQLModel", "BaseModel", "object", "Generic", "ABC", "Protocol", "AsyncAttrs"]);

const INTEGER_KINDS = new Set(["integer", "bigint", "smallint"]);

export interface BuiltTable {
  table: Table;
  fields: ModelField[];
  findings: Finding[];
  /** Enum classes the columns use. */
  enumClasses: string[];
  /** The columns that are their field's `sa_column` (see sharedSaColumnFindings). */
  saColumns: SaColumnUse[];
}

/** A table's column taken as it is from a field's `sa_column`, and where that field is declared. */
export interface SaColumnUse {
  column: string;
  /** The class declaring the field, and its statement. */
  declaredIn: string;
  file: string;
  range: Range;
}

interface Declared {
  stmt: PyAssignment;
  owner: ScannedClass;
}

export function buildTable(cls: ScannedClass, ctx: FieldContext, names: Namer): BuiltTable {
  const findings: Finding[] = [];
  const mro = ctx.graph.mro(cls);
  const tableName = tableNameOf(cls, mro, findings);
  const table = emptyTable(tableName, { file: cls.file, range: cls.nameRange });
  const finding = (code: ModelCode, message: string, file: string, stmt?: PyAssignment, column?: string, separator = ": "): void => {
    findings.push({
      code,
      severity: MODEL_CODES[code].severity,
      message: `${tableName}${separator}${message}`,
      file,
      range: stmt?.range ?? cls.nameRange,
      table: tableName,
      ...(column ? { column } : {}),
    });
  };
  for (const c of mro) {
    ctx.graph.bases(c).forEach((resolved, i) => {
      const name = lastSegment(dottedName(c.bases[i]));
      if (!resolved && name && !EXTERNAL_BASES.has(name)) {
        finding("model-unresolved-base", `base class ${name} of ${c.name} is not in the model files; columns it declares are not seen.`, c.file);
      }
    });
  }

  const fields: ModelField[] = [];
  const enumClasses: string[] = [];
  const saColumns: SaColumnUse[] = [];
  const singleColumnSpecs = new Map<string, { autoincrement?: boolean }>();
  // Each field is read in the context of the file that declares it (one context per file).
  const contexts = new Map<string, FieldContext>([[ctx.file, ctx]]);
  const contextOf = (file: string): FieldContext => {
    let found = contexts.get(file);
    if (!found) contexts.set(file, (found = { ...ctx, file }));
    return found;
  };
  for (const { stmt, owner } of fieldOrder(cls, mro)) {
    const built = fieldColumn(stmt, contextOf(owner.file));
    if (!built) continue;
    for (const p of built.problems) {
      const columnName = built.column?.name ?? stmt.target;
      finding(p.code, `${columnName}: ${p.message}`, owner.file, stmt, columnName, ".");
    }
    const column = built.column;
    if (!column || table.columns.some((c) => c.name === column.name)) continue;
    column.source = { file: owner.file, range: stmt.range };
    table.columns.push(column);
    singleColumnSpecs.set(column.name, { autoincrement: built.spec.autoincrement });
    if (built.enumClass) enumClasses.push(built.enumClass);
    fields.push({ table: tableName, column: column.name, attribute: stmt.target, className: cls.name, declaredIn: owner.name, file: owner.file, range: stmt.range, nameRange: stmt.targetRange });
    if (built.saColumn) saColumns.push({ column: column.name, declaredIn: owner.name, file: owner.file, range: stmt.range });

    const spec = built.spec;
    for (const fk of spec.foreignKeys) {
      const target = splitForeignKeyTarget(fk.target);
      if (!target) {
        finding("model-invalid-foreign-key", `ForeignKey(${JSON.stringify(fk.target)}) on ${column.name} does not name "table.column".`, owner.file, stmt, column.name);
        continue;
      }
      const onDelete = referentialAction(fk.onDelete);
      const onUpdate = referentialAction(fk.onUpdate);
      table.foreignKeys.push({
        name: names.foreignKey(tableName, [column.name], target.table, [target.column], fk.name),
        columns: [column.name],
        refTable: target.table,
        refColumns: [target.column],
        ...(onDelete ? { onDelete } : {}),
        ...(onUpdate ? { onUpdate } : {}),
        source: { file: owner.file, range: fk.range },
      });
    }
    const source = { file: owner.file, range: stmt.range };
    // Column(index=True) makes an Index, unique when unique=True too; unique=True alone makes a
    // UniqueConstraint (sqlalchemy/sql/schema.py Column._set_parent).
    if (spec.index) table.indexes.push({ name: names.index(tableName, [column.name]), columns: [column.name], unique: spec.unique === true, source });
    else if (spec.unique) table.uniques.push({ name: names.unique(tableName, [column.name]), columns: [column.name], source });
    for (const check of spec.checks) {
      const name = names.check(tableName, check.name);
      table.checks.push({ expression: check.expression, ...(name ? { name } : {}), source });
    }
  }

  const pkColumns = table.columns.filter((c) => c.primaryKey).map((c) => c.name);
  if (pkColumns.length > 0) table.primaryKey = { name: names.primaryKey(tableName, pkColumns), columns: pkColumns };
  const tableArgs = mro.map((c) => c.statements.find((s) => s.target === "__table_args__")).find((s) => s?.value);
  if (tableArgs?.value) applyTableArgs(table, tableArgs.value, mro.find((c) => c.statements.includes(tableArgs))!.file, names);
  if (!table.primaryKey || table.primaryKey.columns.length === 0) {
    finding("model-no-primary-key", `${cls.name} has no primary key column; SQLAlchemy cannot map it (add Field(primary_key=True)).`, cls.file);
  }
  markAutoincrement(table, singleColumnSpecs);
  truncateIdentifiers(table, fields);
  return { table, fields, findings, enumClasses, saColumns };
}

/**
 * `Field(sa_column=Column(...))` in a class that several table classes inherit the field from:
 * the Column object is made once, with the declaring class, and SQLAlchemy assigns a Column to
 * one table only, so defining the second table class fails ("Column object 'created_at' already
 * assigned to Table 'users'") and the models cannot be imported. One finding per such field, on
 * its statement, naming the tables (in the order given).
 */
export function sharedSaColumnFindings(tables: readonly BuiltTable[]): Finding[] {
  const uses = new Map<string, { use: SaColumnUse; tables: string[] }>();
  for (const built of tables) {
    for (const use of built.saColumns) {
      const key = `${use.file}\0${use.range.start.line}\0${use.range.start.character}`;
      const entry = uses.get(key);
      if (entry) entry.tables.push(built.table.name);
      else uses.set(key, { use, tables: [built.table.name] });
    }
  }
  const findings: Finding[] = [];
  for (const { use, tables: names } of uses.values()) {
    if (names.length < 2) continue;
    const listed = `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
    findings.push({
      code: "model-shared-sa-column",
      severity: MODEL_CODES["model-shared-sa-column"].severity,
      message:
        `${use.column}: the sa_column of ${use.declaredIn} is one Column object, and SQLAlchemy gives a Column to one table only: ` +
        `${listed} all inherit it, so defining the second of them fails ("Column object '${use.column}' already assigned to Table ...") ` +
        `and the models cannot be imported. Use sa_type=... and sa_column_kwargs={...} instead, which make a Column per table.`,
      file: use.file,
      range: use.range,
      column: use.column,
    });
  }
  return findings;
}

/**
 * SQLModel's default table name is `cls.__name__.lower()`, no snake_case (sqlmodel/main.py,
 * SQLModel.__tablename__ declared_attr, 0.0.47). A `__tablename__` in the class or a base wins,
 * also in the annotated form `__tablename__: str = "x"`.
 */
function tableNameOf(cls: ScannedClass, mro: ScannedClass[], findings: Finding[]): string {
  for (const c of mro) {
    const stmt = c.statements.find((s) => s.target === "__tablename__" && s.value);
    if (stmt?.value) {
      const literal = stringValue(stmt.value);
      if (literal !== undefined) return literal;
      findings.push(dynamicName(cls, c.file, stmt.range));
      return cls.name.toLowerCase();
    }
    if (c.computedTablename) {
      findings.push(dynamicName(cls, c.file, c.computedTablename));
      return cls.name.toLowerCase();
    }
  }
  return cls.name.toLowerCase();
}

function dynamicName(cls: ScannedClass, file: string, range: Finding["range"]): Finding {
  return {
    code: "model-dynamic-tablename",
    severity: MODEL_CODES["model-dynamic-tablename"].severity,
    message: `The table name of ${cls.name} is computed; ${cls.name.toLowerCase()} is assumed.`,
    file,
    ...(range ? { range } : {}),
  };
}

/**
 * Column order of a SQLModel table. Pydantic orders fields by the reversed MRO (a redeclared field
 * keeps its first position); SQLModelMetaclass.__new__ sets their Columns on the class in that order
 * (pydantic has removed the body's defaults from the class namespace), and SQLAlchemy's declarative
 * scan then merges `vars(cls)` with the class's own `__annotations__` (relationships first) through
 * `util.merge_lists_w_ordering` (sqlalchemy/orm/decl_base.py _cls_attr_resolver, SQLAlchemy 2.0;
 * sqlmodel/main.py 0.0.47). So a field the table class redeclares may move behind inherited ones.
 */
function fieldOrder(cls: ScannedClass, mro: ScannedClass[]): Declared[] {
  const byName = new Map<string, Declared>();
  for (const owner of [...mro].reverse()) {
    for (const stmt of owner.statements) if (isFieldStatement(stmt)) byName.set(stmt.target, { stmt, owner });
  }
  const annotated = cls.statements.filter((s) => s.annotation && /^[A-Za-z_]\w*$/.test(s.target));
  const relationships = annotated.filter(isRelationship).map((s) => s.target);
  // Annotated body attributes that stay in the class namespace (ClassVar values, `__tablename__: str = ...`).
  const isPrivate = (name: string): boolean => name.startsWith("_") && !name.startsWith("__");
  const keptInNamespace = annotated.filter((s) => s.value && !isFieldStatement(s) && !isRelationship(s) && !isPrivate(s.target)).map((s) => s.target);
  const classVars = [...keptInNamespace, ...byName.keys(), ...relationships];
  const annotations = [...new Set([...relationships, ...annotated.map((s) => s.target)])];
  return mergeListsWithOrdering(classVars, annotations).flatMap((name) => {
    const declared = byName.get(name);
    if (!declared) return [];
    byName.delete(name);
    return [declared];
  });
}

function isRelationship(stmt: PyAssignment): boolean {
  return stmt.value?.kind === "call" && lastSegment(dottedName(stmt.value.func)) === "Relationship";
}

/** sqlalchemy/util/_collections.py merge_lists_w_ordering (SQLAlchemy 2.0), same algorithm. */
export function mergeListsWithOrdering<T>(a: T[], b: T[]): T[] {
  const inB = new Set(b);
  const overlap = new Set(a.filter((x) => inB.has(x)));
  const result: T[] = [];
  const lists = [a, b];
  const positions = [0, 0];
  let current = 0;
  for (;;) {
    const list = lists[current];
    let switched = false;
    while (positions[current] < list.length) {
      const element = list[positions[current]++];
      if (overlap.has(element)) {
        overlap.delete(element);
        current = 1 - current;
        switched = true;
        break;
      }
      result.push(element);
    }
    if (!switched) {
      const other = 1 - current;
      result.push(...lists[other].slice(positions[other]));
      return result;
    }
  }
}

/**
 * SQLAlchemy autoincrement="auto": a single-column integer primary key without a foreign key or
 * default gets SERIAL / identity semantics (sqlalchemy/sql/schema.py Column autoincrement docs).
 */
function markAutoincrement(table: Table, specs: Map<string, { autoincrement?: boolean }>): void {
  const pk = table.primaryKey?.columns ?? [];
  for (const column of table.columns) {
    const explicit = specs.get(column.name)?.autoincrement;
    if (explicit === true) column.autoincrement = true;
    if (explicit !== undefined || pk.length !== 1 || pk[0] !== column.name) continue;
    const hasForeignKey = table.foreignKeys.some((f) => f.columns.includes(column.name));
    if (INTEGER_KINDS.has(column.type.kind) && !hasForeignKey && column.serverDefault === undefined && column.clientDefault === undefined) {
      column.autoincrement = true;
    }
  }
}

/**
 * PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1) when it creates them; SQLAlchemy
 * passes long column names through, so the database holds the truncated name.
 */
function truncateIdentifiers(table: Table, fields: ModelField[]): void {
  const cut = (name: string): string => truncateBytes(name, 63);
  if (![table.name, ...table.columns.map((c) => c.name)].some((n) => Buffer.byteLength(n) > 63)) return;
  table.name = cut(table.name);
  for (const c of table.columns) c.name = cut(c.name);
  for (const f of fields) (f.column = cut(f.column)), (f.table = table.name);
  if (table.primaryKey) table.primaryKey.columns = table.primaryKey.columns.map(cut);
  for (const fk of table.foreignKeys) (fk.columns = fk.columns.map(cut)), (fk.refColumns = fk.refColumns.map(cut)), (fk.refTable = cut(fk.refTable));
  for (const ix of table.indexes) ix.columns = ix.columns.map(cut);
  for (const uq of table.uniques) uq.columns = uq.columns.map(cut);
}

function truncateBytes(name: string, max: number): string {
  if (Buffer.byteLength(name) <= max) return name;
  let out = "";
  for (const ch of name) {
    if (Buffer.byteLength(out + ch) > max) break;
    out += ch;
  }
  return out;
}
