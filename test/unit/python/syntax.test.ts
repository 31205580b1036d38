import { test } from "node:test";
import assert from "node:assert/strict";
import { assignmentsIn, classesOf, type AssignmentMemo, dottedName, importsOf, kwarg, parsePython, stringValue, toExpr } from "../../../server/src/python/syntax";

test("class keywords, annotations and Field calls are read with ranges", () => {
  const src = [
    "class Task(TaskBase, table=True):",
    '    __tablename__: str = "tasks"',
    "    id: int | None = Field(default=None, primary_key=True)",
    "",
  ].join("\n");
  const parsed = parsePython(src);
  assert.deepEqual(parsed.errors, []);
  const [cls] = classesOf(parsed.root);
  assert.equal(cls.name, "Task");
  assert.equal(dottedName(cls.bases[0]), "TaskBase");
  assert.deepEqual(cls.keywords.map((k) => [k.name, k.value.kind]), [["table", "bool"]]);
  const [tablename, id] = assignmentsIn(cls.body!);
  assert.equal(stringValue(tablename.value), "tasks");
  assert.equal(id.target, "id");
  assert.equal(id.annotation?.kind, "binop");
  assert.equal(id.range.start.line, 2);
  assert.equal(kwarg(id.value!, "primary_key")?.kind, "bool");
});

test("a memo of converted statements gives the same statements, moved to their own lines", () => {
  const field = "    id: int | None = Field(\n        default=None, primary_key=True  # the key\n    )";
  const src = [
    "class A(SQLModel, table=True):",
    field,
    '    name: str = "a"',
    "",
    "class B(SQLModel, table=True):",
    '    name: str = "a"',
    "    other: int = 1",
    field,
    "    if True:",
    '        name: str = "a"',
    "",
  ].join("\n");
  const read = (memo?: AssignmentMemo) => classesOf(parsePython(src).root).map((c) => assignmentsIn(c.body!, memo));
  const plain = read();
  const memo: AssignmentMemo = new Map();
  const memoized = read(memo);
  assert.deepEqual(memoized, plain);
  // Repeated statements come from the memo: one entry per distinct text and column.
  assert.equal(memo.size, 3);
  const [a, b] = memoized;
  assert.equal(b[2].range.start.line, 9);
  assert.equal(b[2].range.end.line, 11);
  assert.equal(kwarg(b[2].value!, "primary_key")?.range.start.line, 10);
  assert.equal(b[0].targetRange.start.line, 7);
  // Copies, not the same objects: a statement's expressions belong to it alone.
  assert.notEqual(b[2].value, a[0].value);
  assert.notEqual(b[2].range, a[0].range);
});

test("string literals: escapes, raw strings, concatenation, f-strings", () => {
  const src = 'a = "x\\ty"\nb = r"x\\ty"\nc = ("ab" "cd")\nd = f"t{x}"\n';
  const values = assignmentsIn(parsePython(src).root).map((a) => a.value);
  assert.equal(stringValue(values[0]), "x\ty");
  assert.equal(stringValue(values[1]), "x\\ty");
  assert.equal(stringValue(values[2]), "abcd");
  assert.equal(stringValue(values[3]), undefined, "an f-string has no static value");
});

test("half-typed code reports errors and keeps the readable parts", () => {
  const src = "class A(SQLModel, table=True):\n    x: int = Field(\n\nclass B(SQLModel, table=True):\n    y: str\n";
  const parsed = parsePython(src);
  assert.ok(parsed.errors.length > 0);
  assert.ok(classesOf(parsed.root).some((c) => c.name === "A"));
});

test("imports: from, aliased, relative", () => {
  const src = "import sqlalchemy as sa\nfrom app.models import Task, User as U\nfrom .base import *\n";
  const imports = importsOf(parsePython(src).root).map((i) => [i.module, i.name, i.local]);
  assert.deepEqual(imports, [
    ["sqlalchemy", undefined, "sa"],
    ["app.models", "Task", "Task"],
    ["app.models", "User", "U"],
    [".base", "*", "*"],
  ]);
});

test("imports nested in every kind of statement are found, with and without syntax errors elsewhere", () => {
  const src = [
    "import a",
    "if TYPE_CHECKING:",
    "    from b import B",
    "elif x:",
    "    import c",
    "else:",
    "    import d",
    "try:",
    "    import e",
    "except ImportError:",
    "    import f",
    "else:",
    "    import g",
    "finally:",
    "    import h",
    "for i in range(3):",
    "    import i1",
    "while y:",
    "    import w",
    "with ctx() as c:",
    "    import wi",
    "match v:",
    "    case 1:",
    "        import m",
    "@decorator(lambda: 1)",
    "class K(Base, metaclass=M):",
    "    import k",
    "    def method(self, p=call()):",
    "        import km",
    "        return p",
    "async def g():",
    "    import ag",
    "x = f(y)  # import nothing",
    "",
  ].join("\n");
  const expected = ["a", "b", "c", "d", "e", "f", "g", "h", "i1", "w", "wi", "m", "k", "km", "ag"];
  const clean = parsePython(src);
  assert.deepEqual(clean.errors, []);
  assert.deepEqual(importsOf(clean.root).map((i) => i.module), expected);
  const broken = parsePython(src + "def broken(:\n    import z\n");
  assert.ok(broken.errors.length > 0);
  assert.deepEqual(importsOf(broken.root).map((i) => i.module).slice(0, expected.length), expected);
});

test("negative numbers and nested calls", () => {
  const expr = toExpr(parsePython("f(-3, g(x=1.5))\n").root.namedChildren[0].namedChildren[0]);
  assert.equal(expr.kind, "call");
  if (expr.kind !== "call") return;
  assert.deepEqual([expr.args[0].kind, expr.args[0].kind === "num" && expr.args[0].value], ["num", -3]);
  assert.equal(kwarg(expr.args[1], "x")?.kind, "num");
});

test("imports: dotted, several per statement, parenthesized, relative-only, nested, with ranges", () => {
  const src = [
    "import a.b, c.d as e",
    "from .. import (x as y,  # why",
    "    z)",
    "def f():",
    "    from sqlalchemy.dialects import postgresql",
    "",
  ].join("\n");
  const imports = importsOf(parsePython(src).root);
  assert.deepEqual(
    imports.map((i) => [i.module, i.name, i.local]),
    [
      ["a.b", undefined, "a"],
      ["c.d", undefined, "e"],
      ["..", "x", "y"],
      ["..", "z", "z"],
      ["sqlalchemy.dialects", "postgresql", "postgresql"],
    ],
  );
  assert.deepEqual(imports[2].range, { start: { line: 1, character: 0 }, end: { line: 2, character: 6 } });
  assert.deepEqual(imports[4].range, { start: { line: 4, character: 4 }, end: { line: 4, character: 46 } });
});
