// The catalog queries: a fixed set, each covering every table of the schema at once, sent together
// as one message with the transaction's BEGIN, so introspection costs the same round trips (the
// catalog, then the stamps) for 5 tables or 5,000. pg_catalog rather than information_schema: it
// is faster and has what the latter lacks (enum order, index predicates). Per-row work is kept to
// index lookups: names of key columns come from scalar subqueries on pg_attribute's (attrelid,
// attnum) index rather than a join per constraint that reads every attribute of the table.
import { createHash } from "node:crypto";
import pg from "pg";
import type { OpeningQuery } from "./connection";

const { escapeLiteral } = pg;

export interface ServerRow {
  server_version: string;
  schema_exists: boolean;
  /** The schema has a table alembic_version with a column version_num (Alembic's, not a namesake). */
  has_version_table: boolean;
}

export interface TableRow {
  table_name: string;
  comment: string | null;
}

export interface EstimateRow {
  table_name: string;
  /** pg_class.reltuples: -1 when never analysed. */
  row_estimate: number;
}

export interface ColumnRow {
  table_name: string;
  column_name: string;
  position: number;
  /** format_type(atttypid, atttypmod): `character varying(100)`, `integer`, `status[]`. */
  data_type: string;
  not_null: boolean;
  /** pg_get_expr of the default: `nextval('tasks_id_seq'::regclass)`, `'draft'::character varying`. */
  default_expr: string | null;
  /** attidentity: '' (none), 'a' (ALWAYS), 'd' (BY DEFAULT). */
  identity: string;
  /** attgenerated: '' or 's' (stored generated column). */
  generated: string;
  /** The default's sequence is owned by this column: a `serial`. */
  owns_sequence: boolean;
  comment: string | null;
}

export interface ConstraintRow {
  table_name: string;
  constraint_name: string;
  /** p primary key, f foreign key, u unique, c check. */
  kind: "p" | "f" | "u" | "c";
  columns: string[];
  ref_schema: string | null;
  ref_table: string | null;
  ref_columns: string[] | null;
  /** confdeltype / confupdtype: a no action, r restrict, c cascade, n set null, d set default. */
  on_delete: string | null;
  on_update: string | null;
  /** pg_get_constraintdef, for check constraints only (it is costly). */
  definition: string | null;
}

export interface IndexRow {
  table_name: string;
  index_name: string;
  unique: boolean;
  /** Plain column names in key order; null entries stand for expressions. */
  columns: (string | null)[];
  partial: boolean;
  has_expressions: boolean;
  method: string;
  /** pg_get_indexdef, only for indexes the models cannot express (it is costly). */
  definition: string | null;
}

export interface EnumRow {
  schema_name: string;
  type_name: string;
  /** Labels ordered by enumsortorder. */
  labels: string[];
}

export interface CatalogRows {
  schema: string;
  server: ServerRow;
  tables: TableRow[];
  columns: ColumnRow[];
  constraints: ConstraintRow[];
  indexes: IndexRow[];
  enums: EnumRow[];
  estimates: EstimateRow[];
  /** Null when the schema has no alembic_version table (with a version_num column). */
  stamps: string[] | null;
}

const SERVER_SQL = `
select current_setting('server_version') as server_version,
       exists (select 1 from pg_namespace where nspname = $1) as schema_exists,
       exists (select 1 from pg_attribute a
               join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
               where n.nspname = $1 and c.relname = 'alembic_version' and c.relkind in ('r', 'p')
                 and not c.relispartition and a.attname = 'version_num' and a.attnum > 0 and not a.attisdropped)
         as has_version_table`;

// Ordinary and partitioned tables; partitions are left out (their parent stands for them).
const TABLES_SQL = `
select c.relname as table_name, obj_description(c.oid, 'pg_class') as comment
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = $1 and c.relkind in ('r', 'p') and not c.relispartition`;

// Row estimates on their own: PostgreSQL moves them whenever it analyses a table, and the
// fingerprint of the other statements' answers must not move with them.
const ESTIMATES_SQL = `
select c.relname as table_name, c.reltuples::float8 as row_estimate
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = $1 and c.relkind in ('r', 'p') and not c.relispartition`;

