// The analysis caches of one `dmw` run. Apart from args.ts because it loads the parsers, which
// `dmw check` loads only when its cached result is out of date.
import { MigrationCache } from "../analysis/migrationCache";
import { ModelsCache } from "../analysis/modelsCache";
import { modelsStoreFor, parseStoreFor } from "../analysis/parseCache";
import { replayCheckpointStoreFor } from "../analysis/replayCheckpoints";
import type { ProjectLayout } from "../project/types";

/**
 * The parsed migrations (with the replay checkpoint) and the models reading of one run, backed by
 * the persistent cache unless `--no-cache`; `save` writes back what the run parsed, replayed or
 * read (nothing when it is unchanged).
 */
export function runCaches(layout: ProjectLayout, noCache: boolean | undefined): { migrations: MigrationCache; models: ModelsCache; save(): void } {
  const migrations = noCache ? new MigrationCache() : new MigrationCache(parseStoreFor(layout), replayCheckpointStoreFor(layout));
  const models = new ModelsCache(noCache ? undefined : modelsStoreFor(layout));
  return {
    migrations,
    models,
    save: () => {
      migrations.save();
      models.save();
    },
  };
}
