// The offline result `dmw check` keeps between runs: it must come back from its file exactly as it
// was made (maps and ranges included), and its key must change with every input the analysis reads
// and with nothing else.
import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { analyzeProject } from "../../../server/src/analysis/analyzeProject";
import { CheckSummaryStore, checkModelsKey, checkSummaryKey, summarizeAnalysis, type CheckKeys, type CheckSummaryFiles } from "../../../server/src/analysis/checkSummary";
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

function storeFiles(dir: string, name: string): CheckSummaryFiles {
  return { findings: join(dir, `${name}.json`), history: join(dir, `${name}.history.json`), models: join(dir, `${name}.models.json`) };
}

function keysOf(root: string): { layout: ReturnType<typeof discoverProject>; keys: CheckKeys } {
  const layout = discoverProject(root);
  return { layout, keys: { all: checkSummaryKey(layout, listMigrationFiles(layout), readText), models: checkModelsKey(layout, readText) } };
}

test("every project's check result comes back from the store unchanged", () => {
  assert.ok(PROJECTS.length >= 4, PROJECTS.join(", "));
  const dir = mkdtempSync(join(tmpdir(), "dmw-check-store-"));
  let withRevisions = 0;
  for (const [i, root] of PROJECTS.entries()) {
    const { layout, keys } = keysOf(root);
    const summary = summarizeAnalysis(analyzeProject(layout, readText));
    if (summary.history.graph.revisions.size > 0) withRevisions++;
    const files = storeFiles(dir, String(i));
    assert.equal(new CheckSummaryStore(files).save(keys, summary), true, root);
    assert.equal(new CheckSummaryStore(files).save(keys, summary), false, "already kept: nothing written");
    const back = new CheckSummaryStore(files).get(keys);
    assert.deepStrictEqual(back, summary, root);
    assert.ok(back?.history.graph.revisions instanceof Map);
    assert.deepStrictEqual(new CheckSummaryStore(files).findings(keys), summary.findings, root);
    const schemas = { ...(summary.models ? { models: summary.models } : {}), history: summary.history };
    assert.deepStrictEqual(new CheckSummaryStore(files).schemas(keys), schemas, root);
    assert.equal(new CheckSummaryStore(files).get({ ...keys, all: "another key" }), undefined);
    assert.equal(new CheckSummaryStore(files).get({ ...keys, models: "another key" }), undefined);
    assert.equal(new CheckSummaryStore(files, "another engine").get(keys), undefined);
  }
  assert.ok(withRevisions >= 3);
});

/** The example backend's check result, kept in a new folder. */
function keptExample(): { layout: ReturnType<typeof discoverProject>; keys: CheckKeys; summary: ReturnType<typeof summarizeAnalysis>; files: CheckSummaryFiles } {
  const { layout, keys } = keysOf(join(REPO, "examples", "backend"));
  const summary = summarizeAnalysis(analyzeProject(layout, readText));
  const files = storeFiles(mkdtempSync(join(tmpdir(), "dmw-check-store-")), "check");
  new CheckSummaryStore(files).save(keys, summary);
  return { layout, keys, summary, files };
}

test("the findings are kept apart from the schemas: read alone, and a damaged schemas file costs only the schemas", () => {
  const { layout, keys, summary, files } = keptExample();
  assert.ok(statSync(files.findings).size * 5 < statSync(files.history).size + statSync(files.models).size, "the findings' file is the small one");
  assert.doesNotMatch(readFileSync(files.findings, "utf8"), /"tables"/);
  for (const damaged of [files.history, files.models]) {
    const valid = readFileSync(damaged, "utf8");
    writeFileSync(damaged, "{ damaged");
    assert.deepStrictEqual(new CheckSummaryStore(files).findings(keys), summary.findings);
    assert.equal(new CheckSummaryStore(files).schemas(keys), undefined);
    assert.equal(new CheckSummaryStore(files).get(keys), undefined);
    // A save by the store that found it damaged writes it again.
    const store = new CheckSummaryStore(files);
    store.schemas(keys);
    assert.equal(store.save(keys, summary), true);
    assert.equal(readFileSync(damaged, "utf8"), valid);
    assert.deepStrictEqual(new CheckSummaryStore(files).get(keys), summary);
  }
});

test("a migration edited: the models' schema is kept under its own key and not written again", () => {
  const { layout, keys, summary, files } = keptExample();
  const migration = listMigrationFiles(layout)[0];
  const edited = (path: string) => (path === migration ? `${readText(path)}\n# edited\n` : readText(path));
  const editedKeys: CheckKeys = { all: checkSummaryKey(layout, listMigrationFiles(layout), edited), models: checkModelsKey(layout, edited) };
  assert.notEqual(editedKeys.all, keys.all);
  assert.equal(editedKeys.models, keys.models, "a migration is no input of the models' part");
  for (const file of Object.values(files)) utimesSync(file, new Date(2003, 0, 1), new Date(2003, 0, 1));
  const editedSummary = summarizeAnalysis(analyzeProject(layout, edited));
  assert.equal(new CheckSummaryStore(files).save(editedKeys, editedSummary), true);
  assert.equal(statSync(files.models).mtime.getFullYear(), 2003, "the models' schema was not written again");
  assert.notEqual(statSync(files.findings).mtime.getFullYear(), 2003);
  assert.deepStrictEqual(new CheckSummaryStore(files).get(editedKeys), editedSummary);
  // A model file edited changes the models' key.
  const model = layout.modelFiles[0];
  assert.notEqual(checkModelsKey(layout, (path) => (path === model ? `${readText(path)}\n` : readText(path))), keys.models);
  assert.notEqual(checkModelsKey({ ...layout, sqlmodelVersion: "0.0.8" }, readText), keys.models);
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
