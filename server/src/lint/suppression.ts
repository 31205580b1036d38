// `# dmw: ignore[rule-a, rule-b]` on the flagged line or alone on the line above;
// `# dmw: ignore-file[rule-a]` anywhere in the file; bare `# dmw: ignore` / `# dmw: ignore-file`
// silence every rule. Directives that silence nothing are reported as `unused-suppression`.
import type { Range } from "../schema/types";
import { indentOf } from "./edits";
import type { TextEdit } from "./types";

export interface SuppressionDirective {
  scope: "line" | "file";
  /** Empty for the bare form (all rules). */
  rules: string[];
  /** Line the directive applies to (its own line, or the next one when it stands alone). */
  targetLines: number[];
  line: number;
  /** Range of the whole `# dmw: ...` comment text. */
  range: Range;
  /** Rule ids (or "*" for bare) that silenced at least one problem. */
  used: Set<string>;
}

const DIRECTIVE = /#\s*dmw:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?/;

export function readSuppressions(text: string): SuppressionDirective[] {
  const out: SuppressionDirective[] = [];
  const lines = text.split("\n");
  lines.forEach((lineText, line) => {
    const hash = commentStart(lineText);
    if (hash < 0) return;
    const m = DIRECTIVE.exec(lineText.slice(hash));
    if (!m) return;
    const start = hash + m.index;
    const alone = lineText.slice(0, hash).trim() === "";
    const rules = (m[2] ?? "").split(",").map((r) => r.trim()).filter((r) => r.length > 0);
    out.push({
      scope: m[1] === "ignore-file" ? "file" : "line",
      rules,
      targetLines: alone ? [line, nextCodeLine(lines, line)] : [line],
      line,
      range: { start: { line, character: start }, end: { line, character: start + m[0].length } },
      used: new Set(),
    });
  });
  return out;
}

/** Index of a `#` that starts a comment (not inside a string literal on that line), or -1. */
function commentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "#") return i;
  }
  return -1;
}

function nextCodeLine(lines: string[], line: number): number {
  for (let l = line + 1; l < lines.length; l++) {
    const t = lines[l].trim();
    if (t !== "" && !t.startsWith("#")) return l;
  }
  return line + 1;
}

/** True (and the directive marked used) when a directive silences `rule` at `line`. */
export function isSuppressed(directives: SuppressionDirective[], rule: string, line: number): boolean {
  let hit = false;
  for (const d of directives) {
    if (d.scope === "line" && !d.targetLines.includes(line)) continue;
    if (d.rules.length === 0) {
      d.used.add("*");
      hit = true;
    } else if (d.rules.includes(rule)) {
      d.used.add(rule);
      hit = true;
    }
  }
  return hit;
}

export interface UnusedSuppression {
  range: Range;
  message: string;
  /** Edit that removes the unused ids (or the whole comment). */
  removal: TextEdit;
}

export function unusedSuppressions(text: string, directives: SuppressionDirective[], enabledRules: Set<string>): UnusedSuppression[] {
  const lines = text.split("\n");
  const out: UnusedSuppression[] = [];
  for (const d of directives) {
    const unused = d.rules.length === 0 ? (d.used.size === 0 ? ["*"] : []) : d.rules.filter((r) => !d.used.has(r));
    if (unused.length === 0) continue;
    const keep = d.rules.filter((r) => d.used.has(r));
    const what = unused[0] === "*" ? "any problem" : unused.map((r) => `'${r}'`).join(", ");
    const unknown = unused.filter((r) => r !== "*" && !enabledRules.has(r));
    const note = unknown.length > 0 ? ` (${unknown.join(", ")}: unknown or disabled rule)` : "";
    out.push({
      range: d.range,
      message: `This suppression does not silence ${what}${note}.`,
      removal: keep.length > 0 ? { range: d.range, newText: `# dmw: ${d.scope === "file" ? "ignore-file" : "ignore"}[${keep.join(", ")}]` } : removeComment(lines, d),
    });
  }
  return out;
}

function removeComment(lines: string[], d: SuppressionDirective): TextEdit {
  const lineText = lines[d.line] ?? "";
  const before = lineText.slice(0, d.range.start.character);
  if (before.trim() === "") {
    // The comment is the whole line: delete the line.
    return { range: { start: { line: d.line, character: 0 }, end: { line: d.line + 1, character: 0 } }, newText: "" };
  }
  const keepTo = before.replace(/\s+$/, "").length;
  return { range: { start: { line: d.line, character: keepTo }, end: { line: d.line, character: d.range.end.character } }, newText: "" };
}

/**
 * Edits for "Ignore <rule> on this line": extends an existing directive or adds one above.
 * `directives`: the file's, when the caller has read them already.
 */
export function ignoreLineEdits(text: string, rule: string, line: number, directives = readSuppressions(text)): TextEdit[] {
  const existing = directives.find((d) => d.scope === "line" && d.targetLines.includes(line) && d.rules.length > 0);
  if (existing) return [{ range: existing.range, newText: `# dmw: ignore[${[...existing.rules, rule].join(", ")}]` }];
  return [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indentOf(text, line)}# dmw: ignore[${rule}]\n` }];
}

/**
 * Edits for "Ignore <rule> in this file": extends an existing file directive or adds one after the
 * docstring. `directives`: the file's, when the caller has read them already.
 */
export function ignoreFileEdits(text: string, rule: string, directives = readSuppressions(text)): TextEdit[] {
  const existing = directives.find((d) => d.scope === "file" && d.rules.length > 0);
  if (existing) return [{ range: existing.range, newText: `# dmw: ignore-file[${[...existing.rules, rule].join(", ")}]` }];
  const line = afterModuleDocstring(text.split("\n"));
  return [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `# dmw: ignore-file[${rule}]\n` }];
}

function afterModuleDocstring(lines: string[]): number {
  let l = 0;
  while (l < lines.length && (lines[l].trim() === "" || lines[l].startsWith("#"))) l++;
  const first = lines[l]?.trim() ?? "";
  const m = /^[rRuU]?("""|''')/.exec(first);
  if (!m) return 0;
  if (first.slice(m[0].length).includes(m[1])) return l + 1;
  for (let k = l + 1; k < lines.length; k++) if (lines[k].includes(m[1])) return k + 1;
  return 0;
}
