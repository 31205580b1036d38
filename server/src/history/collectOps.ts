// Walks the body of `upgrade()` / `downgrade()` and lists every statement that does something, in
// order: `op.*` calls, calls on a `batch_alter_table` object, block openers, and everything else
// as `unknown` (helper calls, `conn.execute`, loops' bodies), so rules can reason about them too.
import type { PyExpr, SyntaxNode } from "../python/syntax";
import { CursorReader, dottedName, rangeOf, toExpr } from "../python/syntax";
import type { Range } from "../schema/types";
import { onPostgres } from "./dialectBranches";
import type { LocalConstants } from "./localConstants";
import { tableArgument } from "./opArguments";
import { staticSql } from "./staticSql";
import type { MigrationOp } from "./types";

interface WalkState {
  /** Local names bound to `alembic.op`. */
  opNames: Set<string>;
  /** Batch object name -> its table (undefined when the table is not a literal). */
  batches: Map<string, string | undefined>;
  inAutocommitBlock: boolean;
  conditional: boolean;
  /** Names bound to strings so far (shared by nested blocks: assignments flow on). */
  constants: LocalConstants;
}

const CONDITIONAL_STATEMENTS = new Set(["if_statement", "for_statement", "while_statement", "try_statement", "match_statement"]);
const SKIPPED_STATEMENTS = new Set(["pass_statement", "comment", "function_definition", "class_definition", "decorated_definition"]);
/** Expression statements that do nothing: docstrings and `...`. */
const INERT_EXPRESSIONS = new Set(["string", "concatenated_string", "ellipsis"]);

export function collectOps(body: SyntaxNode, opNames: Set<string>, constants: LocalConstants): MigrationOp[] {
  const ops: MigrationOp[] = [];
  walkBlock(body, { opNames, batches: new Map(), inAutocommitBlock: false, conditional: false, constants }, ops);
  return ops;
}

/** Only `pass`, docstrings, `...` and comments. */
export function isEmptyBody(body: SyntaxNode): boolean {
  const r = CursorReader.at(body);
  if (!r.firstChild()) return true;
  do {
    if (!r.named) continue;
    const type: string = r.type;
    if (type === "pass_statement" || type === "comment") continue;
    if (type !== "expression_statement" || !r.firstNamedChild()) return false;
    const inert = INERT_EXPRESSIONS.has(r.type);
    r.parent();
    if (!inert) return false;
  } while (r.next());
  return true;
}

function isInert(stmt: SyntaxNode): boolean {
  if (stmt.type !== "expression_statement") return false;
  const inner = stmt.namedChildren[0];
  return !!inner && INERT_EXPRESSIONS.has(inner.type);
}

// Most statements of a migration are a call (`op.add_column(...)`): one cursor walk over the block
// reads those, and hands the others to walkStatement as nodes.
function walkBlock(block: SyntaxNode, state: WalkState, ops: MigrationOp[]): void {
  const r = CursorReader.at(block);
  if (!r.firstChild()) return;
  do {
    if (!r.named || r.type === "comment" || (r.type === "expression_statement" && expressionStatement(r, state, ops))) continue;
    walkStatement(r.node(), state, ops);
  } while (r.next());
}

/**
 * The reader is on an expression statement; it is left there. A docstring or `...` is skipped, a
 * call is listed; false for anything else (or when the source is not known to the reader).
 */
function expressionStatement(r: CursorReader, state: WalkState, ops: MigrationOp[]): boolean {
  const span = r.span();
  if (!span || !r.firstNamedChild()) return false;
  const type: string = r.type;
  let done = INERT_EXPRESSIONS.has(type);
  if (type === "call") {
    ops.push(classify(r.expr(), state, ops.length, span.range, span.text));
    done = true;
  }
  r.parent();
  return done;
}

