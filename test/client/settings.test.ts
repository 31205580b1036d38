import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { contributedProperties, resolveSettings, SETTINGS_SCHEMA, SETTINGS_SECTION } from "../../server/src/lsp/settings";

const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"));

test("package.json contributes exactly the settings of the code's schema", () => {
  assert.deepEqual(manifest.contributes.configuration.properties, contributedProperties());
});

test("every setting has a description and a default", () => {
  for (const [key, spec] of Object.entries(SETTINGS_SCHEMA)) {
    assert.ok(spec.description.length > 20, `${key} needs a real description`);
    assert.ok("default" in spec, `${key} needs a default`);
  }
  assert.equal(Object.keys(contributedProperties()).every((k) => k.startsWith(`${SETTINGS_SECTION}.`)), true);
});

test("resolveSettings fills defaults for a missing or malformed answer", () => {
  for (const raw of [undefined, null, 42, "x", {}]) {
    const settings = resolveSettings(raw);
    assert.equal(settings.databaseUrlEnvVar, "DATABASE_URL");
    assert.equal(settings.schema, "public");
    assert.equal(settings.postgresVersion, 15);
    assert.deepEqual(settings.lintSeverity, {});
    assert.deepEqual(settings.kubernetes, { context: "", namespace: "", deployment: "", container: "" });
  }
});

test("resolveSettings reads nested and flat dotted keys, trims strings and drops wrong types", () => {
  const nested = resolveSettings({
    modelsGlob: " src/app/**/models.py ",
    schema: "",
    databaseUrlEnvVar: 7,
    lint: { severity: { "missing-downgrade": "off", "create-index-non-concurrently": "error", bogus: "fatal", other: 3 } },
    kubernetes: { namespace: "prod", deployment: "backend" },
    postgresVersion: 13,
  });
  assert.equal(nested.modelsGlob, "src/app/**/models.py");
  assert.equal(nested.schema, "public");
  assert.equal(nested.databaseUrlEnvVar, "DATABASE_URL");
  assert.deepEqual(nested.lintSeverity, { "missing-downgrade": "off", "create-index-non-concurrently": "error" });
  assert.equal(nested.kubernetes.namespace, "prod");
  assert.equal(nested.kubernetes.deployment, "backend");
  assert.equal(nested.postgresVersion, 13);

  const flat = resolveSettings({ "lint.severity": { "missing-downgrade": "hint" }, "kubernetes.container": "api", postgresVersion: 9.6 });
  assert.deepEqual(flat.lintSeverity, { "missing-downgrade": "hint" });
  assert.equal(flat.kubernetes.container, "api");
  assert.equal(flat.postgresVersion, 15);
});
