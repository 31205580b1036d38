import { test } from "node:test";
import assert from "node:assert/strict";
import { compareDatabase } from "../../../server/src/database/findings";
import type { DatabaseSnapshot } from "../../../server/src/database/types";
import { buildRevisionGraph } from "../../../server/src/history/revisionGraph";
import type { MigrationFile } from "../../../server/src/history/types";
import { parsePgType } from "../../../server/src/schema/columnTypes";
import { emptySchema, emptyTable, type Column, type Schema, type SchemaOrigin, type Table } from "../../../server/src/schema/types";

function col(name: string, pgType: string, extra: Partial<Column> = {}): Column {
  return { name, type: parsePgType(pgType), nullable: true, primaryKey: false, ...extra };
}

function table(name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return { ...emptyTable(name), columns, ...extra };
}

function schema(origin: SchemaOrigin, ...tables: Table[]): Schema {
  const s = emptySchema(origin);
  for (const t of tables) s.tables[t.name] = t;
  return s;
}

function migration(revision: string, down: string[], message: string): MigrationFile {
  return { path: `/project/alembic/versions/${revision}.py`, revision, downRevisions: down, branchLabels: [], dependsOn: [], message, imports: {}, findings: [] };
}

// a1 -> b2 -> c3, the example backend's shape.
const linear = buildRevisionGraph([migration("a1", [], "create users"), migration("b2", ["a1"], "create tasks"), migration("c3", ["b2"], "add priority")]);

function snapshot(db: Schema, stamps: string[] | null): DatabaseSnapshot {
  return { schema: db, stamps: stamps ?? [], hasVersionTable: stamps !== null, serverVersion: "16.0", rowEstimates: {} };
}

const users = () => table("users", [col("id", "uuid", { nullable: false, primaryKey: true }), col("email", "character varying(255)", { nullable: false })]);

test("database behind head: how many revisions and which, pointing at the first pending file", () => {
  const db = schema("database", users());
  const result = compareDatabase({ snapshot: snapshot(db, ["a1"]), history: { graph: linear, schema: db } });
  const behind = result.findings.filter((f) => f.code === "db-behind-head");
  assert.equal(behind.length, 1);
  assert.equal(behind[0].message, "The database (at a1) is 2 revisions behind head: b2 (create tasks), c3 (add priority) are not applied; run `alembic upgrade head`.");
  assert.equal(behind[0].file, "/project/alembic/versions/b2.py");
  assert.deepEqual(result.stamps?.pending, ["b2", "c3"]);
});

test("a stamp no migration file declares is an error; history drift is not reported against it", () => {
  const db = schema("database", users());
  const result = compareDatabase({ snapshot: snapshot(db, ["deadbeef"]), history: { graph: linear, schema: schema("history") } });
  assert.deepEqual(result.findings.map((f) => [f.code, f.severity]), [["db-unknown-stamp", "error"]]);
  assert.match(result.findings[0].message, /revision deadbeef, which no migration file declares/);
});

test("no alembic_version table, with and without tables", () => {
  const withTables = compareDatabase({ snapshot: snapshot(schema("database", users()), null), history: { graph: linear, schema: schema("history") }, configFile: "/project/alembic.ini" });
  assert.deepEqual(withTables.findings.map((f) => f.code), ["db-no-version-table"]);
  assert.match(withTables.findings[0].message, /has 1 table but no alembic_version table/);
  assert.equal(withTables.findings[0].file, "/project/alembic.ini");
  const empty = compareDatabase({ snapshot: snapshot(schema("database"), null), history: { graph: linear, schema: schema("history") } });
  assert.match(empty.findings[0].message, /no tables: no migration has been applied; run `alembic upgrade head`/);
});

test("several heads: which the database has and which not", () => {
  const forked = buildRevisionGraph([migration("a1", [], "base"), migration("b2", ["a1"], "left"), migration("c3", ["a1"], "right")]);
  const db = schema("database");
  const result = compareDatabase({ snapshot: snapshot(db, ["b2"]), history: { graph: forked, schema: db } });
  const heads = result.findings.find((f) => f.code === "db-several-heads");
  assert.equal(heads?.message, "The migration history has 2 heads (b2, c3) and the database has b2 but not c3: merge them with `alembic merge heads` or upgrade with `alembic upgrade heads`.");
  assert.ok(result.findings.some((f) => f.code === "db-behind-head" && /1 revision behind head: c3 \(right\)/.test(f.message)));
});

test("matches the migration head but not the models: write a migration", () => {
  const db = schema("database", users());
  const models = schema("models", table("users", [...users().columns, col("name", "character varying(100)", { nullable: false })]));
  const result = compareDatabase({ snapshot: snapshot(db, ["c3"]), models, history: { graph: linear, schema: schema("history", users()) } });
  assert.deepEqual(result.findings.map((f) => f.code), ["db-write-migration", "db-missing-column"]);
  assert.match(result.findings[0].message, /matches the migration head c3 but not the models \(1 difference\): write a migration/);
  assert.equal(result.findings[1].message, "users.name is in the model but the database does not have it");
});