function walkStatement(stmt: SyntaxNode, state: WalkState, ops: MigrationOp[]): void {
  if (SKIPPED_STATEMENTS.has(stmt.type) || isInert(stmt)) return;
  if (stmt.type === "with_statement") return walkWith(stmt, state, ops);
  if (stmt.type === "if_statement" && walkDialectBranch(stmt, state, ops)) return;
  if (CONDITIONAL_STATEMENTS.has(stmt.type)) {
    for (const header of headersOf(stmt)) headerOps(header, state, ops);
    if (stmt.type === "for_statement") {
      const target = stmt.childForFieldName("left");
      if (target) state.constants.forget(target.text);
    }
    const inner = { ...state, conditional: true };
    for (const block of blocksOf(stmt)) walkBlock(block, inner, ops);
    return;
  }
  if (stmt.type === "block") return walkBlock(stmt, state, ops);
  ops.push(statementOp(stmt, state, ops.length));
}

/**
 * An if/elif chain whose conditions test the dialect's name: only the PostgreSQL branch is
 * walked, as unconditional code. False when some condition is not such a test.
 */
function walkDialectBranch(stmt: SyntaxNode, state: WalkState, ops: MigrationOp[]): boolean {
  const clauses: { condition?: SyntaxNode | null; body: SyntaxNode | null }[] = [
    { condition: stmt.childForFieldName("condition"), body: stmt.childForFieldName("consequence") },
    ...stmt.namedChildren
      .filter((c) => c.type === "elif_clause" || c.type === "else_clause")
      .map((c) => (c.type === "elif_clause" ? { condition: c.childForFieldName("condition"), body: c.childForFieldName("consequence") } : { body: c.childForFieldName("body") })),
  ];
  const decisions = clauses.map((c) => (c.condition === undefined ? true : c.condition ? onPostgres(c.condition.text) : undefined));
  const taken = decisions.findIndex((d) => d === true);
  if (decisions.slice(0, taken < 0 ? decisions.length : taken).some((d) => d === undefined)) return false;
  for (const clause of clauses.slice(0, taken < 0 ? clauses.length : taken + 1)) if (clause.condition) headerOps(clause.condition, state, ops);
  const body = taken >= 0 ? clauses[taken].body : null;
  if (body) walkBlock(body, state, ops);
  return true;
}

/** Conditions and iterables of a compound statement: `if x:`, `elif y:`, `while z:`, `for a in b:`. */
function headersOf(node: SyntaxNode): SyntaxNode[] {
  const own = ["condition", "right"].map((f) => node.childForFieldName(f)).filter((n): n is SyntaxNode => n !== null);
  const elifs = node.namedChildren.filter((c) => c.type === "elif_clause").map((c) => c.childForFieldName("condition")).filter((n): n is SyntaxNode => n !== null);
  return [...own, ...elifs];
}

/**
 * `op.*` calls inside a condition (`if sa.inspect(op.get_bind()).has_table("x"):`) are listed as
 * ops of their own, on the condition's range, so rules see them; other calls there are not.
 */
function headerOps(header: SyntaxNode, state: WalkState, ops: MigrationOp[]): void {
  // descendantsOfType includes the node itself.
  for (const node of header.descendantsOfType("call")) {
    const op = classify(toExpr(node), state, ops.length, rangeOf(header), header.text);
    if (op.name !== "unknown") ops.push(op);
  }
}

/** The blocks of a compound statement (if/elif/else, try/except/finally, for/else, match cases). */
function blocksOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const child of node.namedChildren) {
    if (child.type === "block") out.push(child);
    else if (/_clause$|^case_clause$|^block$/.test(child.type)) out.push(...blocksOf(child));
  }
  return out;
}

