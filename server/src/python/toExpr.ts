// tree-sitter node -> PyExpr. Every property of a native node (type, children, field lookups,
// positions, text) is a call into the binding, and reading a migration made thousands of them.
// Here one TreeCursor walk copies the expression's subtree into plain objects (type, field,
// positions, source offsets), text is sliced from the parsed source string, and the conversion
// runs in JavaScript alone. The PyExpr shapes and ranges are the same as reading the nodes.
import type Parser = require("tree-sitter");
import type { Position, Range } from "../schema/types";
import type { PyExpr } from "./syntax";
import { Converter, type Node } from "./exprConverter";

/** The source each tree was parsed from, to slice node text by index (trees are not kept alive). */
const sources = new WeakMap<Parser.Tree, Source>();

/** `clean`: the tree has no ERROR or MISSING node (copies of its subtrees may then be shared). */
export function rememberSource(tree: Parser.Tree, text: string, clean: boolean): void {
  sources.set(tree, new Source(text, clean));
}

/**
 * Positions from source offsets. In this binding offsets and columns are both UTF-16 units and
 * rows count "\n" only, so a node's point is (row, offset - start of row): the same numbers as
 * node.startPosition without a call into the binding per node.
 */
class Source {
  private lineStarts: number[] | undefined;
  constructor(
    readonly text: string,
    readonly clean: boolean,
  ) {}

  position(offset: number): Position {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = this.text.indexOf("\n"); i >= 0; i = this.text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  }
}

// The node types toExpr takes apart; any other node is a leaf or `other` (its text), so the
// walk does not descend into it (lambdas, comprehensions, comparisons...).
const DECOMPOSED = new Set([
  "string",
  "string_content",
  "concatenated_string",
  "attribute",
  "call",
  "argument_list",
  "keyword_argument",
  "dictionary_splat",
  "list",
  "tuple",
  "set",
  "dictionary",
  "pair",
  "subscript",
  "generic_type",
  "type_parameter",
  "binary_operator",
  "union_type",
  "unary_operator",
  "parenthesized_expression",
  "type",
]);
/** Of those, the ones whose children are looked up by field name. */
const BY_FIELD = new Set(["attribute", "call", "keyword_argument", "pair", "subscript", "binary_operator", "unary_operator"]);
/** Parents whose anonymous children are read (operators, string parts); elsewhere they are punctuation. */
const READS_ANONYMOUS = new Set(["string", "string_content", "concatenated_string", "binary_operator", "unary_operator"]);
const NO_CHILDREN: Node[] = [];

/** Node type id -> name and named-ness: one call per node instead of two. */
const kinds: { type: string; named: boolean }[] = [];

/** Converts an expression node to a PyExpr. Unknown syntax becomes `other` with its source text. */
export function toExpr(node: Parser.SyntaxNode): PyExpr {
  return CursorReader.at(node).expr();
}

/**
 * A TreeCursor with what the statement helpers read from it: type, field, text, range, and the
 * PyExpr of the current node; text and points come from the source, as in toExpr.
 */
export class CursorReader {
  private constructor(
    private readonly cursor: Parser.TreeCursor,
    private readonly source: Source | undefined,
  ) {}

  static at(node: Parser.SyntaxNode): CursorReader {
    const cursor = node.walk();
    let source = sources.get(node.tree);
    // A tree whose positions do not follow its offsets (or an unknown source) is read natively.
    if (source) {
      const at = source.position(cursor.startIndex);
      const point = cursor.startPosition;
      if (at.line !== point.row || at.character !== point.column) source = undefined;
    }
    return new CursorReader(cursor, source);
  }

  get type(): string {
    return kindOf(this.cursor).type;
  }

  get named(): boolean {
    return kindOf(this.cursor).named;
  }

  get field(): string | null {
    return fieldOf(this.cursor);
  }

  text(): string {
    return this.source ? this.source.text.slice(this.cursor.startIndex, this.cursor.endIndex) : this.cursor.nodeText;
  }

  range(): Range {
    const c = this.cursor;
    return this.source ? { start: this.source.position(c.startIndex), end: this.source.position(c.endIndex) } : { start: point(c.startPosition), end: point(c.endPosition) };
  }

  /** The current node's range and source text, when the source is known (else undefined). */
  span(): { range: Range; text: string } | undefined {
    const source = this.source;
    if (!source) return undefined;
    const start = this.cursor.startIndex;
    const end = this.cursor.endIndex;
    return { range: { start: source.position(start), end: source.position(end) }, text: source.text.slice(start, end) };
  }

  /** The current node as a binding node (one call). */
  node(): Parser.SyntaxNode {
    return this.cursor.currentNode;
  }

