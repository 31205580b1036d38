// Data read from Alembic revision files, the revision graph, and the replayed schema.
// Parsed operations are shared by replay, the migration linter and the language server, so they
// keep the whole call (with argument ranges), the statement range and the block context.
import type { Finding } from "../findings/types";
import type { PyExpr } from "../python/syntax";
import type { NamingConvention } from "../models/naming";
import type { Range, Schema } from "../schema/types";

export interface MigrationFile {
  /** Absolute path. */
  path: string;
  /** `revision = "..."`; absent when the file is not a migration (or the value is not a literal). */
  revision?: string;
  /** `down_revision`: empty for a base, several for a merge revision. */
  downRevisions: string[];
  branchLabels: string[];
  /** `depends_on`: revision ids or branch labels. */
  dependsOn: string[];
  /** First line of the module docstring (Alembic's template puts the message there). */
  message?: string;
  /** The whole `revision = ...` statement. */
  revisionRange?: Range;
  downRevisionRange?: Range;
  branchLabelsRange?: Range;
  dependsOnRange?: Range;
  upgrade?: MigrationFunction;
  downgrade?: MigrationFunction;
  /**
   * Local name -> fully qualified module or object: `sa` -> `sqlalchemy`,
   * `postgresql` -> `sqlalchemy.dialects.postgresql`, `Column` -> `sqlalchemy.Column`.
   */
  imports: Record<string, string>;
  /** Problems of this file alone (syntax errors, not a migration). Also copied into the graph's findings. */
  findings: Finding[];
}

export interface MigrationFunction {
  name: "upgrade" | "downgrade";
  /** The whole `def` statement. */
  range: Range;
  /** The `def upgrade() -> None:` line's name. */
  nameRange: Range;
  bodyRange: Range;
  /** Only `pass`, docstrings, comments, or `...`. */
  isEmpty: boolean;
  ops: MigrationOp[];
}

export interface MigrationOp {
  /**
   * The operation: Alembic op name (`add_column`, `create_table`, `execute`, `alter_column`,
   * `get_bind`, ...), also for calls on a batch object (`batch_op.add_column` -> `add_column`).
   * Block openers are ops too: `batch_alter_table`, `autocommit_block`.
   * Anything else (helper calls, `conn.execute(...)`, assignments) is `unknown`.
   */
  name: string;
  /**
   * The call (with argument ranges); for a statement that is not a call, an `other` expression.
   * Arguments that are names bound to string literals, and f-strings over such names, appear as
   * their string values (with the source ranges).
   */
  call: PyExpr;
  /** Dotted callee as written (`op.add_column`, `batch_op.drop_column`, `conn.execute`), when it is one. */
  callee?: string;
  /** The whole statement. */
  range: Range;
  /** Source text of the statement (for fixes and messages). */
  text: string;
  /** Target table resolved statically (also inside batch_alter_table); absent when it is not a literal. */
  table?: string;
  /** Set when the call is made on a `batch_alter_table` object: that block's table ("" when not a literal). */
  batchTable?: string;
  /** Inside `with op.get_context().autocommit_block():`. */
  inAutocommitBlock: boolean;
  /** Inside `if`/`for`/`while`/`try`/`match`: may not run, or run several times. */
  conditional: boolean;
  /** Static SQL text of `op.execute("...")`, `op.execute(sa.text("..."))`, `conn.execute(text("..."))`. */
  sql?: string;
  /** `x = op.get_bind()` -> `x`. */
  assignedTo?: string;
  /** The value of an assignment that is not a call (`conn = op.get_context().bind`), on an `unknown` op. */
  value?: PyExpr;
  /** Order within the function, from 0. */
  index: number;
}

export interface RevisionGraph {
  revisions: Map<string, MigrationFile>;
  heads: string[];
  bases: string[];
  /** Topological order base -> head (parents and depends_on first), deterministic. Revisions on a cycle come last. */
  order: string[];
  /** revision -> its down_revisions that exist. */
  parents: Map<string, string[]>;
  /** revision -> its depends_on resolved to revision ids (labels resolved to the revision declaring them). */
  dependencies: Map<string, string[]>;
  /** revision -> revisions whose down_revision names it. */
  children: Map<string, string[]>;
  /** revision -> branch labels it belongs to (declared on it, inherited from ancestors or descendants). */
  branches: Map<string, string[]>;
  /** Graph problems plus every file's own findings. */
  findings: Finding[];
}

/** Of a revision's file, what messages about it name and point at. */
export type RevisionSummary = Pick<MigrationFile, "path" | "message" | "revisionRange">;

/**
 * What reading a database's alembic_version against the history needs of a revision graph: the
 * order, the heads, the links and each revision's file, message and position, not the parsed
 * operations. A RevisionGraph is one; `dmw check` keeps just this between runs.
 */
export interface RevisionOutline {
  revisions: ReadonlyMap<string, RevisionSummary>;
  heads: string[];
  order: string[];
  parents: ReadonlyMap<string, string[]>;
  dependencies: ReadonlyMap<string, string[]>;
}

export interface ReplayOptions {
  /** Keep the schema before each revision (for lint). Off by default: replay then never clones. */
  keepSnapshots?: boolean;
  /** The metadata's naming convention (env.py / models), for constraints migrations leave unnamed. */
  namingConvention?: NamingConvention;
  /** Python Enum classes (class name -> member names), for `sa.Enum(TaskStatus)` in migrations. */
  pythonEnums?: Record<string, string[]>;
}

export interface ReplayResult {
  /** The schema after all revisions (origin "history"). */
  schema: Schema;
  findings: Finding[];
  /** revision -> schema BEFORE that revision; only with keepSnapshots. Treat as read-only. */
  snapshots?: Map<string, Schema>;
  /** table -> the revision that created it (follows renames). */
  createdIn: Map<string, string>;
}
