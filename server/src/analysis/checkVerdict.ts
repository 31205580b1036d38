// What the last `dmw check` against a database printed, kept with the key of the offline result it
// came from (checkSummary.ts) and a fingerprint of the database as it was read. A check whose input
// files and database are both unchanged since (a CI job or a pre-commit hook run again, a developer
// checking twice) prints those findings again without loading the offline result or comparing the
// two schemas with the database. The database is still read on every run: only its fingerprint
// decides. One value per project in the cache folder (see parseCache.ts).
import type { Finding } from "../findings/types";
import type { ProjectLayout } from "../project/types";
import { isPrintable } from "./checkSummary";
import { cacheDirectory, cacheFileFor, ValueStore } from "./parseCache";

export interface CheckVerdict {
  /** The fingerprint of the database read the findings were compared with (DatabaseRead). */
  database: string;
  /** The offline findings, then the database comparison's, without `data`. */
  findings: Finding[];
}

function looksKept(value: unknown): value is CheckVerdict {
  const verdict = value as Partial<CheckVerdict> | null;
  return typeof verdict === "object" && verdict !== null && typeof verdict.database === "string" && Array.isArray(verdict.findings) && verdict.findings.every(isPrintable);
}

/** Where a project's last database verdict is kept (keyed by the offline result's key); `undefined` when the cache is off. */
export function checkVerdictStoreFor(layout: Pick<ProjectLayout, "alembicDir">, env: Record<string, string | undefined> = process.env): ValueStore<CheckVerdict> | undefined {
  const directory = cacheDirectory(env);
  return directory ? new ValueStore(cacheFileFor(directory, layout.alembicDir, "verdict"), looksKept, undefined, false) : undefined;
}