const COLUMNS_SQL = `
select c.relname as table_name, a.attname as column_name, a.attnum::int as position,
       format_type(a.atttypid, a.atttypmod) as data_type, a.attnotnull as not_null,
       -- Relation 0: a default cannot refer to columns, and deparsing without the table is several
       -- times cheaper. A generated column's expression (which does) is not a default: left out.
       case when a.attgenerated = '' then pg_get_expr(d.adbin, 0) end as default_expr,
       a.attidentity::text as identity,
       a.attgenerated::text as generated,
       -- Looked up only for columns with a default, through pg_depend's index on the referenced column.
       case when d.adbin is null then false else exists (
         select 1 from pg_depend dep
         where dep.refclassid = 'pg_class'::regclass and dep.refobjid = a.attrelid and dep.refobjsubid = a.attnum
           and dep.classid = 'pg_class'::regclass and dep.deptype in ('a', 'i')
           and exists (select 1 from pg_class s where s.oid = dep.objid and s.relkind = 'S')) end as owns_sequence,
       ds.description as comment
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
-- A join rather than col_description(), which runs a query per column.
left join pg_description ds on ds.objoid = c.oid and ds.classoid = 'pg_class'::regclass and ds.objsubid = a.attnum
where n.nspname = $1 and c.relkind in ('r', 'p') and not c.relispartition and a.attnum > 0 and not a.attisdropped`;

// Column names resolved in the query, in key order, for both sides of a foreign key.
const CONSTRAINTS_SQL = `
select c.relname as table_name, con.conname as constraint_name, con.contype::text as kind,
       array(select (select a.attname from pg_attribute a where a.attrelid = con.conrelid and a.attnum = k.num)
             from unnest(con.conkey) with ordinality k(num, ord) order by k.ord)::text[] as columns,
       rn.nspname as ref_schema, rc.relname as ref_table,
       case when con.contype = 'f' then
         array(select (select a.attname from pg_attribute a where a.attrelid = con.confrelid and a.attnum = k.num)
               from unnest(con.confkey) with ordinality k(num, ord) order by k.ord)::text[]
       end as ref_columns,
       nullif(con.confdeltype, ' ')::text as on_delete, nullif(con.confupdtype, ' ')::text as on_update,
       case when con.contype = 'c' then pg_get_constraintdef(con.oid) end as definition
from pg_constraint con
join pg_class c on c.oid = con.conrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_class rc on rc.oid = con.confrelid
left join pg_namespace rn on rn.oid = rc.relnamespace
where n.nspname = $1 and con.contype in ('p', 'f', 'u', 'c') and c.relkind in ('r', 'p') and not c.relispartition`;

// Indexes that back a primary key, unique or exclusion constraint are reported as those constraints.
const INDEXES_SQL = `
select c.relname as table_name, ic.relname as index_name, x.indisunique as unique,
       array(select (select a.attname from pg_attribute a where a.attrelid = x.indrelid and a.attnum = k.num and k.num <> 0)
             from unnest(x.indkey::int2[]) with ordinality k(num, ord)
             where k.ord <= x.indnkeyatts order by k.ord)::text[] as columns,
       x.indpred is not null as partial, x.indexprs is not null as has_expressions,
       am.amname as method,
       case when x.indpred is not null or x.indexprs is not null or am.amname <> 'btree'
            then pg_get_indexdef(x.indexrelid) end as definition
from pg_index x
join pg_class c on c.oid = x.indrelid
join pg_class ic on ic.oid = x.indexrelid
join pg_am am on am.oid = ic.relam
join pg_namespace n on n.oid = c.relnamespace
where n.nspname = $1 and c.relkind in ('r', 'p') and not c.relispartition
  and not exists (select 1 from pg_constraint con where con.conindid = x.indexrelid and con.contype in ('p', 'u', 'x'))`;

// Enum types of the schema, plus those of other schemas that its columns use.
const ENUMS_SQL = `
select tn.nspname as schema_name, t.typname as type_name,
       array(select e.enumlabel from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder)::text[] as labels
from pg_type t join pg_namespace tn on tn.oid = t.typnamespace
where t.typtype = 'e' and (tn.nspname = $1 or t.oid in (
  select coalesce(nullif(et.typelem, 0), et.oid) from pg_attribute a
  join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
  join pg_type et on et.oid = a.atttypid
  where n.nspname = $1 and a.attnum > 0 and not a.attisdropped))`;

/**
 * Each query with the order of its rows: by table (the mapper looks tables up by name), columns in
 * their table's order, the schema's own enums first.
 */
const CATALOG: { sql: string; order: string }[] = [
  { sql: SERVER_SQL, order: "" },
  { sql: TABLES_SQL, order: "q.table_name" },
  { sql: COLUMNS_SQL, order: "q.table_name, q.position" },
  { sql: CONSTRAINTS_SQL, order: "q.table_name, q.constraint_name" },
  { sql: INDEXES_SQL, order: "q.table_name, q.index_name" },
  { sql: ENUMS_SQL, order: "q.schema_name = $1 desc, q.type_name, q.schema_name" },
  { sql: ESTIMATES_SQL, order: "q.table_name" },
];

