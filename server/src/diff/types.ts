// What `diffSchemas(from, to)` yields: the changes that turn `from` into `to`.
// For "does a migration cover the models?" we diff (history -> models): each change is what a new
// migration would have to do. Every change keeps both sides' objects, so renderers can point at
// the model line (`to` side) or the migration line (`from` side) and the writer has full detail.
import type { Column, ColumnType, EnumType, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint } from "../schema/types";

export type SchemaChange =
  | { kind: "add-table"; table: Table }
  | { kind: "drop-table"; table: Table }
  | { kind: "add-column"; table: string; column: Column }
  | { kind: "drop-column"; table: string; column: Column }
  /**
   * A dropped and an added column in the same table whose types are compatible (same type, or one
   * castable to the other). `typeChanged` says whether a conversion is needed too (the seed's
   * `priority` varchar -> `priority_id` int case).
   */
  | { kind: "rename-column"; table: string; from: Column; to: Column; typeChanged: boolean }
  | { kind: "alter-type"; table: string; column: string; from: Column; to: Column }
  | { kind: "alter-nullable"; table: string; column: string; from: Column; to: Column }
  | { kind: "alter-server-default"; table: string; column: string; from: Column; to: Column }
  | { kind: "alter-primary-key"; table: string; from?: PrimaryKey; to?: PrimaryKey }
  | { kind: "add-foreign-key"; table: string; foreignKey: ForeignKey }
  | { kind: "drop-foreign-key"; table: string; foreignKey: ForeignKey }
  /** Same columns and referenced table/columns, different ON DELETE / ON UPDATE action. */
  | { kind: "alter-foreign-key"; table: string; from: ForeignKey; to: ForeignKey }
  | { kind: "add-index"; table: string; index: Index }
  | { kind: "drop-index"; table: string; index: Index }
  /**
   * The same index (uniqueness and columns, in order) under another name: what a column rename
   * leaves behind (`ix_projects_name` on the renamed `title`), or a hand-named index. Alembic
   * compares indexes by name, so `alembic check` reports a drop and a create for it.
   */
  | { kind: "rename-index"; table: string; from: Index; to: Index }
  /** An expression/partial index on one side that the other side cannot express: never dropped. */
  | { kind: "unknown-index"; table: string; index: Index }
  | { kind: "add-unique"; table: string; unique: UniqueConstraint }
  | { kind: "drop-unique"; table: string; unique: UniqueConstraint }
  | { kind: "add-enum"; enumType: EnumType }
  | { kind: "drop-enum"; enumType: EnumType }
  /** Labels differ (added, removed or reordered), compared in order. */
  | { kind: "alter-enum"; from: EnumType; to: EnumType };

export type SchemaChangeKind = SchemaChange["kind"];

export interface DiffOptions {
  /** Report drop+add of compatible columns as `rename-column` candidates (default true). */
  detectRenames?: boolean;
  /** Explicit renames: table -> (old column name -> new column name). Applied before detection. */
  renames?: Record<string, Record<string, string>>;
}

/** Small helper for messages: `varchar(255)`, `integer`, `numeric(10,2)`, `timestamptz`. */
export type TypeRenderer = (type: ColumnType) => string;
