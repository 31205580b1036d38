// Tokenises Python samples with the real TextMate engine (vscode-textmate + oniguruma) using the
// shipped injection grammar, a small Python stand-in grammar and a tiny SQL grammar fixture.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import * as oniguruma from "vscode-oniguruma";
import * as textmate from "vscode-textmate";

const ROOT = join(__dirname, "..", "..");
const FIXTURES = join(__dirname, "fixtures");
const INJECTION = join(ROOT, "syntaxes", "alembic-sql.injection.tmLanguage.json");
const SNAPSHOT = join(FIXTURES, "sql-injection.snapshot.txt");

interface Token {
  text: string;
  scopes: string[];
}

async function loadPython(): Promise<textmate.IGrammar> {
  const wasm = readFileSync(join(ROOT, "node_modules", "vscode-oniguruma", "release", "onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const injection = JSON.parse(readFileSync(INJECTION, "utf8"));
  const files: Record<string, string> = {
    "source.python": join(FIXTURES, "python-minimal.tmLanguage.json"),
    "source.sql": join(FIXTURES, "sql-minimal.tmLanguage.json"),
    [injection.scopeName]: INJECTION,
  };
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scope) => (files[scope] ? textmate.parseRawGrammar(readFileSync(files[scope], "utf8"), files[scope]) : null),
    getInjections: (scope) => (scope === "source.python" ? [injection.scopeName] : undefined),
  });
  const grammar = await registry.loadGrammar("source.python");
  if (!grammar) throw new Error("the Python test grammar did not load");
  return grammar;
}

function tokenise(grammar: textmate.IGrammar, source: string): Token[][] {
  let state = textmate.INITIAL;
  return source.split("\n").map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes.slice(1) }));
  });
}

/** SQL text: inside the embedded SQL and not inside an f-string's Python interpolation. */
const isSql = (t: Token) =>
  t.scopes.some((s) => s.startsWith("meta.embedded.") && s.endsWith(".sql")) &&
  !t.scopes.includes("meta.interpolation.python");

/** The texts highlighted as SQL, one entry per string literal (runs of SQL tokens across lines). */
function sqlRuns(lines: Token[][]): string[] {
  const runs: string[] = [];
  let current: string | undefined;
  for (const [i, line] of lines.entries()) {
    for (const token of line) {
      if (isSql(token)) current = (current ?? "") + token.text;
      else if (current !== undefined) (runs.push(current), (current = undefined));
    }
    if (current !== undefined && i < lines.length - 1) current += "\n";
  }
  if (current !== undefined) runs.push(current);
  return runs;
}

interface Sample {
  name: string;
  source: string;
  sql: string[];
}

const SAMPLES: Sample[] = [
  { name: "op.execute with a double-quoted string", source: `op.execute("UPDATE tasks SET priority = 1")`, sql: ["UPDATE tasks SET priority = 1"] },
  { name: "op.execute with a single-quoted string", source: `    op.execute('DROP INDEX ix_x')`, sql: ["DROP INDEX ix_x"] },
  {
    name: "op.execute(sa.text(...)) with a bind parameter",
    source: `op.execute(sa.text("UPDATE t SET a = :v").bindparams(v="hello"))`,
    sql: ["UPDATE t SET a = :v"],
  },
  { name: "sa.text on its own", source: `rows = conn.execute(sa.text('SELECT id FROM users WHERE x = 1'))`, sql: ["SELECT id FROM users WHERE x = 1"] },
  { name: "sqlalchemy.text and text() inside op.execute", source: `op.execute(text("SELECT 1")); sqlalchemy.text("SELECT 2")`, sql: ["SELECT 1", "SELECT 2"] },
  {
    name: "triple-quoted block across lines",
    source: `op.execute(\n    """\n    UPDATE tasks\n    SET priority_id = 1 -- default\n    """\n)\nx = 1`,
    // The SQL starts on the line after the opening quotes (nothing follows them on their line).
    sql: ["    UPDATE tasks\n    SET priority_id = 1 -- default\n    "],
  },
  {
    name: "an SQL comment on the line of the closing quotes",
    source: `op.execute("""UPDATE t SET a = 1 -- backfill""")\nx = 2`,
    sql: ["UPDATE t SET a = 1 -- backfill"],
  },
  { name: "triple single quotes with r prefix", source: `op.execute(r'''SELECT '\\d' ''')`, sql: ["SELECT '\\d' "] },
  { name: "f-string with an interpolation", source: `op.execute(f"UPDATE {table} SET x = 1")`, sql: ["UPDATE ", " SET x = 1"] },
  { name: "rf prefix and escaped quote", source: `op.execute(Rf"SELECT \\"a\\" FROM {t}")`, sql: ['SELECT \\"a\\" FROM '] },
  { name: "escaped quote in a plain string", source: `op.execute("SELECT \\"col\\" FROM t")`, sql: ['SELECT \\"col\\" FROM t'] },
  { name: "a SQL string literal inside the Python string", source: `op.execute("UPDATE t SET s = 'it''s'")`, sql: ["UPDATE t SET s = 'it''s'"] },
  { name: "other calls are not SQL", source: `print("SELECT 1"); log.execute("SELECT 2"); text("SELECT 3")`, sql: [] },
  { name: "comments are not SQL", source: `# op.execute("SELECT 1")`, sql: [] },
  { name: "strings mentioning op.execute are not SQL", source: `msg = "op.execute('SELECT 1')"`, sql: [] },
  { name: "code after the call is Python again", source: `op.execute("SELECT 1"), "not sql"`, sql: ["SELECT 1"] },
];

describe("SQL injection grammar", async () => {
  const grammar = await loadPython();

  for (const sample of SAMPLES) {
    it(`${sample.name}: SQL scopes cover exactly the SQL`, () => {
      const lines = tokenise(grammar, sample.source);
      assert.deepEqual(sqlRuns(lines), sample.sql);
      // SQL token scopes (keywords, literals) appear only on SQL text, never in Python or in
      // an f-string's interpolation.
      for (const token of lines.flat()) {
        const sqlTokenScope = token.scopes.some((s) => s.endsWith(".sql") && !s.startsWith("meta.embedded."));
        if (sqlTokenScope) assert.ok(isSql(token), `${JSON.stringify(token)} is outside the SQL`);
      }
    });
  }

  it("scopes SQL keywords, the quotes and the call (snapshot)", () => {
    const rendered = SAMPLES.map((sample) => {
      const lines = tokenise(grammar, sample.source);
      const body = lines
        .flat()
        .filter((t) => t.text.trim() !== "")
        .map((t) => `  ${JSON.stringify(t.text)} ${t.scopes.join(" ")}`);
      return `# ${sample.name}\n${body.join("\n")}\n`;
    }).join("\n");
    if (process.env.UPDATE_SNAPSHOTS === "1") writeFileSync(SNAPSHOT, rendered);
    assert.equal(rendered, readFileSync(SNAPSHOT, "utf8"));
  });
});
