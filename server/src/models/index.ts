export { readModels } from "./readModels";
export { MODEL_CODES, type ModelCode } from "./codes";
export type { ModelClass, ModelField, ModelSource, ModelsResult, ReadModelsOptions } from "./types";
export { ModelScanCache } from "./scanCache";
