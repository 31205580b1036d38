import { test } from "node:test";
import assert from "node:assert/strict";
import { parsePython, rangeOf, toExpr, type PyExpr, type SyntaxNode } from "../../../server/src/python/syntax";

// toExpr derives positions from source offsets; they must be the positions the parser reports.
const SOURCE = [
  '"""Ünïcode docstring 😀"""',
  "x = op.add_column('tâsks', sa.Column(\"naïve😀\", sa.String(length=5), comment='é'))\r",
  "y = {'k': [1, -2.5, (a.b)], **extra}  # trailing comment",
  "z = f(\r",
  "    *args,  # a comment between arguments",
  "    key=lambda v: v + 1,",
  ")[0, 'ü']",
  "w: list[int] | None = not done",
  "",
].join("\n");

function collectCalls(node: SyntaxNode): SyntaxNode[] {
  return node.descendantsOfType(["call", "dictionary", "string", "subscript", "unary_operator", "generic_type", "binary_operator", "lambda"]);
}

function rangesOf(expr: PyExpr, out: PyExpr[] = []): PyExpr[] {
  out.push(expr);
  if (expr.kind === "attr") rangesOf(expr.object, out);
  if (expr.kind === "call") [expr.func, ...expr.args, ...expr.kwargs.map((k) => k.value)].forEach((e) => rangesOf(e, out));
  if (expr.kind === "list" || expr.kind === "tuple" || expr.kind === "set") expr.items.forEach((e) => rangesOf(e, out));
  if (expr.kind === "dict") expr.entries.forEach((e) => (rangesOf(e.key, out), rangesOf(e.value, out)));
  if (expr.kind === "subscript") [expr.value, ...expr.index].forEach((e) => rangesOf(e, out));
  if (expr.kind === "binop") [expr.left, expr.right].forEach((e) => rangesOf(e, out));
  if (expr.kind === "unary") rangesOf(expr.operand, out);
  return out;
}

test("toExpr ranges are the parser's positions, also after non-ASCII text and CRLF line ends", () => {
  const { root } = parsePython(SOURCE);
  const nodes = collectCalls(root);
  assert.ok(nodes.length > 10);
  for (const node of nodes) {
    const expr = toExpr(node);
    assert.deepEqual(expr.range, rangeOf(node), `${node.type} at ${node.startPosition.row}:${node.startPosition.column}`);
    if (expr.kind === "other") assert.equal(expr.text, node.text);
  }
});

test("toExpr reads values and sub-expression ranges from a multi-line call with comments and splats", () => {
  const { root } = parsePython(SOURCE);
  const call = root.descendantsOfType("call").find((n) => n.text.startsWith("f("))!;
  const expr = toExpr(call);
  assert.equal(expr.kind, "call");
  if (expr.kind !== "call") return;
  assert.deepEqual(expr.range, { start: { line: 3, character: 4 }, end: { line: 6, character: 1 } });
  assert.deepEqual(expr.args.map((a) => [a.kind, a.kind === "other" ? a.text : ""]), [["other", "*args"]]);
  assert.equal(expr.kwargs[0].name, "key");
  assert.deepEqual(expr.kwargs[0].range, { start: { line: 5, character: 4 }, end: { line: 5, character: 23 } });
  const column = toExpr(root.descendantsOfType("call").find((n) => n.text.startsWith("sa.Column"))!);
  const names = rangesOf(column).filter((e) => e.kind === "str");
  assert.deepEqual(
    names.map((e) => [e.kind === "str" ? e.value : "", e.range.start.character, e.range.end.character]),
    [["naïve😀", 37, 46], ["é", 77, 80]],
  );
  const dict = toExpr(root.descendantsOfType("dictionary")[0]);
  assert.equal(dict.kind, "dict");
  if (dict.kind === "dict") assert.deepEqual(rangesOf(dict).map((e) => e.kind), ["dict", "str", "list", "num", "num", "attr", "name"]);
});

// The same call text in several places: copies of a call met before are reused in error-free
// trees. Each reading must equal the binding's own (a tree parsed outside parsePython is read
// node by node, with the binding's positions and text).
test("calls whose text repeats read the same as the binding's nodes, wherever they stand", () => {
  const repeated = "sa.Column('id', sa.Integer(), nullable=False)";
  const multiLine = ["sa.Column(", "        'notes',", "        sa.String(length=5),", "    )"].join("\n");
  const lines = [
    `x = f(${repeated})`,
    `op.add_column('t', ${repeated})`,
    "def upgrade():",
    `    op.create_table('a', ${repeated}, sa.Column('n', sa.Integer(), nullable=False))`,
    `    op.create_table('b', ${multiLine}, x=sa.Integer())`,
    `    op.create_table('c',  ${multiLine}, x=(sa.Integer()))`,
    `    y = [${repeated}, {'k': sa.Integer()}]`,
    "",
  ];
  const clean = lines.join("\n");
  const broken = `${clean}def oops(:\n    ${repeated}\n`;
  const TreeSitter = require("tree-sitter");
  const native = new TreeSitter();
  native.setLanguage(require("tree-sitter-python"));
  for (const source of [clean, broken, clean]) {
    const parsed = parsePython(source);
    assert.equal(parsed.errors.length > 0, source === broken);
    const reference = native.parse(source).rootNode.descendantsOfType("call") as SyntaxNode[];
    const calls = parsed.root.descendantsOfType("call");
    assert.equal(calls.length, reference.length);
    assert.ok(calls.filter((c) => c.text === repeated).length >= 4);
    calls.forEach((call, i) => assert.deepEqual(toExpr(call), toExpr(reference[i]), `${call.text} at ${call.startPosition.row}:${call.startPosition.column}`));
  }
});
