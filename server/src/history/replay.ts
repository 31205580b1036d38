// Static replay of every revision's upgrade() in graph order -> the Schema at head (origin
// "history"). Unreadable steps become `history-opaque-step` (once per revision) and mark the
// tables they touch uncertain; inconsistent steps become `history-replay-conflict`. Never throws.
import type { Finding } from "../findings/types";
import type { PyExpr } from "../python/syntax";
import { dottedName, kwarg, lastSegment, stringValue } from "../python/syntax";
import { columnTypeFromSa } from "../schema/sqlalchemyTypes";
import type { Schema } from "../schema/types";
import { createCheckConstraint, createForeignKey, createIndex, createPrimaryKey, createUniqueConstraint, dropConstraint, dropIndex } from "./applyConstraintOps";
import { addColumn, alterColumn, createTable, dropColumnOp, dropTable, renameTableOp } from "./applyTableOps";
import { HISTORY_CODES } from "./codes";
import { describe, opaqueStep, sourceOf, type ReplayContext } from "./replayContext";
import { replaySql } from "./replaySql";
import { ReplayState, type ReplayCheckpoint } from "./replayState";
import { ensureEnum } from "./schemaEdits";
import { staticSql } from "./staticSql";
import type { MigrationFile, MigrationOp, ReplayOptions, ReplayResult, RevisionGraph } from "./types";

export interface ReplayVisitOptions extends ReplayOptions {
  /**
   * Called before each revision is replayed with the schema at that point (what lint needs),
   * without a copy per revision: the schema's maps are only valid during the call.
   */
  beforeRevision?: (revision: string, file: MigrationFile, schemaBefore: Schema) => void;
  /** Take a checkpoint before the revision at this index of graph.order (returned as `checkpoint`). */
  checkpointAt?: number;
  /**
   * Start at this index of graph.order from a checkpoint an earlier replay took there, when the
   * revisions before it are the same. Findings and createdIn then cover only what was replayed.
   */
  resume?: { index: number; checkpoint: ReplayCheckpoint };
}

type Handler = (ctx: ReplayContext, op: MigrationOp) => void;

const HANDLERS: Record<string, Handler> = {
  create_table: createTable,
  drop_table: dropTable,
  rename_table: renameTableOp,
  add_column: addColumn,
  drop_column: dropColumnOp,
  alter_column: alterColumn,
  create_index: createIndex,
  drop_index: dropIndex,
  create_foreign_key: createForeignKey,
  create_unique_constraint: createUniqueConstraint,
  create_primary_key: createPrimaryKey,
  create_check_constraint: createCheckConstraint,
  drop_constraint: dropConstraint,
  execute: executeOp,
};

/** Ops that do not change the modelled schema (data, connection access, block openers, comments). */
const NO_SCHEMA_EFFECT = new Set([
  "get_bind", "get_context", "batch_alter_table", "autocommit_block", "bulk_insert", "inline_literal", "f",
  "create_table_comment", "drop_table_comment", "implementation_for", "register_operation",
]);

/** Calls that read or build expressions without changing the schema. */
const HARMLESS_CALLS = new Set([
  "table", "column", "text", "select", "insert", "update", "delete", "literal_column", "bindparam", "and_", "or_",
  "inspect", "MetaData", "Table", "Column", "print", "info", "debug", "warning", "getLogger", "fetchall", "fetchone",
  "scalar", "scalars", "first", "one", "one_or_none", "all", "mappings", "get_table_names", "get_columns", "get_indexes",
  "get_foreign_keys", "get_unique_constraints", "get_pk_constraint", "get_enums", "has_table", "where", "values",
  "returning", "exists", "len", "list", "dict", "set", "tuple", "range", "enumerate", "zip", "isinstance", "append",
]);

export function replayHistory(
  graph: RevisionGraph,
  options: ReplayVisitOptions = {},
): ReplayResult & { checkpoint?: ReplayCheckpoint; /** How many of `findings` came before the checkpoint. */ findingsAtCheckpoint?: number } {
  const visit = options.beforeRevision;
  const { resume, checkpointAt } = options;
  const copyOnWrite = options.keepSnapshots === true || visit !== undefined || resume !== undefined || checkpointAt !== undefined;
  const state = new ReplayState(copyOnWrite, options.namingConvention);
  if (resume) state.restore(resume.checkpoint);
  let checkpoint: ReplayCheckpoint | undefined;
  let findingsAtCheckpoint = 0;
  const findings: Finding[] = [];
  const types = options.pythonEnums ? { enums: options.pythonEnums } : {};
  const snapshots = options.keepSnapshots ? new Map<string, Schema>() : undefined;
  for (let index = resume?.index ?? 0; index < graph.order.length; index++) {
    if (index === checkpointAt) {
      checkpoint = state.checkpoint();
      findingsAtCheckpoint = findings.length;
    }
    const revision = graph.order[index];
    const file = graph.revisions.get(revision);
    if (!file) continue;
    const before = snapshots ? state.snapshot() : visit ? state.view() : undefined;
    if (snapshots && before) snapshots.set(revision, before);
    if (visit && before) visit(revision, file, before);
    const ctx: ReplayContext = { state, file, revision, findings, opaque: [], localEnums: new Map(), uncertainTables: new Set(), types };
    for (const op of file.upgrade?.ops ?? []) {
      try {
        applyOp(ctx, op);
      } catch {
        // A shape of code no handler foresaw: treat it as unreadable rather than stop the replay.
        opaqueStep(ctx, op, describe(op), op.table ? [op.table] : []);
      }
    }
    if (ctx.opaque.length > 0) {
      state.unseenChanges = true;
      findings.push(opaqueFinding(ctx));
    }
  }
  return {
    schema: state.schema,
    findings,
    ...(snapshots ? { snapshots } : {}),
    createdIn: state.createdIn,
    ...(checkpoint ? { checkpoint, findingsAtCheckpoint } : {}),
  };
}

