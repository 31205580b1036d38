import { strict as assert } from "node:assert";
import { test } from "node:test";
import { columnLines, readFixture, readSource, table } from "../../helpers/modelsFixtures";

test("half-typed fields are read around the syntax error, with one finding for the file", () => {
  const result = readFixture("broken");
  assert.deepEqual(columnLines(table(result, "invoice")), [
    "id integer NOT NULL PK",
    "number string(20) NOT NULL",
    "total float NOT NULL",
    "customer string NOT NULL",
  ]);
  assert.deepEqual(columnLines(table(result, "customer")), ["id integer NOT NULL PK", "name string NOT NULL", "notes string NULL"]);
  const syntax = result.findings.filter((f) => f.code === "model-syntax-error");
  assert.equal(syntax.length, 1);
  assert.equal(syntax[0].severity, "warning");
  assert.match(syntax[0].file ?? "", /half_typed\.py$/);
  assert.equal(syntax[0].range?.start.line, 8);
  assert.equal(syntax[0].message, "This file has a syntax error at line 9; the models are read around it, fields there may be missing.");
});

test("input that is barely Python still yields a result, never an exception", () => {
  const inputs = [
    "",
    "class",
    "class Broken(SQLModel, table=True",
    "class A(SQLModel, table=True):\n    id: int = Field(primary_key=True\n    name: str\nclass B(A, table=True):\n",
    "class A(B):\n    x: int\nclass B(A, table=True):\n    y: int\n",
    "class T(SQLModel, table=True):\n    id: 'Optional[' = None\n    x: Annotated[] = 1\n    y: Optional = None\n    z: list[\n",
    "Alias = Alias\nclass T(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n    a: Alias\n",
    "\u0000\u0001 not python at all {{{",
  ];
  for (const text of inputs) {
    const result = readSource(text);
    assert.equal(result.schema.origin, "models");
    assert.ok(Array.isArray(result.findings));
  }
  const cyclic = readSource(inputs[4]);
  assert.deepEqual(Object.keys(cyclic.schema.tables), ["b"]);
  const alias = readSource(inputs[6]);
  assert.deepEqual(alias.findings.map((f) => f.code), ["model-unknown-type"]);
});
