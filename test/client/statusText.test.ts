import { strict as assert } from "node:assert";
import { test } from "node:test";
import { statusView } from "../../client/src/statusText";

test("database at a revision behind head shows both short ids and the pending count", () => {
  const view = statusView({ dbRevisions: ["1a2b3c4d5e6f"], heads: ["4d5e6f7a8b9c"], pending: 2, offline: false, modelChanges: 0 });
  assert.equal(view.text, "$(database) DB 1a2b3c · head 4d5e6f · 2 pending");
  assert.equal(view.state, "attention");
  assert.match(view.tooltip, /Pending migrations: 2/);
});

test("database at head is ok and shows no pending part", () => {
  const view = statusView({ dbRevisions: ["4d5e6f7a8b9c"], heads: ["4d5e6f7a8b9c"], pending: 0, offline: false, modelChanges: 0 });
  assert.equal(view.text, "$(database) DB 4d5e6f · head 4d5e6f");
  assert.equal(view.state, "ok");
});

test("model changes without a migration need attention even at head", () => {
  const view = statusView({ dbRevisions: ["4d5e6f7a8b9c"], heads: ["4d5e6f7a8b9c"], pending: 0, offline: false, modelChanges: 3 });
  assert.equal(view.state, "attention");
  assert.match(view.tooltip, /3 model changes without a migration/);
});

test("offline shows the head and the reason in the tooltip", () => {
  const view = statusView({ dbRevisions: [], heads: ["4d5e6f7a8b9c"], offline: true, problem: "Cannot reach localhost:5432", modelChanges: 1 });
  assert.equal(view.text, "$(database) DB offline · head 4d5e6f");
  assert.equal(view.state, "offline");
  assert.match(view.tooltip, /Cannot reach localhost:5432/);
  assert.match(view.tooltip, /1 model change without a migration/);
});

test("no database configured says how to configure one; several heads and an unstamped database", () => {
  assert.match(statusView({ dbRevisions: [], heads: [], offline: true, modelChanges: 0 }).tooltip, /databaseUrl/);
  const view = statusView({ dbRevisions: [], heads: ["aaaaaaaaaaaa", "bbbbbbbbbbbb"], offline: false, modelChanges: 0 });
  assert.equal(view.text, "$(database) DB unstamped · head aaaaaa+bbbbbb");
  assert.equal(view.state, "attention");
});
