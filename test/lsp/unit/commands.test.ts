import { strict as assert } from "node:assert";
import { join } from "node:path";
import { test } from "node:test";
import type { SchemaChange } from "../../../server/src/diff/types";
import { parseGenerateArgs, planGenerateAll } from "../../../server/src/lsp/commands";
import type { WorkspaceAnalysis } from "../../../server/src/lsp/engine";
import { emptySchema } from "../../../server/src/schema/types";

const change: SchemaChange = { kind: "add-column", table: "tasks", column: { name: "due_date", type: { kind: "datetime", raw: "datetime" }, nullable: true, primaryKey: false } };
const versions = join("/p", "alembic", "versions");

function analysis(over: Partial<WorkspaceAnalysis>): WorkspaceAnalysis {
  return {
    layout: { versionsDirs: [versions] } as WorkspaceAnalysis["layout"],
    models: emptySchema("models"),
    head: emptySchema("history"),
    heads: ["c4d7e2b9f815"],
    changes: [change],
    findings: [],
    modelFiles: [],
    migrationFiles: [],
    write: (changes, message) => ({ fileName: `abc_${message.replace(/ /g, "_")}.py`, text: `# ${changes.length}\n`, revision: "abc" }),
    ...over,
  };
}

test("arguments: message and uri are read when well typed, ignored otherwise", () => {
  assert.deepEqual(parseGenerateArgs([{ message: "add x", uri: "file:///p/app/models/task.py" }]), { message: "add x", uri: "file:///p/app/models/task.py" });
  assert.deepEqual(parseGenerateArgs([{ message: 3 }]), {});
  assert.deepEqual(parseGenerateArgs(undefined), {});
  assert.deepEqual(parseGenerateArgs(["add x"]), {});
});

test("generate plans one CreateFile + insert edit in the first versions folder, with a default message", () => {
  const plan = planGenerateAll(analysis({}), {});
  assert.equal(plan.ok, true);
  if (!plan.ok) return;
  assert.ok(plan.uri.endsWith("/p/alembic/versions/abc_add_due_date_to_tasks.py"));
  assert.equal(plan.changes, 1);
  assert.equal((plan.edit.documentChanges![0] as { kind: string }).kind, "create");
});

test("generate refuses clearly: not analysed yet, several heads, nothing to do, no versions folder, writer error", () => {
  const message = (p: ReturnType<typeof planGenerateAll>) => (p.ok ? "" : p.message);
  assert.match(message(planGenerateAll(undefined, {})), /not been analysed/);
  assert.match(message(planGenerateAll(analysis({ heads: ["a", "b"] }), {})), /2 heads \(a, b\); merge them first/);
  assert.match(message(planGenerateAll(analysis({ changes: [] }), {})), /nothing to generate/);
  assert.match(message(planGenerateAll(analysis({ layout: { versionsDirs: [] } as unknown as WorkspaceAnalysis["layout"] }), {})), /No migration folder/);
  assert.equal(message(planGenerateAll(analysis({ write: () => ({ error: "boom" }) }), {})), "boom");
});
