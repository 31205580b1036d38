// Names bound to string literals in a migration (`temp_table = "temp_message"`, module-level
// `TABLE = "tasks"`), so `op.create_table(temp_table, ...)` and
// `op.execute(f'ALTER TABLE "{temp_table}" RENAME TO "message"')` resolve statically.
// Assignments are taken in source order and the latest wins, as if every branch ran.
import type { PyExpr } from "../python/syntax";
import type { Range } from "../schema/types";

export class LocalConstants {
  private readonly values = new Map<string, string>();

  constructor(
    private readonly lines: string[],
    initial: Iterable<[string, string]> = [],
  ) {
    for (const [name, value] of initial) this.values.set(name, value);
  }

  /** Records `name = value`; a value that is not a plain string makes the name unknown. */
  assign(name: string, value: PyExpr | undefined): void {
    const text = value?.kind === "str" ? (value.formatted ? this.renderFString(value.range) : value.value) : undefined;
    if (text !== undefined && /^[A-Za-z_]\w*$/.test(name)) this.values.set(name, text);
    else this.values.delete(name);
  }

  forget(name: string): void {
    this.values.delete(name);
  }

  /** The call with names and f-strings in argument positions replaced by their string values. */
  resolve(expr: PyExpr): PyExpr {
    switch (expr.kind) {
      case "name": {
        const value = this.values.get(expr.name);
        return value === undefined ? expr : { kind: "str", value, range: expr.range };
      }
      case "str": {
        if (!expr.formatted) return expr;
        const value = this.renderFString(expr.range);
        return value === undefined ? expr : { kind: "str", value, range: expr.range };
      }
      case "call":
        return { ...expr, args: expr.args.map((a) => this.resolve(a)), kwargs: expr.kwargs.map((k) => ({ ...k, value: this.resolve(k.value) })) };
      case "list":
      case "tuple":
      case "set":
        return { ...expr, items: expr.items.map((i) => this.resolve(i)) };
      default:
        return expr;
    }
  }

  /** `f"... {name} ..."` from source, when every interpolation is a known name. */
  private renderFString(range: Range): string | undefined {
    const raw = this.slice(range);
    const m = /^([rRfFuU]*)("""|'''|"|')([\s\S]*)\2$/.exec(raw);
    if (!m || !/f/i.test(m[1])) return undefined;
    let known = true;
    const body = m[3].replace(/\{\{|\}\}|\{([^{}]*)\}/g, (all: string, inner: string | undefined) => {
      if (all === "{{") return "{";
      if (all === "}}") return "}";
      const value = this.values.get((inner ?? "").trim());
      if (value === undefined) known = false;
      return value ?? "";
    });
    if (!known) return undefined;
    return /r/i.test(m[1]) ? body : body.replace(/\\(["'\\])/g, "$1").replace(/\\n/g, "\n").replace(/\\t/g, "\t");
  }

  private slice(range: Range): string {
    if (range.start.line === range.end.line) return (this.lines[range.start.line] ?? "").slice(range.start.character, range.end.character);
    const parts = [(this.lines[range.start.line] ?? "").slice(range.start.character)];
    for (let l = range.start.line + 1; l < range.end.line; l++) parts.push(this.lines[l] ?? "");
    parts.push((this.lines[range.end.line] ?? "").slice(0, range.end.character));
    return parts.join("\n");
  }
}
