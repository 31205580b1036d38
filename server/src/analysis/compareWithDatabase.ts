// The part of a project's analysis that needs a live database: the snapshot against the models'
// schema and against the history's head. Its own module so that `dmw check`, when it takes the
// offline part from the cache, compares without loading the parsers.
import { compareDatabase, type DatabaseComparison } from "../database/findings";
import type { DatabaseSnapshot } from "../database/types";
import type { DiffOptions } from "../diff/types";
import type { RevisionOutline } from "../history/types";
import type { ProjectLayout } from "../project/types";
import type { Schema } from "../schema/types";

/** Models vs database only when the project has model files (else every table would look extra). */
export function compareWithDatabase(
  layout: ProjectLayout,
  snapshot: DatabaseSnapshot,
  models: Schema | undefined,
  history: { graph: RevisionOutline; schema: Schema },
  diff?: DiffOptions,
): DatabaseComparison {
  return compareDatabase({
    snapshot,
    ...(layout.modelFiles.length > 0 && models ? { models } : {}),
    history,
    ...(layout.alembicIni ? { configFile: layout.alembicIni } : {}),
    ...(diff ? { diffOptions: diff } : {}),
  });
}
