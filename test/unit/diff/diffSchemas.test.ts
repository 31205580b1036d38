import { test } from "node:test";
import assert from "node:assert/strict";
import { diffSchemas } from "../../../server/src/diff/diffSchemas";
import type { SchemaChange } from "../../../server/src/diff/types";
import { col, pk, schema, t, table } from "../../helpers/diffSchemaBuilders";

/** A compact view of changes for assertions: `kind table.column`. */
function summary(changes: SchemaChange[]): string[] {
  return changes.map((c) => {
    switch (c.kind) {
      case "add-table":
      case "drop-table":
        return `${c.kind} ${c.table.name}`;
      case "add-column":
      case "drop-column":
        return `${c.kind} ${c.table}.${c.column.name}`;
      case "rename-column":
        return `${c.kind} ${c.table}.${c.from.name}->${c.to.name}${c.typeChanged ? " +type" : ""}`;
      case "alter-type":
      case "alter-nullable":
      case "alter-server-default":
        return `${c.kind} ${c.table}.${c.column}`;
      case "alter-primary-key":
        return `${c.kind} ${c.table} (${c.from?.columns.join(",") ?? ""})->(${c.to?.columns.join(",") ?? ""})`;
      case "add-foreign-key":
      case "drop-foreign-key":
        return `${c.kind} ${c.table}(${c.foreignKey.columns.join(",")})->${c.foreignKey.refTable}`;
      case "alter-foreign-key":
        return `${c.kind} ${c.table}(${c.to.columns.join(",")}) ${c.from.onDelete ?? "-"}->${c.to.onDelete ?? "-"}`;
      case "add-index":
      case "drop-index":
      case "unknown-index":
        return `${c.kind} ${c.table}.${c.index.name}`;
      case "rename-index":
        return `${c.kind} ${c.table}.${c.from.name}->${c.to.name}`;
      case "add-unique":
      case "drop-unique":
        return `${c.kind} ${c.table}(${c.unique.columns.join(",")})`;
      case "add-enum":
      case "drop-enum":
        return `${c.kind} ${c.enumType.name}`;
      case "alter-enum":
        return `${c.kind} ${c.to.name}`;
    }
  });
}

const users = () => table("users", [pk(), col("email", t.varchar(255), { nullable: false })]);

test("identical schemas have no changes", () => {
  const a = schema("history", [users(), table("tasks", [pk(), col("title", t.varchar())])]);
  const b = schema("models", [users(), table("tasks", [pk(), col("title", t.varchar())])]);
  assert.deepEqual(diffSchemas(a, b), []);
});

test("tables: added and dropped, alphabetical; enums first, dropped enums last", () => {
  const a = schema("history", [table("zeta", [pk()]), users()], { old: { name: "old", values: ["x"] }, mood: { name: "mood", values: ["a", "b"] } });
  const b = schema("models", [users(), table("alpha", [pk()])], { mood: { name: "mood", values: ["b", "a"] }, status: { name: "status", values: ["todo"] } });
  assert.deepEqual(summary(diffSchemas(a, b)), ["alter-enum mood", "add-enum status", "add-table alpha", "drop-table zeta", "drop-enum old"]);
});

test("columns: added in `to` order, dropped after; type, nullability and server default changes", () => {
  const a = schema("history", [
    table("tasks", [pk(), col("title", t.varchar(100)), col("legacy", t.uuid()), col("done", t.boolean(), { serverDefault: "false" })]),
  ]);
  const b = schema("models", [
    table("tasks", [
      pk(),
      col("due_date", t.datetime()),
      col("title", t.varchar(255), { nullable: false }),
      col("done", t.boolean(), { serverDefault: "true" }),
      col("created", t.datetime()),
    ]),
  ]);
  assert.deepEqual(summary(diffSchemas(a, b, { detectRenames: false })), [
    "add-column tasks.due_date",
    "alter-type tasks.title",
    "alter-nullable tasks.title",
    "alter-server-default tasks.done",
    "add-column tasks.created",
    "drop-column tasks.legacy",
  ]);
});

test("server defaults: compared only when both sides know them, spelling normalised", () => {
  const a = schema("database", [table("tasks", [pk(), col("status", t.varchar(), { serverDefault: "'todo'::character varying" }), col("at", t.datetime(), { serverDefault: "now()" }), col("n", t.integer(), { serverDefault: "0" })])]);
  const b = schema("history", [table("tasks", [pk(), col("status", t.varchar(), { serverDefault: "'todo'" }), col("at", t.datetime(), { serverDefault: "CURRENT_TIMESTAMP" }), col("n", t.integer())])]);
  assert.deepEqual(diffSchemas(a, b), []);
});

