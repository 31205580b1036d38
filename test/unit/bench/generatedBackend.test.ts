// The benchmark's synthetic backend through our own engine: the models and the replayed history
// agree, and the drift variant differs by exactly the one uncovered field. (Alembic's view of the
// same backend is compared by `npm run bench` itself.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateBackend } from "../../../bench/generate";
import { analyzeProject } from "../../../server/src/analysis/analyzeProject";
import { discoverProject } from "../../../server/src/project/discover";

const readFile = (path: string): string | undefined => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
};

async function analyzeGenerated(drift: boolean) {
  const root = await mkdtemp(join(tmpdir(), "dmw-bench-gen-"));
  try {
    const backend = generateBackend(root, { models: 20, migrations: 45, drift });
    const layout = discoverProject(root);
    return { backend, layout, analysis: analyzeProject(layout, readFile) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test("the generated backend: every model file and migration is found, the history replays to the models", async () => {
  const { backend, layout, analysis } = await analyzeGenerated(false);
  assert.deepEqual([...layout.modelFiles].sort().filter((f) => /group_\d+\.py$/.test(f)), [...backend.modelFiles].sort());
  assert.equal(analysis.migrations.length, 45);
  assert.deepEqual(analysis.graph.heads.length, 1);
  assert.equal(Object.keys(analysis.models.schema.tables).length, 20);
  assert.deepEqual(analysis.changes, []);
  const columns = Object.values(analysis.replay.schema.tables).reduce((n, t) => n + t.columns.length, 0);
  assert.equal(columns, backend.columnCount);
  const errors = analysis.findings.filter((f) => f.severity === "error");
  assert.deepEqual(errors.map((f) => `${f.code} ${f.message}`), []);
});

test("the drift variant: exactly one finding, the uncovered column on entity_0", async () => {
  const { backend, analysis } = await analyzeGenerated(true);
  assert.deepEqual(
    analysis.changes.map((c) => c.kind),
    ["add-column"],
  );
  const drift = analysis.findings.filter((f) => f.code.startsWith("migration-"));
  assert.equal(drift.length, 1);
  assert.equal(drift[0].code, "migration-missing-column");
  assert.equal(drift[0].table, "entity_0");
  assert.equal(drift[0].column, "drift_note");
  assert.equal(drift[0].file, backend.driftField?.file);
});
