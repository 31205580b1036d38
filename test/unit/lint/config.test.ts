import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveLintConfig } from "../../../server/src/lint/config";

const known = new Set(["drop-column", "prefer-text-over-varchar", "missing-lock-timeout"]);

test("pyproject [tool.dmw] overrides workspace settings; unknown keys are reported, not fatal", () => {
  const pyproject = [
    "[tool.dmw]",
    "postgres-version = 16",
    'since = "abc123"',
    "lock-timeout-in-env = true",
    'disable = ["drop-column", "no-such-rule"]',
    "[tool.dmw.rules]",
    'prefer-text-over-varchar = "warning"',
    'missing-lock-timeout = "loud"',
  ].join("\n");
  const settings = { rules: { "drop-column": "error" }, postgresVersion: 13, lockTimeoutInEnv: false };
  const { config, problems } = resolveLintConfig(settings, pyproject, known);
  assert.deepEqual(config, {
    severities: { "drop-column": "off", "prefer-text-over-varchar": "warning" },
    postgresVersion: 16,
    since: "abc123",
    lockTimeoutInEnv: true,
  });
  assert.deepEqual(problems.map((p) => p.message), [
    "[tool.dmw]: rule 'missing-lock-timeout' level must be one of error, warning, info, hint, off",
    "[tool.dmw]: unknown lint rule 'no-such-rule'",
  ]);
});

test("workspace settings alone, and a broken pyproject.toml, still give a config", () => {
  const { config, problems } = resolveLintConfig({ disabledRules: ["missing-lock-timeout"], postgresVersion: "14" }, "[tool.dmw\n", known);
  assert.equal(config.postgresVersion, 14);
  assert.equal(config.severities["missing-lock-timeout"], "off");
  assert.match(problems[0].message, /^pyproject.toml could not be read/);
});
