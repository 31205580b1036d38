import { test } from "node:test";
import assert from "node:assert/strict";
import { diffSchemas } from "../../../server/src/diff/diffSchemas";
import { DRIFT_CODES, driftCode } from "../../../server/src/findings/driftCodes";
import { driftFindings } from "../../../server/src/findings/driftFindings";
import type { Schema } from "../../../server/src/schema/types";
import { col, pk, schema, src, t, table } from "../../helpers/diffSchemaBuilders";

const MODEL = "/project/app/models/task.py";
const MIGRATION = "/project/alembic/versions/001_tasks.py";

/** History: tasks(id, title varchar(100), priority varchar, legacy text). Models: tasks(id, title varchar(255), priority_id int, due_date). */
function pair(): { history: Schema; models: Schema } {
  const history = schema("history", [
    table(
      "tasks",
      [
        pk("id", t.integer(), { source: src(MIGRATION, 10) }),
        col("title", t.varchar(100), { source: src(MIGRATION, 11) }),
        col("priority", t.varchar(), { source: src(MIGRATION, 20) }),
      ],
      { source: src(MIGRATION, 9) },
    ),
  ]);
  const models = schema("models", [
    table(
      "tasks",
      [
        pk("id", t.integer(), { source: src(MODEL, 5) }),
        col("title", t.varchar(255), { nullable: false, source: src(MODEL, 6) }),
        col("priority_id", t.integer(), { source: src(MODEL, 7) }),
        col("due_date", t.datetime(), { source: src(MODEL, 8) }),
      ],
      { source: src(MODEL, 3, 0, 20) },
    ),
  ]);
  return { history, models };
}

test("models vs history: codes, messages and model-line ranges", () => {
  const { history, models } = pair();
  const findings = driftFindings(diffSchemas(history, models), "models-history", { from: history, to: models });
  assert.deepEqual(
    findings.map((f) => [f.code, f.severity, f.message, f.file, f.range?.start.line, f.table, f.column]),
    [
      ["migration-type-mismatch", "error", "tasks.title is varchar(255) in the model but varchar(100) in the migrations", MODEL, 6, "tasks", "title"],
      ["migration-nullable-mismatch", "error", "tasks.title is NOT NULL in the model but nullable in the migrations", MODEL, 6, "tasks", "title"],
      [
        "migration-rename-candidate",
        "error",
        "tasks.priority_id (integer) is in the model where the migrations have tasks.priority (varchar): a rename with a type change?",
        MODEL,
        7,
        "tasks",
        "priority_id",
      ],
      ["migration-missing-column", "error", "tasks.due_date is in the model but no migration creates it", MODEL, 8, "tasks", "due_date"],
    ],
  );
  const rename = findings[2].data as { kind: string; typeChanged: boolean };
  assert.equal(rename.kind, "rename-column");
  assert.equal(rename.typeChanged, true);
});

test("a column only the migrations create points at the migration op line", () => {
  const { history, models } = pair();
  const findings = driftFindings(diffSchemas(history, models, { detectRenames: false }), "models-history", { from: history, to: models });
  const extra = findings.find((f) => f.code === "migration-extra-column");
  assert.equal(extra?.message, "tasks.priority is created by the migrations but no model declares it");
  assert.equal(extra?.file, MIGRATION);
  assert.equal(extra?.range?.start.line, 20);
});

test("models vs database: the database has no source, so findings point at the model; missing table at the class", () => {
  const models = pair().models;
  const database = schema("database", [table("tasks", [pk(), col("title", t.varchar(255), { nullable: false }), col("priority_id", t.integer()), col("due_date", t.datetime()), col("notes", t.uuid())])]);
  const withUsers: Schema = { ...models, tables: { ...models.tables, users: table("users", [pk()], { source: src(MODEL, 30, 0, 12) }) } };
  const findings = driftFindings(diffSchemas(database, withUsers), "models-database", { from: database, to: withUsers });
  assert.deepEqual(
    findings.map((f) => [f.code, f.message, f.range?.start.line]),
    [
      ["db-extra-column", "tasks.notes is in the database but no model declares it", 3],
      ["db-missing-table", "table users is in the model but the database does not have it", 30],
    ],
  );
});

test("history vs database: codes use the db-history- prefix and point at the migration", () => {
  const { history } = pair();
  const database = schema("database", [table("tasks", [pk(), col("title", t.varchar(100))])]);
  const findings = driftFindings(diffSchemas(database, history), "history-database", { from: database, to: history });
  assert.deepEqual(
    findings.map((f) => [f.code, f.message, f.file, f.range?.start.line]),
    [["db-history-missing-column", "tasks.priority is created by the migrations but the database does not have it", MIGRATION, 20]],
  );
});

test("uncertain tables lower errors to warnings and say why", () => {
  const { history, models } = pair();
  history.tables.tasks.uncertain = true;
  const [first] = driftFindings(diffSchemas(history, models), "models-history", { from: history, to: models });
  assert.equal(first.severity, "warning");
  assert.match(first.message, /\(uncertain: raw SQL in the migrations touches tasks\)$/);
});

