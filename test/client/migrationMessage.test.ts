import { strict as assert } from "node:assert";
import { test } from "node:test";
import { validateMigrationMessage } from "../../client/src/migrationMessage";

test("a one-line message of reasonable length is accepted", () => {
  assert.equal(validateMigrationMessage("add due_date to tasks"), undefined);
  assert.equal(validateMigrationMessage(`x"; rm -rf ~; "`), undefined); // passed on as data, never to a shell
});

test("empty, multi-line and overlong messages are refused with a reason", () => {
  assert.match(validateMigrationMessage("   ")!, /Describe the change/);
  assert.match(validateMigrationMessage("a\nb")!, /one line/);
  assert.match(validateMigrationMessage("x".repeat(201))!, /under 200/);
});
