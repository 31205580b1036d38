// Python source -> a small expression tree (PyExpr) with LSP ranges, via tree-sitter.
// Model files and migration files are parsed, never executed. Half-typed code still parses:
// tree-sitter recovers around ERROR nodes, and we keep what can be read.
import type Parser = require("tree-sitter");
import type { Position, Range } from "../schema/types";
import { CursorReader, rememberSource, toExpr } from "./toExpr";

export { CursorReader, toExpr };

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

interface ExprBase {
  range: Range;
}

export type PyExpr =
  | (ExprBase & { kind: "str"; value: string; /** f-string with interpolations: value is the literal parts only */ formatted?: boolean })
  | (ExprBase & { kind: "num"; value: number; text: string })
  | (ExprBase & { kind: "bool"; value: boolean })
  | (ExprBase & { kind: "none" })
  | (ExprBase & { kind: "name"; name: string })
  | (ExprBase & { kind: "attr"; object: PyExpr; name: string })
  | (ExprBase & { kind: "call"; func: PyExpr; args: PyExpr[]; kwargs: PyKeyword[] })
  | (ExprBase & { kind: "list" | "tuple" | "set"; items: PyExpr[] })
  | (ExprBase & { kind: "dict"; entries: { key: PyExpr; value: PyExpr }[] })
  | (ExprBase & { kind: "subscript"; value: PyExpr; index: PyExpr[] })
  | (ExprBase & { kind: "binop"; op: string; left: PyExpr; right: PyExpr })
  | (ExprBase & { kind: "unary"; op: string; operand: PyExpr })
  | (ExprBase & { kind: "other"; text: string });

export interface PyKeyword {
  /** Keyword name; "**" for a `**mapping` splat. */
  name: string;
  value: PyExpr;
  range: Range;
}

let sharedParser: Parser | undefined;

// The native modules are loaded with the first parse, not with this module: a run that parses
// nothing (a check served from its kept result, a project found without reading env.py) does not
// pay for loading them.
function parser(): Parser {
  if (!sharedParser) {
    const TreeSitter = require("tree-sitter") as typeof Parser;
    const python = require("tree-sitter-python") as Parser.Language;
    sharedParser = new TreeSitter();
    sharedParser.setLanguage(python);
  }
  return sharedParser;
}

export interface ParsedPython {
  tree: Tree;
  root: SyntaxNode;
  /** Ranges of ERROR / MISSING nodes: the file does not parse cleanly. */
  errors: Range[];
}

// tree-sitter's default callback buffer is small; a buffer that holds the whole text reads it in
// one chunk. Sized to the text: a fixed 1 MB buffer per parse cost ~20% of parse time on small files.
export function parsePython(text: string, oldTree?: Tree): ParsedPython {
  const tree = parser().parse(text, oldTree, { bufferSize: text.length * 2 + 2 });
  const root = tree.rootNode;
  const hasError = root.hasError;
  rememberSource(tree, text, !hasError);
  return { tree, root, errors: hasError ? collectErrors(root) : [] };
}

function collectErrors(root: SyntaxNode): Range[] {
  const out: Range[] = [];
  const visit = (node: SyntaxNode): void => {
    if (node.type === "ERROR" || node.isMissing) {
      out.push(rangeOf(node));
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) visit(child);
  };
  visit(root);
  return out;
}

export function rangeOf(node: SyntaxNode): Range {
  return { start: point(node.startPosition), end: point(node.endPosition) };
}

// tree-sitter columns are byte offsets; LSP characters are UTF-16 units. For ASCII lines they
// agree, which is the common case in Python identifiers. Lines are exact either way.
function point(p: Parser.Point): Position {
  return { line: p.row, character: p.column };
}

/** `a.b.c` for names and attribute chains, else undefined. */
export function dottedName(expr: PyExpr | undefined): string | undefined {
  if (!expr) return undefined;
  if (expr.kind === "name") return expr.name;
  if (expr.kind === "attr") {
    const head = dottedName(expr.object);
    return head === undefined ? undefined : `${head}.${expr.name}`;
  }
  return undefined;
}

