import { strict as assert } from "node:assert";
import { test } from "node:test";
import type { Finding } from "../../../server/src/findings/types";
import { diagnosticsByFile, DiagnosticsLedger } from "../../../server/src/lsp/diagnostics";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const range = (line: number) => ({ start: { line, character: 4 }, end: { line, character: 12 } });
const finding = (code: string, file: string | undefined, line: number, data?: unknown): Finding => ({
  code,
  severity: "warning",
  message: `${code} here`,
  ...(file ? { file, range: range(line) } : {}),
  table: "tasks",
  column: "due_date",
  ...(data ? { data } : {}),
});

test("findings become diagnostics per file with code, docs link, source, severity and data", () => {
  const { byFile, fileless } = diagnosticsByFile([
    { family: "finding", findings: [finding("migration-missing-column", "/p/task.py", 7, { kind: "add-column" }), finding("db-unreachable", undefined, 0)] },
    { family: "lint", findings: [finding("missing-downgrade", "/p/v/1.py", 2)] },
  ]);
  assert.equal(fileless.length, 1);
  const [d] = byFile.get("/p/task.py")!;
  assert.deepEqual(d.range, range(7));
  assert.equal(d.code, "migration-missing-column");
  assert.equal(d.severity, 2);
  assert.equal(d.source, "db-migration-wizard");
  // The link opens the page shipped beside the server (docs/ in the package): it must exist.
  assert.match(d.codeDescription!.href, /^file:.*\/docs\/codes\/migration-missing-column\.md$/);
  assert.ok(existsSync(fileURLToPath(d.codeDescription!.href)));
  assert.deepEqual(d.data, { family: "finding", table: "tasks", column: "due_date", payload: { kind: "add-column" } });
  const lintHref = byFile.get("/p/v/1.py")![0].codeDescription!.href;
  assert.match(lintHref, /\/docs\/rules\/missing-downgrade\.md$/);
  assert.ok(existsSync(fileURLToPath(lintHref)));
});

test("duplicates are shown once and diagnostics are sorted by position", () => {
  const { byFile } = diagnosticsByFile([{ family: "finding", findings: [finding("b", "/f", 9), finding("a", "/f", 2), finding("b", "/f", 9)] }]);
  assert.deepEqual(byFile.get("/f")!.map((d) => [d.code, d.range.start.line]), [["a", 2], ["b", 9]]);
});

test("the ledger publishes changed files, skips unchanged ones and clears files that lost their diagnostics", () => {
  const ledger = new DiagnosticsLedger();
  const first = diagnosticsByFile([{ family: "finding", findings: [finding("a", "/x", 1), finding("a", "/y", 1)] }]).byFile;
  assert.deepEqual(ledger.next(first).map((p) => [p.file, p.diagnostics.length]), [["/x", 1], ["/y", 1]]);
  assert.deepEqual(ledger.next(first), []);
  const second = diagnosticsByFile([{ family: "finding", findings: [finding("a", "/x", 2)] }]).byFile;
  assert.deepEqual(ledger.next(second).map((p) => [p.file, p.diagnostics.length]), [["/x", 1], ["/y", 0]]);
  assert.deepEqual(ledger.next(second), []);
});

test("an unchanged findings array keeps its converted diagnostics: same arrays, and the ledger skips them unread", () => {
  const lint = [finding("missing-downgrade", "/v/1.py", 3), finding("missing-downgrade", "/v/2.py", 5)];
  const first = diagnosticsByFile([{ family: "finding", findings: [finding("a", "/m.py", 1)] }, { family: "lint", findings: lint }]).byFile;
  const second = diagnosticsByFile([{ family: "finding", findings: [finding("a", "/m.py", 2)] }, { family: "lint", findings: lint }]).byFile;
  assert.equal(second.get("/v/1.py"), first.get("/v/1.py"), "the lint file's diagnostics are the very same array");
  assert.notEqual(second.get("/m.py"), first.get("/m.py"));
  const ledger = new DiagnosticsLedger();
  ledger.next(first);
  // Reading an unchanged array again would call toJSON on its diagnostics: it must not happen.
  let reads = 0;
  for (const d of first.get("/v/1.py")!) Object.defineProperty(d, "toJSON", { value: () => (reads++, {}), enumerable: false, configurable: true });
  const published = ledger.next(second).map((p) => p.file);
  assert.deepEqual(published, ["/m.py"]);
  assert.equal(reads, 0);
});

test("the same findings under another family are converted for that family", () => {
  const shared = [finding("x", "/f.py", 1)];
  const asFinding = diagnosticsByFile([{ family: "finding", findings: shared }]).byFile.get("/f.py")!;
  const asLint = diagnosticsByFile([{ family: "lint", findings: shared }]).byFile.get("/f.py")!;
  assert.deepEqual([asFinding[0].data, asLint[0].data].map((d) => (d as { family: string }).family), ["finding", "lint"]);
});

