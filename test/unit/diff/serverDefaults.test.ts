import { test } from "node:test";
import assert from "node:assert/strict";
import { normaliseServerDefault, sameServerDefault } from "../../../server/src/diff/serverDefaults";
import { nameSimilarity } from "../../../server/src/diff/renames";

test("server defaults: PostgreSQL's stored spelling equals the migration's", () => {
  const same: [string, string][] = [
    ["'todo'::character varying", "'todo'"],
    ["'0'::integer", "0"],
    ["('now'::text)::timestamp", "'now'"],
    ["CURRENT_TIMESTAMP", "now()"],
    ["NOW()", "now()"],
    ["'f'", "false"],
    ["(false)", "FALSE"],
    ["'{}'::jsonb", "'{}'"],
    ["'x'::character varying(20)", "'x'"],
  ];
  for (const [a, b] of same) assert.ok(sameServerDefault(a, b), `${a} = ${b}`);
  assert.equal(sameServerDefault("'Todo'", "'todo'"), false, "case inside a literal matters");
  assert.equal(sameServerDefault("0", "1"), false);
  assert.equal(sameServerDefault("true", "false"), false);
  assert.equal(normaliseServerDefault("  gen_random_uuid( )  "), "gen_random_uuid( )");
});

test("name similarity: related names score at least 0.5, unrelated ones below", () => {
  assert.equal(nameSimilarity("priority", "Priority"), 1);
  assert.equal(nameSimilarity("created_at", "createdat"), 1);
  assert.ok(nameSimilarity("priority", "priority_id") >= 0.5);
  assert.ok(nameSimilarity("descr", "description") >= 0.5);
  assert.ok(nameSimilarity("user_name", "name_of_user") >= 0.5);
  assert.ok(nameSimilarity("adress", "address") >= 0.5);
  assert.ok(nameSimilarity("alpha", "gamma") < 0.5);
  assert.ok(nameSimilarity("title", "body") < 0.5);
});
