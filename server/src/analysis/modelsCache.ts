// The last models reading, reused while every model file's text (and the reading options) is
// unchanged: an edit in a migration then costs no model parsing at all. After a model edit only
// the edited file is parsed again and only the tables whose build read it are built again (see
// ModelScanCache); everything else is reused.
// With a ModelsStore behind it, a new process (a CLI run, an editor start) whose model files are
// unchanged since the last save takes the whole reading from disk instead of parsing them.
import { readModels } from "../models/readModels";
import { ModelScanCache } from "../models/scanCache";
import type { ModelSource, ModelsResult, ReadModelsOptions } from "../models/types";
import { nextTurn } from "./eventLoop";
import { modelsKey, type ModelsStore } from "./parseCache";

export class ModelsCache {
  private last?: { key: string; sources: ModelSource[]; result: ModelsResult; stored: boolean };
  // When one model file changed, only that file is parsed again; the others' scans are reused.
  private readonly scans = new ModelScanCache();
  private warming?: Promise<boolean>;

  constructor(private readonly store?: ModelsStore) {}

  read(sources: ModelSource[], options: ReadModelsOptions = {}): ModelsResult {
    // The version is the only option that changes the result (a scan cache only saves work).
    const key = options.sqlmodelVersion ?? "";
    const last = this.last;
    if (last && last.key === key && sameSources(last.sources, sources)) return last.result;
    const stored = !last && !options.cache ? this.store?.get(modelsKey(sources, key)) : undefined;
    const result = stored ?? readModels(sources, { ...options, cache: options.cache ?? this.scans });
    this.last = { key, sources, result, stored: stored !== undefined };
    return result;
  }

  /** Writes the last reading to the store, if there is one and it holds another. Never throws. */
  save(): boolean {
    const last = this.last;
    return last && this.store ? this.store.save(modelsKey(last.sources, last.key), last.result) : false;
  }

  /**
   * When the last reading came from the store, reads the models once more so the per-file scans
   * are there for the next edit (which then re-parses one file, not all). Same result. Scans one
   * file per turn of the event loop (`turn`), so a server stays responsive and the garbage of
   * each file can go before the next; gives up when another reading replaced the last meanwhile
   * (that one made its own scans). True when the last reading was replaced by the new one.
   */
  warmUp(turn: () => Promise<void> = nextTurn): Promise<boolean> {
    // One at a time: a second call while one runs waits for that one.
    this.warming ??= this.warmUpOnce(turn).finally(() => (this.warming = undefined));
    return this.warming;
  }

  private async warmUpOnce(turn: () => Promise<void>): Promise<boolean> {
    const last = this.last;
    if (!last?.stored) return false;
    for (const { path, text } of last.sources) {
      await turn();
      if (this.last !== last) return false;
      try {
        this.scans.scan(path, text);
      } catch {
        // readModels below reports the file as it always does.
      }
    }
    await turn();
    if (this.last !== last) return false;
    last.result = readModels(last.sources, { ...(last.key ? { sqlmodelVersion: last.key } : {}), cache: this.scans });
    last.stored = false;
    return true;
  }
}

function sameSources(a: ModelSource[], b: ModelSource[]): boolean {
  return a.length === b.length && a.every((s, i) => s.path === b[i].path && s.text === b[i].text);
}
