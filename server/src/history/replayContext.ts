// What each replayed operation sees: the schema state, the revision, and helpers that turn a
// problem into a finding (a conflict) or into an opaque step, never into an exception.
import type { Finding } from "../findings/types";
import type { SaTypeContext } from "../schema/sqlalchemyTypes";
import type { ColumnType, Column, SourceRef, Table } from "../schema/types";
import { emptyTable, findColumn } from "../schema/types";
import { HISTORY_CODES } from "./codes";
import type { ReplayState } from "./replayState";
import type { MigrationFile, MigrationOp } from "./types";

export interface OpaqueStep {
  op: MigrationOp;
  /** What could not be replayed, for the message: "op.execute(...)", "_helper(...)". */
  what: string;
}

export interface ReplayContext {
  state: ReplayState;
  file: MigrationFile;
  revision: string;
  findings: Finding[];
  opaque: OpaqueStep[];
  /** Names bound in upgrade() to enum type objects (`status = postgresql.ENUM(..., name="status")`). */
  localEnums: Map<string, ColumnType>;
  /** Context for reading SQLAlchemy types (Python Enum classes). */
  types: SaTypeContext;
  /** Tables this revision marked uncertain. */
  uncertainTables: Set<string>;
}

export function sourceOf(ctx: ReplayContext, op: MigrationOp): SourceRef {
  return { file: ctx.file.path, range: op.range };
}

export function conflict(ctx: ReplayContext, op: MigrationOp, message: string, table?: string, column?: string): void {
  ctx.findings.push({
    code: "history-replay-conflict",
    severity: HISTORY_CODES["history-replay-conflict"].severity,
    message: `${message} (revision ${ctx.revision})`,
    file: ctx.file.path,
    range: op.range,
    ...(table !== undefined ? { table } : {}),
    ...(column !== undefined ? { column } : {}),
  });
}

/** Records an opaque step and marks the named tables uncertain. */
export function opaqueStep(ctx: ReplayContext, op: MigrationOp, what: string, tables: string[] = []): void {
  ctx.opaque.push({ op, what });
  for (const name of tables) {
    const table = ctx.state.mutableTable(name);
    if (!table) continue;
    table.uncertain = true;
    ctx.uncertainTables.add(name);
  }
}

/**
 * The table an op changes, safe to mutate. A missing table is a conflict, unless earlier opaque
 * steps may have created it: then an uncertain placeholder stands in, and replay goes on quietly.
 */
export function targetTable(ctx: ReplayContext, op: MigrationOp): Table | undefined {
  const name = op.table;
  if (name === undefined) {
    opaqueStep(ctx, op, `${describe(op)} on a table named by a variable`);
    return undefined;
  }
  const table = ctx.state.mutableTable(name);
  if (table) return table;
  if (ctx.state.unseenChanges) {
    const placeholder = { ...emptyTable(name, sourceOf(ctx, op)), uncertain: true };
    ctx.state.putTable(placeholder);
    return placeholder;
  }
  conflict(ctx, op, `${describe(op)} refers to table ${name}, which does not exist at this point of the history`, name);
  return undefined;
}

/** A column of a target table; missing columns of uncertain tables are skipped without a finding. */
export function targetColumn(ctx: ReplayContext, op: MigrationOp, table: Table, name: string): Column | undefined {
  const column = findColumn(table, name);
  if (column || table.uncertain) return column;
  conflict(ctx, op, `${describe(op)} refers to column ${table.name}.${name}, which does not exist at this point of the history`, table.name, name);
  return undefined;
}

export function describe(op: MigrationOp): string {
  if (op.name === "unknown") return op.callee ? `${op.callee}(...)` : op.text.split("\n")[0].slice(0, 60);
  return op.batchTable !== undefined ? `batch_op.${op.name}` : `op.${op.name}`;
}
