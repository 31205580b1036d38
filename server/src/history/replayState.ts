// The schema being replayed, with copy-on-write snapshots: when snapshots are kept, a table is
// cloned the first time a revision changes it, so each snapshot is a shallow copy of the table map
// and replay stays linear. A view (for a reader that is done before the next revision) does not
// even copy the map. Without snapshots or views nothing is ever cloned.
import type { EnumType, Schema, Table } from "../schema/types";
import { emptySchema } from "../schema/types";
import { constraintNamer, type Namer, type NamingConvention } from "./pgNames";

/** The replay state before some revision, to resume a later replay of the same history there. */
export interface ReplayCheckpoint {
  readonly tables: Readonly<Record<string, Table>>;
  readonly enums: Readonly<Record<string, EnumType>>;
  readonly createdIn: ReadonlyMap<string, string>;
  readonly unseenChanges: boolean;
}

export class ReplayState {
  readonly schema: Schema = emptySchema("history");
  /** table -> revision that created it (follows renames). */
  readonly createdIn = new Map<string, string>();
  /** Some earlier step could have created objects we cannot see (helper calls, unreadable SQL). */
  unseenChanges = false;
  /** Names of constraints created without one. */
  readonly names: Namer;
  private owned = new Set<Table>();

  constructor(
    private readonly copyOnWrite: boolean,
    namingConvention?: NamingConvention,
  ) {
    this.names = constraintNamer(namingConvention);
  }

  table(name: string): Table | undefined {
    return Object.prototype.hasOwnProperty.call(this.schema.tables, name) ? this.schema.tables[name] : undefined;
  }

  /** The table, safe to change in place (cloned first when an older snapshot shares it). */
  mutableTable(name: string): Table | undefined {
    const current = this.table(name);
    if (!current || !this.copyOnWrite || this.owned.has(current)) return current;
    const copy = cloneTable(current);
    this.schema.tables[name] = copy;
    this.owned.add(copy);
    return copy;
  }

  /** Every table, each safe to change in place (for changes that ripple: renames, foreign keys). */
  mutableTables(): Table[] {
    return Object.keys(this.schema.tables).map((name) => this.mutableTable(name)!);
  }

  putTable(table: Table): void {
    this.schema.tables[table.name] = table;
    if (this.copyOnWrite) this.owned.add(table);
  }

  removeTable(name: string): void {
    delete this.schema.tables[name];
  }

  enumType(name: string): EnumType | undefined {
    return Object.prototype.hasOwnProperty.call(this.schema.enums, name) ? this.schema.enums[name] : undefined;
  }

  /** Enum objects are replaced, never changed in place, so snapshots may share them. */
  putEnum(enumType: EnumType): void {
    this.schema.enums[enumType.name] = enumType;
  }

  removeEnum(name: string): void {
    delete this.schema.enums[name];
  }

  /**
   * The schema as it is now, without copying the maps: valid until the next change. Tables in it
   * are never changed in place later (copy-on-write), so what a reader keeps of them stays true.
   */
  view(): Schema {
    this.owned = new Set();
    return { origin: "history", tables: this.schema.tables, enums: this.schema.enums };
  }

  /** Everything a later replay needs to go on from here (copy-on-write tables are shared). */
  checkpoint(): ReplayCheckpoint {
    this.owned = new Set();
    return { tables: { ...this.schema.tables }, enums: { ...this.schema.enums }, createdIn: new Map(this.createdIn), unseenChanges: this.unseenChanges };
  }

  /** Goes on from a checkpoint (on a fresh state): its tables are cloned before any change. */
  restore(checkpoint: ReplayCheckpoint): void {
    Object.assign(this.schema.tables, checkpoint.tables);
    Object.assign(this.schema.enums, checkpoint.enums);
    for (const [table, revision] of checkpoint.createdIn) this.createdIn.set(table, revision);
    this.unseenChanges = checkpoint.unseenChanges;
    this.owned = new Set();
  }

  /** The schema as it is now; later changes do not show in it. */
  snapshot(): Schema {
    this.owned = new Set();
    return { origin: "history", tables: { ...this.schema.tables }, enums: { ...this.schema.enums } };
  }
}

function cloneTable(t: Table): Table {
  return {
    ...t,
    columns: t.columns.map((c) => ({ ...c })),
    ...(t.primaryKey ? { primaryKey: { ...t.primaryKey, columns: [...t.primaryKey.columns] } } : {}),
    foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, columns: [...fk.columns], refColumns: [...fk.refColumns] })),
    indexes: t.indexes.map((i) => ({ ...i, columns: [...i.columns] })),
    uniques: t.uniques.map((u) => ({ ...u, columns: [...u.columns] })),
    checks: t.checks.map((c) => ({ ...c })),
  };
}
