export { discoverProject } from "./discover";
export { DEFAULT_FILE_TEMPLATE, readAlembicIni, readPyprojectAlembic } from "./alembicConfig";
export { globFiles } from "./globFiles";
export { modelFilesFromEnv, type ModuleFiles } from "./envModels";
export { PROJECT_CODES, type ProjectCode } from "./codes";
export { detectSqlmodelVersion } from "./sqlmodelVersion";
export type { DiscoverOverrides, ProjectLayout } from "./types";
