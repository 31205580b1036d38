// Finds model files by following env.py's imports, for projects whose models are not in the
// default places (`src/<pkg>/db/models.py`, per-app `models.py`, `<entity>/model.py`).
// Python's import rules (docs "The import system"): `import a.b` runs a/__init__.py and a/b.py
// (or a/b/__init__.py); `from a import b` may import the submodule a/b.py; relative imports
// start at the importing file's package. We follow imports statically, never executing anything.
import { dirname, join } from "node:path";
import { assignmentsIn, dottedName, importsOf, parsePython, type ImportedName, type PyExpr } from "../python/syntax";

/** File access the walk needs; discovery passes node:fs, tests may pass an in-memory tree. */
export interface ModuleFiles {
  isFile(path: string): boolean;
  isDir(path: string): boolean;
  read(path: string): string | undefined;
}

// Budget for the walk: the fallback must stay fast on big applications.
const MAX_DEPTH = 8;
const MAX_FILES = 2000;

// Files whose imports lead further towards models: they define or gather table classes or metadata.
const MODEL_HINT = /\bSQLModel\b|table\s*=\s*True|\bmetadata\b|declarative_base|DeclarativeBase|__tablename__/;
const CLASS_DEF = /^[ \t]*class\s+\w+/m;

/**
 * Model files reachable from env.py's imports: files that define classes, found by following
 * env.py, package `__init__.py` re-exports, the module that provides `target_metadata`, and any
 * file that looks like it defines models or metadata. Only files under `sourceRoots` are followed.
 */
export function modelFilesFromEnv(envPath: string, sourceRoots: string[], files: ModuleFiles): string[] {
  const envText = files.read(envPath);
  if (envText === undefined) return [];
  const visited = new Set<string>([envPath]);
  const found = new Set<string>();
  let frontier: { file: string; text: string; forced: boolean }[] = [{ file: envPath, text: envText, forced: true }];
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0 && visited.size < MAX_FILES; depth++) {
    const next: typeof frontier = [];
    for (const { file, text, forced } of frontier) {
      if (!forced && !file.endsWith("__init__.py") && !MODEL_HINT.test(text)) continue;
      const root = parsePython(text).root;
      const imports = importsOf(root);
      const providers = file === envPath ? metadataProviders(root, imports) : new Set<string>();
      for (const imp of imports) {
        for (const target of resolveImport(imp, file, sourceRoots, files)) {
          if (visited.has(target) || visited.size >= MAX_FILES) continue;
          visited.add(target);
          const targetText = files.read(target);
          if (targetText === undefined) continue;
          if (CLASS_DEF.test(targetText) || /naming_convention/.test(targetText)) found.add(target);
          next.push({ file: target, text: targetText, forced: providers.has(imp.local) });
        }
      }
    }
    frontier = next;
  }
  return [...found].sort();
}

/** Local names env.py reads `target_metadata` from (`Base` in `Base.metadata`, `models` in `models.SQLModel.metadata`). */
function metadataProviders(root: ReturnType<typeof parsePython>["root"], imports: ImportedName[]): Set<string> {
  const out = new Set<string>();
  const visit = (expr: PyExpr | undefined): void => {
    if (!expr) return;
    if (expr.kind === "list" || expr.kind === "tuple") return expr.items.forEach(visit);
    const name = dottedName(expr);
    if (name) out.add(name.split(".")[0]);
  };
  for (const a of assignmentsIn(root)) if (a.target === "target_metadata") visit(a.value);
  // `import a.b` binds `a`; keep only names that some import binds.
  const bound = new Set(imports.map((i) => i.local));
  return new Set([...out].filter((n) => bound.has(n)));
}

/** Files an import statement executes, most specific first; empty for modules outside the roots. */
export function resolveImport(imp: ImportedName, fromFile: string, sourceRoots: string[], files: ModuleFiles): string[] {
  const dots = /^\.*/.exec(imp.module)?.[0].length ?? 0;
  const modulePath = imp.module.slice(dots).split(".").filter((s) => s !== "");
  let bases: string[];
  if (dots > 0) {
    let base = dirname(fromFile);
    for (let i = 1; i < dots; i++) base = dirname(base);
    bases = [base];
  } else {
    bases = sourceRoots;
  }
  for (const base of bases) {
    const out: string[] = [];
    const moduleFile = moduleFileAt(base, modulePath, files);
    const isPackage = modulePath.length === 0 || files.isDir(join(base, ...modulePath));
    if (!moduleFile && !isPackage) continue;
    // Parent packages' __init__.py run first (`import a.b.c` runs a/__init__.py, a/b/__init__.py).
    for (let i = 1; i < modulePath.length; i++) {
      const init = join(base, ...modulePath.slice(0, i), "__init__.py");
      if (files.isFile(init)) out.push(init);
    }
    if (moduleFile) out.push(moduleFile);
    // `from pkg import name`: `name` may be a submodule of the package.
    if (imp.name && imp.name !== "*" && isPackage) {
      const sub = moduleFileAt(base, [...modulePath, ...imp.name.split(".")], files);
      if (sub) out.push(sub);
    }
    if (out.length > 0) return out;
  }
  return [];
}

function moduleFileAt(base: string, modulePath: string[], files: ModuleFiles): string | undefined {
  if (modulePath.length === 0) {
    const init = join(base, "__init__.py");
    return files.isFile(init) ? init : undefined;
  }
  const asFile = join(base, ...modulePath) + ".py";
  if (files.isFile(asFile)) return asFile;
  const asPackage = join(base, ...modulePath, "__init__.py");
  return files.isFile(asPackage) ? asPackage : undefined;
}