/** The dotted name of what a call calls (`op.add_column`, `sa.Column`), or undefined. */
export function calleeName(expr: PyExpr): string | undefined {
  return expr.kind === "call" ? dottedName(expr.func) : undefined;
}

/** Last segment of a dotted callee: `sa.types.String` -> `String`. */
export function lastSegment(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const i = name.lastIndexOf(".");
  return i < 0 ? name : name.slice(i + 1);
}

export function kwarg(call: PyExpr, name: string): PyExpr | undefined {
  return call.kind === "call" ? call.kwargs.find((k) => k.name === name)?.value : undefined;
}

export function stringValue(expr: PyExpr | undefined): string | undefined {
  return expr?.kind === "str" && !expr.formatted ? expr.value : undefined;
}

export function numberValue(expr: PyExpr | undefined): number | undefined {
  return expr?.kind === "num" ? expr.value : undefined;
}

export function boolValue(expr: PyExpr | undefined): boolean | undefined {
  return expr?.kind === "bool" ? expr.value : undefined;
}

/** Source text of an expression, re-read from the document text by range. */
export function sliceText(text: string, range: Range): string {
  const lines = text.split("\n");
  if (range.start.line === range.end.line) {
    return (lines[range.start.line] ?? "").slice(range.start.character, range.end.character);
  }
  const parts = [(lines[range.start.line] ?? "").slice(range.start.character)];
  for (let l = range.start.line + 1; l < range.end.line; l++) parts.push(lines[l] ?? "");
  parts.push((lines[range.end.line] ?? "").slice(0, range.end.character));
  return parts.join("\n");
}

// ---- statement-level helpers shared by the model and migration readers ----

export interface ImportedName {
  /** Module as written (`app.models`, `.task`, `..core.db`). */
  module: string;
  /** Imported name (`Task`), or undefined for `import module`. */
  name?: string;
  /** Local alias (`as x`), else the name (or first module segment for `import a.b`). */
  local: string;
  range: Range;
}

// Nodes that hold no statement: Python expressions never contain statements, so in a tree without
// errors the walk for imports need not enter these (they are most of a file's nodes).
const HOLDS_NO_STATEMENT = new Set([
  "expression_statement",
  "return_statement",
  "raise_statement",
  "assert_statement",
  "delete_statement",
  "argument_list",
  "parameters",
  "decorator",
  "call",
  "string",
  "comment",
]);

/** Top-level and nested `import` / `from ... import` statements, in source order. */
export function importsOf(root: SyntaxNode): ImportedName[] {
  const out: ImportedName[] = [];
  if (root.hasError) {
    // Error recovery can put a statement anywhere: search every node.
    for (const node of root.descendantsOfType(["import_statement", "import_from_statement"])) importAt(CursorReader.at(node), out);
    return out;
  }
  const r = CursorReader.at(root);
  const visit = (): void => {
    const type = r.type;
    if (type === "import_statement" || type === "import_from_statement") return importAt(r, out);
    if (!r.named || HOLDS_NO_STATEMENT.has(type) || !r.firstChild()) return;
    do visit();
    while (r.next());
    r.parent();
  };
  visit();
  return out;
}

// The reader is on an import statement; it is left there.
function importAt(r: CursorReader, out: ImportedName[]): void {
  const range = r.range();
  const type: string = r.type;
  const plain = type === "import_statement";
  if (!r.firstChild()) return;
  if (plain) {
    do {
      if (!r.named) continue;
      if (r.type === "dotted_name") {
        const module = r.text();
        out.push({ module, local: module.split(".")[0], range });
      } else if (r.type === "aliased_import") {
        const { name, alias } = aliasedAt(r);
        if (name !== undefined) out.push({ module: name, local: alias ?? name.split(".")[0], range });
      }
    } while (r.next());
  } else {
    let module: string | undefined;
    let wildcard = false;
    do {
      const field = r.field;
      if (field === "module_name") module ??= r.text();
      else if (field === "name" && r.type === "dotted_name") {
        const name = r.text();
        out.push({ module: module ?? "", name, local: name, range });
      } else if (field === "name" && r.type === "aliased_import") {
        const { name, alias } = aliasedAt(r);
        if (name !== undefined) out.push({ module: module ?? "", name, local: alias ?? name, range });
      }
      if (r.named && r.type === "wildcard_import") wildcard = true;
    } while (r.next());
    if (wildcard) out.push({ module: module ?? "", name: "*", local: "*", range });
  }
  r.parent();
}

