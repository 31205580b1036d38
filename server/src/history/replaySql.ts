// Replay of static SQL from op.execute(...): the forms migrations write by hand are applied
// (renames, NOT NULL / DEFAULT changes, enum types, simple indexes, drops); data statements and
// objects the Schema does not model change nothing; anything else is opaque, and the tables it
// names are marked uncertain.
import { parsePgType } from "../schema/columnTypes";
import type { Column } from "../schema/types";
import { findColumn } from "../schema/types";
import { removeConstraint } from "./applyConstraintOps";
import { addConstraintSql, isNoShapeChange } from "./replaySqlConstraints";
import { conflict, opaqueStep, sourceOf, type ReplayContext } from "./replayContext";
import { dropColumn, renameColumn, renameTable, updateEnum } from "./schemaEdits";
import { IDENT, identifier, splitSqlStatements, splitTopLevel, stringLiterals } from "./sqlStatements";
import type { MigrationOp } from "./types";

const NO_SCHEMA_EFFECT = new RegExp(
  "^(?:UPDATE|INSERT|DELETE|SELECT|WITH|VALUES|SET|RESET|SHOW|BEGIN|COMMIT|ROLLBACK|START|SAVEPOINT|RELEASE|ANALYZE|VACUUM|" +
    "GRANT|REVOKE|COMMENT|NOTIFY|LISTEN|LOCK|TRUNCATE|COPY|REFRESH|CALL|CLUSTER|REINDEX|" +
    "(?:CREATE|DROP|ALTER)(?: OR REPLACE)? (?:FUNCTION|PROCEDURE|TRIGGER|VIEW|MATERIALIZED VIEW|EXTENSION|SEQUENCE|SCHEMA|POLICY|RULE|ROLE|USER|AGGREGATE|PUBLICATION|SUBSCRIPTION|EVENT TRIGGER|DOMAIN|COLLATION|TEXT SEARCH))\\b",
  "i",
);

const I = IDENT;
const re = (source: string): RegExp => new RegExp(`^${source}$`, "i");
const ALTER_TABLE = re(`ALTER TABLE (?:IF EXISTS )?(?:ONLY )?(${I})\\s+(.*)`);
const ALTER_TYPE = re(`ALTER TYPE (${I}) (.*)`);
const CREATE_ENUM = re(`CREATE TYPE (${I}) AS ENUM\\s*\\((.*)\\)`);
const DROP_TYPE = re(`DROP TYPE (?:IF EXISTS )?(.*?)(?: CASCADE| RESTRICT)?`);
const CREATE_INDEX = re(`CREATE (UNIQUE )?INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?(${I}) ON (?:ONLY )?(${I})(?: USING \\w+)?\\s*\\((.*?)\\)(.*)`);
const DROP_INDEX = re(`DROP INDEX (?:CONCURRENTLY )?(?:IF EXISTS )?(.*?)(?: CASCADE| RESTRICT)?`);
const RENAME_INDEX = re(`ALTER INDEX (?:IF EXISTS )?(${I}) RENAME TO (${I})`);
const DO_BLOCK = re(`DO (?:LANGUAGE plpgsql )?(\\$[A-Za-z_]*\\$)(.*)\\1(?: LANGUAGE plpgsql)?`);
/** What in a DO block could change the schema: DDL, and SQL built and run at run time. */
const BLOCK_DDL = /\b(?:CREATE|ALTER|DROP|TRUNCATE|RENAME|COMMENT|GRANT|REVOKE|REINDEX|CLUSTER|SECURITY|IMPORT|EXECUTE|CALL)\b/i;
const DROP_TABLE = re(`DROP TABLE (?:IF EXISTS )?(.*?)(?: CASCADE| RESTRICT)?`);
const CREATE_TABLE = re(`CREATE (?:UNLOGGED |TEMP |TEMPORARY )?TABLE (?:IF NOT EXISTS )?(${I}).*`);
/** Table names anywhere in text we cannot read, to mark them uncertain. */
const TABLE_MENTIONS = new RegExp(`(?:ALTER TABLE (?:IF EXISTS )?(?:ONLY )?|\\bON (?:ONLY )?|DROP TABLE (?:IF EXISTS )?|CREATE TABLE (?:IF NOT EXISTS )?|UPDATE |INTO )(${I})`, "gi");

