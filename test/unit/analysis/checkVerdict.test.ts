// The fingerprint a kept `dmw check` verdict is matched against: it follows everything the database
// comparison reads (tables, columns, enums, stamps, the version table) and ignores row estimates,
// which PostgreSQL updates on its own.
import { strict as assert } from "node:assert";
import { test } from "node:test";
import { databaseFingerprint } from "../../../server/src/analysis/checkVerdict";
import type { DatabaseSnapshot } from "../../../server/src/database/types";

function snapshot(edit: (s: DatabaseSnapshot) => void = () => {}): DatabaseSnapshot {
  const s = {
    schema: {
      origin: "database",
      tables: {
        tasks: {
          name: "tasks",
          columns: [
            { name: "id", type: { kind: "integer", raw: "integer" }, nullable: false, primaryKey: true },
            { name: "title", type: { kind: "string", length: 200, raw: "character varying(200)" }, nullable: false, primaryKey: false },
          ],
          indexes: [],
          uniques: [],
          foreignKeys: [],
          checks: [],
          rowEstimate: 120,
        },
      },
      enums: { status: { name: "status", values: ["open", "done"] } },
    },
    stamps: ["1a2b3c4d5e6f"],
    hasVersionTable: true,
    serverVersion: "15.20",
    rowEstimates: { tasks: 120 },
  } as unknown as DatabaseSnapshot;
  edit(s);
  return s;
}

test("the fingerprint follows what a check compares, not the statistics", () => {
  const base = databaseFingerprint(snapshot());
  assert.equal(databaseFingerprint(snapshot()), base);
  const tasks = (s: DatabaseSnapshot) => s.schema.tables.tasks;
  // Statistics and the server's version string: the same database for a check.
  assert.equal(databaseFingerprint(snapshot((s) => { s.rowEstimates = { tasks: 9_000 }; tasks(s).rowEstimate = 9_000; })), base);
  assert.equal(databaseFingerprint(snapshot((s) => { s.serverVersion = "15.21"; })), base);
  const changed = [
    snapshot((s) => { tasks(s).columns[1].nullable = true; }),
    snapshot((s) => { tasks(s).columns.push({ ...tasks(s).columns[1], name: "notes" }); }),
    snapshot((s) => { delete (s.schema.tables as Record<string, unknown>).tasks; }),
    snapshot((s) => { s.schema.enums.status.values.push("archived"); }),
    snapshot((s) => { s.stamps = ["0badc0ffee00"]; }),
    snapshot((s) => { s.stamps = []; }),
    snapshot((s) => { s.hasVersionTable = false; }),
  ].map(databaseFingerprint);
  assert.equal(new Set([base, ...changed]).size, changed.length + 1);
});