/** The statements whose answers make up the fingerprint: all but the server's and the estimates. */
const FINGERPRINTED = [1, 2, 3, 4, 5];

/**
 * The catalog queries as one simple-protocol message (which takes no parameters: the schema name
 * goes in as an escaped literal). PostgreSQL answers the statements one after the other; the
 * statement timeout still applies to each. Each statement returns its rows as one JSON array
 * (`json_agg`, in the given order): one value to parse with the native JSON parser instead of
 * thousands of rows field by field, and the same row objects (booleans, numbers, text arrays).
 */
export function catalogBatch(schemaLiteral: string): string {
  return CATALOG.map(({ sql, order }) => {
    const statement = `select coalesce(json_agg(q${order ? ` order by ${order}` : ""}), '[]')::text as catalog from (${sql.trim()}) q`;
    // A function, so that `$&` or `$$` in the literal are not read as replacement patterns.
    return statement.replaceAll("$1", () => schemaLiteral);
  }).join(";\n");
}

/**
 * The catalog batch for `schema`, to open the read-only transaction with (see
 * withReadOnlyTransaction). The client-side backstop (in case the server never answers) allows
 * each of its statements the statement timeout, as when they were sent one by one.
 */
export function catalogOpening(schema: string, statementMs?: number): OpeningQuery {
  const text = catalogBatch(escapeLiteral(schema));
  return statementMs === undefined ? { text } : { text, timeoutMs: (CATALOG.length + 2) * statementMs + 2_000 };
}

/**
 * The catalog as PostgreSQL answered it: each statement's rows still as the one JSON text it sent.
 * Parsed only when a schema is made of it (catalogRows): a check whose kept verdict still holds
 * needs no more than the fingerprint.
 */
export interface CatalogText {
  schema: string;
  server: ServerRow;
  /** Each statement's answer, in the batch's order. */
  texts: string[];
  /** Null when the schema has no alembic_version table (with a version_num column). */
  stamps: string[] | null;
}

/**
 * The catalog batch's results, plus the stamps: one more round trip on the open (read-only)
 * client, only when the schema has a version table.
 */
export async function readCatalog(client: pg.ClientBase, schema: string, results: readonly pg.QueryResult[]): Promise<CatalogText> {
  if (results.length !== CATALOG.length) throw new Error(`the catalog batch returned ${results.length} results instead of ${CATALOG.length}`);
  const texts = results.map((result) => (result.rows[0] as { catalog: string }).catalog);
  const server = (JSON.parse(texts[0]) as ServerRow[])[0];
  let stamps: string[] | null = null;
  // Only a table shaped like Alembic's (with version_num) is read, so an unrelated table of that
  // name cannot fail the whole introspection.
  if (server.schema_exists && server.has_version_table) {
    const table = `${client.escapeIdentifier(schema)}.alembic_version`;
    stamps = (await client.query<{ version_num: string }>(`select version_num from ${table} order by 1`)).rows.map((r) => r.version_num);
  }
  return { schema, server, texts, stamps };
}

/**
 * A hash of everything a schema and the stamps are made from: the schema's name, the answers of
 * the table, column, constraint, index and enum statements, and the stamps (or their absence).
 * Not the row estimates, which PostgreSQL moves whenever it analyses a table, nor the server's
 * version. Two reads of an unchanged schema give the same fingerprint.
 */
export function catalogFingerprint(catalog: CatalogText): string {
  const hash = createHash("sha1").update(catalog.schema);
  for (const statement of FINGERPRINTED) hash.update("\0").update(catalog.texts[statement]);
  return hash.update("\0").update(JSON.stringify(catalog.stamps)).digest("hex");
}

/** The rows of every statement, parsed. */
export function catalogRows(catalog: CatalogText): CatalogRows {
  const [, tables, columns, constraints, indexes, enums, estimates] = catalog.texts.map((text) => JSON.parse(text) as unknown);
  return {
    schema: catalog.schema,
    server: catalog.server,
    tables: tables as TableRow[],
    columns: columns as ColumnRow[],
    constraints: constraints as ConstraintRow[],
    indexes: indexes as IndexRow[],
    enums: enums as EnumRow[],
    estimates: estimates as EstimateRow[],
    stamps: catalog.stamps,
  };
}
