// `__table_args__ = (UniqueConstraint(...), Index(...), CheckConstraint(...), ForeignKeyConstraint(...),
// PrimaryKeyConstraint(...), {"schema": ...})`: table-level constraints declared on the class.
import { boolValue, dottedName, lastSegment, printExpr, stringValue, type PyExpr } from "../python/syntax";
import type { SourceRef, Table } from "../schema/types";
import { readCheck, referentialAction, splitForeignKeyTarget } from "./columnSpec";
import type { Namer } from "./naming";

export function applyTableArgs(table: Table, args: PyExpr, file: string, names: Namer): void {
  const items = args.kind === "tuple" || args.kind === "list" ? args.items : [args];
  for (const item of items) {
    if (item.kind !== "call") continue;
    const kind = lastSegment(dottedName(item.func));
    const source: SourceRef = { file, range: item.range };
    const explicit = stringValue(item.kwargs.find((k) => k.name === "name")?.value);
    const columns = (list: PyExpr[]): string[] | undefined => {
      const out = list.map((e) => stringValue(e) ?? columnAttr(e));
      return out.every((c): c is string => c !== undefined) ? out : undefined;
    };
    if (kind === "UniqueConstraint") {
      const cols = columns(item.args);
      if (cols && cols.length > 0) table.uniques.push({ name: names.unique(table.name, cols, explicit), columns: cols, source });
    } else if (kind === "Index") {
      const [nameExpr, ...rest] = item.args;
      const indexName = stringValue(nameExpr);
      const cols = columns(rest);
      const unique = boolValue(item.kwargs.find((k) => k.name === "unique")?.value) ?? false;
      // Expression, partial or operator-class indexes cannot be compared column-wise.
      const special = item.kwargs.some((k) => /^postgresql_(where|using|ops)$/.test(k.name));
      if (cols && cols.length > 0 && !special) {
        table.indexes.push({ name: names.index(table.name, cols, indexName), columns: cols, unique, source });
      } else {
        table.indexes.push({ name: indexName ?? `${table.name}_expr_idx`, columns: cols ?? [], unique, opaque: true, definition: printExpr(item), source });
      }
    } else if (kind === "CheckConstraint") {
      const check = readCheck(item);
      const name = names.check(table.name, check.name);
      table.checks.push({ expression: check.expression, ...(name ? { name } : {}), source });
    } else if (kind === "ForeignKeyConstraint") {
      const [localExpr, refExpr] = item.args;
      const local = localExpr && (localExpr.kind === "list" || localExpr.kind === "tuple") ? columns(localExpr.items) : undefined;
      const refs =
        refExpr && (refExpr.kind === "list" || refExpr.kind === "tuple")
          ? refExpr.items.map((e) => stringValue(e) ?? dottedName(e)).map((t) => (t ? splitForeignKeyTarget(t) : undefined))
          : [];
      if (!local || refs.length === 0 || refs.some((r) => !r)) continue;
      const refTable = refs[0]!.table;
      const refColumns = refs.map((r) => r!.column);
      const onDelete = referentialAction(stringValue(item.kwargs.find((k) => k.name === "ondelete")?.value));
      const onUpdate = referentialAction(stringValue(item.kwargs.find((k) => k.name === "onupdate")?.value));
      table.foreignKeys.push({
        name: names.foreignKey(table.name, local, refTable, refColumns, explicit),
        columns: local,
        refTable,
        refColumns,
        ...(onDelete ? { onDelete } : {}),
        ...(onUpdate ? { onUpdate } : {}),
        source,
      });
    } else if (kind === "PrimaryKeyConstraint") {
      const cols = columns(item.args);
      if (!cols) continue;
      table.primaryKey = { name: names.primaryKey(table.name, cols, explicit), columns: cols };
      for (const column of table.columns) if (cols.includes(column.name)) (column.primaryKey = true), (column.nullable = false);
    }
  }
}

/** `Task.user_id` or `users.c.user_id` in a constraint: the column name is the last segment. */
function columnAttr(expr: PyExpr): string | undefined {
  return expr.kind === "attr" ? expr.name : undefined;
}
