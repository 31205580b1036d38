// The static model reader against the real thing: SQLModel (pinned venv) creates the tables of each
// fixture folder in PostgreSQL, the database is read back, and our Schema must match it exactly:
// no schema change between them, and the same column order and constraint/index names.
import { strict as assert } from "node:assert";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, test } from "node:test";
import { introspectDatabase } from "../../../server/src/database/introspect";
import { diffSchemas } from "../../../server/src/diff/diffSchemas";
import { readModels } from "../../../server/src/models";
import type { Table } from "../../../server/src/schema/types";
import { createTablesWithSqlmodel } from "../../helpers/modelsSqlmodel";
import { createTestDatabase } from "../../helpers/postgres";

const FIXTURES = resolve(__dirname, "..", "..", "fixtures", "models");
const FOLDERS = ["annotations", "field-args", "inheritance", "tablenames", "enums", "sa-column", "naming-convention", "relationships"];

function shape(table: Table): unknown {
  return {
    columns: table.columns.map((c) => `${c.name}${c.autoincrement ? " autoincrement" : ""}`),
    primaryKey: table.primaryKey?.name,
    foreignKeys: table.foreignKeys.map((f) => f.name).sort(),
    indexes: table.indexes.map((i) => `${i.name}${i.unique ? " unique" : ""}`).sort(),
    uniques: table.uniques.map((u) => u.name).sort(),
    checks: table.checks.map((c) => c.name).sort(),
  };
}

describe("models read statically match SQLModel's own tables", { concurrency: true }, () => {
  for (const folder of FOLDERS) {
    test(`${folder}: the schema read from the files is the one SQLModel creates`, async () => {
      const dir = join(FIXTURES, folder);
      const files = readdirSync(dir).filter((f) => f.endsWith(".py")).sort();
      const db = await createTestDatabase(`dmw_test_models_${folder}`);
      try {
        const created = await createTablesWithSqlmodel(dir, files.map((f) => f.replace(/\.py$/, "")), db.sqlalchemyUrl);
        const snapshot = await introspectDatabase(db.url);
        assert.ok("schema" in snapshot, JSON.stringify(snapshot));
        const models = readModels(files.map((f) => ({ path: join(dir, f), text: readFileSync(join(dir, f), "utf8") })));
        assert.deepEqual(models.findings, []);
        assert.deepEqual(Object.keys(models.schema.tables).sort(), created);
        assert.deepEqual(diffSchemas(snapshot.schema, models.schema), []);
        for (const name of created) {
          assert.deepEqual(shape(models.schema.tables[name]), shape(snapshot.schema.tables[name]), `table ${name}`);
        }
      } finally {
        await db.drop();
      }
    });
  }
});

test("where the reader finds a shared sa_column, SQLModel itself refuses to define the tables", async () => {
  const dir = join(FIXTURES, "shared-sa-column");
  const files = readdirSync(dir).filter((f) => f.endsWith(".py")).sort();
  const models = readModels(files.map((f) => ({ path: join(dir, f), text: readFileSync(join(dir, f), "utf8") })));
  assert.deepEqual(models.findings.map((f) => f.code), ["model-shared-sa-column"]);
  const db = await createTestDatabase("dmw_test_models_shared_sa_column");
  try {
    await assert.rejects(
      createTablesWithSqlmodel(dir, files.map((f) => f.replace(/\.py$/, "")), db.sqlalchemyUrl),
      /Column object 'created_at' already assigned to Table 'invoice'/,
    );
  } finally {
    await db.drop();
  }
});
