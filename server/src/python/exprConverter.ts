// Node copies (see toExpr.ts) -> PyExpr: the conversion itself, in JavaScript alone, with the same
// shapes and ranges as reading the binding's nodes.
import type { Position, Range } from "../schema/types";
import type { PyExpr, PyKeyword } from "./syntax";

/** The parsed source: node text by offsets, and points. */
export interface SourceText {
  readonly text: string;
  position(offset: number): Position;
}

/** What toExpr copies of a node while walking. */
export interface Node {
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

function field(node: Node, name: string): Node | undefined {
  return node.children.find((c) => c.field === name);
}

function named(node: Node): Node[] {
  return node.children.filter((c) => c.named);
}

function isExprNode(node: Node): boolean {
  return node.type !== "comment" && node.type !== "," && node.named;
}

export class Converter {
  constructor(private readonly source: SourceText | undefined) {}

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
        const value = parts.map((p) => (p.kind === "str" ? p.value : "")).join("");
        // No `formatted: undefined` key: parsed migrations are plain JSON data (the parse cache).
        return parts.some((p) => p.kind === "str" && p.formatted) ? { kind: "str", value, formatted: true, range } : { kind: "str", value, range };
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
