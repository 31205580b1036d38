// Reads model fixture folders (or inline Python) into readModels' input.
import { readFileSync, readdirSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { readModels } from "../../server/src/models";
import type { ModelSource, ModelsResult, ReadModelsOptions } from "../../server/src/models";
import type { Column, Table } from "../../server/src/schema/types";

export const MODEL_FIXTURES = resolve(__dirname, "..", "fixtures", "models");

/** Every .py file of `test/fixtures/models/<folder>` (or of an absolute folder), sorted. */
export function fixtureSources(folder: string): ModelSource[] {
  const dir = isAbsolute(folder) ? folder : join(MODEL_FIXTURES, folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".py"))
    .sort()
    .map((f) => ({ path: join(dir, f), text: readFileSync(join(dir, f), "utf8") }));
}

export function readFixture(folder: string, options?: ReadModelsOptions): ModelsResult {
  return readModels(fixtureSources(folder), options);
}

/** One inline file, `models.py` in a fictitious folder. */
export function readSource(text: string, options?: ReadModelsOptions): ModelsResult {
  return readModels([{ path: join("/project", "app", "models.py"), text }], options);
}

export function table(result: ModelsResult, name: string): Table {
  const t = result.schema.tables[name];
  if (!t) throw new Error(`no table ${name}; tables: ${Object.keys(result.schema.tables).join(", ")}`);
  return t;
}

export function column(t: Table, name: string): Column {
  const c = t.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${t.name}.${name}; columns: ${t.columns.map((x) => x.name).join(", ")}`);
  return c;
}

/** `name type NULL|NOT NULL` lines, for compact whole-table assertions. */
export function columnLines(t: Table): string[] {
  return t.columns.map((c) => {
    const ty = c.type;
    const detail = [ty.length !== undefined ? `(${ty.length})` : "", ty.precision !== undefined ? `(${ty.precision},${ty.scale})` : "", ty.timezone ? " tz" : ""].join("");
    return `${c.name} ${ty.kind}${detail} ${c.nullable ? "NULL" : "NOT NULL"}${c.primaryKey ? " PK" : ""}`;
  });
}
