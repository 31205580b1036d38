// tree-sitter node -> PyExpr. Every property of a native node (type, children, field lookups,
// positions, text) is a call into the binding, and reading a migration made thousands of them.
// Here one TreeCursor walk copies the expression's subtree into plain objects (type, field,
// positions, source offsets), text is sliced from the parsed source string, and the conversion
// runs in JavaScript alone. The PyExpr shapes and ranges are the same as reading the nodes.
import type Parser = require("tree-sitter");
import type { Position, Range } from "../schema/types";
import type { PyExpr, PyKeyword } from "./syntax";

/** The source each tree was parsed from, to slice node text by index (trees are not kept alive). */
const sources = new WeakMap<Parser.Tree, Source>();

export function rememberSource(tree: Parser.Tree, text: string): void {
  sources.set(tree, new Source(text));
}

/**
 * Positions from source offsets. In this binding offsets and columns are both UTF-16 units and
 * rows count "\n" only, so a node's point is (row, offset - start of row): the same numbers as
 * node.startPosition without a call into the binding per node.
 */
class Source {
  private lineStarts: number[] | undefined;
  constructor(readonly text: string) {}

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

interface Node {
  type: string;
  /** Field name in the parent; only read under nodes that look children up by field. */
  field: string | null;
  named: boolean;
  start: number;
  end: number;
  /** Read from the binding only when the source is unknown or its positions disagree. */
  range?: Range;
  text?: string;
  children: Node[];
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
    return this.cursor.currentFieldName ?? null;
  }

  text(): string {
    return this.source ? this.source.text.slice(this.cursor.startIndex, this.cursor.endIndex) : this.cursor.nodeText;
  }

  range(): Range {
    const c = this.cursor;
    return this.source ? { start: this.source.position(c.startIndex), end: this.source.position(c.endIndex) } : { start: point(c.startPosition), end: point(c.endPosition) };
  }

