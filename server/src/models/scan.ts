// One pass over one model file: the classes with their body statements, imports, module-level
// assignments (type aliases, naming-convention dicts) and parse errors. Later stages work on these
// records only, so every file is parsed exactly once.
import {
  assignmentsIn,
  classesOf,
  dottedName,
  lastSegment,
  importsOf,
  parsePython,
  rangeOf,
  toExpr,
  type ImportedName,
  type AssignmentMemo,
  type PyAssignment,
  type PyClass,
  type PyExpr,
  type PyKeyword,
  type SyntaxNode,
} from "../python/syntax";
import type { Tree } from "tree-sitter";
import type { Range } from "../schema/types";

export interface ScannedClass {
  name: string;
  file: string;
  nameRange: Range;
  range: Range;
  bases: PyExpr[];
  keywords: PyKeyword[];
  /**
   * `name = value` / `name: T = value` / `name: T` statements of the body, in order. Converted on
   * first use: API schema classes (HeroCreate, HeroPublic, ...) that no table inherits from never are.
   */
  readonly statements: PyAssignment[];
  /** The body assigns `model_config` (checked without converting the body). */
  hasModelConfig: boolean;
  /** `@declared_attr def __tablename__(cls)` or a similar computed table name. */
  computedTablename?: Range;
}

export interface ScannedFile {
  path: string;
  classes: ScannedClass[];
  /** Local name -> import that binds it. */
  imports: Map<string, ImportedName>;
  /** Module-level `name = value` (and `name: TypeAlias = value`, `type name = value`). */
  moduleValues: Map<string, PyExpr>;
  /** Naming-convention dicts set in this file (`naming_convention=...`, `*.naming_convention = ...`). */
  conventions: { value: PyExpr; range: Range }[];
  /** Module-level `Index("name", Model.col, ...)` calls: SQLAlchemy attaches them to the columns' table. */
  moduleIndexes: Extract<PyExpr, { kind: "call" }>[];
  syntaxErrors: Range[];
}

// Each class's body text and statement reader, so a re-scan of an edited file can take over the
// converted statements of classes the edit did not touch.
interface ScannedBody {
  /** Where the body starts: the statements' ranges hold while it does not move. */
  start: Range["start"];
  text: string;
  /** The statements, once converted. */
  converted: () => PyAssignment[] | undefined;
  /** The whole class statement's text and start, to keep the class itself when neither changed. */
  whole: string;
  wholeStart: Range["start"];
  keep: ScannedClass;
}
const bodies = new WeakMap<ScannedClass, ScannedBody>();
// Each scan's syntax tree, for an incremental re-parse of the next version of the file. The old
// tree is edited in place by that re-parse, so it serves once.
const trees = new WeakMap<ScannedFile, { tree: Tree; text: string }>();

/**
 * Scans a file. With `previous` (the same file's last scan), a class whose body text and start
 * position are unchanged keeps its converted statements (their ranges are still right).
 * `keepTree`: keep the syntax tree for an incremental re-parse of the next version (a file being
 * edited). Without it the classes' statements are converted now, so nothing of the tree stays
 * reachable: a tree costs about as much native memory as the file's text tenfold, and a file read
 * from disk is seldom edited next.
 */
