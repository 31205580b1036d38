// Lint vocabulary: what a rule sees (LintContext), what it returns (LintProblem), how it is
// registered (LintRule). The context is a narrow view adapted from the history engine's parsed
// migration (see fromHistory.ts), so rules can be tested on fixture files with no database.
import type { Finding, Severity } from "../findings/types";
import type { Range, Schema } from "../schema/types";
import type { PyExpr } from "../python/syntax";
import type { SqlStatement } from "./sqlScan";

export type CallExpr = Extract<PyExpr, { kind: "call" }>;

export interface TextEdit {
  range: Range;
  newText: string;
}

/** One `op.*` call (or `batch_op.*` call) inside upgrade() / downgrade(). */
export interface LintOp {
  /** Operation name without the receiver: "add_column", "create_index", "execute". */
  name: string;
  call: CallExpr;
  /** Range of the whole statement holding the call (fixes rewrite whole statements). */
  range: Range;
  /** Target table when it is a literal (also set from the enclosing batch_alter_table). */
  table?: string;
  /** Set when the call is made on a `batch_op` from `with op.batch_alter_table(...)`. */
  batchTable?: string;
  inAutocommitBlock: boolean;
  /** Inside an `if`/`for`/`try`: may not run, so "X happened before" facts are weaker. */
  conditional: boolean;
  /** Static SQL text of op.execute("...") / op.execute(sa.text("...")). */
  sql?: string;
  /** Position among the function's ops, 0-based. */
  index: number;
}

export interface LintFunction {
  name: "upgrade" | "downgrade";
  ops: LintOp[];
  /** Range of the whole `def`. */
  range: Range;
  /** The function's name in its `def` line. */
  nameRange: Range;
  /** Line of the first statement of the body (after a docstring), for inserting code at the top. */
  firstBodyLine: number;
  /** Indentation of the body statements. */
  indent: string;
  /** Body is only `pass`, `...` and/or a docstring. */
  empty: boolean;
}

export interface LintImport {
  module: string;
  name?: string;
  local: string;
}

/** A migration file as lint needs it. */
export interface LintRevision {
  /** Absolute path. */
  file: string;
  text: string;
  revision?: string;
  /** Range of the `revision = "..."` value, for messages. */
  revisionRange?: Range;
  downRevisions: string[];
  upgrade?: LintFunction;
  downgrade?: LintFunction;
  imports: LintImport[];
  /** Dotted names used anywhere in the file (`sqlmodel.sql.sqltypes.AutoString`), with ranges. */
  dottedUses: { name: string; range: Range }[];
  /** Calls such as `op.get_bind()` / `sa.inspect(...)` found anywhere in the functions. */
  onlineCalls: { name: string; range: Range }[];
}

export interface LintSettings {
  postgresVersion: number;
  /** env.py sets lock_timeout for every migration: `missing-lock-timeout` stays quiet. */
  lockTimeoutInEnv: boolean;
}

/** A statement of SQL found inside op.execute, with the op it came from. */
export interface ExecutedSql {
  op: LintOp;
  statement: SqlStatement;
}

export interface LintContext {
  revision: LintRevision;
  /** Schema before this revision (from replaying history). Empty when history could not be replayed. */
  schemaBefore: Schema;
  /** False when the history could not be replayed: rules that need "what existed before" stay quiet. */
  historyKnown: boolean;
  settings: LintSettings;
  /** Tables created by upgrade() ops before op (by index); exempt from locking rules. */
  createdBefore(op: LintOp): Set<string>;
  /** Table existed before this revision (in the replayed schema). */
  tableExistedBefore(table: string): boolean;
  /** Revision-graph findings (history codes) that point at this file. */
  graphFindings: Finding[];
  /** Heads of the whole history (for the merge-revision fix). */
  heads: string[];
  /** Static SQL statements run by op.execute in upgrade(), in order. */
  upgradeSql: ExecutedSql[];
  /** pg_class.reltuples of a table when a database was connected, else undefined. */
  rowEstimate(table: string | undefined): number | undefined;
  /** "tasks has about 2.3 million rows" when a database was connected, else undefined. */
  rowNote(table: string | undefined): string | undefined;
}

export interface LintProblem {
  range: Range;
  message: string;
  /** Overrides the rule's default level for this problem (unless the user configured a level). */
  severity?: Severity;
  table?: string;
  column?: string;
  /** Edits over the migration file text (preferred quick fix). */
  fix?: { title: string; edits: TextEdit[] };
  /** A fix that creates a new file (merge revision, VALIDATE revision). */
  newFile?: { title: string; fileName: string; text: string };
}

export interface LintRule {
  id: string;
  severity: Severity | "off";
  summary: string;
  /** Relative to the repository: docs/rules/<id>.md */
  docs: string;
  /** squawk / Atlas / strong_migrations equivalent, for docs/rules.md. */
  equivalent?: string;
  check(ctx: LintContext): LintProblem[];
}

/** What `Finding.data` carries for lint findings: prepared edits, so code actions are stateless. */
export interface LintFindingData {
  rule: string;
  docsUrl: string;
  fix?: { title: string; edits: TextEdit[] };
  newFile?: { title: string; fileName: string; text: string };
  ignoreLine: TextEdit[];
  ignoreFile: TextEdit[];
}