// The reader is on an `aliased_import`; it is left there.
function aliasedAt(r: CursorReader): { name?: string; alias?: string } {
  const out: { name?: string; alias?: string } = {};
  if (!r.firstChild()) return out;
  do {
    const field = r.field;
    if (field === "name") out.name ??= r.text();
    else if (field === "alias") out.alias ??= r.text();
  } while (r.next());
  r.parent();
  return out;
}

export interface PyAssignment {
  /** Target name (`x`, or `self.x` as written). */
  target: string;
  targetRange: Range;
  /** Annotation expression, when annotated (`x: int = ...`). */
  annotation?: PyExpr;
  /** Annotation source text as written. */
  annotationText?: string;
  value?: PyExpr;
  /** The whole statement. */
  range: Range;
}

/**
 * Statements already converted, by their text and starting column: a statement with the same text
 * at the same column of an error-free block has the same syntax tree, so its conversion is the
 * earlier one moved by whole lines. Model files repeat many declarations (`id: int | None =
 * Field(default=None, primary_key=True)` in every table); each is then read from the tree once.
 */
export type AssignmentMemo = Map<string, { line: number; assignment: PyAssignment }>;

/**
 * `name = value` / `name: T = value` / `name: T` statements directly in a block or module. With a
 * `memo` (only for a block without syntax errors), repeated statements are taken from it.
 */
export function assignmentsIn(block: SyntaxNode, memo?: AssignmentMemo): PyAssignment[] {
  const out: PyAssignment[] = [];
  const r = CursorReader.at(block);
  if (!r.firstChild()) return out;
  do {
    if (!r.named || r.type !== "expression_statement") continue;
    const span = memo ? r.span() : undefined;
    const range = span?.range ?? r.range();
    const key = span ? `${range.start.character}:${span.text}` : undefined;
    const seen = key !== undefined ? memo!.get(key) : undefined;
    if (seen) {
      out.push(movedBy(seen.assignment, range.start.line - seen.line));
      continue;
    }
    if (!r.firstNamedChild()) continue;
    const inner: string = r.type;
    if (inner === "assignment") {
      const assignment = assignmentAt(r);
      if (assignment) {
        const full = { ...assignment, range };
        out.push(full);
        if (key !== undefined) memo!.set(key, { line: range.start.line, assignment: full });
      }
    }
    r.parent();
  } while (r.next());
  return out;
}

/** A copy of a converted statement `lines` lines further down (same columns). */
function movedBy(a: PyAssignment, lines: number): PyAssignment {
  return {
    target: a.target,
    targetRange: moveRange(a.targetRange, lines),
    annotation: a.annotation && moveExpr(a.annotation, lines),
    annotationText: a.annotationText,
    value: a.value && moveExpr(a.value, lines),
    range: moveRange(a.range, lines),
  };
}

// The same shapes, keys and key order as the converter makes (exprConverter.ts).
function moveExpr(e: PyExpr, lines: number): PyExpr {
  const range = moveRange(e.range, lines);
  switch (e.kind) {
    case "str":
      return "formatted" in e ? { kind: "str", value: e.value, formatted: e.formatted, range } : { kind: "str", value: e.value, range };
    case "num":
      return { kind: "num", value: e.value, text: e.text, range };
    case "bool":
      return { kind: "bool", value: e.value, range };
    case "none":
      return { kind: "none", range };
    case "name":
      return { kind: "name", name: e.name, range };
    case "attr":
      return { kind: "attr", object: moveExpr(e.object, lines), name: e.name, range };
    case "call":
      return { kind: "call", func: moveExpr(e.func, lines), args: e.args.map((x) => moveExpr(x, lines)), kwargs: e.kwargs.map((k) => ({ name: k.name, value: moveExpr(k.value, lines), range: moveRange(k.range, lines) })), range };
    case "list":
    case "tuple":
    case "set":
      return { kind: e.kind, items: e.items.map((x) => moveExpr(x, lines)), range };
    case "dict":
      return { kind: "dict", entries: e.entries.map((x) => ({ key: moveExpr(x.key, lines), value: moveExpr(x.value, lines) })), range };
    case "subscript":
      return { kind: "subscript", value: moveExpr(e.value, lines), index: e.index.map((x) => moveExpr(x, lines)), range };
    case "binop":
      return { kind: "binop", op: e.op, left: moveExpr(e.left, lines), right: moveExpr(e.right, lines), range };
    case "unary":
      return { kind: "unary", op: e.op, operand: moveExpr(e.operand, lines), range };
    case "other":
      return { kind: "other", text: e.text, range };
  }
}

