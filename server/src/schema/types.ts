// The one Schema type. Three producers fill it (models, migration history, live database);
// `diffSchemas(a, b)` compares any two of them. Everything is plain data (JSON-serialisable),
// so a Schema can travel in `Diagnostic.data`, be cached, and be compared in tests with deepEqual.

/** 0-based, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Where something was declared: a model class/field, a migration op, or nothing (database). */
export interface SourceRef {
  /** Absolute file path. Renderers make it relative for display. */
  file: string;
  range: Range;
}

export type SchemaOrigin = "models" | "history" | "database";

/**
 * Normalised type vocabulary shared by all three producers.
 * `string` is VARCHAR (SQLModel's AutoString, sa.String, character varying); `text` is TEXT.
 * `float` is double precision (sa.Float, Python float); `real` is 4-byte float.
 */
export type TypeKind =
  | "string"
  | "text"
  | "char"
  | "smallint"
  | "integer"
  | "bigint"
  | "float"
  | "real"
  | "numeric"
  | "boolean"
  | "datetime"
  | "date"
  | "time"
  | "interval"
  | "uuid"
  | "bytes"
  | "json"
  | "jsonb"
  | "enum"
  | "array"
  | "unknown";

export interface ColumnType {
  kind: TypeKind;
  /** VARCHAR(n) / CHAR(n). Absent means "no length". */
  length?: number;
  /** NUMERIC(p, s). */
  precision?: number;
  scale?: number;
  /** timestamp/time WITH time zone. */
  timezone?: boolean;
  /** PostgreSQL enum type name (kind "enum"). */
  enumName?: string;
  /** Enum labels in order: for SQLModel, the Python Enum's member *names*. */
  enumValues?: string[];
  /** Element type (kind "array"). */
  itemType?: ColumnType;
  /** The type as written at the source ("sa.String(50)", "character varying(100)", "str"), for messages. */
  raw: string;
}

export interface Column {
  name: string;
  type: ColumnType;
  nullable: boolean;
  primaryKey: boolean;
  /** SQL expression text of the server default, as PostgreSQL would print it where known. */
  serverDefault?: string;
  /** Python-side default (SQLModel `default=`/`default_factory=`), as Python source text. Never in the DB. */
  clientDefault?: string;
  /** Identity or serial column (autoincrementing integer key). */
  autoincrement?: boolean;
  comment?: string;
  source?: SourceRef;
}

export type ReferentialAction = "CASCADE" | "SET NULL" | "SET DEFAULT" | "RESTRICT" | "NO ACTION";

export interface ForeignKey {
  /** Constraint name; absent when the source leaves it to PostgreSQL (`<table>_<col>_fkey`). */
  name?: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  source?: SourceRef;
}

export interface Index {
  name: string;
  columns: string[];
  unique: boolean;
  /** Expression or partial index that models cannot express: compared as "unknown", never dropped. */
  opaque?: boolean;
  /** Full definition text when opaque (pg_get_indexdef, or the op call). */
  definition?: string;
  source?: SourceRef;
}

export interface UniqueConstraint {
  name?: string;
  columns: string[];
  source?: SourceRef;
}

export interface CheckConstraint {
  name?: string;
  expression: string;
  source?: SourceRef;
}

export interface PrimaryKey {
  name?: string;
  columns: string[];
}

export interface Table {
  name: string;
  /** Columns in declaration order. */
  columns: Column[];
  primaryKey?: PrimaryKey;
  foreignKeys: ForeignKey[];
  indexes: Index[];
  uniques: UniqueConstraint[];
  checks: CheckConstraint[];
  source?: SourceRef;
  /**
   * Set when the producer cannot be sure of this table's shape (history: touched by opaque SQL in
   * `op.execute`). Comparisons involving it are reported with lower confidence.
   */
  uncertain?: boolean;
  /** Database only: pg_class.reltuples estimate. */
  rowEstimate?: number;
}

export interface EnumType {
  name: string;
  values: string[];
  source?: SourceRef;
}

export interface Schema {
  origin: SchemaOrigin;
  /** Keyed by table name (unqualified; the schema/namespace is a setting). */
  tables: Record<string, Table>;
  /** Keyed by enum type name. */
  enums: Record<string, EnumType>;
}

export function emptySchema(origin: SchemaOrigin): Schema {
  return { origin, tables: {}, enums: {} };
}

export function emptyTable(name: string, source?: SourceRef): Table {
  return { name, columns: [], foreignKeys: [], indexes: [], uniques: [], checks: [], ...(source ? { source } : {}) };
}

export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}
