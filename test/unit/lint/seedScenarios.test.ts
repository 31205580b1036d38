// The migrations of our users' daily scenarios, as they write them: what the linter says about each.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { lintProject } from "../../../server/src/lint/project";
import { baseFiles, LINT_FIXTURES } from "../../helpers/lintFixtures";

// Default configuration, as a new user has it.
function lint(name: string): string[] {
  const path = join(LINT_FIXTURES, "seed", name);
  return lintProject({ files: [...baseFiles(), { path, text: readFileSync(path, "utf8") }], only: [path] }).findings
    .map((f) => `${f.range!.start.line + 1} ${f.severity} ${f.code}`)
    .sort();
}

test("scenario 1: a nullable column is fine apart from the time zone and lock timeout", () => {
  assert.deepEqual(lint("scenario1_add_column.py"), ["14 warning missing-lock-timeout", "14 warning prefer-timestamptz"]);
});

test("scenario 2: clearing data, rename, and a type change that PostgreSQL refuses without USING", () => {
  assert.deepEqual(lint("scenario2_type_mismatch.py"), [
    "13 warning missing-downgrade",
    "15 error data-migration-in-schema-revision",
    "17 warning missing-lock-timeout",
    "17 warning rename-column",
    "19 error type-change-without-conversion",
    "19 warning changing-column-type",
  ]);
});

test("scenario 3: rename with alter_column is only a compatibility warning; drop + add is an error", () => {
  assert.deepEqual(lint("scenario3_rename.py"), ["14 warning missing-lock-timeout", "14 warning rename-column"]);
  assert.deepEqual(lint("scenario3_drop_add.py"), ["14 warning missing-lock-timeout", "15 error drop-then-add-column", "15 warning drop-column"]);
});

test("scenario 4: the foreign key is validated under lock", () => {
  assert.deepEqual(lint("scenario4_foreign_key.py"), ["14 warning adding-foreign-key-validated", "14 warning missing-lock-timeout"]);
});

test("scenario 5: backfill then NOT NULL passes the backfill rule; the locking rule remains (downgrades are not linted for locking)", () => {
  assert.deepEqual(lint("scenario5_not_null.py"), [
    "14 info data-migration-in-schema-revision",
    "15 warning missing-lock-timeout",
    "15 warning set-not-null-on-large-table",
  ]);
});
