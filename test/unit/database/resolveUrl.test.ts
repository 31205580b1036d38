import { test } from "node:test";
import assert from "node:assert/strict";
import { isPlaceholderUrl, resolveDatabaseUrl, sqlalchemyUrlFromIni } from "../../../server/src/database/resolveUrl";

const INI = "[alembic]\nscript_location = %(here)s/alembic\nsqlalchemy.url = postgresql+psycopg://ini@h/ini\n";

function files(map: Record<string, string>) {
  return (path: string) => map[path];
}

const project = { alembicIni: "/w/backend/alembic.ini", workspaceRoot: "/w" };

test("explicit value wins over everything", () => {
  const resolved = resolveDatabaseUrl({ ...project, explicit: "postgresql://x@h/x", env: { DATABASE_URL: "postgresql://env@h/env" }, readText: files({ "/w/backend/alembic.ini": INI }) });
  assert.deepEqual(resolved, { url: "postgresql://x@h/x", origin: "explicit", from: "--database-url" });
});

test("the environment variable named by the setting comes next", () => {
  const env = { DATABASE_URL: "postgresql://env@h/env", APP_DB: "postgresql://app@h/app" };
  assert.equal(resolveDatabaseUrl({ ...project, env, readText: files({}) })?.url, "postgresql://env@h/env");
  assert.deepEqual(resolveDatabaseUrl({ ...project, env, envVar: "APP_DB", readText: files({}) }), { url: "postgresql://app@h/app", origin: "environment", from: "APP_DB" });
});

test(".env beside alembic.ini, then at the workspace root, without touching process.env", () => {
  const readText = files({
    "/w/backend/.env": "# local\nDATABASE_URL=\"postgresql://beside@h/b\"\n",
    "/w/.env": "DATABASE_URL=postgresql://root@h/r\n",
    "/w/backend/alembic.ini": INI,
  });
  assert.deepEqual(resolveDatabaseUrl({ ...project, env: {}, readText }), { url: "postgresql://beside@h/b", origin: "dotenv", from: "/w/backend/.env", line: 1 });
  const rootOnly = files({ "/w/.env": "OTHER=1\nDATABASE_URL=postgresql://root@h/r\n" });
  assert.equal(resolveDatabaseUrl({ ...project, env: {}, readText: rootOnly })?.from, "/w/.env");
  assert.equal(process.env.DATABASE_URL === "postgresql://root@h/r", false);
});

test("alembic.ini sqlalchemy.url is the last resort; placeholders and interpolations are ignored", () => {
  assert.deepEqual(resolveDatabaseUrl({ ...project, env: {}, readText: files({ "/w/backend/alembic.ini": INI }) }), {
    url: "postgresql+psycopg://ini@h/ini",
    origin: "alembic.ini",
    from: "/w/backend/alembic.ini",
    line: 2,
  });
  const template = "[alembic]\nsqlalchemy.url = driver://user:pass@localhost/dbname\n";
  assert.equal(resolveDatabaseUrl({ ...project, env: {}, readText: files({ "/w/backend/alembic.ini": template }) }), undefined);
  const interpolated = "[alembic]\nsqlalchemy.url = %(DB_URL)s\n";
  assert.equal(resolveDatabaseUrl({ ...project, env: {}, readText: files({ "/w/backend/alembic.ini": interpolated }) }), undefined);
});

test("placeholder detection and ini reading", () => {
  assert.equal(isPlaceholderUrl("driver://user:pass@localhost/dbname"), true);
  assert.equal(isPlaceholderUrl("postgresql://user:pass@localhost/dbname"), true);
  assert.equal(isPlaceholderUrl("${DATABASE_URL}"), true);
  assert.equal(isPlaceholderUrl(""), true);
  assert.equal(isPlaceholderUrl("postgresql://app:pw@db/app"), false);
  assert.equal(sqlalchemyUrlFromIni("[alembic]\nscript_location = x\n"), undefined);
  assert.equal(sqlalchemyUrlFromIni(INI), "postgresql+psycopg://ini@h/ini");
});

test("configparser's %% escape in alembic.ini becomes a literal %", () => {
  const ini = "[alembic]\nsqlalchemy.url = postgresql://app:p%%40ss@db/app\n";
  assert.equal(resolveDatabaseUrl({ ...project, env: {}, readText: files({ "/w/backend/alembic.ini": ini }) })?.url, "postgresql://app:p%40ss@db/app");
});

test("alembic.ini is read with configparser's rules: ';' and '#' inside a value, interpolation from [DEFAULT]", () => {
  assert.equal(sqlalchemyUrlFromIni("[alembic]\nsqlalchemy.url = postgresql://app:s3cr;t#pw@db/app\n"), "postgresql://app:s3cr;t#pw@db/app");
  assert.equal(sqlalchemyUrlFromIni("[DEFAULT]\ndb = postgresql://d@h/x\n[alembic]\nsqlalchemy.url = %(db)s\n"), "postgresql://d@h/x");
  assert.equal(sqlalchemyUrlFromIni("[alembic]\nsqlalchemy.url = %(DB_URL)s\n"), undefined);
  assert.equal(sqlalchemyUrlFromIni("[dev]\nsqlalchemy.url = postgresql://dev@h/dev\n"), "postgresql://dev@h/dev");
});
