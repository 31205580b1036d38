import { test } from "node:test";
import assert from "node:assert/strict";
import { InvalidDatabaseUrlError, maskSecrets, maskUrl, pgConfigFromUrl, withoutDriver } from "../../../server/src/database/connection";

test("SQLAlchemy driver suffixes are reduced to what pg understands", () => {
  for (const scheme of ["postgresql+psycopg", "postgresql+psycopg2", "postgresql+asyncpg", "postgres", "postgresql"]) {
    const { config, target } = pgConfigFromUrl(`${scheme}://app:s3cret@db.internal:6543/tasks`);
    assert.deepEqual(target, { user: "app", host: "db.internal", port: 6543, database: "tasks" });
    assert.equal(config.password, "s3cret");
  }
  assert.equal(withoutDriver("postgresql+asyncpg://u@h/d"), "postgresql://u@h/d");
});

test("timeouts and the read-only session option are always set, keeping the URL's own options", () => {
  const { config } = pgConfigFromUrl("postgresql://u@h/d?options=-c%20search_path%3Dapp");
  assert.equal(config.connectionTimeoutMillis, 5000);
  assert.equal(config.statement_timeout, 10000);
  assert.equal(config.options, "-c search_path=app -c default_transaction_read_only=on");
});

test("sslmode follows libpq: disable, require (no verification), verify-full, prefer falls back", () => {
  assert.equal(pgConfigFromUrl("postgresql://u@h/d?sslmode=disable").config.ssl, undefined);
  assert.deepEqual(pgConfigFromUrl("postgresql://u@h/d?sslmode=require").config.ssl, { rejectUnauthorized: false });
  assert.deepEqual(pgConfigFromUrl("postgresql://u@h/d?sslmode=verify-full").config.ssl, {});
  const prefer = pgConfigFromUrl("postgresql+psycopg://u@h/d?sslmode=prefer");
  assert.equal(prefer.sslFallback, true);
  assert.equal(pgConfigFromUrl("postgresql://u@h/d").sslFallback, false);
});

test("a URL that is not PostgreSQL is refused with a masked message", () => {
  assert.throws(() => pgConfigFromUrl("mysql://root:hunter2@h/d"), (error: unknown) => {
    assert.ok(error instanceof InvalidDatabaseUrlError);
    assert.equal(error.message, "mysql://root:***@h/d is not a PostgreSQL URL (expected postgresql://...)");
    return true;
  });
});

test("maskUrl hides the password in the authority and in a password= parameter", () => {
  assert.equal(maskUrl("postgresql+psycopg://tasks:tasks-dev-password@localhost:5432/tasks"), "postgresql+psycopg://tasks:***@localhost:5432/tasks");
  assert.equal(maskUrl("postgresql://u@h/d?password=abc&sslmode=require"), "postgresql://u@h/d?password=***&sslmode=require");
  assert.equal(maskUrl("postgresql://u@h/d"), "postgresql://u@h/d");
});

test("maskSecrets scrubs URLs inside text and the raw and encoded secret", () => {
  const text = "failed for postgresql://a:p%40ss@h/d with p@ss and p%40ss";
  assert.equal(maskSecrets(text, "p@ss"), "failed for postgresql://a:***@h/d with *** and ***");
});

test("masking survives an unencoded '@' in the password and libpq keyword strings", () => {
  assert.equal(maskUrl("postgresql://app:p@ss:w0rd@db.internal:5432/app"), "postgresql://app:***@db.internal:5432/app");
  assert.equal(maskUrl("host=db user=app password=s3cret dbname=app"), "host=db user=app password=*** dbname=app");
  assert.equal(maskUrl("host=db password='a b' dbname=app"), "host=db password=*** dbname=app");
  assert.equal(maskSecrets("see postgresql://u@h/d and https://example.com/x"), "see postgresql://u@h/d and https://example.com/x");
  assert.throws(() => pgConfigFromUrl("host=db user=app password=s3cret"), /host=db user=app password=\*\*\* is not a PostgreSQL URL/);
});