function moveRange(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } };
}

// The reader is on an `assignment`; it is left there. Fields are read once each, first one wins.
function assignmentAt(r: CursorReader): Omit<PyAssignment, "range"> | undefined {
  let target: string | undefined;
  let targetRange: Range | undefined;
  let annotation: PyExpr | undefined;
  let annotationText: string | undefined;
  let value: PyExpr | undefined;
  let seenType = false;
  let seenRight = false;
  if (r.firstChild()) {
    do {
      const field = r.field;
      if (field === "left" && target === undefined) {
        target = r.text();
        targetRange = r.range();
      } else if (field === "type" && !seenType) {
        seenType = true;
        annotation = r.expr();
        annotationText = r.text();
      } else if (field === "right" && !seenRight) {
        seenRight = true;
        value = r.expr();
      }
    } while (r.next());
    r.parent();
  }
  if (target === undefined || !targetRange) return undefined;
  return { target, targetRange, annotation, annotationText, value };
}

export interface PyClass {
  name: string;
  nameRange: Range;
  bases: PyExpr[];
  /** Class keywords: `table=True`, `metaclass=...`. */
  keywords: PyKeyword[];
  body: SyntaxNode | null;
  range: Range;
  node: SyntaxNode;
}

/**
 * Calls `read` with the reader on each module-level definition of this type, decorated ones too
 * (one cursor walk reads them all); `read` leaves the reader where it found it.
 */
function eachDefinition(root: SyntaxNode, type: "class_definition" | "function_definition", read: (r: CursorReader) => void): void {
  const r = CursorReader.at(root);
  if (!r.firstChild()) return;
  do {
    if (!r.named) continue;
    const kind: string = r.type;
    if (kind === type) read(r);
    else if (kind === "decorated_definition" && r.firstChild()) {
      // The decorated statement: its `definition` child.
      do {
        if (r.field !== "definition") continue;
        if ((r.type as string) === type) read(r);
        break;
      } while (r.next());
      r.parent();
    }
  } while (r.next());
}

/** Class definitions at module level (also decorated ones). */
export function classesOf(root: SyntaxNode): PyClass[] {
  const out: PyClass[] = [];
  eachDefinition(root, "class_definition", (r) => classAt(r, out));
  return out;
}

// The reader is on a `class_definition`; it is left there. The first child of each field counts.
function classAt(r: CursorReader, out: PyClass[]): void {
  const range = r.range();
  let name: { text: string; range: Range } | undefined;
  let supersSeen = false;
  let body: SyntaxNode | null | undefined;
  const bases: PyExpr[] = [];
  const keywords: PyKeyword[] = [];
  if (r.firstChild()) {
    do {
      const field = r.field;
      if (field === "name" && !name) name = { text: r.text(), range: r.range() };
      else if (field === "superclasses" && !supersSeen) {
        supersSeen = true;
        argumentsAt(r, bases, keywords);
      } else if (field === "body" && body === undefined) body = r.node();
    } while (r.next());
    r.parent();
  }
  if (!name) return;
  out.push({ name: name.text, nameRange: name.range, bases, keywords, body: body ?? null, range, node: r.node() });
}

