import { strict as assert } from "node:assert";
import { test } from "node:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { discoverProject } from "../../../server/src/project";

const FIXTURES = resolve(__dirname, "..", "..", "fixtures", "projects");
const EXAMPLES = resolve(__dirname, "..", "..", "..", "examples");

const rel = (root: string, paths: string[]): string[] => paths.map((p) => relative(root, p).split("\\").join("/"));

test("the example backend: alembic.ini one level down, default app/models/*.py", () => {
  const layout = discoverProject(EXAMPLES);
  assert.equal(layout.alembicIni, join(EXAMPLES, "backend", "alembic.ini"));
  assert.equal(layout.alembicDir, join(EXAMPLES, "backend"));
  assert.equal(layout.scriptLocation, join(EXAMPLES, "backend", "alembic"));
  assert.deepEqual(layout.versionsDirs, [join(EXAMPLES, "backend", "alembic", "versions")]);
  assert.equal(layout.envPy, join(EXAMPLES, "backend", "alembic", "env.py"));
  assert.equal(layout.fileTemplate, "%(rev)s_%(slug)s");
  assert.match(layout.sqlalchemyUrl ?? "", /^postgresql\+psycopg:\/\//);
  assert.equal(layout.modelsFrom, "default");
  assert.deepEqual(rel(EXAMPLES, layout.modelFiles), [
    "backend/app/models/__init__.py",
    "backend/app/models/priority.py",
    "backend/app/models/task.py",
    "backend/app/models/user.py",
  ]);
  assert.deepEqual(layout.findings, []);
});

test("ini at the root: relative script_location, legacy version_locations, app/models.py, ':' URL kept whole", () => {
  const root = join(FIXTURES, "root-ini-legacy-versions");
  const layout = discoverProject(root);
  assert.equal(layout.alembicIni, join(root, "alembic.ini"));
  assert.equal(layout.scriptLocation, join(root, "migrations"));
  assert.deepEqual(rel(root, layout.versionsDirs), ["migrations/versions", "extra_versions"]);
  assert.equal(layout.fileTemplate, "%(year)d_%(month).2d_%(day).2d-%(rev)s_%(slug)s");
  assert.equal(layout.sqlalchemyUrl, "postgresql://app:s3cr;t#pw@db.internal:5432/app");
  assert.deepEqual(rel(root, layout.modelFiles), ["app/models.py"]);
  assert.deepEqual(layout.findings, []);
});

test("ini one level down with [DEFAULT] references, newline separator and recursive versions", () => {
  const root = join(FIXTURES, "nested-ini-newline-separator");
  const layout = discoverProject(root);
  assert.equal(layout.alembicIni, join(root, "service", "alembic.ini"));
  assert.equal(layout.scriptLocation, join(root, "service", "db", "migrations"));
  assert.deepEqual(rel(root, layout.versionsDirs), ["service/db/migrations/versions", "service/db/archive"]);
  assert.equal(layout.recursiveVersionLocations, true);
  assert.deepEqual(rel(root, layout.modelFiles), ["service/app/models/__init__.py", "service/app/models/hero.py"]);
});

test("env.py following: src/<pkg>/db/models.py via target_metadata = Base.metadata, with its base and enum modules", () => {
  const root = join(FIXTURES, "env-src-package");
  const layout = discoverProject(root);
  assert.equal(layout.modelsFrom, "env.py");
  assert.deepEqual(rel(root, layout.modelFiles), ["src/shop/db/base.py", "src/shop/db/enums.py", "src/shop/db/models.py"]);
  assert.ok(layout.sourceRoots.includes(join(root, "src")));
  assert.deepEqual(layout.findings, []);
});

test("env.py following: per-app models.py imported as modules; unimported apps are left out", () => {
  const root = join(FIXTURES, "env-per-app-models");
  const layout = discoverProject(root);
  assert.equal(layout.modelsFrom, "env.py");
  assert.deepEqual(rel(root, layout.modelFiles), ["apps/accounts/models.py", "apps/billing/models.py"]);
});

test("env.py following: <entity>/model.py gathered by app/db/base.py, mixins included", () => {
  const root = join(FIXTURES, "env-entity-model");
  const layout = discoverProject(root);
  assert.deepEqual(rel(root, layout.modelFiles), ["app/common/mixins.py", "app/task/model.py", "app/user/model.py"]);
});

test("pyproject.toml [tool.alembic] supplies script_location; alembic.ini keeps the URL", () => {
  const root = join(FIXTURES, "pyproject-config");
  const layout = discoverProject(root);
  assert.equal(layout.scriptLocation, join(root, "migrations"));
  assert.deepEqual(layout.versionsDirs, [join(root, "migrations", "versions")]);
  assert.equal(layout.fileTemplate, "%(rev)s_%(slug)s_v2");
  assert.equal(layout.sqlalchemyUrl, "postgresql://localhost/app");
  assert.deepEqual(rel(root, layout.modelFiles), ["app/models/item.py"]);
  assert.deepEqual(layout.findings, []);
});

test("overrides: models glob, versions dir and ini path", () => {
  const root = join(FIXTURES, "env-per-app-models");
  const layout = discoverProject(root, { modelsGlob: "apps/**/models.py", versionsDir: "elsewhere/versions" });
  assert.equal(layout.modelsFrom, "glob");
  assert.deepEqual(rel(root, layout.modelFiles), ["apps/accounts/models.py", "apps/billing/models.py", "apps/search/models.py"]);
  assert.deepEqual(layout.versionsDirs, [join(root, "elsewhere", "versions")]);
  assert.deepEqual(
    layout.findings.map((f) => f.code),
    ["config-missing-versions-dir"],
  );
  const viaIni = discoverProject(FIXTURES, { alembicIni: "env-entity-model/alembic.ini" });
  assert.equal(viaIni.scriptLocation, join(FIXTURES, "env-entity-model", "alembic"));
  assert.equal(viaIni.modelFiles.length, 3);
});

test("broken ini: bad interpolation and separator are findings, discovery goes on", () => {
  const root = join(FIXTURES, "broken-ini");
  const layout = discoverProject(root);
  assert.equal(layout.alembicIni, join(root, "alembic.ini"));
  assert.equal(layout.scriptLocation, undefined);
  assert.deepEqual(
    layout.findings.map((f) => [f.code, f.range?.start.line]),
    [
      ["config-bad-interpolation", 1],
      ["config-bad-path-separator", 2],
      // An unknown separator leaves the value unsplit, as one folder that does not exist.
      ["config-missing-versions-dir", 3],
      ["config-models-not-found", undefined],
    ],
  );
});

test("missing alembic.ini is a finding, not a crash", async () => {
  const dir = await mkdtemp(join(tmpdir(), "dmw-no-ini-"));
  try {
    await mkdir(join(dir, "app", "models"), { recursive: true });
    await writeFile(join(dir, "app", "models", "user.py"), "class User: pass\n");
    const layout = discoverProject(dir);
    assert.equal(layout.alembicIni, undefined);
    assert.deepEqual(layout.versionsDirs, []);
    assert.deepEqual(rel(dir, layout.modelFiles), ["app/models/user.py"]);
    assert.deepEqual(layout.findings.map((f) => [f.code, f.severity]), [["config-missing-alembic-ini", "error"]]);
    assert.match(layout.findings[0].message, /No alembic\.ini in .* or one folder below it/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("an alembic.ini that cannot be read (a folder) is a finding", async () => {
  const dir = await mkdtemp(join(tmpdir(), "dmw-bad-ini-"));
  try {
    await mkdir(join(dir, "alembic.ini"));
    const layout = discoverProject(dir);
    assert.equal(layout.alembicIni, undefined);
    const codes = layout.findings.map((f) => f.code);
    assert.equal(codes[0], "config-unreadable-alembic-ini");
    assert.match(layout.findings[0].message, /cannot be read \(EISDIR\)/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("the URL's password never appears in a finding", () => {
  const layout = discoverProject(join(FIXTURES, "root-ini-legacy-versions"), { versionsDir: "nowhere" });
  for (const f of layout.findings) assert.doesNotMatch(f.message, /s3cr/);
  assert.equal(layout.findings.length, 1);
});

test("an app/models package that only re-exports is followed to where the classes are", () => {
  const root = join(FIXTURES, "reexporting-models-package");
  const layout = discoverProject(root);
  assert.equal(layout.modelsFrom, "env.py");
  assert.deepEqual(rel(root, layout.modelFiles), ["app/db/tables.py"]);
  assert.equal(layout.truncateSlugLength, 60);
});

test("a root that does not exist is a finding, not an exception", () => {
  const layout = discoverProject(join(tmpdir(), "dmw-no-such-folder", "deeper"));
  assert.deepEqual(layout.findings.map((f) => f.code), ["config-missing-alembic-ini", "config-models-not-found"]);
  assert.deepEqual([layout.modelFiles, layout.versionsDirs], [[], []]);
});