/** Applies op.execute SQL; returns true when every statement was understood. */
export function replaySql(ctx: ReplayContext, op: MigrationOp, sql: string): boolean {
  let understood = true;
  for (const statement of splitSqlStatements(sql)) {
    if (!applyStatement(ctx, op, statement)) {
      understood = false;
      const mentioned = [...statement.matchAll(TABLE_MENTIONS)].map((m) => identifier(m[1])).filter((t) => ctx.state.table(t));
      opaqueStep(ctx, op, `SQL "${statement.slice(0, 60)}${statement.length > 60 ? "..." : ""}"`, mentioned);
    }
  }
  return understood;
}

function applyStatement(ctx: ReplayContext, op: MigrationOp, statement: string): boolean {
  if (NO_SCHEMA_EFFECT.test(statement) || isCheckBlock(statement)) return true;
  let m: RegExpExecArray | null;
  if ((m = ALTER_TABLE.exec(statement))) return alterTable(ctx, op, identifier(m[1]), m[2]);
  if ((m = CREATE_ENUM.exec(statement))) {
    const name = identifier(m[1]);
    if (!ctx.state.enumType(name)) ctx.state.putEnum({ name, values: stringLiterals(m[2]), source: sourceOf(ctx, op) });
    else conflict(ctx, op, `CREATE TYPE ${name} creates an enum type that already exists`);
    return true;
  }
  if ((m = ALTER_TYPE.exec(statement))) return alterType(ctx, op, identifier(m[1]), m[2]);
  if ((m = DROP_TYPE.exec(statement))) {
    for (const name of splitTopLevel(m[1])) ctx.state.removeEnum(identifier(name));
    return true;
  }
  if ((m = CREATE_INDEX.exec(statement))) return createIndex(ctx, op, statement, m);
  if ((m = DROP_INDEX.exec(statement))) {
    for (const raw of splitTopLevel(m[1])) {
      const name = identifier(raw);
      const owner = Object.keys(ctx.state.schema.tables).find((t) => ctx.state.table(t)!.indexes.some((i) => i.name === name));
      if (owner !== undefined) {
        const table = ctx.state.mutableTable(owner)!;
        table.indexes = table.indexes.filter((i) => i.name !== name);
      }
    }
    return true;
  }
  if ((m = RENAME_INDEX.exec(statement))) {
    renameIndex(ctx, identifier(m[1]), identifier(m[2]));
    return true;
  }
  if ((m = DROP_TABLE.exec(statement))) {
    for (const raw of splitTopLevel(m[1])) {
      ctx.state.removeTable(identifier(raw));
      ctx.state.createdIn.delete(identifier(raw));
    }
    return true;
  }
  if ((m = CREATE_TABLE.exec(statement))) {
    // Columns written in SQL are not read: the table exists, its shape is uncertain.
    const name = identifier(m[1]);
    if (!ctx.state.table(name)) {
      ctx.state.putTable({ name, columns: [], foreignKeys: [], indexes: [], uniques: [], checks: [], source: sourceOf(ctx, op), uncertain: true });
      ctx.state.createdIn.set(name, ctx.revision);
    }
    return false;
  }
  return false;
}

function alterTable(ctx: ReplayContext, op: MigrationOp, tableName: string, rest: string): boolean {
  const table = ctx.state.mutableTable(tableName);
  if (!table) {
    conflict(ctx, op, `ALTER TABLE ${tableName} refers to a table that does not exist at this point of the history`, tableName);
    return true;
  }
  let m: RegExpExecArray | null;
  if ((m = re(`RENAME TO (${I})`).exec(rest))) {
    renameTable(ctx.state, tableName, identifier(m[1]));
    return true;
  }
  if ((m = re(`RENAME CONSTRAINT (${I}) TO (${I})`).exec(rest))) {
    const [from, to] = [identifier(m[1]), identifier(m[2])];
    for (const c of [...table.foreignKeys, ...table.uniques, ...table.checks, ...(table.primaryKey ? [table.primaryKey] : [])]) if (c.name === from) c.name = to;
    return true;
  }
  if ((m = re(`RENAME (?:COLUMN )?(${I}) TO (${I})`).exec(rest))) {
    const [from, to] = [identifier(m[1]), identifier(m[2])];
    if (!findColumn(table, from)) conflict(ctx, op, `ALTER TABLE ${tableName} RENAME renames column ${from}, which does not exist`, tableName, from);
    else renameColumn(ctx.state, tableName, from, to);
    return true;
  }
  return splitTopLevel(rest).every((action) => alterTableAction(ctx, op, tableName, action));
}

