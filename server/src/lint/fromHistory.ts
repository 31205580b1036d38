// Adapts the history reader's MigrationFile to the narrow LintRevision the rules see.
import type { MigrationFile, MigrationFunction, MigrationOp } from "../history/types";
import { dottedName, lastSegment, type PyExpr } from "../python/syntax";
import type { Range } from "../schema/types";
import type { CallExpr, LintFunction, LintImport, LintOp, LintRevision } from "./types";

export function lintRevisionOf(file: MigrationFile, text: string): LintRevision {
  const lines = text.split("\n");
  return {
    file: file.path,
    text,
    ...(file.revision !== undefined ? { revision: file.revision } : {}),
    ...(file.revisionRange ? { revisionRange: file.revisionRange } : {}),
    downRevisions: file.downRevisions,
    ...(file.upgrade ? { upgrade: lintFunction(file.upgrade, lines) } : {}),
    ...(file.downgrade ? { downgrade: lintFunction(file.downgrade, lines) } : {}),
    imports: importsOf(file.imports),
    dottedUses: dottedUses(lines, "sqlmodel"),
    onlineCalls: onlineCalls(file, text),
  };
}

function lintFunction(fn: MigrationFunction, lines: string[]): LintFunction {
  const { firstBodyLine, indent } = bodyStart(fn.bodyRange, lines);
  return { name: fn.name, ops: fn.ops.map(lintOp), range: fn.range, nameRange: fn.nameRange, firstBodyLine, indent, empty: fn.isEmpty };
}

function lintOp(op: MigrationOp): LintOp {
  const call: CallExpr = op.call.kind === "call" ? op.call : { kind: "call", func: op.call, args: [], kwargs: [], range: op.call.range };
  return {
    name: op.name,
    call,
    range: op.range,
    ...(op.table !== undefined ? { table: op.table } : {}),
    ...(op.batchTable !== undefined ? { batchTable: op.batchTable } : {}),
    inAutocommitBlock: op.inAutocommitBlock,
    conditional: op.conditional,
    ...(op.sql !== undefined ? { sql: op.sql } : {}),
    index: op.index,
  };
}

/** Where code can be inserted at the top of a body: after a leading docstring. */
function bodyStart(body: Range, lines: string[]): { firstBodyLine: number; indent: string } {
  let line = body.start.line;
  const first = lines[line] ?? "";
  const indent = /^\s+/.exec(first)?.[0] ?? "    ";
  const m = /^\s*[rRuU]?("""|''')/.exec(first);
  if (m) {
    const rest = first.slice(m[0].length);
    if (!rest.includes(m[1])) {
      while (line + 1 < lines.length && !lines[line + 1].includes(m[1])) line++;
      line++;
    }
    line++;
  }
  return { firstBodyLine: line, indent };
}

function importsOf(map: Record<string, string>): LintImport[] {
  return Object.entries(map).map(([local, target]) => {
    const dot = target.lastIndexOf(".");
    return local === target.split(".")[0] && !target.includes(".")
      ? { module: target, local }
      : { module: dot < 0 ? target : target.slice(0, dot), name: dot < 0 ? undefined : target.slice(dot + 1), local };
  });
}

/** `sqlmodel.sql.sqltypes.AutoString` and the like, outside comments. */
function dottedUses(lines: string[], head: string): { name: string; range: Range }[] {
  const out: { name: string; range: Range }[] = [];
  const re = new RegExp(`\\b${head}(?:\\.[A-Za-z_][A-Za-z0-9_]*)+`, "g");
  lines.forEach((text, line) => {
    if (!text.includes(head)) return;
    const code = text.replace(/#.*$/, "");
    if (/^\s*(import|from)\s/.test(code)) return;
    for (const m of code.matchAll(re)) {
      out.push({ name: m[0], range: { start: { line, character: m.index! }, end: { line, character: m.index! + m[0].length } } });
    }
  });
  return out;
}

// op.get_bind() / inspect(...) / op.get_context().bind need a live connection (no --sql mode).
// Found by walking the parsed calls (and assigned values), so text inside strings and comments
// does not count. Each spells one of these words somewhere in the file (`inspect` at least in its
// import), so a file without any is not walked.
const ONLINE_WORDS = /get_bind|inspect|get_context/;

function onlineCalls(file: MigrationFile, text: string): { name: string; range: Range }[] {
  const out: { name: string; range: Range }[] = [];
  if (!ONLINE_WORDS.test(text)) return out;
  const inspectors = new Set(Object.entries(file.imports).filter(([, t]) => t === "sqlalchemy.inspect").map(([local]) => local));
  for (const [local, t] of Object.entries(file.imports)) if (t === "sqlalchemy") inspectors.add(`${local}.inspect`);
  const visit = (e: PyExpr): void => {
    if (e.kind === "call") {
      const name = dottedName(e.func);
      if (name !== undefined && (/^\w+\.get_bind$/.test(name) || inspectors.has(name))) out.push({ name, range: e.func.range });
      visit(e.func);
      e.args.forEach(visit);
      e.kwargs.forEach((k) => visit(k.value));
    } else if (e.kind === "attr") {
      if (e.name === "bind" && e.object.kind === "call" && lastSegment(dottedName(e.object.func)) === "get_context") out.push({ name: "op.get_context().bind", range: e.range });
      visit(e.object);
    } else if (e.kind === "list" || e.kind === "tuple" || e.kind === "set") e.items.forEach(visit);
    else if (e.kind === "dict") e.entries.forEach((x) => (visit(x.key), visit(x.value)));
    else if (e.kind === "subscript") (visit(e.value), e.index.forEach(visit));
    else if (e.kind === "binop") (visit(e.left), visit(e.right));
    else if (e.kind === "unary") visit(e.operand);
  };
  for (const fn of [file.upgrade, file.downgrade]) {
    for (const op of fn?.ops ?? []) {
      visit(op.call);
      if (op.value) visit(op.value);
    }
  }
  return out;
}
