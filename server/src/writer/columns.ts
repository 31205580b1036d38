// Column changes: add (nullable first, backfill, then NOT NULL), rename (never drop + add),
// type conversion (guarded), nullability and server defaults, drops (warned, structure restored).
import { renderType } from "../schema/columnTypes";
import type { Column } from "../schema/types";
import type { PlanBuilder } from "./builder";
import { castGuardSql, conversionNeeds, mappingScaffoldSql, nullGuardSql } from "./conversion";
import { backfillValue } from "./defaults";
import { columnSource, pyBool, serverDefaultSource, typeSource } from "./source";
import { opExecute, pyString, quoteIdent, sqlLiteral } from "./sql";

function alterColumn(table: string, column: string, kwargs: string[]): string {
  return `op.alter_column(${[pyString(table), pyString(column), ...kwargs].join(", ")})`;
}

function backfillSql(table: string, column: string, value: string): string {
  const c = quoteIdent(column);
  return `UPDATE ${quoteIdent(table)} SET ${c} = ${value} WHERE ${c} IS NULL`;
}

const NO_DEFAULT_NOTE = (where: string) =>
  `${where} is NOT NULL and the model has no default to fill existing rows with. Write the value in ` +
  `the commented UPDATE below and delete the check that stops this migration on a table with rows.`;

/** Steps that make `column` (named `name` at that point) NOT NULL, filling NULLs first. */
function requireValues(b: PlanBuilder, table: string, column: Column, nameAtHead: string | undefined): void {
  const value = backfillValue(column);
  const where = `${table}.${column.name}`;
  if (value !== undefined) {
    b.add("backfill", `fill ${where}`, [opExecute(backfillSql(table, column.name, value))], []);
  } else {
    b.notes.push(NO_DEFAULT_NOTE(where));
    b.warnings.push(`${where}: NOT NULL without a default; the migration fails on a table with rows until a value is written in.`);
    // Checked before anything changes: rows with NULL now (existing column) or any row (new column).
    const guard =
      nameAtHead !== undefined
        ? nullGuardSql(table, nameAtHead, "rows hold NULL and the column becomes NOT NULL without a default; edit this migration to fill them")
        : [
            "DO $$",
            "BEGIN",
            `    IF EXISTS (SELECT 1 FROM ${quoteIdent(table)}) THEN`,
            `        RAISE EXCEPTION ${sqlLiteral(`${where}: new NOT NULL column without a default on a table with rows; edit this migration to fill it`)};`,
            "    END IF;",
            "END",
            "$$",
          ].join("\n");
    b.add("guard", `check ${where} can become NOT NULL`, [opExecute(guard)], []);
    b.add("backfill", `fill ${where} (value to be written in)`, [`# ${opExecute(backfillSql(table, column.name, "<value>"))}`], []);
  }
  b.add(
    "nullability",
    `set ${where} NOT NULL`,
    [alterColumn(table, column.name, ["existing_type=" + typeSource(column.type), "nullable=False"])],
    [alterColumn(table, column.name, ["existing_type=" + typeSource(column.type), "nullable=True"])],
  );
}

export function planAddColumn(b: PlanBuilder, table: string, column: Column): void {
  const where = `${table}.${column.name}`;
  const down = [`op.drop_column(${pyString(table)}, ${pyString(column.name)})`];
  // A server default fills existing rows in the ADD COLUMN itself.
  if (column.nullable || column.serverDefault !== undefined || b.newTables.has(table)) {
    b.add("add-column", `add column ${where}`, [`op.add_column(${pyString(table)}, ${columnSource(column)})`], down);
    return;
  }
  b.add("add-column", `add column ${where} (nullable first)`, [`op.add_column(${pyString(table)}, ${columnSource(column, { nullable: true })})`], down);
  requireValues(b, table, column, undefined);
}

export function planDropColumn(b: PlanBuilder, table: string, column: Column): void {
  const where = `${table}.${column.name}`;
  b.warnings.push(`${where} is dropped: its data is lost (downgrade re-creates the column, empty).`);
  const restore = [`op.add_column(${pyString(table)}, ${columnSource(column, { nullable: true })})`];
  const value = column.nullable ? undefined : backfillValue(column);
  if (value !== undefined) {
    restore.push(opExecute(backfillSql(table, column.name, value)));
    restore.push(alterColumn(table, column.name, ["existing_type=" + typeSource(column.type), "nullable=False"]));
  } else if (!column.nullable) {
    restore.push(`# ${where} was NOT NULL; with no default to refill old rows it comes back nullable.`);
  }
  b.add(
    "drop-column",
    `drop column ${where}`,
    [`# WARNING: drops ${where} and its data. Downgrade re-creates the column but cannot restore the data.`, `op.drop_column(${pyString(table)}, ${pyString(column.name)})`],
    ["# Re-creates the structure only: the dropped data is not restored.", ...restore],
  );
}

