// The key of the findings `dmw lint` keeps between runs changes with every input lintProject reads
// (each migration's path and text, the configuration, the script template, row estimates) and
// with nothing else.
import { strict as assert } from "node:assert";
import { test } from "node:test";
import { lintSummaryKey, type LintSummaryInputs } from "../../../server/src/analysis/lintSummary";
import { defaultLintConfig } from "../../../server/src/lint/config";

const base: LintSummaryInputs = {
  config: defaultLintConfig(),
  files: [
    { path: "/p/alembic/versions/a.py", text: "def upgrade():\n    pass\n" },
    { path: "/p/alembic/versions/b.py", text: "def upgrade():\n    op.drop_column('t', 'c')\n" },
  ],
  scriptTemplate: { path: "/p/alembic/script.py.mako", text: "import sqlalchemy as sa\n" },
};

test("the key is stable and follows every input", () => {
  const key = lintSummaryKey(base);
  assert.equal(lintSummaryKey({ ...base, files: base.files.map((f) => ({ ...f })) }), key);
  const [a, b] = base.files;
  const changed = [
    { ...base, files: [a, { ...b, text: `${b.text} ` }] },
    { ...base, files: [a, { ...b, path: "/p/alembic/versions/c.py" }] },
    { ...base, files: [b, a] },
    { ...base, files: [a] },
    // The text of one file moved to the other must not hash the same.
    { ...base, files: [{ ...a, text: a.text + b.text }, { ...b, text: "" }] },
    { ...base, config: { ...base.config, since: "abc" } },
    { ...base, config: { ...base.config, postgresVersion: 11 } },
    { ...base, config: { ...base.config, lockTimeoutInEnv: true } },
    { ...base, config: { ...base.config, severities: { "drop-column": "off" as const } } },
    { ...base, scriptTemplate: undefined },
    { ...base, scriptTemplate: { ...base.scriptTemplate!, text: "import sqlmodel\n" } },
    { ...base, rowEstimates: { t: 10 } },
    { ...base, rowEstimates: { t: 11 } },
  ].map(lintSummaryKey);
  assert.equal(new Set([key, ...changed]).size, changed.length + 1);
});