function walkWith(stmt: SyntaxNode, state: WalkState, ops: MigrationOp[]): void {
  const inner: WalkState = { ...state, batches: new Map(state.batches) };
  const clause = stmt.namedChildren.find((c) => c.type === "with_clause");
  for (const item of clause?.namedChildren.filter((c) => c.type === "with_item") ?? []) {
    let valueNode = item.childForFieldName("value") ?? item.namedChildren[0];
    let alias: string | undefined;
    if (valueNode?.type === "as_pattern") {
      const target = valueNode.childForFieldName("alias") ?? valueNode.namedChildren.find((c) => c.type === "as_pattern_target");
      alias = target?.text;
      valueNode = valueNode.namedChildren[0];
    }
    if (!valueNode) continue;
    const call = toExpr(valueNode);
    const op = classify(call, state, ops.length, rangeOf(item), item.text);
    ops.push(op);
    if (op.name === "batch_alter_table" && alias) inner.batches.set(alias, op.table);
    if (op.name === "autocommit_block") inner.inAutocommitBlock = true;
  }
  const body = stmt.childForFieldName("body");
  if (body) walkBlock(body, inner, ops);
}

function statementOp(stmt: SyntaxNode, state: WalkState, index: number): MigrationOp {
  const inner = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
  if (inner?.type === "call") return classify(toExpr(inner), state, index, rangeOf(stmt), stmt.text);
  let value: PyExpr | undefined;
  if (inner?.type === "assignment" || inner?.type === "augmented_assignment") {
    const right = inner.childForFieldName("right");
    const left = inner.childForFieldName("left");
    value = right ? toExpr(right) : undefined;
    if (left) state.constants.assign(left.text, inner.type === "assignment" ? value : undefined);
    if (right?.type === "call" && value) {
      const op = classify(value, state, index, rangeOf(stmt), stmt.text);
      if (left) op.assignedTo = left.text;
      return op;
    }
  }
  if (inner?.type === "await") {
    const awaited = inner.namedChildren[0];
    if (awaited?.type === "call") return classify(toExpr(awaited), state, index, rangeOf(stmt), stmt.text);
  }
  return {
    name: "unknown",
    call: { kind: "other", text: stmt.text, range: rangeOf(stmt) },
    range: rangeOf(stmt),
    text: stmt.text,
    inAutocommitBlock: state.inAutocommitBlock,
    conditional: state.conditional,
    ...(value ? { value } : {}),
    index,
  };
}

function classify(written: PyExpr, state: WalkState, index: number, range: Range, text: string): MigrationOp {
  const call = state.constants.resolve(written);
  const op: MigrationOp = {
    name: "unknown",
    call,
    range,
    text,
    inAutocommitBlock: state.inAutocommitBlock,
    conditional: state.conditional,
    index,
  };
  if (call.kind !== "call") return op;
  const callee = dottedName(call.func);
  if (callee !== undefined) op.callee = callee;
  if (call.func.kind === "attr") {
    const receiver = call.func.object;
    const receiverName = dottedName(receiver);
    if (receiverName !== undefined && (state.opNames.has(receiverName) || receiverName === "alembic.op")) {
      op.name = call.func.name;
      const table = tableArgument(call, op.name, false);
      if (table !== undefined) op.table = table;
    } else if (receiverName !== undefined && state.batches.has(receiverName)) {
      op.name = call.func.name;
      const table = state.batches.get(receiverName);
      if (table !== undefined) {
        op.batchTable = table;
        op.table = table;
      } else op.batchTable = "";
    } else if (call.func.name === "autocommit_block" && isOpGetContext(receiver, state)) {
      op.name = "autocommit_block";
    }
  }
  const executes = op.name === "execute" || (op.name === "unknown" && /(^|\.)(execute|exec_driver_sql)$/.test(callee ?? ""));
  if (executes) {
    const sql = staticSql(call.args[0] ?? call.kwargs.find((k) => k.name === "sqltext" || k.name === "statement")?.value);
    if (sql !== undefined) op.sql = sql;
  }
  return op;
}

/** `op.get_context()` */
function isOpGetContext(expr: PyExpr, state: WalkState): boolean {
  if (expr.kind !== "call" || expr.func.kind !== "attr" || expr.func.name !== "get_context") return false;
  const receiver = dottedName(expr.func.object);
  return receiver !== undefined && (state.opNames.has(receiver) || receiver === "alembic.op");
}
