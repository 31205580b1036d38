// PostgreSQL enum types. New types are created before the columns that use them and dropped after
// them. Added labels use ALTER TYPE ... ADD VALUE inside an autocommit block (PostgreSQL does not
// let a transaction use a label it added). Removing or reordering labels, and undoing added ones,
// means re-creating the type: rename the old one, create the new one, convert every column that
// uses it through text, drop the old one, after a check that no row holds a label that goes away.
import type { EnumType, Schema } from "../schema/types";
import type { PlanBuilder } from "./builder";
import { opExecute, quoteIdent, sqlLiteral } from "./sql";

export function createEnumSql(type: EnumType): string {
  return `CREATE TYPE ${quoteIdent(type.name)} AS ENUM (${type.values.map(sqlLiteral).join(", ")})`;
}

export function dropEnumSql(name: string): string {
  return `DROP TYPE ${quoteIdent(name)}`;
}

export function planAddEnum(b: PlanBuilder, type: EnumType): void {
  if (!b.claim(`enum:${type.name}`)) return;
  b.add("create-enum", `create enum type ${type.name}`, [opExecute(createEnumSql(type))], [opExecute(dropEnumSql(type.name))]);
}

export function planDropEnum(b: PlanBuilder, type: EnumType): void {
  b.add("drop-enum", `drop enum type ${type.name}`, [opExecute(dropEnumSql(type.name))], [opExecute(createEnumSql(type))]);
}

/** True when `to` keeps every label of `from` in the same relative order (labels only added). */
function onlyAdds(from: string[], to: string[]): boolean {
  let i = 0;
  for (const label of to) if (label === from[i]) i++;
  return i === from.length;
}

/** Columns (table, column) whose type is the enum `name`, in any of the given schemas. */
function enumUsers(name: string, schemas: (Schema | undefined)[]): { table: string; column: string }[] {
  const seen = new Map<string, { table: string; column: string }>();
  for (const schema of schemas) {
    for (const table of Object.values(schema?.tables ?? {})) {
      for (const column of table.columns) {
        if (column.type.kind === "enum" && column.type.enumName === name) seen.set(`${table.name}.${column.name}`, { table: table.name, column: column.name });
      }
    }
  }
  return [...seen.values()];
}

/**
 * Statements that replace enum type `name` by one with `labels`, for the columns in `users`. A
 * check first raises (naming the values) when a row holds a label that would go away.
 */
function recreateEnum(name: string, labels: string[], users: { table: string; column: string }[]): string[] {
  const old = `${name}_old`;
  const allowed = labels.map(sqlLiteral).join(", ");
  const checks = users.map(
    ({ table, column }) =>
      `    SELECT string_agg(DISTINCT quote_literal(${quoteIdent(column)}::text), ', ') INTO bad FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)}::text NOT IN (${allowed});\n` +
      `    IF bad IS NOT NULL THEN\n        RAISE EXCEPTION ${sqlLiteral(`${table}.${column} holds label(s) that enum ${name} no longer has: %`)}, bad;\n    END IF;`,
  );
  const statements = [];
  if (checks.length > 0) statements.push(opExecute(["DO $$", "DECLARE", "    bad text;", "BEGIN", ...checks, "END", "$$"].join("\n")));
  statements.push(opExecute(`ALTER TYPE ${quoteIdent(name)} RENAME TO ${quoteIdent(old)}`));
  statements.push(opExecute(createEnumSql({ name, values: labels })));
  for (const { table, column } of users) {
    const c = quoteIdent(column);
    statements.push(opExecute(`ALTER TABLE ${quoteIdent(table)} ALTER COLUMN ${c} TYPE ${quoteIdent(name)} USING ${c}::text::${quoteIdent(name)}`));
  }
  statements.push(opExecute(dropEnumSql(old)));
  return statements;
}

export function planAlterEnum(b: PlanBuilder, from: EnumType, to: EnumType): void {
  const users = enumUsers(from.name, [b.ctx.headSchema, b.ctx.targetSchema]).filter(
    // Only columns that exist in both states: new columns are added after, dropped ones removed before.
    (u) => b.ctx.headSchema.tables[u.table]?.columns.some((c) => c.name === u.column),
  );
  if (onlyAdds(from.values, to.values)) {
    const added = to.values.filter((v) => !from.values.includes(v));
    const statements = added.map((label) => {
      const i = to.values.indexOf(label);
      const position = i > 0 ? ` AFTER ${sqlLiteral(to.values[i - 1])}` : to.values.length > 1 ? ` BEFORE ${sqlLiteral(to.values[1])}` : "";
      return `    ${opExecute(`ALTER TYPE ${quoteIdent(to.name)} ADD VALUE IF NOT EXISTS ${sqlLiteral(label)}${position}`)}`;
    });
    b.add(
      "enum-values",
      `add label(s) ${added.join(", ")} to enum ${to.name}`,
      ["# ADD VALUE cannot be used in the transaction that adds it: it runs and commits on its own.", "with op.get_context().autocommit_block():", ...statements],
      ["# PostgreSQL cannot drop an enum label: re-create the type without it (fails if rows still use it).", ...recreateEnum(from.name, from.values, users)],
    );
    return;
  }
  b.warnings.push(`enum ${to.name}: labels removed or reordered; the type is re-created and the migration fails if rows hold a removed label.`);
  b.add("create-enum", `re-create enum ${to.name} with labels ${to.values.join(", ")}`, recreateEnum(to.name, to.values, users), recreateEnum(from.name, from.values, users));
}