export function scanFile(path: string, text: string, previous?: ScannedFile, keepTree = true): ScannedFile {
  const parsed = parseAfter(text, previous);
  const root = parsed.root;
  const imports = new Map<string, ImportedName>();
  for (const imp of importsOf(root)) imports.set(imp.local, imp);

  const moduleValues = new Map<string, PyExpr>();
  const conventions: ScannedFile["conventions"] = [];
  for (const a of assignmentsIn(root)) {
    if (!a.value) continue;
    if (/^[A-Za-z_]\w*$/.test(a.target)) moduleValues.set(a.target, a.value);
    if (a.target.endsWith(".naming_convention")) conventions.push({ value: a.value, range: a.range });
  }
  const moduleIndexes: ScannedFile["moduleIndexes"] = [];
  for (const a of assignmentsIn(root)) if (isIndexCall(a.value)) moduleIndexes.push(a.value);
  for (const stmt of root.namedChildren) {
    const expr = stmt.type === "expression_statement" && stmt.namedChildren[0]?.type === "call" ? toExpr(stmt.namedChildren[0]) : undefined;
    if (isIndexCall(expr)) moduleIndexes.push(expr);
  }
  for (const alias of root.namedChildren) {
    // PEP 695: `type Email = Annotated[str, ...]`
    if (alias.type !== "type_alias_statement") continue;
    const [left, right] = alias.namedChildren;
    if (left && right) moduleValues.set(left.text, toExpr(right));
  }
  if (/naming_convention\s*=/.test(text)) {
    for (const kw of root.descendantsOfType("keyword_argument")) {
      const name = kw.childForFieldName("name");
      const value = kw.childForFieldName("value");
      if (name?.text === "naming_convention" && value) conventions.push({ value: toExpr(value), range: rangeOf(kw) });
    }
  }

  const source: ClassSource = { text, memo: new Map() };
  const before = new Map<string, ScannedBody>();
  for (const cls of previous?.classes ?? []) {
    const body = bodies.get(cls);
    if (body && !before.has(cls.name)) before.set(cls.name, body);
  }
  const errorFree = parsed.errors.length === 0 && previous?.syntaxErrors.length === 0;
  const classes = classesOf(root).map((c) => scanClass(c, path, source, before.get(c.name), errorFree));
  const scanned = { path, classes, imports, moduleValues, conventions, moduleIndexes, syntaxErrors: parsed.errors };
  if (keepTree) trees.set(scanned, { tree: parsed.tree, text });
  else for (const cls of classes) void cls.statements;
  return scanned;
}

/** What the classes of one scan share: the file's text, its lines once split, the statements converted so far. */
interface ClassSource {
  text: string;
  lines?: string[];
  memo: AssignmentMemo;
}

/**
 * One class of a scan. A separate function so that its closures hold only this class's state:
 * were they to share the file scan's scope, a kept class would hold the previous scan, and that
 * one its previous scan, ...
 */
function scanClass(c: PyClass, path: string, source: ClassSource, old: ScannedBody | undefined, errorFree: boolean): ScannedClass {
  const body = c.body;
  const bodyText = body?.text ?? "";
  let statements: PyAssignment[] | undefined;
  const whole = c.node.text;
  // An untouched class stays the same object, so what was built from it can be reused.
  if (errorFree && old?.keep && old.whole === whole && samePoint(old.wholeStart, c.range.start) && old.converted()) return old.keep;
  const start = { line: body?.startPosition.row ?? -1, character: body?.startPosition.column ?? -1 };
  const same = old !== undefined && old.text === bodyText && samePoint(old.start, start);
  const reused = same ? old.converted() : undefined;
  // Dropped once converted: a class kept across re-scans must not keep its old syntax tree alive.
  let bodyNode = body;
  let src: typeof source | null = source;
  const readStatements = reused ? () => reused : (): PyAssignment[] => {
    if (statements) return statements;
    const hasError = bodyNode?.hasError ?? false;
    statements = bodyNode ? assignmentsIn(bodyNode, hasError ? undefined : src?.memo) : [];
    if (hasError && bodyNode && src) {
      src.lines ??= src.text.split("\n");
      statements = [...statements, ...recoverFields(bodyNode, src.lines)].sort((a, b) => a.range.start.line - b.range.start.line);
    }
    bodyNode = null;
    src = null;
    return statements;
  };
  let computedTablename: Range | undefined;
  if (body && /def\s+__tablename__/.test(bodyText)) {
    for (const stmt of body.namedChildren) {
      const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
      if (def?.type === "function_definition" && def.childForFieldName("name")?.text === "__tablename__") computedTablename = rangeOf(def);
    }
  }
  const cls: ScannedClass = {
    name: c.name,
    file: path,
    nameRange: c.nameRange,
    range: c.range,
    bases: c.bases,
    keywords: c.keywords,
    get statements() {
      return readStatements();
    },
    hasModelConfig: /^[ \t]*model_config\b/m.test(bodyText),
    ...(computedTablename ? { computedTablename } : {}),
  };
  bodies.set(cls, { start, text: bodyText, converted: () => reused ?? statements, whole, wholeStart: c.range.start, keep: cls });
  return cls;
}