test("tables in doubt for another reason (a half-typed file) say that reason", () => {
  const { history, models } = pair();
  const ctx = { from: history, to: models, uncertain: new Map([["tasks", "app/models/task.py has a syntax error"]]) };
  const findings = driftFindings(diffSchemas(history, models), "models-history", ctx);
  assert.deepEqual(new Set(findings.map((f) => f.severity)), new Set(["warning"]));
  assert.equal(findings[3].message, "tasks.due_date is in the model but no migration creates it (uncertain: app/models/task.py has a syntax error)");
});

test("foreign keys, indexes, uniques, enums and primary keys have their own codes and messages", () => {
  const users = table("users", [pk(), col("email", t.varchar())], { indexes: [{ name: "ix_users_email", columns: ["email"], unique: true }] });
  const tasksHistory = table("tasks", [pk(), col("user_id", t.integer())], { foreignKeys: [{ columns: ["user_id"], refTable: "users", refColumns: ["id"] }] });
  const tasksModel = table("tasks", [pk(), col("user_id", t.integer(), { source: src(MODEL, 12) })], {
    foreignKeys: [{ columns: ["user_id"], refTable: "users", refColumns: ["id"], onDelete: "CASCADE" }],
    uniques: [{ columns: ["user_id"] }],
  });
  const history = schema("history", [users, tasksHistory], { status: { name: "status", values: ["todo", "done"] } });
  const models = schema("models", [table("users", [pk(), col("email", t.varchar())]), tasksModel], { status: { name: "status", values: ["todo", "doing", "done"] } });
  const findings = driftFindings(diffSchemas(history, models), "models-history", { from: history, to: models });
  assert.deepEqual(
    findings.map((f) => [f.code, f.message]),
    [
      ["migration-enum-mismatch", "enum type status has labels (todo, doing, done) in the model but (todo, done) in the migrations"],
      ["migration-foreign-key-mismatch", "foreign key tasks(user_id) -> users(id) has ON DELETE CASCADE in the model but ON DELETE NO ACTION in the migrations"],
      ["migration-missing-unique", "unique constraint on tasks(user_id) is in the model but no migration creates it"],
      ["migration-extra-index", "unique index ix_users_email on users(email) is created by the migrations but no model declares it"],
    ],
  );
  assert.equal(findings[1].range?.start.line, 12);
  assert.equal(findings[1].column, "user_id");
  assert.equal(findings[0].table, undefined);
});

test("unknown indexes are information, with a code per comparison", () => {
  const partial = { name: "ix_open", columns: [], unique: false, opaque: true, definition: "CREATE INDEX ix_open ON tasks (id) WHERE NOT done" };
  const database = schema("database", [table("tasks", [pk()], { indexes: [partial] })]);
  const models = schema("models", [table("tasks", [pk()], { source: src(MODEL, 1) })]);
  const [finding] = driftFindings(diffSchemas(database, models), "models-database", { from: database, to: models });
  assert.equal(finding.code, "db-unknown-index");
  assert.equal(finding.severity, "info");
  assert.equal(finding.message, "index ix_open on tasks is an expression or partial index that cannot be compared; check it by hand");
  assert.equal(finding.range?.start.line, 1);
});

test("an index under another name is a warning on the model's index line, naming both", () => {
  const index = (name: string, line?: number) => ({ name, columns: ["title"], unique: false, ...(line !== undefined ? { source: src(MODEL, line) } : {}) });
  const database = schema("database", [table("projects", [pk(), col("title", t.varchar(120))], { indexes: [index("ix_projects_name")] })]);
  const models = schema("models", [table("projects", [pk(), col("title", t.varchar(120), { source: src(MODEL, 6) })], { indexes: [index("ix_projects_title", 6)], source: src(MODEL, 3) })]);
  const findings = driftFindings(diffSchemas(database, models), "models-database", { from: database, to: models });
  assert.deepEqual(
    findings.map((f) => [f.code, f.severity, f.message, f.range?.start.line, f.table]),
    [["db-index-name-mismatch", "warning", "the index on projects(title) is named ix_projects_title in the model but named ix_projects_name in the database", 6, "projects"]],
  );
});

test("the drift code registry has 3 comparisons x 21 kinds, all distinct", () => {
  assert.equal(Object.keys(DRIFT_CODES).length, 63);
  assert.equal(driftCode("models-database", "rename-index"), "db-index-name-mismatch");
  assert.equal(driftCode("models-history", "add-column"), "migration-missing-column");
  assert.equal(driftCode("models-database", "add-column"), "db-missing-column");
  assert.equal(driftCode("history-database", "rename-column"), "db-history-rename-candidate");
  assert.equal(DRIFT_CODES["db-history-default-mismatch"].severity, "warning");
});