test("unknown types are not reported as a type change", () => {
  const a = schema("history", [table("docs", [pk(), col("body", t.unknown("MyType()"))])]);
  const b = schema("models", [table("docs", [pk(), col("body", t.text())])]);
  assert.deepEqual(diffSchemas(a, b), []);
});

test("rename candidate: the seed's priority (varchar) -> priority_id (integer) is one change with typeChanged", () => {
  const a = schema("history", [table("tasks", [pk(), col("title", t.varchar()), col("priority", t.varchar())])]);
  const b = schema("models", [table("tasks", [pk(), col("title", t.varchar()), col("priority_id", t.integer())])]);
  const changes = diffSchemas(a, b);
  assert.deepEqual(summary(changes), ["rename-column tasks.priority->priority_id +type"]);
  const [rename] = changes;
  assert.equal(rename.kind === "rename-column" && rename.from.type.kind, "string");
  assert.equal(rename.kind === "rename-column" && rename.to.type.kind, "integer");
});

test("rename candidate: same type, unrelated names, exactly one pair", () => {
  const a = schema("history", [table("tasks", [pk(), col("notes", t.text())])]);
  const b = schema("models", [table("tasks", [pk(), col("description", t.text())])]);
  assert.deepEqual(summary(diffSchemas(a, b)), ["rename-column tasks.notes->description"]);
});

test("no rename between incompatible types (uuid -> integer)", () => {
  const a = schema("history", [table("tasks", [pk(), col("owner", t.uuid())])]);
  const b = schema("models", [table("tasks", [pk(), col("owner_id", t.integer())])]);
  assert.deepEqual(summary(diffSchemas(a, b)), ["add-column tasks.owner_id", "drop-column tasks.owner"]);
});

test("several compatible pairs: only clearly related names are paired", () => {
  const a = schema("history", [table("tasks", [pk(), col("priority", t.varchar()), col("descr", t.text())])]);
  const b = schema("models", [table("tasks", [pk(), col("priority_id", t.integer()), col("description", t.text()), col("color", t.varchar())])]);
  assert.deepEqual(summary(diffSchemas(a, b)), [
    "rename-column tasks.priority->priority_id +type",
    "rename-column tasks.descr->description",
    "add-column tasks.color",
  ]);
});

test("several compatible pairs with unrelated names: no guess", () => {
  const a = schema("history", [table("t", [pk(), col("alpha", t.text()), col("beta", t.text())])]);
  const b = schema("models", [table("t", [pk(), col("gamma", t.text()), col("delta", t.text())])]);
  assert.deepEqual(summary(diffSchemas(a, b)), ["add-column t.gamma", "add-column t.delta", "drop-column t.alpha", "drop-column t.beta"]);
});

test("explicit renames are applied first; detectRenames: false disables the heuristic", () => {
  const a = schema("history", [table("t", [pk(), col("alpha", t.text()), col("beta", t.text())])]);
  const b = schema("models", [table("t", [pk(), col("gamma", t.text()), col("delta", t.text())])]);
  assert.deepEqual(summary(diffSchemas(a, b, { renames: { t: { beta: "gamma" } } })), [
    "rename-column t.beta->gamma",
    "rename-column t.alpha->delta",
  ]);
  assert.deepEqual(summary(diffSchemas(a, b, { renames: { t: { beta: "gamma" } }, detectRenames: false })), [
    "rename-column t.beta->gamma",
    "add-column t.delta",
    "drop-column t.alpha",
  ]);
  const single = schema("models", [table("t", [pk(), col("alpha", t.text()), col("gamma", t.text())])]);
  assert.deepEqual(summary(diffSchemas(a, single, { detectRenames: false })), ["add-column t.gamma", "drop-column t.beta"]);
});

test("a renamed column keeps its index, foreign key and unique constraint; the index's name follows it", () => {
  const a = schema("history", [
    table("tasks", [pk(), col("owner", t.integer())], {
      foreignKeys: [{ columns: ["owner"], refTable: "users", refColumns: ["id"] }],
      indexes: [{ name: "ix_tasks_owner", columns: ["owner"], unique: false }],
    }),
  ]);
  const b = schema("models", [
    table("tasks", [pk(), col("owner_id", t.integer())], {
      foreignKeys: [{ columns: ["owner_id"], refTable: "users", refColumns: ["id"] }],
      indexes: [{ name: "ix_tasks_owner_id", columns: ["owner_id"], unique: false }],
    }),
  ]);
  // SQLAlchemy names Field(index=True) after the column: the renamed column's index is the same
  // index under its old name until it is renamed too.
  assert.deepEqual(summary(diffSchemas(a, b)), ["rename-column tasks.owner->owner_id", "rename-index tasks.ix_tasks_owner->ix_tasks_owner_id"]);
});

