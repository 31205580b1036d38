// The example backend is a real Alembic project: its history applies to PostgreSQL with the pinned
// Alembic, and `alembic check` then reports exactly the model change no migration covers yet.
import { strict as assert } from "node:assert";
import { after, before, test } from "node:test";
import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import { copyExample, runAlembic, venvBin } from "../../helpers/alembic";
import { createTestDatabase, type TestDatabase } from "../../helpers/postgres";

let db: TestDatabase;
let project: string;

before(async () => {
  venvBin("alembic"); // fails clearly when the venv is missing
  project = await copyExample("backend");
  db = await createTestDatabase("dmw_test_example_backend");
});

after(async () => {
  if (db) await db.drop();
  if (project) await rm(dirname(project), { recursive: true, force: true });
});

test("the migration history applies to PostgreSQL and builds users and tasks", async () => {
  const upgrade = await runAlembic(project, ["upgrade", "head"], db.sqlalchemyUrl);
  assert.equal(upgrade.code, 0, upgrade.stderr);
  const version = await db.query<{ version_num: string }>("SELECT version_num FROM alembic_version");
  assert.deepEqual(version.map((r) => r.version_num), ["c4d7e2b9f815"]);
  const columns = await db.query<{ column_name: string; data_type: string }>(
    "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'tasks' ORDER BY ordinal_position",
  );
  assert.deepEqual(
    columns.map((c) => `${c.column_name}:${c.data_type}`),
    [
      "title:character varying",
      "description:character varying",
      "completed:boolean",
      "id:integer",
      "user_id:uuid",
      "created_at:timestamp with time zone",
      "priority:character varying",
    ],
  );
  const indexes = await db.query<{ indexname: string }>(
    "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'ix_%' ORDER BY indexname",
  );
  assert.deepEqual(indexes.map((r) => r.indexname), ["ix_tasks_user_id", "ix_users_email"]);
});

test("alembic check reports the model change that no migration covers", async () => {
  const check = await runAlembic(project, ["check"], db.sqlalchemyUrl);
  const output = check.stdout + check.stderr;
  assert.notEqual(check.code, 0, output);
  assert.match(output, /New upgrade operations detected/);
  assert.match(output, /Detected added table 'priorities'/);
  assert.match(output, /Detected added column 'tasks\.priority_id'/);
  assert.match(output, /Detected added column 'tasks\.due_date'/);
  assert.match(output, /Detected added foreign key \(priority_id\)\(id\) on table tasks/);
  assert.match(output, /Detected removed column 'tasks\.priority'/);
  // Nothing else drifts: users and the rest of tasks match their migrations.
  const detected = output.split("\n").filter((line) => /autogenerate\.compare.*Detected/.test(line));
  assert.equal(detected.length, 5, detected.join("\n"));
  assert.doesNotMatch(output, /Traceback/);
});
