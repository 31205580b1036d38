import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { DATABASE_CODE_TABLE, DATABASE_CODES } from "../../../server/src/database/codes";
import { DRIFT_CODES } from "../../../server/src/findings/driftCodes";

const ROOT = resolve(__dirname, "..", "..", "..");

test("every database code has a table entry and a docs page, and none collides with a drift code", () => {
  const codes = Object.values(DATABASE_CODES);
  assert.deepEqual(Object.keys(DATABASE_CODE_TABLE).sort(), [...codes].sort());
  for (const code of codes) {
    assert.ok(existsSync(join(ROOT, "docs", "codes", `${code}.md`)), `docs/codes/${code}.md`);
    assert.equal(DRIFT_CODES[code], undefined, code);
  }
});