/** A type change of `table.column` (named `headName` before this migration, `name` after renames). */
function planConversion(b: PlanBuilder, table: string, headName: string, from: Column, to: Column): void {
  const name = to.name;
  const where = `${table}.${name}`;
  const up = conversionNeeds(name, from.type, to.type);
  const down = conversionNeeds(name, to.type, from.type);
  if (up.guard) {
    const found = b.ctx.database?.nonCastable?.[`${table}.${headName}`] ?? [];
    const scaffold = mappingScaffoldSql(table, headName, from.type, found);
    if (scaffold) {
      b.add(
        "data-mapping",
        `map values of ${table}.${headName} that do not convert`,
        [
          `# Values found in ${table}.${headName} that do not convert to ${renderType(to.type)}.`,
          `# Replace the right-hand side of each WHEN with what the value becomes; the check below`,
          `# stops the upgrade while any of them is left as it is.`,
          opExecute(scaffold),
        ],
        [],
      );
      b.warnings.push(`${table}.${headName}: ${found.length} value(s) do not convert to ${renderType(to.type)} (${found.slice(0, 5).join(", ")}); fill in the mapping in the migration.`);
    }
    b.add("guard", `check ${table}.${headName} converts to ${renderType(to.type)}`, [opExecute(castGuardSql(table, headName, from.type, to.type))], []);
  }
  const common = (target: Column, previous: Column) => [
    `type_=${typeSource(target.type)}`,
    `existing_type=${typeSource(previous.type)}`,
    `existing_nullable=${pyBool(previous.nullable)}`,
  ];
  const upArgs = [...common(to, from), ...(up.using ? [`postgresql_using=${pyString(up.using)}`] : [])];
  const downArgs = [...common(from, to), ...(down.using ? [`postgresql_using=${pyString(down.using)}`] : [])];
  const downGuard = down.guard ? [opExecute(castGuardSql(table, name, to.type, from.type))] : [];
  b.add(
    "convert",
    `convert ${where} from ${renderType(from.type)} to ${renderType(to.type)}`,
    [alterColumn(table, name, upArgs)],
    [...downGuard, alterColumn(table, name, downArgs)],
  );
}

function planNullability(b: PlanBuilder, table: string, headName: string, from: Column, to: Column): void {
  if (!to.nullable) {
    requireValues(b, table, to, headName);
    return;
  }
  const where = `${table}.${to.name}`;
  b.add(
    "nullability",
    `allow NULL in ${where}`,
    [alterColumn(table, to.name, ["existing_type=" + typeSource(to.type), "nullable=True"])],
    [
      opExecute(nullGuardSql(table, to.name, "rows hold NULL; fill them before this downgrade makes the column NOT NULL again")),
      alterColumn(table, to.name, ["existing_type=" + typeSource(from.type), "nullable=False"]),
    ],
  );
}

export function planRenameColumn(b: PlanBuilder, table: string, from: Column, to: Column, typeChanged: boolean): void {
  b.add(
    "rename",
    `rename ${table}.${from.name} to ${to.name}`,
    [alterColumn(table, from.name, [`new_column_name=${pyString(to.name)}`])],
    [alterColumn(table, to.name, [`new_column_name=${pyString(from.name)}`])],
  );
  if (typeChanged) planConversion(b, table, from.name, from, to);
  if (from.nullable !== to.nullable) planNullability(b, table, from.name, from, to);
}

export function planAlterType(b: PlanBuilder, table: string, from: Column, to: Column): void {
  if (!b.claim(`type:${table}.${to.name}`)) return;
  planConversion(b, table, from.name, from, to);
}

export function planAlterNullable(b: PlanBuilder, table: string, from: Column, to: Column): void {
  if (!b.claim(`nullable:${table}.${to.name}`)) return;
  planNullability(b, table, from.name, from, to);
}

export function planAlterServerDefault(b: PlanBuilder, table: string, from: Column, to: Column): void {
  const value = (c: Column) => (c.serverDefault !== undefined ? serverDefaultSource(c.serverDefault) : "None");
  const existing = `existing_type=${typeSource(to.type)}`;
  b.add(
    "server-default",
    `server default of ${table}.${to.name}`,
    [alterColumn(table, to.name, [existing, `server_default=${value(to)}`])],
    [alterColumn(table, to.name, [existing, `server_default=${value(from)}`])],
  );
}