function applyOp(ctx: ReplayContext, op: MigrationOp): void {
  if (op.batchTable === "") return opaqueStep(ctx, op, `${describe(op)} in a batch block whose table is not a literal`);
  const handler = HANDLERS[op.name];
  if (handler) return handler(ctx, op);
  if (NO_SCHEMA_EFFECT.has(op.name)) return;
  if (op.name === "unknown") return unknownStatement(ctx, op);
  opaqueStep(ctx, op, describe(op), op.table ? [op.table] : []);
}

function executeOp(ctx: ReplayContext, op: MigrationOp): void {
  if (op.sql !== undefined) return void replaySql(ctx, op, op.sql);
  // `op.execute(tasks.update().where(...).values(...))`: data built with SQLAlchemy Core.
  const calls = op.call.kind === "call" && op.call.args[0] ? callsIn(op.call.args[0]) : [];
  if (calls.length > 0 && !calls.includes("text") && calls.every((name) => HARMLESS_CALLS.has(name))) return;
  opaqueStep(ctx, op, `${describe(op)} with SQL that is not static text`, op.batchTable ? [op.batchTable] : []);
}

/**
 * Statements outside the op API: enum `.create(bind)` / `.drop(bind)`, `conn.execute(...)` with
 * static SQL, expression building and inspection (no effect), anything else opaque.
 */
function unknownStatement(ctx: ReplayContext, op: MigrationOp): void {
  const call = op.call;
  if (call.kind !== "call") return;
  const enumType = enumTypeOf(ctx, call);
  if (enumType && op.assignedTo) ctx.localEnums.set(op.assignedTo, enumType);
  if (enumType) return;
  if (call.func.kind === "attr" && (call.func.name === "create" || call.func.name === "drop")) {
    const target = enumTypeOf(ctx, call.func.object);
    if (target?.enumName !== undefined) {
      if (call.func.name === "create") ensureEnum(ctx.state, target, sourceOf(ctx, op));
      else ctx.state.removeEnum(target.enumName);
      return;
    }
  }
  const executed = findExecuteSql(call);
  if (executed !== undefined) {
    replaySql(ctx, op, executed);
    return;
  }
  if (callsIn(call).every((name) => HARMLESS_CALLS.has(name))) return;
  opaqueStep(ctx, op, describe(op));
}

/** `sa.Enum("a", name="x")`, `postgresql.ENUM(...)`, or a local name bound to one. */
function enumTypeOf(ctx: ReplayContext, expr: PyExpr): ReturnType<typeof columnTypeFromSa> | undefined {
  if (expr.kind === "name") return ctx.localEnums.get(expr.name);
  if (expr.kind !== "call") return undefined;
  const fn = lastSegment(dottedName(expr.func));
  if (fn !== "Enum" && fn !== "ENUM") return undefined;
  const type = columnTypeFromSa(expr, ctx.types);
  return type.kind === "enum" && stringValue(kwarg(expr, "name")) !== undefined ? type : undefined;
}

/** Static SQL of an `.execute(...)` anywhere in a call chain (`conn.execute(text("...")).fetchall()`). */
function findExecuteSql(expr: PyExpr): string | undefined {
  if (expr.kind !== "call") return undefined;
  if (expr.func.kind === "attr") {
    if (expr.func.name === "execute" || expr.func.name === "exec_driver_sql") {
      const sql = staticSql(expr.args[0]);
      if (sql !== undefined) return sql;
    }
    return findExecuteSql(expr.func.object);
  }
  return undefined;
}

/** Last segments of every call in an expression, including chained and nested ones. */
function callsIn(expr: PyExpr): string[] {
  const out: string[] = [];
  const visit = (e: PyExpr): void => {
    switch (e.kind) {
      case "call":
        out.push(e.func.kind === "attr" ? e.func.name : (lastSegment(dottedName(e.func)) ?? "?"));
        visit(e.func);
        e.args.forEach(visit);
        e.kwargs.forEach((k) => visit(k.value));
        break;
      case "attr":
        visit(e.object);
        break;
      case "list":
      case "tuple":
      case "set":
        e.items.forEach(visit);
        break;
      case "dict":
        e.entries.forEach((en) => (visit(en.key), visit(en.value)));
        break;
      case "subscript":
        visit(e.value);
        e.index.forEach(visit);
        break;
      case "binop":
        visit(e.left);
        visit(e.right);
        break;
      case "unary":
        visit(e.operand);
        break;
      default:
        break;
    }
  };
  visit(expr);
  return out;
}

function opaqueFinding(ctx: ReplayContext): Finding {
  const first = ctx.opaque[0];
  const steps = ctx.opaque.map((s) => s.what);
  const shown = steps.slice(0, 3).join("; ") + (steps.length > 3 ? `; and ${steps.length - 3} more` : "");
  const uncertain = [...ctx.uncertainTables].sort();
  return {
    code: "history-opaque-step",
    severity: HISTORY_CODES["history-opaque-step"].severity,
    message:
      `Revision ${ctx.revision} has ${steps.length === 1 ? "a step" : `${steps.length} steps`} that cannot be replayed statically (${shown}); ` +
      (uncertain.length > 0 ? `drift on ${uncertain.join(", ")} is reported with less confidence.` : "the schema at head may miss what it does."),
    file: ctx.file.path,
    range: first.op.range,
    data: { steps: ctx.opaque.map((s) => ({ line: s.op.range.start.line, what: s.what, index: s.op.index })) },
  };
}