test("matches the models but the stamp is behind: stamp, not upgrade", () => {
  const db = schema("database", users());
  const result = compareDatabase({ snapshot: snapshot(db, ["a1"]), models: schema("models", users()), history: { graph: linear, schema: schema("history", users()) } });
  assert.deepEqual(result.findings.map((f) => f.code), ["db-behind-head", "db-stamp-or-migrate"]);
  assert.match(result.findings[1].message, /already matches the models but it is stamped 2 revisions behind head; .*`alembic stamp c3` instead/);
});

test("matches the models but the migrations build something else: write the migration, then stamp", () => {
  const db = schema("database", users());
  const result = compareDatabase({ snapshot: snapshot(db, null), models: schema("models", users()), history: { graph: linear, schema: schema("history") } });
  const verdict = result.findings.find((f) => f.code === "db-stamp-or-migrate");
  assert.match(verdict!.message, /alembic_version stamp is missing or unknown; the changes were made outside the migrations \(1 difference from head c3\)/);
});

test("stamped at head, matching the models, but the head builds something else: changed by hand", () => {
  const db = schema("database", users());
  const result = compareDatabase({ snapshot: snapshot(db, ["c3"]), models: schema("models", users()), history: { graph: linear, schema: schema("history") } });
  assert.deepEqual(result.findings.map((f) => f.code), ["db-stamp-or-migrate", "db-history-extra-table"]);
  assert.match(result.findings[0].message, /the migrations up to its stamp c3 do not build it; the changes were made outside the migrations .* then `alembic stamp` the database to it instead of upgrading\.$/);
});

test("priority (varchar) in the database, priority_id (int) in the model: one rename-with-type-change finding", () => {
  const base = [col("id", "integer", { nullable: false, primaryKey: true }), col("title", "character varying(200)", { nullable: false })];
  const db = schema("database", table("tasks", [...base, col("priority", "character varying(20)")]));
  const models = schema("models", table("tasks", [...base, col("priority_id", "integer")]));
  const result = compareDatabase({ snapshot: snapshot(db, ["c3"]), models });
  assert.equal(result.findings.length, 1);
  const [finding] = result.findings;
  assert.equal(finding.code, "db-rename-candidate");
  assert.deepEqual([finding.table, finding.column], ["tasks", "priority_id"]);
  assert.match(finding.message, /tasks\.priority_id \(integer\) is in the model where the database has tasks\.priority \(varchar\(20\)\): a rename with a type change\?/);
});

test("length differences Alembic skips are reported with both types", () => {
  const db = schema("database", table("users", [col("email", "character varying(100)", { nullable: false })]));
  const models = schema("models", table("users", [col("email", "character varying(255)", { nullable: false })]));
  const [finding] = compareDatabase({ snapshot: snapshot(db, []), models }).findings;
  assert.equal(finding.code, "db-type-mismatch");
  assert.equal(finding.message, "users.email is varchar(255) in the model but varchar(100) in the database");
});

test("enum labels are compared in order with the Python member names", () => {
  const db = schema("database");
  db.enums.status = { name: "status", values: ["todo", "done"] };
  const models = schema("models");
  models.enums.status = { name: "status", values: ["todo", "in_progress", "done"] };
  const [finding] = compareDatabase({ snapshot: snapshot(db, []), models }).findings;
  assert.equal(finding.code, "db-enum-mismatch");
  assert.equal(finding.message, "enum type status has labels (todo, in_progress, done) in the model but (todo, done) in the database");
});

test("an expression index only the database has is unknown (info), never something to drop", () => {
  const idx = { name: "ix_users_lower_email", columns: [], unique: false, opaque: true, definition: "CREATE INDEX ix_users_lower_email ON public.users USING btree (lower((email)::text))" };
  const db = schema("database", table("users", users().columns, { indexes: [idx] }));
  const findings = compareDatabase({ snapshot: snapshot(db, []), models: schema("models", users()) }).findings;
  assert.deepEqual(findings.map((f) => [f.code, f.severity]), [["db-unknown-index", "info"]]);
});

test("behind head: model differences a pending migration already makes say so", () => {
  const named = table("users", [...users().columns, col("name", "character varying(100)", { nullable: false })]);
  const withPhone = table("users", [...named.columns, col("phone", "text")]);
  const db = schema("database", users());
  const result = compareDatabase({ snapshot: snapshot(db, ["a1"]), models: schema("models", withPhone), history: { graph: linear, schema: schema("history", named) } });
  const missing = result.findings.filter((f) => f.code === "db-missing-column");
  assert.deepEqual(missing.map((f) => f.message), [
    "users.name is in the model but the database does not have it (a pending migration makes this change: run `alembic upgrade head`)",
    "users.phone is in the model but the database does not have it",
  ]);
});