// The reader is on a class's `superclasses`; it is left there.
function argumentsAt(r: CursorReader, bases: PyExpr[], keywords: PyKeyword[]): void {
  if (!r.firstChild()) return;
  do {
    if (!r.named) continue;
    const type: string = r.type;
    if (type === "comment") continue;
    if (type !== "keyword_argument") {
      bases.push(r.expr());
      continue;
    }
    const range = r.range();
    let name: string | undefined;
    let value: PyExpr | undefined;
    let valueSeen = false;
    if (r.firstChild()) {
      do {
        const field = r.field;
        if (field === "name" && name === undefined) name = r.text();
        else if (field === "value" && !valueSeen) {
          valueSeen = true;
          value = r.expr();
        }
      } while (r.next());
      r.parent();
    }
    if (name !== undefined && value) keywords.push({ name, value, range });
  } while (r.next());
  r.parent();
}

export interface PyFunction {
  name: string;
  nameRange: Range;
  body: SyntaxNode | null;
  bodyRange?: Range;
  range: Range;
  node: SyntaxNode;
}

/** Function definitions at module level (also decorated ones). */
export function functionsOf(root: SyntaxNode): PyFunction[] {
  const out: PyFunction[] = [];
  eachDefinition(root, "function_definition", (r) => functionAt(r, out));
  return out;
}

// The reader is on a `function_definition`; it is left there. The first child of each field counts.
function functionAt(r: CursorReader, out: PyFunction[]): void {
  const range = r.range();
  let name: { text: string; range: Range } | undefined;
  let body: { node: SyntaxNode; range: Range } | undefined;
  if (r.firstChild()) {
    do {
      const field = r.field;
      if (field === "name" && !name) name = { text: r.text(), range: r.range() };
      else if (field === "body" && !body) body = { node: r.node(), range: r.range() };
    } while (r.next());
    r.parent();
  }
  if (!name) return;
  out.push({ name: name.text, nameRange: name.range, body: body?.node ?? null, ...(body ? { bodyRange: body.range } : {}), range, node: r.node() });
}

/** The module's docstring: its first statement when that is a string (comments aside). */
export function docstringOf(root: SyntaxNode): PyExpr | undefined {
  const r = CursorReader.at(root);
  if (!r.firstChild()) return undefined;
  do {
    if (!r.named || r.type === "comment") continue;
    if (r.type !== "expression_statement" || !r.firstNamedChild()) return undefined;
    const type: string = r.type;
    return type === "string" || type === "concatenated_string" ? r.expr() : undefined;
  } while (r.next());
  return undefined;
}

/** Python source for an expression (normalised spacing), for messages and raw type text. */
export function printExpr(expr: PyExpr): string {
  switch (expr.kind) {
    case "str":
      return JSON.stringify(expr.value);
    case "num":
      return expr.text;
    case "bool":
      return expr.value ? "True" : "False";
    case "none":
      return "None";
    case "name":
      return expr.name;
    case "attr":
      return `${printExpr(expr.object)}.${expr.name}`;
    case "call": {
      const args = [...expr.args.map(printExpr), ...expr.kwargs.map((k) => (k.name === "**" ? `**${printExpr(k.value)}` : `${k.name}=${printExpr(k.value)}`))];
      return `${printExpr(expr.func)}(${args.join(", ")})`;
    }
    case "list":
      return `[${expr.items.map(printExpr).join(", ")}]`;
    case "tuple":
      return expr.items.length === 1 ? `(${printExpr(expr.items[0])},)` : `(${expr.items.map(printExpr).join(", ")})`;
    case "set":
      return `{${expr.items.map(printExpr).join(", ")}}`;
    case "dict":
      return `{${expr.entries.map((e) => `${printExpr(e.key)}: ${printExpr(e.value)}`).join(", ")}}`;
    case "subscript":
      return `${printExpr(expr.value)}[${expr.index.map(printExpr).join(", ")}]`;
    case "binop":
      return `${printExpr(expr.left)} ${expr.op} ${printExpr(expr.right)}`;
    case "unary":
      return expr.op === "not" ? `not ${printExpr(expr.operand)}` : `${expr.op}${printExpr(expr.operand)}`;
    case "other":
      return expr.text;
  }
}
