// The replayed schema must match what real Alembic builds on real PostgreSQL from the same
// history: the fixture's revisions use every replayed op kind, batch blocks, a branch with raw
// SQL, and a merge.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runAlembic } from "../../helpers/alembic";
import { createTestDatabase } from "../../helpers/postgres";
import { introspectDatabase } from "../../../server/src/database/introspect";
import { isDatabaseProblem } from "../../../server/src/database/types";
import { diffSchemas } from "../../../server/src/diff/diffSchemas";
import { parseMigration } from "../../../server/src/history/parseMigration";
import { buildRevisionGraph } from "../../../server/src/history/revisionGraph";
import { replayHistory } from "../../../server/src/history/replay";
import { findColumn } from "../../../server/src/schema/types";
import { defaultConstraintName } from "../../../server/src/history/pgNames";

const FIXTURE = join(__dirname, "..", "..", "fixtures", "migrations", "replay_fidelity");

test("replayed history equals the database real Alembic builds from it", async () => {
  const project = join(await mkdtemp(join(tmpdir(), "dmw-history-")), "replay_fidelity");
  await cp(FIXTURE, project, { recursive: true, filter: (p) => !/__pycache__/.test(p) });
  const db = await createTestDatabase("dmw_test_history");
  try {
    const upgrade = await runAlembic(project, ["upgrade", "head"], db.sqlalchemyUrl);
    assert.equal(upgrade.code, 0, `alembic upgrade failed:\n${upgrade.stderr}`);
    const snapshot = await introspectDatabase(db.url);
    assert.ok(!isDatabaseProblem(snapshot), JSON.stringify(snapshot));

    const versions = join(project, "alembic", "versions");
    const names = (await readdir(versions)).filter((n) => n.endsWith(".py")).sort();
    const files = await Promise.all(names.map(async (n) => parseMigration(join(versions, n), await readFile(join(versions, n), "utf8"))));
    const graph = buildRevisionGraph(files);
    assert.deepEqual(graph.findings, []);
    assert.deepEqual(snapshot.stamps, graph.heads);
    const replay = replayHistory(graph);
    assert.deepEqual(replay.findings, []);

    const changes = diffSchemas(replay.schema, snapshot.schema, { detectRenames: false });
    assert.deepEqual(changes, [], "no difference between replayed history and the real database");

    // Spot checks of what the diff compares loosely or not at all.
    const history = replay.schema;
    const database = snapshot.schema;
    assert.deepEqual(Object.keys(history.tables).sort(), Object.keys(database.tables).sort());
    for (const name of Object.keys(database.tables)) {
      assert.deepEqual(history.tables[name].columns.map((c) => c.name), database.tables[name].columns.map((c) => c.name), `column order of ${name}`);
      assert.equal(history.tables[name].uncertain, undefined, `${name} stays certain`);
    }
    assert.deepEqual(history.enums.userrole.values, database.enums.userrole.values);
    assert.deepEqual(history.enums.mood.values, database.enums.mood.values);
    // Constraint and index names, unnamed ones as PostgreSQL names them.
    for (const name of Object.keys(database.tables)) {
      const h = history.tables[name];
      const d = database.tables[name];
      const sorted = (xs: (string | undefined)[]): (string | undefined)[] => [...xs].sort();
      assert.deepEqual(sorted(h.foreignKeys.map((fk) => fk.name ?? defaultConstraintName(name, fk.columns, "foreignkey"))), sorted(d.foreignKeys.map((fk) => fk.name)), `foreign keys of ${name}`);
      assert.deepEqual(sorted(h.uniques.map((u) => u.name ?? defaultConstraintName(name, u.columns, "unique"))), sorted(d.uniques.map((u) => u.name)), `uniques of ${name}`);
      assert.deepEqual(sorted(h.indexes.map((i) => i.name)), sorted(d.indexes.map((i) => i.name)), `indexes of ${name}`);
      assert.deepEqual(sorted(h.checks.map((c) => c.name)), sorted(d.checks.map((c) => c.name)), `checks of ${name}`);
      assert.equal(h.primaryKey ? (h.primaryKey.name ?? defaultConstraintName(name, [], "primary")) : undefined, d.primaryKey?.name, `primary key of ${name}`);
      for (const column of d.columns) {
        const mine = findColumn(h, column.name)!;
        assert.equal(mine.nullable, column.nullable, `${name}.${column.name} nullable`);
        assert.equal(Boolean(mine.autoincrement), Boolean(column.autoincrement), `${name}.${column.name} autoincrement`);
      }
    }
    assert.deepEqual(history.tables.labels.uniques.map((u) => u.name), ["tags_color_key"], "PostgreSQL keeps the name across the table rename");
  } finally {
    await db.drop();
    await rm(project, { recursive: true, force: true });
  }
});
