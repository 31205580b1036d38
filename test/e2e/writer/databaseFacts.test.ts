// findNonCastableValues on real PostgreSQL: each value tried with the migration's own cast, in a
// read-only transaction; a column the database lacks is skipped, not fatal.
import { strict as assert } from "node:assert";
import { after, before, describe, it } from "node:test";
import type { SchemaChange } from "../../../server/src/diff/types";
import type { Column, ColumnType } from "../../../server/src/schema/types";
import { findNonCastableValues } from "../../../server/src/writer/databaseFacts";
import { createTestDatabase, type TestDatabase } from "../../helpers/postgres";

const type = (kind: ColumnType["kind"], length?: number): ColumnType => ({ kind, ...(length ? { length } : {}), raw: kind });
const column = (name: string, t: ColumnType): Column => ({ name, type: t, nullable: true, primaryKey: false });
const alter = (name: string, from: ColumnType, to: ColumnType): SchemaChange => ({ kind: "alter-type", table: "tasks", column: name, from: column(name, from), to: column(name, to) });

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase("dmw_test_writer_facts");
  await db.query("CREATE TABLE tasks (priority varchar(20), code integer, due text)");
  await db.query("INSERT INTO tasks VALUES ('1', 5, '2026-01-01'), ('high', 123456, 'someday'), (NULL, NULL, NULL), (' 7 ', 7, 'tomorrow'), ('x', 1, 'soon')");
});
after(async () => {
  await db?.drop();
});

describe("findNonCastableValues", () => {
  it("lists, per column, the values the conversion would reject", async () => {
    const found = await findNonCastableValues(db.url, [
      alter("priority", type("string", 20), type("integer")),
      alter("code", type("integer"), type("string", 3)),
      alter("due", type("text"), type("date")),
      alter("missing", type("text"), type("integer")),
      { kind: "rename-column", table: "tasks", from: column("priority", type("string", 20)), to: column("priority_id", type("bigint")), typeChanged: true },
    ]);
    // 'tomorrow' is a valid date input in PostgreSQL: exactly the migration's own cast decides.
    assert.deepEqual(found, { "tasks.priority": ["high", "x"], "tasks.code": ["123456"], "tasks.due": ["someday", "soon"] });
  });

  it("is empty when nothing needs a check, undefined when the database cannot be reached", async () => {
    assert.deepEqual(await findNonCastableValues(db.url, [alter("code", type("integer"), type("text"))]), {});
    assert.equal(await findNonCastableValues("postgresql://postgres@127.0.0.1:1/none", [alter("priority", type("string", 20), type("integer"))]), undefined);
  });
});
