// Public surface of the live-database reader: resolve the URL, introspect read-only into the shared
// Schema, classify connection problems, compare with models and migration history.
export { DATABASE_CODES, type DatabaseCode } from "./codes";
export { maskSecrets, maskUrl, pgConfigFromUrl, withReadOnlyTransaction, DEFAULT_TIMEOUTS, type Timeouts } from "./connection";
export { resolveDatabaseUrl, DEFAULT_DATABASE_URL_ENV, type DatabaseUrlInputs, type ResolvedDatabaseUrl } from "./resolveUrl";
export { introspectDatabase, readDatabase, DEFAULT_SCHEMA, type IntrospectOptions } from "./introspect";
export { readProjectDatabase, type ProjectDatabase, type ProjectDatabaseOptions } from "./projectDatabase";
export { schemaFromCatalog } from "./catalogMapper";
export { classifyDatabaseError } from "./problems";
export { stampFindings, type StampState } from "./stampFindings";
export { compareDatabase, type DatabaseComparison, type DatabaseComparisonInput } from "./findings";
export { isDatabaseProblem, type DatabaseProblem, type DatabaseRead, type DatabaseSnapshot } from "./types";
