// Classes of all model files, indexed by name, with base classes resolved across files.
// Lookups are by name through maps, so the cost is linear in the number of classes.
import { basename, dirname, sep } from "node:path";
import { boolValue, dottedName, lastSegment, type PyExpr } from "../python/syntax";
import type { ScannedClass, ScannedFile } from "./scan";

// Enum bases of the standard library (docs "enum — Support for enumerations").
const ENUM_BASES = new Set(["Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "ReprEnum"]);

/** What answers of the graph depended on (see ClassGraph.record). */
export interface GraphReads {
  classes: Set<ScannedClass>;
  /** Paths of files whose imports or module-level values were read. */
  modules: Set<string>;
}

export class ClassGraph {
  private readonly byName = new Map<string, ScannedClass[]>();
  private readonly files = new Map<string, ScannedFile>();
  private readonly baseCache = new Map<ScannedClass, (ScannedClass | undefined)[]>();
  private readonly enumCache = new Map<ScannedClass, boolean>();
  private readonly mroCache = new Map<ScannedClass, ScannedClass[]>();
  private readonly ancestorCache = new Map<ScannedClass, ScannedClass[]>();
  /** While set, what a query's answer depends on is added to it. */
  private recorder?: GraphReads;

  constructor(files: ScannedFile[]) {
    for (const file of files) {
      this.files.set(file.path, file);
      for (const cls of file.classes) {
        const list = this.byName.get(cls.name);
        if (list) list.push(cls);
        else this.byName.set(cls.name, [cls]);
      }
    }
  }

  file(path: string): ScannedFile | undefined {
    this.recorder?.modules.add(path);
    return this.files.get(path);
  }

  /**
   * Runs `fn` and returns what its answers from this graph depended on: the classes it queried
   * with all their ancestors, and the files whose imports or module-level names it read (the
   * ancestors' files included: their bases were resolved through those imports).
   */
  record<T>(fn: () => T, into: GraphReads = { classes: new Set(), modules: new Set() }): { value: T; reads: GraphReads } {
    const outer = this.recorder;
    this.recorder = into;
    try {
      return { value: fn(), reads: into };
    } finally {
      this.recorder = outer;
    }
  }

  private touch(cls: ScannedClass): void {
    const recorder = this.recorder;
    if (!recorder) return;
    let ancestors = this.ancestorCache.get(cls);
    if (!ancestors) {
      this.recorder = undefined; // the walk's own lookups are not the caller's
      const seen = new Set<ScannedClass>();
      const stack = [cls];
      for (let c = stack.pop(); c; c = stack.pop()) {
        if (seen.has(c)) continue;
        seen.add(c);
        for (const b of this.bases(c)) if (b) stack.push(b);
      }
      ancestors = [...seen];
      this.ancestorCache.set(cls, ancestors);
      this.recorder = recorder;
    }
    for (const c of ancestors) {
      recorder.classes.add(c);
      recorder.modules.add(c.file);
    }
  }

  /**
   * The class a name refers to from `fromFile`: a class of that file, else the class of the module
   * the file imports the name from, else the only (or first) class of that name anywhere.
   */
  lookup(expr: PyExpr, fromFile: string): ScannedClass | undefined {
    this.recorder?.modules.add(fromFile);
    const found = this.find(expr, fromFile);
    if (found) this.touch(found);
    return found;
  }

  private find(expr: PyExpr, fromFile: string): ScannedClass | undefined {
    const dotted = dottedName(expr.kind === "subscript" ? expr.value : expr);
    const name = lastSegment(dotted);
    if (!name) return undefined;
    const candidates = this.byName.get(name);
    if (!candidates || candidates.length === 0) return undefined;
    if (candidates.length === 1) return candidates[0];
    const local = candidates.find((c) => c.file === fromFile);
    if (local) return local;
    const module = dotted ? importedModule(dotted, this.files.get(fromFile)) : undefined;
    const match = module !== undefined ? candidates.find((c) => moduleMatches(c.file, module, fromFile)) : undefined;
    if (match) return match;
    return candidates[0];
  }

  /** Resolved base classes, `undefined` for bases outside the model files (SQLModel, Enum, ...). */
  bases(cls: ScannedClass): (ScannedClass | undefined)[] {
    this.touch(cls);
    let out = this.baseCache.get(cls);
    if (!out) {
      out = cls.bases.map((b) => {
        const found = this.find(b, cls.file);
        return found === cls ? undefined : found;
      });
      this.baseCache.set(cls, out);
    }
    return out;
  }

  isEnum(cls: ScannedClass): boolean {
    this.touch(cls);
    const cached = this.enumCache.get(cls);
    if (cached !== undefined) return cached;
    this.enumCache.set(cls, false); // guards against inheritance cycles in broken code
    const resolved = this.bases(cls);
    const result = cls.bases.some((b, i) => {
      const base = resolved[i];
      return base ? this.isEnum(base) : ENUM_BASES.has(lastSegment(dottedName(b)) ?? "");
    });
    this.enumCache.set(cls, result);
    return result;
  }

  /**
   * Method resolution order (C3, as Python computes it), restricted to classes in the model files.
   * Unresolvable or inconsistent hierarchies fall back to a depth-first order.
   */
  mro(cls: ScannedClass): ScannedClass[] {
    this.touch(cls);
    const cached = this.mroCache.get(cls);
    if (cached) return cached;
    this.mroCache.set(cls, [cls]); // cycle guard
    const bases = this.bases(cls).filter((b): b is ScannedClass => b !== undefined);
    const merged = c3Merge([...bases.map((b) => [...this.mro(b)]), [...bases]]);
    // Python rejects cyclic hierarchies; in half-typed code we just drop the cycle.
    const result = [cls, ...(merged ?? depthFirst(bases, (b) => this.mro(b))).filter((c) => c !== cls)];
    this.mroCache.set(cls, result);
    return result;
  }
}

function c3Merge(sequences: ScannedClass[][]): ScannedClass[] | undefined {
  const out: ScannedClass[] = [];
  const seqs = sequences.filter((s) => s.length > 0);
  while (seqs.length > 0) {
    const head = seqs.find((s) => !seqs.some((other) => other.indexOf(s[0]) > 0))?.[0];
    if (!head) return undefined;
    out.push(head);
    for (let i = seqs.length - 1; i >= 0; i--) {
      if (seqs[i][0] === head) seqs[i].shift();
      if (seqs[i].length === 0) seqs.splice(i, 1);
    }
  }
  return out;
}

function depthFirst(bases: ScannedClass[], mroOf: (c: ScannedClass) => ScannedClass[]): ScannedClass[] {
  const seen = new Set<ScannedClass>();
  const out: ScannedClass[] = [];
  for (const base of bases) for (const c of mroOf(base)) if (!seen.has(c)) (seen.add(c), out.push(c));
  return out;
}

/** The module a dotted class reference comes from, per the file's imports (`task.TaskBase` -> `app.models.task`). */
function importedModule(dotted: string, file: ScannedFile | undefined): string | undefined {
  const parts = dotted.split(".");
  const imp = file?.imports.get(parts[0]);
  if (!imp) return undefined;
  const join = (a: string, b: string): string => (a.endsWith(".") ? a + b : `${a}.${b}`);
  if (imp.name && imp.name !== "*") {
    // `from m import Cls` (parts = [Cls]) or `from pkg import mod` (parts = [mod, ..., Cls])
    if (parts.length === 1) return imp.module;
    return [join(imp.module, imp.name), ...parts.slice(1, -1)].reduce(join);
  }
  // `import a.b.c as x` binds x to a.b.c; `import a.b` binds a.
  const base = imp.local === parts[0] && imp.local !== imp.module.split(".")[0] ? imp.module : parts[0];
  return [base, ...parts.slice(1, -1)].reduce(join);
}

/** Whether `file` can be the module `module` (absolute `a.b.c` or relative `.c`) imported from `fromFile`. */
function moduleMatches(file: string, module: string, fromFile: string): boolean {
  const stem = basename(file) === "__init__.py" ? dirname(file) : file.replace(/\.py$/, "");
  const dots = /^\.*/.exec(module)?.[0].length ?? 0;
  const parts = module.slice(dots).split(".").filter((p) => p !== "");
  if (dots > 0) {
    let base = dirname(fromFile);
    for (let i = 1; i < dots; i++) base = dirname(base);
    return stem === [base, ...parts].join(sep);
  }
  return parts.length > 0 && stem.endsWith(sep + parts.join(sep));
}

/** `table=True` as a class keyword or in the class's own `model_config`. */
export function declaresTable(cls: ScannedClass): boolean {
  if (cls.keywords.some((k) => k.name === "table" && boolValue(k.value) === true)) return true;
  if (!cls.hasModelConfig) return false;
  const config = cls.statements.find((s) => s.target === "model_config")?.value;
  if (!config) return false;
  if (config.kind === "call") return config.kwargs.some((k) => k.name === "table" && boolValue(k.value) === true);
  if (config.kind === "dict") {
    return config.entries.some((e) => e.key.kind === "str" && e.key.value === "table" && boolValue(e.value) === true);
  }
  return false;
}
