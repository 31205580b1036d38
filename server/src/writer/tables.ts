// New and dropped tables. New tables are created in foreign-key dependency order (a referenced
// table before the tables that point at it); a foreign key inside a cycle is added after all the
// tables exist. Dropped tables go last, referencing tables first, and their downgrade re-creates
// the structure (not the data).
import type { ForeignKey, Table } from "../schema/types";
import type { PlanBuilder } from "./builder";
import { existingForeignKeyName, existingUniqueName, newForeignKeyName, newIndexName } from "./names";
import { createForeignKeySource, createIndexSource, createTableSource, dropConstraintSource, dropIndexSource } from "./source";
import { pyString } from "./sql";

/** Tables ordered so that each comes after the tables (of this set) it references. */
export function dependencyOrder(tables: Table[]): Table[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: Table[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (table: Table) => {
    if (state.get(table.name)) return; // done, or a cycle: broken by a later create_foreign_key
    state.set(table.name, "visiting");
    for (const fk of table.foreignKeys) {
      const target = byName.get(fk.refTable);
      if (target && target !== table) visit(target);
    }
    state.set(table.name, "done");
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(table);
  return ordered;
}

export function planAddTables(b: PlanBuilder, tables: Table[]): void {
  const created = new Set<string>();
  for (const table of dependencyOrder(tables)) {
    // A foreign key to a table this migration creates later (a cycle) is added afterwards.
    const later = (fk: ForeignKey) => b.newTables.has(fk.refTable) && !created.has(fk.refTable) && fk.refTable !== table.name;
    const inline = table.foreignKeys.filter((fk) => !later(fk));
    created.add(table.name);
    b.add("create-table", `create table ${table.name}`, [createTableSource(table, inline)], [`op.drop_table(${pyString(table.name)})`]);
    for (const fk of inline) b.claim(`fk:${table.name}:${fk.columns.join(",")}:${fk.refTable}`);
    for (const fk of table.foreignKeys.filter(later)) {
      b.claim(`fk:${table.name}:${fk.columns.join(",")}:${fk.refTable}`);
      const name = newForeignKeyName(table.name, fk);
      b.add("foreign-key", `foreign key ${name}`, [createForeignKeySource(table.name, fk, name)], [dropConstraintSource(table.name, name, "foreignkey")]);
    }
    for (const index of table.indexes.filter((i) => !i.opaque)) {
      if (!b.claim(`index:${table.name}:${newIndexName(table.name, index)}`)) continue;
      b.add("index", `index ${newIndexName(table.name, index)}`, [createIndexSource(table.name, index)], [dropIndexSource(table.name, newIndexName(table.name, index))]);
    }
  }
}

export function planDropTables(b: PlanBuilder, tables: Table[]): void {
  // Referencing tables are dropped before the tables they reference.
  for (const table of dependencyOrder(tables).reverse()) {
    b.warnings.push(`table ${table.name} is dropped with all its rows (downgrade re-creates it empty).`);
    const restore = [
      "# Re-creates the structure only: the dropped rows are not restored.",
      createTableSource(table, table.foreignKeys, {
        foreignKey: (name, fk) => existingForeignKeyName(name, fk, b.database),
        unique: (name, unique) => existingUniqueName(name, unique, b.database),
      }),
      ...table.indexes.filter((i) => !i.opaque).map((i) => createIndexSource(table.name, i)),
    ];
    b.add(
      "drop-table",
      `drop table ${table.name}`,
      [`# WARNING: drops table ${table.name} and all its rows. Downgrade re-creates it empty.`, `op.drop_table(${pyString(table.name)})`],
      restore,
    );
  }
}