test("primary keys compared as column sets", () => {
  const a = schema("history", [table("link", [pk("a"), pk("b")], { primaryKey: { columns: ["b", "a"] } })]);
  const b = schema("models", [table("link", [pk("a"), pk("b")])]);
  assert.deepEqual(diffSchemas(a, b), []);
  const c = schema("models", [table("link", [pk("a"), col("b", t.integer(), { nullable: false })])]);
  assert.deepEqual(summary(diffSchemas(a, c)), ["alter-primary-key link (b,a)->(a)"]);
});

test("foreign keys: matched by columns and target, not by name; ON DELETE differences count", () => {
  const fk = (name: string | undefined, onDelete?: "CASCADE" | "SET NULL") => ({ ...(name ? { name } : {}), columns: ["user_id"], refTable: "users", refColumns: ["id"], ...(onDelete ? { onDelete } : {}) });
  const tasks = (fks: ReturnType<typeof fk>[]) => table("tasks", [pk(), col("user_id", t.integer())], { foreignKeys: fks });
  assert.deepEqual(diffSchemas(schema("history", [users(), tasks([fk("fk_tasks_user")])]), schema("models", [users(), tasks([fk(undefined)])])), []);
  assert.deepEqual(
    summary(diffSchemas(schema("history", [users(), tasks([fk("fk_tasks_user")])]), schema("models", [users(), tasks([fk(undefined, "CASCADE")])]))),
    ["alter-foreign-key tasks(user_id) -->CASCADE"],
  );
  assert.deepEqual(summary(diffSchemas(schema("history", [users(), tasks([])]), schema("models", [users(), tasks([fk(undefined)])]))), ["add-foreign-key tasks(user_id)->users"]);
  assert.deepEqual(summary(diffSchemas(schema("history", [users(), tasks([fk("x")])]), schema("models", [users(), tasks([])]))), ["drop-foreign-key tasks(user_id)->users"]);
});

test("indexes: by columns and uniqueness, then by name; a unique index equals a unique constraint", () => {
  const withIndex = (unique: boolean, name = "ix_users_email") => table("users", [pk(), col("email", t.varchar())], { indexes: [{ name, columns: ["email"], unique }] });
  const withUnique = table("users", [pk(), col("email", t.varchar())], { uniques: [{ columns: ["email"] }] });
  const plain = table("users", [pk(), col("email", t.varchar())]);
  assert.deepEqual(summary(diffSchemas(schema("history", [withIndex(false, "idx_email")]), schema("models", [withIndex(false)]))), ["rename-index users.idx_email->ix_users_email"]);
  assert.deepEqual(diffSchemas(schema("history", [withIndex(false)]), schema("models", [withIndex(false)])), []);
  assert.deepEqual(summary(diffSchemas(schema("history", [withIndex(false)]), schema("models", [withIndex(true)]))), ["add-index users.ix_users_email", "drop-index users.ix_users_email"]);
  assert.deepEqual(diffSchemas(schema("history", [withUnique]), schema("models", [withIndex(true)])), []);
  assert.deepEqual(diffSchemas(schema("history", [withIndex(true)]), schema("models", [withUnique])), []);
  assert.deepEqual(summary(diffSchemas(schema("history", [plain]), schema("models", [withUnique]))), ["add-unique users(email)"]);
  assert.deepEqual(summary(diffSchemas(schema("history", [withUnique]), schema("models", [plain]))), ["drop-unique users(email)"]);
});

test("opaque (expression/partial) indexes are unknown, never dropped", () => {
  const partial = { name: "ix_tasks_open", columns: [], unique: false, opaque: true, definition: "CREATE INDEX ix_tasks_open ON tasks (id) WHERE done = false" };
  const a = schema("database", [table("tasks", [pk()], { indexes: [partial] })]);
  const b = schema("models", [table("tasks", [pk()])]);
  const changes = diffSchemas(a, b);
  assert.deepEqual(summary(changes), ["unknown-index tasks.ix_tasks_open"]);
  assert.equal(changes.some((c) => c.kind === "drop-index"), false);
  assert.deepEqual(diffSchemas(a, schema("history", [table("tasks", [pk()], { indexes: [{ ...partial }] })])), []);
});

test("the result is deterministic and the inputs are not modified", () => {
  const a = schema("history", [table("b", [pk(), col("x", t.text())]), table("a", [pk()])]);
  const b = schema("models", [table("a", [pk(), col("y", t.integer())]), table("b", [pk(), col("z", t.text())])]);
  const before = JSON.stringify([a, b]);
  assert.deepEqual(diffSchemas(a, b), diffSchemas(a, b));
  assert.equal(JSON.stringify([a, b]), before);
  assert.deepEqual(summary(diffSchemas(a, b)), ["add-column a.y", "rename-column b.x->z"]);
});
