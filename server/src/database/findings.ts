// Live-database findings: the database against the models and against the migration history.
// Schema differences use the shared diff and drift findings (codes `db-*` and `db-history-*`);
// what only a database can tell (stamps, pending revisions) and the overall verdict ("write a
// migration" vs "stamp or migrate") are added here. Pure: schemas and a revision graph in.
import { diffSchemas } from "../diff/diffSchemas";
import type { DiffOptions, SchemaChange } from "../diff/types";
import { driftFindings } from "../findings/driftFindings";
import type { Finding } from "../findings/types";
import type { RevisionOutline } from "../history/types";
import { renderType } from "../schema/columnTypes";
import type { Range, Schema } from "../schema/types";
import { DATABASE_CODES } from "./codes";
import { stampFindings, type StampState } from "./stampFindings";
import type { DatabaseSnapshot } from "./types";

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export interface DatabaseComparisonInput {
  snapshot: DatabaseSnapshot;
  /** The models' schema, when the models could be read. */
  models?: Schema;
  /** The migration history: its revision graph and the schema its head replays to. */
  history?: { graph: RevisionOutline; schema: Schema };
  /** alembic.ini, where findings without a better place point. */
  configFile?: string;
  diffOptions?: DiffOptions;
}

export interface DatabaseComparison {
  findings: Finding[];
  /** database -> models: what a migration would have to do to make the database match the models. */
  modelChanges?: SchemaChange[];
  /** database -> history head. */
  historyChanges?: SchemaChange[];
  stamps?: StampState;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What a change does, without its details: the same key on two diffs means the same change. */
function changeKey(change: SchemaChange): string {
  switch (change.kind) {
    case "add-table":
    case "drop-table":
      return `${change.kind} ${change.table.name}`;
    case "add-column":
    case "drop-column":
      return `${change.kind} ${change.table}.${change.column.name}`;
    case "rename-column":
      return `${change.kind} ${change.table}.${change.from.name}>${change.to.name}`;
    case "add-foreign-key":
    case "drop-foreign-key":
      return `${change.kind} ${change.table}(${change.foreignKey.columns.join(",")})`;
    case "add-index":
    case "drop-index":
    case "unknown-index":
      return `${change.kind} ${change.table}(${change.index.columns.join(",")})`;
    case "rename-index":
      return `${change.kind} ${change.table}(${change.to.columns.join(",")}) ${change.to.name}`;
    case "add-unique":
    case "drop-unique":
      return `${change.kind} ${change.table}(${change.unique.columns.join(",")})`;
    case "add-enum":
    case "drop-enum":
      return `${change.kind} ${change.enumType.name}`;
    case "alter-enum":
      return `${change.kind} ${change.to.name} ${change.to.values.join(",")}`;
    case "alter-primary-key":
      return `${change.kind} ${change.table}`;
    case "alter-foreign-key":
      return `${change.kind} ${change.table}(${change.to.columns.join(",")})`;
    case "alter-type":
      return `${change.kind} ${change.table}.${change.column} ${renderType(change.to.type)}`;
    case "alter-nullable":
      return `${change.kind} ${change.table}.${change.column} ${change.to.nullable}`;
    case "alter-server-default":
      return `${change.kind} ${change.table}.${change.column} ${change.to.serverDefault ?? ""}`;
  }
}

export function compareDatabase(input: DatabaseComparisonInput): DatabaseComparison {
  const { snapshot, models, history } = input;
  const database = snapshot.schema;
  const findings: Finding[] = [];
  const stamps = history ? stampFindings(snapshot, history.graph, { configFile: input.configFile }) : undefined;
  if (stamps) findings.push(...stamps.findings);

  const modelChanges = models ? diffSchemas(database, models, input.diffOptions) : undefined;
  const historyChanges = history ? diffSchemas(database, history.schema, input.diffOptions) : undefined;

  const verdict = stamps && history && modelChanges && historyChanges ? verdictFinding(stamps, history.graph, modelChanges, historyChanges, input.configFile) : undefined;
  if (verdict) findings.push(verdict);

  if (models && modelChanges) {
    const drift = driftFindings(modelChanges, "models-database", { from: database, to: models });
    // Behind head: say which differences the pending migrations already make.
    const pendingDoes = stamps && stamps.pending.length > 0 && historyChanges ? new Set(historyChanges.map(changeKey)) : undefined;
    drift.forEach((finding, i) => {
      if (pendingDoes?.has(changeKey(modelChanges[i]))) finding.message += " (a pending migration makes this change: run `alembic upgrade head`)";
    });
    findings.push(...drift);
  }
  // Only a database that claims to be at head must equal the head's schema; one that is behind
  // differs by the pending revisions, which the behind-head finding already names.
  if (history && historyChanges && stamps?.atHead) {
    findings.push(...driftFindings(historyChanges, "history-database", { from: database, to: history.schema }));
  }
  return {
    findings,
    ...(modelChanges ? { modelChanges } : {}),
    ...(historyChanges ? { historyChanges } : {}),
    ...(stamps ? { stamps } : {}),
  };
}

/**
 * The one-line diagnosis when both models and history are known:
 * - the database equals the migration head but not the models: a migration is missing;
 * - the database equals the models but its stamp is not the head: stamp (when the pending
 *   migrations' changes are already there) or migrate.
 */
function verdictFinding(stamps: StampState, graph: RevisionOutline, modelChanges: SchemaChange[], historyChanges: SchemaChange[], configFile?: string): Finding | undefined {
  const where = configFile ? { file: configFile, range: START } : {};
  const head = graph.heads.length === 1 ? graph.heads[0] : graph.heads.join(", ");
  if (modelChanges.length > 0 && historyChanges.length === 0) {
    const stampNote = stamps.atHead ? "" : " (its alembic_version stamp is not the head; stamp it once the new migration is applied)";
    return {
      code: DATABASE_CODES.writeMigration,
      severity: "warning",
      message: `The database matches the migration head ${head} but not the models (${plural(modelChanges.length, "difference")})${stampNote}: write a migration for the model changes (\`dmw generate\` or \`alembic revision --autogenerate\`), then \`alembic upgrade head\`.`,
      ...where,
    };
  }
  if (modelChanges.length === 0 && (!stamps.atHead || historyChanges.length > 0)) {
    const stampText = !stamps.stampsKnown
      ? "its alembic_version stamp is missing or unknown"
      : stamps.pending.length > 0
        ? `it is stamped ${plural(stamps.pending.length, "revision")} behind head`
        : `the migrations up to its stamp ${head} do not build it`;
    const advice =
      historyChanges.length === 0
        ? `the pending migrations' changes are already there, so running them would fail: \`alembic stamp ${head}\` instead`
        : `the changes were made outside the migrations (${plural(historyChanges.length, "difference")} from head ${head}): write a migration for the model changes, then \`alembic stamp\` the database to it instead of upgrading`;
    return {
      code: DATABASE_CODES.stampOrMigrate,
      severity: "warning",
      message: `The database already matches the models but ${stampText}; ${advice}.`,
      ...where,
    };
  }
  return undefined;
}
