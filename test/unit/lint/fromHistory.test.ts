// What the lint reads of a parsed revision besides its operations: the calls that need a live
// connection, and dotted `sqlmodel.` uses outside comments and imports.
import { strict as assert } from "node:assert";
import { test } from "node:test";
import { parseMigration } from "../../../server/src/history/parseMigration";
import { lintRevisionOf } from "../../../server/src/lint/fromHistory";

function revision(body: string[], imports: string[] = ["from alembic import op", "import sqlalchemy as sa"]): ReturnType<typeof lintRevisionOf> {
  const text = [...imports, "", 'revision = "r1"', "down_revision = None", "", "def upgrade():", ...body.map((l) => `    ${l}`), ""].join("\n");
  return lintRevisionOf(parseMigration("/v/r1.py", text), text);
}

test("calls that need a live connection are found however they are spelt, and only as calls", () => {
  const names = (body: string[], imports?: string[]) => revision(body, imports).onlineCalls.map((c) => c.name);
  assert.deepEqual(names(["bind = op.get_bind()"]), ["op.get_bind"]);
  assert.deepEqual(names(["conn = op.get_context().bind"]), ["op.get_context().bind"]);
  assert.deepEqual(names(["sa.inspect(x)"]), ["sa.inspect"]);
  assert.deepEqual(names(["look(x)"], ["from alembic import op", "from sqlalchemy import inspect as look"]), ["look"]);
  assert.deepEqual(names(["op.add_column('t', sa.Column('c', sa.Integer()))  # not op.get_bind()", "op.execute('select inspect')"]), []);
  assert.deepEqual(names(["op.add_column('t', sa.Column('c', sa.Integer()))"]), []);
});

test("dotted sqlmodel uses are found outside comments and imports", () => {
  const uses = revision(["op.add_column('t', sa.Column('c', sqlmodel.sql.sqltypes.AutoString()))  # sqlmodel.other"], ["from alembic import op", "import sqlalchemy as sa", "import sqlmodel.sql"]).dottedUses;
  assert.deepEqual(uses.map((u) => [u.name, u.range.start.line, u.range.start.character]), [["sqlmodel.sql.sqltypes.AutoString", 8, 38]]);
  assert.deepEqual(revision(["op.add_column('t', sa.Column('c', sa.Integer()))"]).dottedUses, []);
});