  expr(): PyExpr {
    return new Converter(this.source).expr(copy(this.cursor, "", this.source === undefined));
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

function point(p: Parser.Point): Position {
  return { line: p.row, character: p.column };
}

function copy(cursor: Parser.TreeCursor, parentType: string, native: boolean): Node {
  const kind = kindOf(cursor);
  const type = kind.type;
  // parentType "" is the node toExpr was called on: always read.
  if (!kind.named && parentType !== "" && !READS_ANONYMOUS.has(parentType)) return { type, field: null, named: false, start: -1, end: -1, children: NO_CHILDREN };
  const node: Node = {
    type,
    field: BY_FIELD.has(parentType) ? (cursor.currentFieldName ?? null) : null,
    named: kind.named,
    start: cursor.startIndex,
    end: cursor.endIndex,
    children: NO_CHILDREN,
  };
  if (native) {
    node.range = { start: point(cursor.startPosition), end: point(cursor.endPosition) };
    node.text = cursor.nodeText;
  }
  if (DECOMPOSED.has(type) && cursor.gotoFirstChild()) {
    const children: Node[] = [];
    do children.push(copy(cursor, type, native));
    while (cursor.gotoNextSibling());
    cursor.gotoParent();
    node.children = children;
  }
  return node;
}

function field(node: Node, name: string): Node | undefined {
  return node.children.find((c) => c.field === name);
}

function named(node: Node): Node[] {
  return node.children.filter((c) => c.named);
}

function isExprNode(node: Node): boolean {
  return node.type !== "comment" && node.type !== "," && node.named;
}

class Converter {
  constructor(private readonly source: Source | undefined) {}

  text(node: Node): string {
    return node.text ?? this.source!.text.slice(node.start, node.end);
  }

  range(node: Node): Range {
    return node.range ?? { start: this.source!.position(node.start), end: this.source!.position(node.end) };
  }

  expr(node: Node): PyExpr {
    const range = this.range(node);
    switch (node.type) {
      case "string":
        return this.string(node, range);
      case "concatenated_string": {
        const parts = named(node)
          .filter((c) => c.type === "string")
          .map((c) => this.string(c, range));
        return {
          kind: "str",
          value: parts.map((p) => (p.kind === "str" ? p.value : "")).join(""),
          formatted: parts.some((p) => p.kind === "str" && p.formatted) || undefined,
          range,
        };
      }
      case "integer":
      case "float": {
        const text = this.text(node);
        return { kind: "num", value: Number(text.replace(/_/g, "")), text, range };
      }
      case "true":
        return { kind: "bool", value: true, range };
      case "false":
        return { kind: "bool", value: false, range };
      case "none":
        return { kind: "none", range };
      case "identifier":
        return { kind: "name", name: this.text(node), range };
      case "attribute": {
        const object = field(node, "object");
        const attr = field(node, "attribute");
        if (!object || !attr) return this.other(node, range);
        return { kind: "attr", object: this.expr(object), name: this.text(attr), range };
      }
      case "call":
        return this.call(node, range);
      case "list":
      case "tuple":
      case "set":
        return { kind: node.type, items: node.children.filter(isExprNode).map((c) => this.expr(c)), range };
      case "dictionary": {
        const entries: { key: PyExpr; value: PyExpr }[] = [];
        for (const pair of node.children) {
          if (pair.type !== "pair" || !pair.named) continue;
          const key = field(pair, "key");
          const value = field(pair, "value");
          if (key && value) entries.push({ key: this.expr(key), value: this.expr(value) });
        }
        return { kind: "dict", entries, range };
      }
      case "subscript": {
        const value = field(node, "value");
        if (!value) return this.other(node, range);
        const index = node.children.filter((c) => c.field === "subscript" && isExprNode(c)).map((c) => this.expr(c));
        return { kind: "subscript", value: this.expr(value), index, range };
      }
      case "generic_type": {
        // `list[int]` in an annotation position parses as generic_type(identifier, type_parameter).
        const children = named(node);
        const base = children[0];
        const params = children.find((c) => c.type === "type_parameter");
        if (!base) return this.other(node, range);
        return { kind: "subscript", value: this.expr(base), index: params ? named(params).map((c) => this.expr(c)) : [], range };
      }
      case "binary_operator": {
        const left = field(node, "left");
        const right = field(node, "right");
        const op = field(node, "operator");
        if (!left || !right) return this.other(node, range);
        return { kind: "binop", op: op ? this.text(op) : "?", left: this.expr(left), right: this.expr(right), range };
      }
      case "union_type": {
        // `int | None` in annotation position (newer grammars).
        const [left, right] = named(node);
        if (!left || !right) return this.other(node, range);
        return { kind: "binop", op: "|", left: this.expr(left), right: this.expr(right), range };
      }
      case "unary_operator": {
        const operand = field(node, "argument");
        const opNode = field(node, "operator");
        if (!operand) return this.other(node, range);
        const inner = this.expr(operand);
        const op = opNode ? this.text(opNode) : undefined;
        if (inner.kind === "num" && op === "-") return { kind: "num", value: -inner.value, text: this.text(node), range };
        return { kind: "unary", op: op ?? "?", operand: inner, range };
      }
      case "parenthesized_expression":
      case "type": {
        const inner = node.children.find(isExprNode);
        return inner ? this.expr(inner) : this.other(node, range);
      }
      default:
        return this.other(node, range);
    }
  }

  other(node: Node, range: Range): PyExpr {
    return { kind: "other", text: this.text(node), range };
  }

  string(node: Node, range: Range): PyExpr {
    const startNode = node.children.find((c) => c.type === "string_start");
    const start = startNode ? this.text(startNode) : '"';
    const raw = start.replace(/['"]/g, "").toLowerCase().includes("r");
    let value = "";
    let formatted = false;
    for (const child of node.children) {
      if (child.type === "string_content") value += raw ? this.text(child) : this.content(child);
      else if (child.type === "escape_sequence") value += raw ? this.text(child) : unescape(this.text(child));
      else if (child.type === "interpolation") formatted = true;
    }
    return formatted ? { kind: "str", value, formatted, range } : { kind: "str", value, range };
  }

  // Some grammar versions nest escape_sequence nodes inside string_content.
  content(node: Node): string {
    const text = this.text(node);
    const inner = named(node);
    if (inner.length === 0) return text;
    let out = "";
    let at = node.start;
    for (const child of inner) {
      out += text.slice(at - node.start, child.start - node.start);
      out += child.type === "escape_sequence" ? unescape(this.text(child)) : this.text(child);
      at = child.end;
    }
    return out + text.slice(at - node.start);
  }

  call(node: Node, range: Range): PyExpr {
    const fn = field(node, "function");
    const argList = field(node, "arguments");
    if (!fn) return this.other(node, range);
    const args: PyExpr[] = [];
    const kwargs: PyKeyword[] = [];
    if (argList && argList.type === "argument_list") {
      for (const arg of argList.children) {
        if (!arg.named || arg.type === "comment") continue;
        if (arg.type === "keyword_argument") {
          const name = field(arg, "name");
          const value = field(arg, "value");
          if (name && value) kwargs.push({ name: this.text(name), value: this.expr(value), range: this.range(arg) });
        } else if (arg.type === "dictionary_splat") {
          const inner = named(arg)[0];
          if (inner) kwargs.push({ name: "**", value: this.expr(inner), range: this.range(arg) });
        } else {
          args.push(this.expr(arg));
        }
      }
    }
    return { kind: "call", func: this.expr(fn), args, kwargs, range };
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "0": "\0",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "\n": "",
};

function unescape(seq: string): string {
  const body = seq.slice(1);
  if (body in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[body];
  if (/^x[0-9a-fA-F]{2}$/.test(body) || /^u[0-9a-fA-F]{4}$/.test(body) || /^U[0-9a-fA-F]{8}$/.test(body)) {
    return String.fromCodePoint(parseInt(body.slice(1), 16));
  }
  if (/^[0-7]{1,3}$/.test(body)) return String.fromCodePoint(parseInt(body, 8));
  return seq;
}
