// What reading a live database yields: a snapshot of its schema and stamps, or one classified problem.
import type { Finding } from "../findings/types";
import type { Schema } from "../schema/types";
import type { DatabaseCode } from "./codes";

export interface DatabaseSnapshot {
  /** Tables (without alembic_version) and enum types of the configured schema; origin "database". */
  schema: Schema;
  /** Revisions in alembic_version (usually one; several after a branched upgrade). */
  stamps: string[];
  hasVersionTable: boolean;
  /** `server_version`, e.g. "15.20 (Debian 15.20-0+deb12u1)". */
  serverVersion: string;
  /** Table -> pg_class.reltuples estimate (-1 when never analysed), also set on each Table. */
  rowEstimates: Record<string, number>;
}

/** A database's catalog as read, before it is made into a snapshot (which costs parsing and mapping). */
export interface DatabaseRead {
  /**
   * A hash of what the snapshot is made from, row estimates and the server's version aside: equal
   * for two reads of an unchanged schema and unchanged stamps.
   */
  fingerprint(): string;
  /** The snapshot, made on the first call and kept. */
  snapshot(): DatabaseSnapshot;
}

/** A connection or catalog failure, already phrased for a person and free of passwords. */
export interface DatabaseProblem extends Finding {
  code: DatabaseCode;
}

export function isDatabaseProblem<T extends DatabaseSnapshot | DatabaseRead>(value: T | DatabaseProblem): value is DatabaseProblem {
  return "code" in value && !("schema" in value);
}
