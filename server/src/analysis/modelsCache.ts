// The last models reading, reused while every model file's text (and the reading options) is
// unchanged: an edit in a migration then costs no model parsing at all. After a model edit only
// the edited file is parsed again and only the tables whose build read it are built again (see
// ModelScanCache); everything else is reused.
import { readModels } from "../models/readModels";
import { ModelScanCache } from "../models/scanCache";
import type { ModelSource, ModelsResult, ReadModelsOptions } from "../models/types";

export class ModelsCache {
  private last?: { key: string; sources: ModelSource[]; result: ModelsResult };
  // When one model file changed, only that file is parsed again; the others' scans are reused.
  private readonly scans = new ModelScanCache();

  read(sources: ModelSource[], options: ReadModelsOptions = {}): ModelsResult {
    // The version is the only option that changes the result (a scan cache only saves work).
    const key = options.sqlmodelVersion ?? "";
    const last = this.last;
    if (last && last.key === key && sameSources(last.sources, sources)) return last.result;
    const result = readModels(sources, { ...options, cache: options.cache ?? this.scans });
    this.last = { key, sources, result };
    return result;
  }
}

function sameSources(a: ModelSource[], b: ModelSource[]): boolean {
  return a.length === b.length && a.every((s, i) => s.path === b[i].path && s.text === b[i].text);
}