function alterTableAction(ctx: ReplayContext, op: MigrationOp, tableName: string, action: string): boolean {
  const table = ctx.state.mutableTable(tableName)!;
  let m: RegExpExecArray | null;
  const update = (name: string, change: (c: Column) => Column): boolean => {
    const column = findColumn(table, name);
    if (!column) {
      conflict(ctx, op, `ALTER TABLE ${tableName} changes column ${name}, which does not exist`, tableName, name);
      return true;
    }
    table.columns = table.columns.map((c) => (c.name === name ? change({ ...c }) : c));
    return true;
  };
  if ((m = re(`ALTER (?:COLUMN )?(${I}) (SET|DROP) NOT NULL`).exec(action))) {
    const nullable = m[2].toUpperCase() === "DROP";
    return update(identifier(m[1]), (c) => ({ ...c, nullable }));
  }
  if ((m = re(`ALTER (?:COLUMN )?(${I}) DROP DEFAULT`).exec(action))) {
    return update(identifier(m[1]), (c) => {
      delete c.serverDefault;
      return c;
    });
  }
  if ((m = re(`ALTER (?:COLUMN )?(${I}) SET DEFAULT (.+)`).exec(action))) {
    const value = m[2].trim();
    return update(identifier(m[1]), (c) => ({ ...c, serverDefault: value }));
  }
  if ((m = re(`ALTER (?:COLUMN )?(${I}) (?:SET DATA )?TYPE (.+?)(?: COLLATE \\S+)?(?: USING .*)?`).exec(action))) {
    const type = parsePgType(m[2], enumLabels(ctx));
    return update(identifier(m[1]), (c) => ({ ...c, type }));
  }
  if ((m = re(`DROP CONSTRAINT (?:IF EXISTS )?(${I})(?: CASCADE| RESTRICT)?`).exec(action))) {
    removeConstraint(table, identifier(m[1]), ctx.state.names);
    return true;
  }
  if ((m = re(`DROP (?:COLUMN )?(?:IF EXISTS )?(${I})(?: CASCADE| RESTRICT)?`).exec(action))) {
    const name = identifier(m[1]);
    if (!findColumn(table, name) && !/IF EXISTS/i.test(action)) conflict(ctx, op, `ALTER TABLE ${tableName} drops column ${name}, which does not exist`, tableName, name);
    dropColumn(table, name);
    return true;
  }
  if (/^ADD (CONSTRAINT|PRIMARY|UNIQUE|FOREIGN|CHECK|EXCLUDE)\b/i.test(action)) return addConstraintSql(ctx, op, table, action);
  if ((m = re(`ADD (?:COLUMN )?(?:IF NOT EXISTS )?(${I}) (.+)`).exec(action))) {
    return addColumnSql(ctx, op, tableName, identifier(m[1]), m[2]);
  }
  return isNoShapeChange(action);
}

const SERIAL_TYPES: Record<string, "smallint" | "integer" | "bigint"> = { smallserial: "smallint", serial: "integer", bigserial: "bigint", serial2: "smallint", serial4: "integer", serial8: "bigint" };

const COLUMN_CLAUSE = /\s+(?:NOT NULL|NULL|DEFAULT|REFERENCES|PRIMARY KEY|UNIQUE|CHECK|CONSTRAINT|COLLATE|GENERATED)\b/i;

/** `ADD COLUMN c varchar(20) NOT NULL DEFAULT 'x'`; other clauses make the column unreadable. */
function addColumnSql(ctx: ReplayContext, op: MigrationOp, tableName: string, name: string, spec: string): boolean {
  const cut = spec.search(COLUMN_CLAUSE);
  const typeText = (cut < 0 ? spec : spec.slice(0, cut)).trim();
  const clauses = cut < 0 ? "" : spec.slice(cut).trim();
  const rest = clauses.replace(/^NOT NULL\b|^NULL\b/i, "").trim();
  const defaultMatch = /^DEFAULT (.+?)(?:\s+(?:NOT NULL|NULL))?$/i.exec(rest);
  if (rest !== "" && !defaultMatch) return false;
  const table = ctx.state.mutableTable(tableName)!;
  // serial types are integers with a sequence default, NOT NULL (PostgreSQL docs, "Serial Types").
  const serial = SERIAL_TYPES[typeText.toLowerCase()];
  const type = serial ? { kind: serial, raw: typeText } : parsePgType(typeText, enumLabels(ctx));
  const column: Column = { name, type, nullable: !serial && !/\bNOT NULL\b/i.test(clauses), primaryKey: false, source: sourceOf(ctx, op) };
  if (serial) column.autoincrement = true;
  if (defaultMatch) column.serverDefault = defaultMatch[1].trim();
  table.columns = [...table.columns.filter((c) => c.name !== name), column];
  return true;
}

