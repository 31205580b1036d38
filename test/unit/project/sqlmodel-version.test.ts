import { strict as assert } from "node:assert";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { discoverProject } from "../../../server/src/project";
import {
  detectSqlmodelVersion,
  versionFromPipfileLock,
  versionFromPyproject,
  versionFromRequirements,
  versionFromTomlLock,
} from "../../../server/src/project/sqlmodelVersion";

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dmw-version-"));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

test("exact pins in requirements and pyproject; ranges say nothing", () => {
  assert.equal(versionFromRequirements("fastapi==0.115.0\nsqlmodel==0.0.22 ; python_version>'3.9'  # pinned\n"), "0.0.22");
  assert.equal(versionFromRequirements("SQLModel[asyncio] == 0.0.16\n"), "0.0.16");
  assert.equal(versionFromRequirements("sqlmodel>=0.0.14\n"), undefined);
  assert.equal(versionFromPyproject('[project]\ndependencies = ["fastapi", "sqlmodel==0.0.21"]\n'), "0.0.21");
  assert.equal(versionFromPyproject('[tool.poetry.dependencies]\nsqlmodel = "0.0.18"\n'), "0.0.18");
  assert.equal(versionFromPyproject('[tool.poetry.dependencies]\nsqlmodel = "^0.0.18"\n'), undefined);
});

test("lock files", () => {
  assert.equal(versionFromTomlLock('version = 1\n[[package]]\nname = "sqlalchemy"\nversion = "2.0.36"\n[[package]]\nname = "sqlmodel"\nversion = "0.0.24"\n'), "0.0.24");
  assert.equal(versionFromPipfileLock('{"default": {"sqlmodel": {"version": "==0.0.11"}}}'), "0.0.11");
  assert.equal(versionFromTomlLock("not toml ["), undefined);
});

test("an installed venv wins over a lock file, which wins over a pin", async () => {
  const dir = await project({
    "backend/requirements.txt": "sqlmodel==0.0.8\n",
    "backend/uv.lock": '[[package]]\nname = "sqlmodel"\nversion = "0.0.30"\n',
    "backend/.venv/lib/python3.12/site-packages/sqlmodel-0.0.44.dist-info/METADATA": "Name: sqlmodel\n",
  });
  try {
    assert.equal(detectSqlmodelVersion([join(dir, "backend")]), "0.0.44");
    await rm(join(dir, "backend", ".venv"), { recursive: true });
    assert.equal(detectSqlmodelVersion([join(dir, "backend")]), "0.0.30");
    await rm(join(dir, "backend", "uv.lock"));
    assert.equal(detectSqlmodelVersion([join(dir, "backend")]), "0.0.8");
    assert.equal(detectSqlmodelVersion([dir]), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("discovery reports the version and adds an env.py that sets a naming convention", async () => {
  const dir = await project({
    "backend/alembic.ini": "[alembic]\nscript_location = %(here)s/alembic\n",
    "backend/alembic/env.py": "from sqlmodel import SQLModel\nimport app.models\nSQLModel.metadata.naming_convention = {'ix': 'ix_%(column_0_label)s'}\ntarget_metadata = SQLModel.metadata\n",
    "backend/alembic/versions/.keep": "",
    "backend/app/models/user.py": "from sqlmodel import SQLModel\n",
    "backend/requirements.txt": "sqlmodel==0.0.22\n",
  });
  try {
    const layout = discoverProject(dir);
    assert.equal(layout.sqlmodelVersion, "0.0.22");
    assert.deepEqual(layout.modelFiles, [join(dir, "backend", "app", "models", "user.py"), join(dir, "backend", "alembic", "env.py")]);
    assert.equal(layout.modelsFrom, "default");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