/** Whether a scan kept its syntax tree for the next version's incremental re-parse. */
export function keepsSyntaxTree(scanned: ScannedFile): boolean {
  return trees.has(scanned);
}

/** Parses `text`, reusing the previous version's tree (tree-sitter re-parses only around the edit). */
function parseAfter(text: string, previous: ScannedFile | undefined): ReturnType<typeof parsePython> {
  const old = previous ? trees.get(previous) : undefined;
  if (!old || !previous) return parsePython(text);
  trees.delete(previous);
  const before = old.text;
  // The edit as one changed span: common prefix and suffix. Offsets and columns are UTF-16 units here.
  const limit = Math.min(before.length, text.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === text.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = text.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === text.charCodeAt(newEnd - 1)) (oldEnd--, newEnd--);
  old.tree.edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(text, newEnd),
  });
  return parsePython(text, old.tree);
}

function samePoint(a: Range["start"], b: Range["start"]): boolean {
  return a.line === b.line && a.character === b.character;
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) (row++, (lineStart = i + 1));
  return { row, column: offset - lineStart };
}

function isIndexCall(expr: PyExpr | undefined): expr is Extract<PyExpr, { kind: "call" }> {
  return expr?.kind === "call" && lastSegment(dottedName(expr.func)) === "Index";
}

/** Parses the text of a string annotation (`"Optional[User]"`) into an expression. */
export function parseAnnotationText(text: string): PyExpr | undefined {
  const root = parsePython(text).root;
  const stmt = root.namedChildren[0];
  const expr = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
  return expr && !root.hasError ? toExpr(expr) : undefined;
}

/**
 * Field declarations inside a half-typed part of a class body (`total: float = Field(` while the
 * user is typing): tree-sitter wraps them in an ERROR node. Each line that starts like a field keeps
 * its name and annotation; an unfinished value is dropped.
 */
function recoverFields(block: SyntaxNode, lines: string[]): PyAssignment[] {
  const out: PyAssignment[] = [];
  for (const error of block.namedChildren) {
    if (error.type !== "ERROR") continue;
    for (let line = error.startPosition.row; line <= error.endPosition.row; line++) {
      const source = lines[line] ?? "";
      const m = /^(\s*)([A-Za-z_]\w*)\s*:(.*)$/.exec(source);
      if (!m) continue;
      const [annotationText, valueText] = splitAtAssignment(m[3]);
      const annotation = parseAnnotationText(annotationText.trim());
      if (!annotation) continue;
      const value = valueText !== undefined ? parseAnnotationText(valueText.trim()) : undefined;
      const start = m[1].length;
      out.push({
        target: m[2],
        targetRange: { start: { line, character: start }, end: { line, character: start + m[2].length } },
        annotation,
        annotationText: annotationText.trim(),
        ...(value ? { value } : {}),
        range: { start: { line, character: start }, end: { line, character: source.length } },
      });
    }
  }
  return out;
}

/** `Annotated[str, Field(x=1)] = None` -> annotation and value, split at the first `=` outside brackets. */
function splitAtAssignment(text: string): [string, string | undefined] {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "[" || ch === "(" || ch === "{") depth++;
    else if (ch === "]" || ch === ")" || ch === "}") depth--;
    else if (ch === "=" && depth === 0 && text[i + 1] !== "=") return [text.slice(0, i), text.slice(i + 1)];
  }
  return [text, undefined];
}
