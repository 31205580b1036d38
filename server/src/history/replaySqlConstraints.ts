// `ALTER TABLE ... ADD CONSTRAINT` forms in op.execute SQL, as the safe-migration patterns write
// them (FOREIGN KEY / CHECK ... NOT VALID then VALIDATE, UNIQUE USING INDEX), and ALTER TABLE
// actions that change nothing the Schema models.
import type { ReferentialAction, Table } from "../schema/types";
import { sourceOf, type ReplayContext } from "./replayContext";
import { setPrimaryKey } from "./schemaEdits";
import { IDENT, identifier, splitTopLevel } from "./sqlStatements";
import type { MigrationOp } from "./types";

const I = IDENT;
const re = (source: string): RegExp => new RegExp(`^${source}$`, "i");

/** Storage, security, ownership and trigger settings: no change to columns, keys or indexes. */
const NO_SHAPE_CHANGE = re(
  "(?:OWNER TO .+|(?:ENABLE|DISABLE|FORCE|NO FORCE) ROW LEVEL SECURITY|(?:ENABLE|DISABLE)(?: ALWAYS| REPLICA)? (?:TRIGGER|RULE) .+|" +
    "SET \\(.*\\)|RESET \\(.*\\)|SET (?:LOGGED|UNLOGGED)|CLUSTER ON .+|SET WITHOUT CLUSTER|REPLICA IDENTITY .+|SET TABLESPACE .+|" +
    `SET ACCESS METHOD .+|VALIDATE CONSTRAINT ${I}|ALTER (?:COLUMN )?${I} (?:SET|RESET) (?:STATISTICS|STORAGE|COMPRESSION|\\().*)`,
);

const ACTIONS: Record<string, ReferentialAction> = { CASCADE: "CASCADE", "SET NULL": "SET NULL", "SET DEFAULT": "SET DEFAULT", RESTRICT: "RESTRICT", "NO ACTION": "NO ACTION" };

export function isNoShapeChange(action: string): boolean {
  return NO_SHAPE_CHANGE.test(action);
}

/** `ADD [CONSTRAINT name] PRIMARY KEY | UNIQUE | FOREIGN KEY | CHECK ...`; false when not understood. */
export function addConstraintSql(ctx: ReplayContext, op: MigrationOp, table: Table, action: string): boolean {
  const m = re(`ADD (?:CONSTRAINT (${I}) )?(PRIMARY KEY|UNIQUE|FOREIGN KEY|CHECK)\\s*(.*)`).exec(action);
  if (!m) return false;
  const name = m[1] !== undefined ? identifier(m[1]) : undefined;
  const named = name !== undefined ? { name } : {};
  const kind = m[2].toUpperCase();
  const rest = m[3].trim();
  const source = sourceOf(ctx, op);
  if (kind === "CHECK") {
    const check = /^\((.*)\)(?: NOT VALID)?(?: NO INHERIT)?$/i.exec(rest);
    if (!check) return false;
    table.checks.push({ ...named, expression: check[1].trim(), source });
    return true;
  }
  const usingIndex = re(`USING INDEX (${I})(?: .*)?`).exec(rest);
  const columns = usingIndex ? indexColumns(table, identifier(usingIndex[1])) : columnList(rest);
  if (!columns) return false;
  if (kind === "PRIMARY KEY") setPrimaryKey(table, columns, name);
  else if (kind === "UNIQUE") table.uniques.push({ ...named, columns, source });
  else {
    const fk = re(`\\(.*?\\) REFERENCES (${I})\\s*(?:\\((.*?)\\))?(.*)`).exec(rest);
    if (!fk) return false;
    const refColumns = fk[2] !== undefined ? splitTopLevel(fk[2]).map(identifier) : ["id"];
    const onDelete = /ON DELETE (CASCADE|SET NULL|SET DEFAULT|RESTRICT|NO ACTION)/i.exec(fk[3])?.[1].toUpperCase();
    const onUpdate = /ON UPDATE (CASCADE|SET NULL|SET DEFAULT|RESTRICT|NO ACTION)/i.exec(fk[3])?.[1].toUpperCase();
    table.foreignKeys.push({
      ...named,
      columns,
      refTable: identifier(fk[1]),
      refColumns,
      ...(onDelete ? { onDelete: ACTIONS[onDelete] } : {}),
      ...(onUpdate ? { onUpdate: ACTIONS[onUpdate] } : {}),
      source,
    });
  }
  // The index a constraint is built on becomes the constraint's own index.
  if (usingIndex) table.indexes = table.indexes.filter((i) => i.name !== identifier(usingIndex[1]));
  return true;
}

/** `(a, "B") ...` -> [a, B]; undefined when the list holds expressions. */
function columnList(text: string): string[] | undefined {
  const m = /^\((.*?)\)/.exec(text);
  if (!m) return undefined;
  const parts = splitTopLevel(m[1]);
  return parts.every((p) => new RegExp(`^${I}$`).test(p)) ? parts.map(identifier) : undefined;
}

function indexColumns(table: Table, indexName: string): string[] | undefined {
  const index = table.indexes.find((i) => i.name === indexName);
  return index && !index.opaque ? [...index.columns] : undefined;
}
