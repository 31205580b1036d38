// Hover on a model field: what the model, the migration head and the database say about that
// column, side by side, so a mismatch is visible without running anything.
import { MarkupKind, type Hover } from "vscode-languageserver";
import { renderType } from "../schema/columnTypes";
import type { Column, Position, Range, Schema, Table } from "../schema/types";

/** The database as the server last saw it. */
export type DatabaseView =
  | { state: "not-configured" }
  | { state: "unavailable"; problem: string }
  | { state: "connected"; schema: Schema; stamps: string[] };

export interface HoverSources {
  models: Schema;
  /** Schema at the migration head (static replay). */
  head: Schema;
  heads: string[];
  database: DatabaseView;
}

export interface FieldAt {
  table: Table;
  column?: Column;
  range: Range;
}

function contains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** The model column declared at a position (else the table whose class line it is). */
export function fieldAt(models: Schema, file: string, position: Position): FieldAt | undefined {
  for (const table of Object.values(models.tables)) {
    if (table.source?.file !== file) continue;
    for (const column of table.columns) {
      if (column.source?.file === file && contains(column.source.range, position)) return { table, column, range: column.source.range };
    }
  }
  for (const table of Object.values(models.tables)) {
    const source = table.source;
    if (source?.file === file && source.range.start.line === position.line) return { table, range: source.range };
  }
  return undefined;
}

function describeColumn(column: Column): string {
  const parts = [`\`${renderType(column.type)}\``, column.nullable ? "NULL" : "NOT NULL"];
  if (column.primaryKey) parts.push("primary key");
  if (column.serverDefault) parts.push(`default \`${column.serverDefault}\``);
  return parts.join(", ");
}

function columnLine(label: string, table: Table | undefined, name: string, missingTable: string, missingColumn: string): string {
  if (!table) return `- **${label}**: ${missingTable}`;
  const column = table.columns.find((c) => c.name === name);
  return column ? `- **${label}**: ${describeColumn(column)}` : `- **${label}**: ${missingColumn}`;
}

function headLabel(heads: string[]): string {
  return heads.length === 0 ? "Migration head" : `Migration head (${heads.join(", ")})`;
}

function databaseLabel(view: DatabaseView): string {
  if (view.state !== "connected") return "Database";
  return view.stamps.length ? `Database (at ${view.stamps.join(", ")})` : "Database (not stamped)";
}

export function hoverFor(sources: HoverSources, file: string, position: Position): Hover | undefined {
  const found = fieldAt(sources.models, file, position);
  if (!found) return undefined;
  const { table } = found;
  const headTable = sources.head.tables[table.name];
  const lines: string[] = [];
  if (found.column) {
    const name = found.column.name;
    lines.push(`**${table.name}.${name}**`, "", `- **Model**: ${describeColumn(found.column)}`);
    lines.push(columnLine(headLabel(sources.heads), headTable, name, "no migration creates the table", "no migration creates this column"));
    const db = sources.database;
    if (db.state === "connected") {
      lines.push(columnLine(databaseLabel(db), db.schema.tables[table.name], name, "the table does not exist", "the column does not exist"));
    } else {
      lines.push(`- **Database**: ${db.state === "unavailable" ? `not available (${db.problem})` : "not configured"}`);
    }
  } else {
    lines.push(`**${table.name}** (${table.columns.length} columns in the model)`, "");
    lines.push(`- **${headLabel(sources.heads)}**: ${headTable ? `${headTable.columns.length} columns` : "no migration creates it"}`);
    const db = sources.database;
    if (db.state === "connected") {
      const dbTable = db.schema.tables[table.name];
      lines.push(`- **${databaseLabel(db)}**: ${dbTable ? `${dbTable.columns.length} columns` : "the table does not exist"}`);
    }
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join("\n") }, range: found.range };
}
