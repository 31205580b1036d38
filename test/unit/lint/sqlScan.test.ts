import { test } from "node:test";
import assert from "node:assert/strict";
import { scanSql } from "../../../server/src/lint/sqlScan";

test("statements split on semicolons outside quotes, dollar quotes and comments", () => {
  const sql = "UPDATE t SET a = ';'; -- x;y\nDO $$ BEGIN PERFORM 1; END $$; SELECT \"a;b\" FROM t";
  assert.deepEqual(scanSql(sql).map((s) => [s.kind, s.text]), [
    ["update", "UPDATE t SET a = ';'"],
    ["other", "DO $$ BEGIN PERFORM 1; END $$"],
    ["other", 'SELECT "a;b" FROM t'],
  ]);
});

test("CREATE/DROP INDEX with and without CONCURRENTLY, schema-qualified tables", () => {
  const [create, drop] = scanSql('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_a ON public."Tasks" (a); DROP INDEX ix_b');
  assert.deepEqual(create, { kind: "create-index", text: 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_a ON public."Tasks" (a)', table: "Tasks", name: "ix_a", unique: true, concurrently: true });
  assert.deepEqual(drop, { kind: "drop-index", text: "DROP INDEX ix_b", name: "ix_b", concurrently: false });
});

test("ALTER TABLE actions are split at top-level commas", () => {
  const [alter] = scanSql(
    "ALTER TABLE tasks ADD COLUMN n int NOT NULL DEFAULT random(), ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES users (id) NOT VALID, " +
      "ALTER COLUMN title SET NOT NULL, ALTER COLUMN p TYPE integer USING p::integer, DROP COLUMN old, VALIDATE CONSTRAINT ck",
  );
  assert.equal(alter.kind, "alter-table");
  if (alter.kind !== "alter-table") return;
  assert.equal(alter.table, "tasks");
  assert.deepEqual(alter.actions, [
    { kind: "add-column", column: "n", notNull: true, default: "random()", references: false },
    { kind: "add-constraint", name: "fk", constraint: "foreign-key", notValid: true, usingIndex: false },
    { kind: "set-not-null", column: "title" },
    { kind: "set-type", column: "p", type: "integer", using: true },
    { kind: "drop-column", column: "old" },
    { kind: "validate-constraint", name: "ck" },
  ]);
});

test("UPDATE / DELETE record the table, SET columns and WHERE; TRUNCATE CASCADE; transactions; SET", () => {
  const [u1, u2, d, tr, b, c, set] = scanSql(
    "UPDATE tasks SET title = 'x', \"Prio\" = 1 WHERE title IS NULL; UPDATE ONLY tasks SET a = NULL; DELETE FROM s.t; " +
      "TRUNCATE TABLE a, b CASCADE; BEGIN; COMMIT; SET LOCAL lock_timeout = '5s'",
  );
  assert.deepEqual([u1.kind === "update" && u1.setColumns, u1.kind === "update" && u1.hasWhere], [["title", "Prio"], true]);
  assert.deepEqual([u2.kind === "update" && u2.table, u2.kind === "update" && u2.hasWhere], ["tasks", false]);
  assert.deepEqual([d.kind, d.kind === "delete" && d.table, d.kind === "delete" && d.hasWhere], ["delete", "t", false]);
  assert.deepEqual(tr.kind === "truncate" && [tr.tables, tr.cascade], [["a", "b"], true]);
  assert.deepEqual([b.kind === "transaction" && b.verb, c.kind === "transaction" && c.verb], ["begin", "commit"]);
  assert.deepEqual(set.kind === "set" && [set.name, set.value], ["lock_timeout", "5s"]);
});

test("anything else is 'other' with its first keyword; half-written SQL does not throw", () => {
  assert.deepEqual(scanSql("CREATE VIEW v AS SELECT 1").map((s) => s.kind === "other" && s.keyword), ["CREATE"]);
  assert.equal(scanSql("ALTER TABLE").length, 1);
  assert.equal(scanSql("UPDATE 'unterminated").length, 1);
});