test("a file with findings from two groups: duplicates once (the first group's), one order by position", () => {
  const history = { ...finding("dup", "/v/1.py", 4), table: "from-history" };
  const database = { ...finding("dup", "/v/1.py", 4), table: "from-database" };
  const { byFile } = diagnosticsByFile([
    { family: "finding", findings: [finding("z", "/v/1.py", 9), history] },
    { family: "lint", findings: [finding("b", "/v/1.py", 1), database] },
  ]);
  const list = byFile.get("/v/1.py")!;
  assert.deepEqual(list.map((d) => [d.code, d.range.start.line]), [["b", 1], ["dup", 4], ["z", 9]]);
  assert.equal((list[1].data as { table: string }).table, "from-history");
});

test("a new findings array with the same finding objects reuses their diagnostics; the ledger skips the files unread", () => {
  const kept = [finding("missing-downgrade", "/v/1.py", 3), finding("missing-downgrade", "/v/2.py", 5)];
  const first = diagnosticsByFile([{ family: "lint", findings: [...kept] }]).byFile;
  // An incremental lint: revision 2 was linted again (new objects), revision 1 kept its findings.
  const second = diagnosticsByFile([{ family: "lint", findings: [kept[0], finding("missing-downgrade", "/v/2.py", 6)] }]).byFile;
  assert.equal(second.get("/v/1.py")![0], first.get("/v/1.py")![0], "the kept finding's diagnostic is the same object");
  const ledger = new DiagnosticsLedger();
  ledger.next(first);
  let reads = 0;
  for (const d of first.get("/v/1.py")!) Object.defineProperty(d, "toJSON", { value: () => (reads++, {}), enumerable: false, configurable: true });
  assert.deepEqual(ledger.next(second).map((p) => [p.file, p.diagnostics[0].range.start.line]), [["/v/2.py", 6]]);
  assert.equal(reads, 0);
});

test("equal findings in new objects are compared by content: not published again", () => {
  const ledger = new DiagnosticsLedger();
  ledger.next(diagnosticsByFile([{ family: "lint", findings: [finding("x", "/v/1.py", 3)] }]).byFile);
  assert.deepEqual(ledger.next(diagnosticsByFile([{ family: "lint", findings: [finding("x", "/v/1.py", 3)] }]).byFile), []);
});

test("three groups: files in order of first appearance, each file's diagnostics merged across all of them", () => {
  const { byFile } = diagnosticsByFile([
    { family: "finding", findings: [finding("a", "/b.py", 5)] },
    { family: "lint", findings: [finding("b", "/a.py", 2), finding("c", "/b.py", 1)] },
    { family: "finding", findings: [finding("d", "/b.py", 3), finding("a", "/b.py", 5), finding("e", "/c.py", 0)] },
  ]);
  assert.deepEqual([...byFile.keys()], ["/b.py", "/a.py", "/c.py"]);
  assert.deepEqual(byFile.get("/b.py")!.map((d) => [d.code, d.range.start.line]), [["c", 1], ["d", 3], ["a", 5]]);
  assert.deepEqual(byFile.get("/a.py")!.map((d) => d.code), ["b"]);
});

test("a new findings array keeps the diagnostics array of every file whose findings are the same objects", () => {
  const one = [finding("a", "/v/1.py", 3), finding("b", "/v/1.py", 1)];
  const two = [finding("a", "/v/2.py", 5)];
  const first = diagnosticsByFile([{ family: "lint", findings: [...one, ...two] }]).byFile;
  const changed = [finding("a", "/v/2.py", 6)];
  const second = diagnosticsByFile([{ family: "lint", findings: [...one, ...changed] }]).byFile;
  assert.equal(second.get("/v/1.py"), first.get("/v/1.py"), "the same array for the unchanged file");
  assert.notEqual(second.get("/v/2.py"), first.get("/v/2.py"));
  assert.deepEqual(second.get("/v/2.py")!.map((d) => d.range.start.line), [6]);
  // One finding fewer, or the same ones in another order, is a new list for that file.
  const fewer = diagnosticsByFile([{ family: "lint", findings: [one[0], ...changed] }]).byFile;
  assert.deepEqual(fewer.get("/v/1.py")!.map((d) => d.code), ["a"]);
  const reordered = diagnosticsByFile([{ family: "lint", findings: [one[1], one[0], ...changed] }]).byFile;
  assert.notEqual(reordered.get("/v/1.py"), fewer.get("/v/1.py"));
  assert.deepEqual(reordered.get("/v/1.py")!.map((d) => [d.code, d.range.start.line]), [["b", 1], ["a", 3]]);
});

test("a file whose findings come in two separate runs gets all of them, deduplicated and sorted", () => {
  const head = finding("a", "/v/1.py", 3);
  const first = diagnosticsByFile([{ family: "lint", findings: [head, finding("x", "/v/2.py", 0)] }]).byFile;
  assert.deepEqual(first.get("/v/1.py")!.map((d) => d.code), ["a"]);
  // /v/1.py's first run is the same as last time (kept), then more of its findings follow later.
  const split = diagnosticsByFile([{ family: "lint", findings: [head, finding("x", "/v/2.py", 0), finding("b", "/v/1.py", 1), finding("a", "/v/1.py", 3)] }]).byFile;
  assert.deepEqual(split.get("/v/1.py")!.map((d) => [d.code, d.range.start.line]), [["b", 1], ["a", 3]]);
  assert.deepEqual(first.get("/v/1.py")!.map((d) => d.code), ["a"], "the kept entry was not changed");
});