  expr(): PyExpr {
    const source = this.source;
    return new Converter(source).expr(copy(this.cursor, "", source === undefined, source?.clean ? source.text : undefined));
  }

  firstChild(): boolean {
    return this.cursor.gotoFirstChild();
  }

  next(): boolean {
    return this.cursor.gotoNextSibling();
  }

  parent(): boolean {
    return this.cursor.gotoParent();
  }

  /** Moves to the first named child; stays put (false) when there is none. */
  firstNamedChild(): boolean {
    if (!this.cursor.gotoFirstChild()) return false;
    do if (this.named) return true;
    while (this.cursor.gotoNextSibling());
    this.cursor.gotoParent();
    return false;
  }
}

function kindOf(cursor: Parser.TreeCursor): { type: string; named: boolean } {
  const id = cursor.nodeTypeId;
  return (kinds[id] ??= { type: cursor.nodeType, named: cursor.nodeIsNamed });
}

/** Field id -> name: the binding makes a new string for every `currentFieldName`, the id is a number. */
const fieldNames: (string | null)[] = [null];

function fieldOf(cursor: Parser.TreeCursor): string | null {
  const id = cursor.currentFieldId;
  if (!id) return null;
  let name = fieldNames[id];
  if (name === undefined) name = fieldNames[id] = cursor.currentFieldName ?? null;
  return name;
}

function point(p: Parser.Point): Position {
  return { line: p.row, character: p.column };
}

/**
 * Copies of calls met before, by their source text. Migrations repeat the same small calls
 * (`sa.Integer()`, `sa.Column('id', sa.Integer(), nullable=False)`) in file after file; in an
 * error-free tree the same text of a call parses to the same subtree, so its copy is the earlier
 * one moved to the new offsets, made without walking the tree (most of a copy's cost is the walk's
 * calls into the binding). Bounded: emptied when full, and a few seconds after it was started, so
 * a language server does not hold it between bursts of parsing; long calls are not kept.
 */
const CALL_MEMO_LIMIT = 256;
const CALL_MEMO_TEXT = 160;
const CALL_MEMO_LIFETIME_MS = 5000;
const callMemo = new Map<string, Node>();
let callMemoTimer: ReturnType<typeof setTimeout> | undefined;

function remember(text: string, node: Node): void {
  if (callMemo.size >= CALL_MEMO_LIMIT) callMemo.clear();
  callMemoTimer ??= setTimeout(() => {
    callMemo.clear();
    callMemoTimer = undefined;
  }, CALL_MEMO_LIFETIME_MS).unref();
  callMemo.set(text, node);
}

function copy(cursor: Parser.TreeCursor, parentType: string, native: boolean, cleanText: string | undefined): Node {
  const kind = kindOf(cursor);
  const type = kind.type;
  // parentType "" is the node toExpr was called on: always read.
  if (!kind.named && parentType !== "" && !READS_ANONYMOUS.has(parentType)) return { type, field: null, named: false, start: -1, end: -1, children: NO_CHILDREN };
  const start = cursor.startIndex;
  const end = cursor.endIndex;
  const field = BY_FIELD.has(parentType) ? fieldOf(cursor) : null;
  const memoKey = cleanText !== undefined && type === "call" && end - start <= CALL_MEMO_TEXT ? cleanText.slice(start, end) : undefined;
  if (memoKey !== undefined) {
    const seen = callMemo.get(memoKey);
    if (seen) return { ...movedCopy(seen, start - seen.start), field };
  }
  const node: Node = { type, field, named: kind.named, start, end, children: NO_CHILDREN };
  if (native) {
    node.range = { start: point(cursor.startPosition), end: point(cursor.endPosition) };
    node.text = cursor.nodeText;
  }
  if (DECOMPOSED.has(type) && cursor.gotoFirstChild()) {
    const children: Node[] = [];
    do children.push(copy(cursor, type, native, cleanText));
    while (cursor.gotoNextSibling());
    cursor.gotoParent();
    node.children = children;
  }
  if (memoKey !== undefined) remember(memoKey, node);
  return node;
}

/** The same subtree `delta` characters further on (skipped punctuation keeps its -1 offsets). */
function movedCopy(node: Node, delta: number): Node {
  const children = node.children === NO_CHILDREN ? NO_CHILDREN : node.children.map((c) => movedCopy(c, delta));
  if (node.start < 0) return { type: node.type, field: node.field, named: node.named, start: -1, end: -1, children };
  return { type: node.type, field: node.field, named: node.named, start: node.start + delta, end: node.end + delta, children };
}
