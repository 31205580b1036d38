// Building blocks for rule fixes: text edits over the migration source (add a keyword argument,
// wrap a statement in autocommit_block, insert lines), and applying edits (tests, CLI).
import type { Position, Range } from "../schema/types";
import type { CallExpr, LintFunction, LintOp, TextEdit } from "./types";

export function offsetAt(text: string, pos: Position): number {
  let offset = 0;
  let line = 0;
  while (line < pos.line) {
    const n = text.indexOf("\n", offset);
    if (n < 0) return text.length;
    offset = n + 1;
    line++;
  }
  return Math.min(offset + pos.character, text.length);
}

/** Applies non-overlapping edits (any order). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const withOffsets = edits.map((e) => ({ e, start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end) }));
  withOffsets.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const { e, start, end } of withOffsets) out = out.slice(0, start) + e.newText + out.slice(end);
  return out;
}

/** The text of line `line` (0-based), "" past the end; found without splitting the whole text. */
export function lineText(text: string, line: number): string {
  let start = 0;
  for (let l = 0; l < line; l++) {
    const next = text.indexOf("\n", start);
    if (next < 0) return "";
    start = next + 1;
  }
  const end = text.indexOf("\n", start);
  return text.slice(start, end < 0 ? text.length : end);
}

export function indentOf(text: string, line: number): string {
  return /^\s*/.exec(lineText(text, line))![0];
}

export function insertAt(pos: Position, newText: string): TextEdit {
  return { range: { start: pos, end: pos }, newText };
}

/** Adds `name=value` as the call's last argument (after the last existing argument). */
export function addKwargEdit(call: CallExpr, source: string): TextEdit {
  const ends = [...call.args.map((a) => a.range.end), ...call.kwargs.map((k) => k.range.end)];
  if (ends.length === 0) {
    const close = { line: call.range.end.line, character: call.range.end.character - 1 };
    return insertAt(close, source);
  }
  const last = ends.reduce((a, b) => (b.line > a.line || (b.line === a.line && b.character > a.character) ? b : a));
  return insertAt(last, `, ${source}`);
}

/** Replaces or adds a keyword argument. */
export function setKwargEdit(call: CallExpr, name: string, valueSource: string): TextEdit {
  const existing = call.kwargs.find((k) => k.name === name);
  return existing ? { range: existing.value.range, newText: valueSource } : addKwargEdit(call, `${name}=${valueSource}`);
}

/** Removes a keyword argument together with its separating comma. */
export function removeKwargEdit(text: string, call: CallExpr, name: string): TextEdit | undefined {
  const kw = call.kwargs.find((k) => k.name === name);
  if (!kw) return undefined;
  const start = offsetAt(text, kw.range.start);
  const before = text.slice(0, start);
  const comma = before.search(/,\s*$/);
  if (comma >= 0) return { range: { start: positionAt(text, comma), end: kw.range.end }, newText: "" };
  const after = text.slice(offsetAt(text, kw.range.end));
  const m = /^\s*,\s*/.exec(after);
  return { range: { start: kw.range.start, end: positionAt(text, offsetAt(text, kw.range.end) + (m ? m[0].length : 0)) }, newText: "" };
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split("\n").length - 1;
  return { line, character: offset - (before.lastIndexOf("\n") + 1) };
}

/** Whole lines covering a range: from column 0 of its first line to column 0 of the line after. */
export function fullLines(range: Range): Range {
  return { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } };
}

/** Source of whole lines for a range, trailing newline included. */
export function linesSource(text: string, range: Range): string {
  const r = fullLines(range);
  return text.slice(offsetAt(text, r.start), offsetAt(text, r.end));
}

/**
 * One edit that rewrites the statement holding `op`: applies `inner` edits to its lines and, when
 * `wrap` is set and the op is not already inside one, puts it in `with op.get_context().autocommit_block():`.
 */
export function rewriteStatement(text: string, op: LintOp, inner: TextEdit[], wrap: boolean): TextEdit {
  const lines = fullLines(op.range);
  const base = lines.start.line;
  const shifted = inner.map((e) => ({
    range: {
      start: { line: e.range.start.line - base, character: e.range.start.character },
      end: { line: e.range.end.line - base, character: e.range.end.character },
    },
    newText: e.newText,
  }));
  let source = applyEdits(linesSource(text, op.range), shifted);
  if (wrap && !op.inAutocommitBlock) {
    const indent = indentOf(text, op.range.start.line);
    const body = source
      .split("\n")
      .map((l) => (l.length > 0 ? `    ${l}` : l))
      .join("\n");
    source = `${indent}with op.get_context().autocommit_block():\n${body}`;
  }
  return { range: lines, newText: source };
}

/** Inserts lines (each without indentation) before the statement of `op`, at its indentation. */
export function insertLinesBefore(text: string, op: LintOp, lines: string[]): TextEdit {
  const indent = indentOf(text, op.range.start.line);
  return insertAt({ line: op.range.start.line, character: 0 }, lines.map((l) => `${indent}${l}\n`).join(""));
}

/** Inserts lines after the statement of `op`. */
export function insertLinesAfter(text: string, op: LintOp, lines: string[]): TextEdit {
  const indent = indentOf(text, op.range.start.line);
  return insertAt({ line: op.range.end.line + 1, character: 0 }, lines.map((l) => `${indent}${l}\n`).join(""));
}

/** Inserts lines at the top of a function body (after its docstring). */
export function insertAtTop(fn: LintFunction, lines: string[]): TextEdit {
  return insertAt({ line: fn.firstBodyLine, character: 0 }, lines.map((l) => `${fn.indent}${l}\n`).join(""));
}

/** A Python string literal for SQL text, double-quoted (SQL uses single quotes inside). */
export function pySql(sql: string): string {
  return `"${sql.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
