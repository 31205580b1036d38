// The offline result `dmw check` keeps between runs: it must come back from its file exactly as it
// was made (maps and ranges included), and its key must change with every input the analysis reads
// and with nothing else.
import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { analyzeProject } from "../../../server/src/analysis/analyzeProject";
import { CheckSummaryStore, checkSummaryKey, summarizeAnalysis } from "../../../server/src/analysis/checkSummary";
import { listMigrationFiles } from "../../../server/src/analysis/migrationFiles";
import { discoverProject } from "../../../server/src/project/discover";

const REPO = join(__dirname, "..", "..", "..");
const CLI_FIXTURES = join(REPO, "test", "fixtures", "cli");
const PROJECTS = [join(REPO, "examples", "backend"), ...readdirSync(CLI_FIXTURES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(CLI_FIXTURES, e.name))];

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

test("every project's check result comes back from the store unchanged", () => {
  assert.ok(PROJECTS.length >= 4, PROJECTS.join(", "));
  const dir = mkdtempSync(join(tmpdir(), "dmw-check-store-"));
  let withRevisions = 0;
  for (const [i, root] of PROJECTS.entries()) {
    const layout = discoverProject(root);
    const summary = summarizeAnalysis(analyzeProject(layout, readText));
    if (summary.history.graph.revisions.size > 0) withRevisions++;
    const key = checkSummaryKey(layout, listMigrationFiles(layout), readText);
    const files = [join(dir, `${i}.json`), join(dir, `${i}.schemas.json`)] as const;
    assert.equal(new CheckSummaryStore(...files).save(key, summary), true, root);
    assert.equal(new CheckSummaryStore(...files).save(key, summary), false, "already kept: nothing written");
    const back = new CheckSummaryStore(...files).get(key);
    assert.deepStrictEqual(back, summary, root);
    assert.ok(back?.history.graph.revisions instanceof Map);
    assert.deepStrictEqual(new CheckSummaryStore(...files).findings(key), summary.findings, root);
    const schemas = { ...(summary.models ? { models: summary.models } : {}), history: summary.history };
    assert.deepStrictEqual(new CheckSummaryStore(...files).schemas(key), schemas, root);
    assert.equal(new CheckSummaryStore(...files).get("another key"), undefined);
    assert.equal(new CheckSummaryStore(...files, "another engine").get(key), undefined);
  }
  assert.ok(withRevisions >= 3);
});

test("the findings are kept apart from the schemas: read alone, and a damaged schemas file costs only the schemas", () => {
  const dir = mkdtempSync(join(tmpdir(), "dmw-check-store-"));
  const root = join(REPO, "examples", "backend");
  const layout = discoverProject(root);
  const summary = summarizeAnalysis(analyzeProject(layout, readText));
  const key = checkSummaryKey(layout, listMigrationFiles(layout), readText);
  const [findingsFile, schemasFile] = [join(dir, "check.json"), join(dir, "schemas.json")];
  new CheckSummaryStore(findingsFile, schemasFile).save(key, summary);
  assert.ok(statSync(findingsFile).size * 5 < statSync(schemasFile).size, "the findings' file is the small one");
  assert.doesNotMatch(readFileSync(findingsFile, "utf8"), /"tables"/);
  writeFileSync(schemasFile, "{ damaged");
  assert.deepStrictEqual(new CheckSummaryStore(findingsFile, schemasFile).findings(key), summary.findings);
  assert.equal(new CheckSummaryStore(findingsFile, schemasFile).schemas(key), undefined);
  assert.equal(new CheckSummaryStore(findingsFile, schemasFile).get(key), undefined);
  // A save with the findings already kept writes the schemas again.
  assert.equal(new CheckSummaryStore(findingsFile, schemasFile).save(key, summary), true);
  assert.deepStrictEqual(new CheckSummaryStore(findingsFile, schemasFile).get(key), summary);
});

test("the stored findings carry no quick-fix data", () => {
  const layout = discoverProject(join(REPO, "examples", "backend"));
  const analysis = analyzeProject(layout, readText);
  assert.ok(analysis.findings.some((f) => f.data !== undefined), "the example has findings with data");
  const summary = summarizeAnalysis(analysis);
  assert.equal(summary.findings.length, analysis.findings.length);
  assert.ok(summary.findings.every((f) => !("data" in f)));
});

test("the key follows every input file's text and the layout, not the database URL", () => {
  const layout = discoverProject(join(REPO, "examples", "backend"));
  const migrations = listMigrationFiles(layout);
  const key = (edit: (path: string, text: string | undefined) => string | undefined = (_, text) => text, l = layout, files = migrations) =>
    checkSummaryKey(l, files, (path) => edit(path, readText(path)));
  const base = key();
  assert.equal(key(), base);
  assert.equal(key(undefined, { ...layout, sqlalchemyUrl: "postgresql://app:secret@db/app" }), base);

  const model = layout.modelFiles[0];
  const migration = migrations[migrations.length - 1];
  const changed = [
    key((path, text) => (path === model ? `${text}\n` : text)),
    key((path, text) => (path === migration ? `${text} ` : text)),
    key((path, text) => (path === migration ? undefined : text)),
    key((path, text) => (path === migration ? "" : text)),
    key(undefined, layout, migrations.slice(0, -1)),
    key(undefined, { ...layout, modelFiles: layout.modelFiles.slice(1) }),
    key(undefined, { ...layout, sqlmodelVersion: "0.0.8" }),
  ];
  assert.equal(new Set([base, ...changed]).size, changed.length + 1);
});