function alterType(ctx: ReplayContext, op: MigrationOp, name: string, rest: string): boolean {
  const current = ctx.state.enumType(name);
  let m: RegExpExecArray | null;
  if ((m = re(`ADD VALUE (?:IF NOT EXISTS )?'((?:[^']|'')*)'(?: (BEFORE|AFTER) '((?:[^']|'')*)')?`).exec(rest))) {
    if (!current) return false;
    const value = m[1].replace(/''/g, "'");
    if (current.values.includes(value)) return true;
    const values = [...current.values];
    const anchor = m[3] !== undefined ? values.indexOf(m[3].replace(/''/g, "'")) : -1;
    if (anchor < 0) values.push(value);
    else values.splice(m[2].toUpperCase() === "BEFORE" ? anchor : anchor + 1, 0, value);
    updateEnum(ctx.state, name, values);
    return true;
  }
  if ((m = re(`RENAME VALUE '((?:[^']|'')*)' TO '((?:[^']|'')*)'`).exec(rest))) {
    if (!current) return false;
    const [from, to] = [m[1].replace(/''/g, "'"), m[2].replace(/''/g, "'")];
    updateEnum(ctx.state, name, current.values.map((v) => (v === from ? to : v)));
    return true;
  }
  if ((m = re(`RENAME TO (${I})`).exec(rest))) {
    if (!current) return false;
    updateEnum(ctx.state, name, current.values, identifier(m[1]));
    return true;
  }
  return false;
}

function createIndex(ctx: ReplayContext, op: MigrationOp, statement: string, m: RegExpExecArray): boolean {
  const tableName = identifier(m[3]);
  const table = ctx.state.mutableTable(tableName);
  if (!table) {
    conflict(ctx, op, `CREATE INDEX on ${tableName}, which does not exist at this point of the history`, tableName);
    return true;
  }
  const parts = splitTopLevel(m[4]);
  const simple = parts.every((p) => new RegExp(`^${I}$`).test(p));
  const name = identifier(m[2]);
  table.indexes = table.indexes.filter((i) => i.name !== name);
  table.indexes.push({
    name,
    columns: simple ? parts.map(identifier) : [],
    unique: m[1] !== undefined,
    ...(simple && m[5].trim() === "" ? {} : { opaque: true, definition: statement }),
    source: sourceOf(ctx, op),
  });
  return true;
}

function enumLabels(ctx: ReplayContext): Record<string, string[]> {
  return Object.fromEntries(Object.values(ctx.state.schema.enums).map((e) => [e.name, e.values]));
}

/**
 * `ALTER INDEX old RENAME TO new`: the index of that name, or the unique or primary-key constraint
 * it backs (PostgreSQL renames the constraint with its index). A name the schema does not know
 * (an index made by SQL the replay could not read) changes nothing it models.
 */
function renameIndex(ctx: ReplayContext, from: string, to: string): void {
  for (const name of Object.keys(ctx.state.schema.tables)) {
    const table = ctx.state.table(name)!;
    if (table.indexes.some((i) => i.name === from)) {
      const mutable = ctx.state.mutableTable(name)!;
      mutable.indexes = mutable.indexes.map((i) => (i.name === from ? { ...i, name: to } : i));
      return;
    }
    if (table.uniques.some((u) => u.name === from)) {
      const mutable = ctx.state.mutableTable(name)!;
      mutable.uniques = mutable.uniques.map((u) => (u.name === from ? { ...u, name: to } : u));
      return;
    }
    if (table.primaryKey?.name === from) {
      const mutable = ctx.state.mutableTable(name)!;
      mutable.primaryKey = { ...mutable.primaryKey!, name: to };
      return;
    }
  }
}

/**
 * A DO block that only reads and checks (the guards `dmw generate` writes before a type change:
 * loops over SELECTs, PERFORM of casts, RAISE EXCEPTION): no DDL and no EXECUTE of built SQL
 * outside its string literals. A block with comments is not read (the statement's whitespace is
 * normalised, so where a `--` comment ends is lost). A function it calls could still run DDL of
 * its own; that is not followed.
 */
function isCheckBlock(statement: string): boolean {
  const m = DO_BLOCK.exec(statement);
  if (!m) return false;
  const body = m[2];
  if (body.includes("--") || body.includes("/*")) return false;
  return !BLOCK_DDL.test(body.replace(/'(?:[^']|'')*'/g, "''"));
}
