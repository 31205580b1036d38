// One Alembic revision file -> MigrationFile: identifiers, docstring message, imports, and the ops
// of upgrade()/downgrade(). Parsed with tree-sitter, never executed; half-typed files keep what
// can be read plus a finding.
import { basename } from "node:path";
import type { Finding } from "../findings/types";
import type { PyExpr, PyFunction, SyntaxNode } from "../python/syntax";
import { assignmentsIn, docstringOf, functionsOf, importsOf, parsePython, stringValue } from "../python/syntax";
import { HISTORY_CODES } from "./codes";
import { collectOps, isEmptyBody } from "./collectOps";
import { LocalConstants } from "./localConstants";
import type { MigrationFile, MigrationFunction } from "./types";

// Alembic skips `__init__.py` and editor lock files in versions/ (alembic/script/base.py,
// `_only_source_rev_file`, 1.20.1); everything else must declare `revision`.
const NOT_A_REVISION_FILE = /^(\.#|__init__)/;

export function parseMigration(path: string, text: string): MigrationFile {
  const parsed = parsePython(text);
  const root = parsed.root;
  const file: MigrationFile = { path, downRevisions: [], branchLabels: [], dependsOn: [], imports: importMap(root), findings: [] };

  const assignments = assignmentsIn(root);
  for (const assignment of assignments) {
    const value = assignment.value;
    switch (assignment.target) {
      case "revision": {
        const rev = stringValue(value);
        if (rev !== undefined) file.revision = rev;
        file.revisionRange = assignment.range;
        break;
      }
      case "down_revision":
        file.downRevisions = identifierList(value);
        file.downRevisionRange = assignment.range;
        break;
      case "branch_labels":
        file.branchLabels = identifierList(value);
        file.branchLabelsRange = assignment.range;
        break;
      case "depends_on":
        file.dependsOn = identifierList(value);
        file.dependsOnRange = assignment.range;
        break;
    }
  }
  const message = messageOf(docstringOf(root));
  if (message !== undefined) file.message = message;

  const opNames = new Set(["op", ...Object.entries(file.imports).filter(([, target]) => target === "alembic.op").map(([local]) => local)]);
  const lines = text.split("\n");
  const moduleConstants = assignments.flatMap((a) => (a.value?.kind === "str" && !a.value.formatted ? [[a.target, a.value.value] as [string, string]] : []));
  for (const fn of functionsOf(root)) {
    if ((fn.name === "upgrade" || fn.name === "downgrade") && !file[fn.name]) {
      file[fn.name] = migrationFunction(fn.name, fn, opNames, new LocalConstants(lines, moduleConstants));
    }
  }

  if (parsed.errors.length > 0) {
    const first = parsed.errors[0];
    file.findings.push({
      code: "history-syntax-error",
      severity: HISTORY_CODES["history-syntax-error"].severity,
      message: `${basename(path)} has a syntax error at line ${first.start.line + 1}; Alembic cannot import it, and operations after the error may be missing here.`,
      file: path,
      range: first,
    });
  }
  if (file.revision === undefined && !NOT_A_REVISION_FILE.test(basename(path))) file.findings.push(notAMigration(file, parsed.errors.length > 0));
  return file;
}

function notAMigration(file: MigrationFile, broken: boolean): Finding {
  const name = basename(file.path);
  const message = file.revisionRange
    ? `${name} sets \`revision\` to something that is not a string literal; Alembic needs a literal revision id.`
    : `${name} is in the versions folder but declares no \`revision\`; Alembic refuses to load the history with it${broken ? " (the file also has syntax errors)" : ""}.`;
  return {
    code: "graph-not-a-migration",
    severity: HISTORY_CODES["graph-not-a-migration"].severity,
    message,
    file: file.path,
    range: file.revisionRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
}

function migrationFunction(name: "upgrade" | "downgrade", fn: PyFunction, opNames: Set<string>, constants: LocalConstants): MigrationFunction {
  const { range, nameRange, body } = fn;
  return {
    name,
    range,
    nameRange,
    bodyRange: fn.bodyRange ?? range,
    isEmpty: body ? isEmptyBody(body) : true,
    ops: body ? collectOps(body, opNames, constants) : [],
  };
}

/** `"a"` -> [a]; `("a", "b")` / `["a"]` -> [a, b]; None or anything else -> []. */
function identifierList(value: PyExpr | undefined): string[] {
  if (!value) return [];
  const single = stringValue(value);
  if (single !== undefined) return single === "" ? [] : [single];
  if (value.kind === "tuple" || value.kind === "list" || value.kind === "set") {
    return value.items.map(stringValue).filter((v): v is string => v !== undefined && v !== "");
  }
  return [];
}

/** The docstring's first non-blank line: Alembic's revision message. */
function messageOf(docstring: PyExpr | undefined): string | undefined {
  if (!docstring) return undefined;
  const text = docstring.kind === "str" ? docstring.value : "";
  return text.split("\n").map((l) => l.trim()).find((l) => l !== "");
}

/** Local name -> qualified target: `sa` -> `sqlalchemy`, `postgresql` -> `sqlalchemy.dialects.postgresql`. */
function importMap(root: SyntaxNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const imp of importsOf(root)) {
    if (imp.name === "*") continue;
    if (imp.name === undefined) {
      // `import a.b` binds `a`; `import a.b as x` binds x to a.b.
      out[imp.local] = imp.local === imp.module.split(".")[0] && imp.module.includes(".") ? imp.local : imp.module;
    } else {
      out[imp.local] = imp.module ? `${imp.module}.${imp.name}` : imp.name;
    }
  }
  return out;
}
