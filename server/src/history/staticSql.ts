// The literal SQL passed to `op.execute(...)` / `conn.execute(...)`, when it is static text.
import type { PyExpr } from "../python/syntax";
import { lastSegment, dottedName, stringValue } from "../python/syntax";

/** Wrappers whose first argument is the SQL text: `sa.text`, `text`, `sa.DDL`, `sqlalchemy.sql.text`. */
const SQL_WRAPPERS = new Set(["text", "DDL"]);

/**
 * `"..."`, `sa.text("...")`, `text("...")`, `sa.DDL("...")`, also `sa.text("...").bindparams(...)` and
 * `.execution_options(...)` chains. An f-string or any computed value has no static text.
 */
export function staticSql(expr: PyExpr | undefined): string | undefined {
  if (!expr) return undefined;
  const literal = stringValue(expr);
  if (literal !== undefined) return literal;
  if (expr.kind !== "call") return undefined;
  if (expr.func.kind === "attr" && (expr.func.name === "bindparams" || expr.func.name === "execution_options")) {
    return staticSql(expr.func.object);
  }
  const fn = lastSegment(dottedName(expr.func));
  if (fn && SQL_WRAPPERS.has(fn)) return stringValue(expr.args[0]);
  return undefined;
}
