import { strict as assert } from "node:assert";
import { test } from "node:test";
import { maskSecrets } from "../../server/src/lsp/mask";

test("passwords in URLs and key=value pairs are masked, the rest of the text is kept", () => {
  assert.equal(
    maskSecrets("connect postgresql+psycopg://app:s3cr%40t@db.internal:5432/app failed"),
    "connect postgresql+psycopg://app:***@db.internal:5432/app failed",
  );
  assert.equal(maskSecrets("host=db user=app password=hunter2 dbname=x"), "host=db user=app password=*** dbname=x");
  assert.equal(maskSecrets("postgres://app@db/app?sslmode=require&password=x"), "postgres://app@db/app?sslmode=require&password=***");
  assert.equal(maskSecrets("postgres://app@db/app"), "postgres://app@db/app");
  assert.equal(maskSecrets("two: postgres://a:1@h/d and postgres://b:2@h/d"), "two: postgres://a:***@h/d and postgres://b:***@h/d");
});
