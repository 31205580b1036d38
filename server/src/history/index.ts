// Public surface of the migration-history reader: parse revision files, build the revision graph,
// replay upgrade() ops into a Schema.
export type { MigrationFile, MigrationFunction, MigrationOp, RevisionGraph, ReplayOptions, ReplayResult } from "./types";
export { parseMigration } from "./parseMigration";
export { buildRevisionGraph, ancestors, revisionsBetween } from "./revisionGraph";
export { opArgument, extraArguments, nameValue, nameList } from "./opArguments";
export { staticSql } from "./staticSql";
export { HISTORY_CODES, type HistoryCode } from "./codes";
export { replayHistory } from "./replay";
export { defaultConstraintName } from "./pgNames";
export { splitSqlStatements } from "./sqlStatements";
