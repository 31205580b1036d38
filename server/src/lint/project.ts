// Lints a whole versions folder: parse every revision, build the graph, replay the history and run
// the rules on each file with the schema before its revision. With a cache, only what changed. Pure: the caller reads the files
// (CLI, language server) and passes their text.
import { basename } from "node:path";
import type { Finding } from "../findings/types";
import { ancestors, buildRevisionGraph, parseMigration, replayHistory, type MigrationFile, type RevisionGraph } from "../history";
import type { ReplayCheckpoint } from "../history/replayState";
import { defaultLintConfig, ruleLevel, type LintConfig } from "./config";
import { docsUrl, lintFile } from "./engine";
import { lintRevisionOf } from "./fromHistory";
import { RULES } from "./rules";
import { sqlmodelTypeWithoutImport } from "./rules/sqlmodelTypeWithoutImport";
import type { Schema } from "../schema/types";
import type { LintFindingData } from "./types";

export interface SourceFile {
  /** Absolute path. */
  path: string;
  text: string;
}

export interface LintProjectInput {
  /** Every revision file of the versions folder(s). */
  files: SourceFile[];
  /**
   * Already parsed revisions (the language server's cache), matched by path; a file without one
   * is parsed here. Each must come from the same text as its entry in `files`.
   */
  migrations?: readonly MigrationFile[];
  /**
   * The revision graph of exactly `migrations` (the language server's analysis built it): used
   * when every file is one of them, instead of building it again.
   */
  graph?: RevisionGraph;
  config?: LintConfig;
  /** Table -> pg_class.reltuples when a database is connected. */
  rowEstimates?: Record<string, number>;
  /** alembic/script.py.mako, checked for `import sqlmodel` when revisions use sqlmodel types. */
  scriptTemplate?: SourceFile;
  /** Lint only these paths (the editor's open file); the rest still feeds the history. */
  only?: string[];
}

export interface LintProjectResult {
  findings: Finding[];
  /** Paths of the revision files that were linted. */
  linted: string[];
  /** Input problems (unknown `since` revision): the CLI exits 2 on them. */
  problems: string[];
  /**
   * The history reader's own findings on linted files (syntax errors, not a migration): lint saw
   * only part of those files. The CLI prints them; the editor already shows them as drift diagnostics.
   */
  fileProblems: Finding[];
}

const GRAPH_CODES = new Set(["graph-multiple-heads", "graph-missing-parent", "graph-duplicate-revision"]);

/** One file's lint and what it depended on, kept between runs by a LintProjectCache. */
export interface CachedFile {
  file: MigrationFile;
  /** Position of its revision in the replay order (-1: not replayed, no schema before). */
  position: number;
  graphKey: string;
  findings: Finding[];
  usesSqlmodel: boolean;
  /** The row estimates the rules looked up (table, estimate then): the findings hold while they do. */
  rows: [table: string, estimate: number | undefined][];
}

/**
 * What one lintProject run leaves for the next (the language server keeps one per project; `dmw
 * lint` keeps one on disk): a file is linted again only when it changed, or when a revision
 * replayed before it changed (its schema before is different), or when the configuration, the
 * graph's findings on it (and the heads, for a file with some) or the row estimate of a table its
 * rules looked up changed (a database connected since, or its statistics moved). A revision
 * added on top of the history is linted alone.
 */
export class LintProjectCache {
  key = "";
  order: readonly string[] = [];
  files = new Map<string, CachedFile>();
  /** Every parsed revision of the last run, linted or not, by path. */
  parsed = new Map<string, MigrationFile>();
  /** The replay before the first revision the last replay linted: editing it again resumes there. */
  checkpoint?: { index: number; state: ReplayCheckpoint };
}

export function lintProject(input: LintProjectInput, cache?: LintProjectCache): LintProjectResult {
  const config = input.config ?? defaultLintConfig();
  const known = new Map((input.migrations ?? []).map((m) => [m.path, m]));
  let allKnown = input.files.length === known.size;
  const parsed: { file: MigrationFile; text: string }[] = input.files.map((f) => {
    const file = known.get(f.path);
    if (file) return { file, text: f.text };
    allKnown = false;
    return { file: parseMigration(f.path, f.text), text: f.text };
  });
  const graph = input.graph && allKnown ? input.graph : buildRevisionGraph(parsed.map((p) => p.file));
  const problems: string[] = [];

  let skip = new Set<string>();
  if (config.since !== undefined) {
    const since = resolveRevision([...graph.revisions.keys()], config.since);
    if (since === undefined) problems.push(`'since' names revision ${config.since}, which is not in the history`);
    else skip = new Set([since, ...ancestors(graph, since)]);
  }
  const only = input.only ? new Set(input.only) : undefined;
  const position = new Map(graph.order.map((revision, i) => [revision, i]));
  const graphByFile = new Map<string, Finding[]>();
  for (const f of graph.findings) {
    if (!f.file || !GRAPH_CODES.has(f.code)) continue;
    graphByFile.set(f.file, [...(graphByFile.get(f.file) ?? []), f]);
  }

  // Reuse: everything replayed before the first changed revision has the same schema before.
  const key = JSON.stringify([config, input.only ?? null]);
  // The heads are read by the rules on the graph's findings alone (multiple-heads' merge fix).
  const graphKeyOf = (findings: readonly Finding[]): string => JSON.stringify(findings.length > 0 ? [findings, graph.heads] : []);
  const previous = cache && cache.key === key ? cache.files : new Map<string, CachedFile>();
  const sameRows = (rows: CachedFile["rows"]): boolean => rows.every(([table, estimate]) => input.rowEstimates?.[table] === estimate);
  let firstChanged = graph.order.findIndex((revision, i) => {
    const file = graph.revisions.get(revision);
    return cache?.order[i] !== revision || (file !== undefined && cache.parsed.get(file.path) !== file);
  });
  if (firstChanged < 0) firstChanged = graph.order.length;
  // A checkpoint holds while every revision replayed before it is unchanged.
  const checkpoint = cache?.checkpoint && cache.checkpoint.index <= firstChanged ? cache.checkpoint : undefined;

  const linted: string[] = [];
  const fileProblems: Finding[] = [];
  const results: (CachedFile | undefined)[] = [];
  const pending = new Map<string, number[]>(); // revision -> indexes of files to lint with its schema before
  const lintOne = (index: number, schemaBefore: Schema | undefined): void => {
    const { file, text } = parsed[index];
    const revision = lintRevisionOf(file, text);
    const graphFindings = graphByFile.get(file.path) ?? [];
    const rowsRead = new Set<string>();
    const findings = lintFile(revision, {
      ...(schemaBefore ? { schemaBefore } : {}),
      config,
      ...(input.rowEstimates ? { rowEstimates: input.rowEstimates } : {}),
      rowsRead,
      graphFindings,
      heads: graph.heads,
    });
    const at = file.revision !== undefined ? (position.get(file.revision) ?? -1) : -1;
    const rows = [...rowsRead].map((table): [string, number | undefined] => [table, input.rowEstimates?.[table]]);
    results[index] = { file, position: at, graphKey: graphKeyOf(graphFindings), findings, usesSqlmodel: revision.dottedUses.length > 0, rows };
  };
  parsed.forEach(({ file }, index) => {
    if (only && !only.has(file.path)) return;
    if (file.revision !== undefined && skip.has(file.revision)) return;
    linted.push(file.path);
    fileProblems.push(...file.findings);
    const at = file.revision !== undefined ? (position.get(file.revision) ?? -1) : -1;
    const old = previous.get(file.path);
    const graphKey = graphKeyOf(graphByFile.get(file.path) ?? []);
    if (old && old.file === file && old.position === at && at < firstChanged && old.graphKey === graphKey && sameRows(old.rows)) results[index] = old;
    else if (at >= 0) pending.set(file.revision!, [...(pending.get(file.revision!) ?? []), index]);
    else lintOne(index, undefined);
  });
  let nextCheckpoint = checkpoint;
  if (pending.size > 0) {
    // The schema before each revision is seen during the replay, never copied per revision; the
    // replay starts at the checkpoint when nothing before it changed (an edit of the same file).
    const first = Math.min(...[...pending.keys()].map((revision) => position.get(revision)!));
    const resume = checkpoint && checkpoint.index <= first ? { resume: { index: checkpoint.index, checkpoint: checkpoint.state } } : {};
    // A full run keeps the state before the newest revision instead: the one most often edited.
    const at = first > 0 ? first : graph.order.length - 1;
    const replay = replayHistory(graph, {
      ...resume,
      checkpointAt: at,
      beforeRevision: (revision, _file, schemaBefore) => pending.get(revision)?.forEach((index) => lintOne(index, schemaBefore)),
    });
    nextCheckpoint = replay.checkpoint ? { index: at, state: replay.checkpoint } : undefined;
  }

  const findings = results.flatMap((r) => r?.findings ?? []);
  if (input.scriptTemplate && (!only || only.has(input.scriptTemplate.path))) {
    const usesSqlmodel = parsed.some(({ file, text }, index) => {
      const known = results[index] ?? (previous.get(file.path)?.file === file ? previous.get(file.path) : undefined);
      return known ? known.usesSqlmodel : lintRevisionOf(file, text).dottedUses.length > 0;
    });
    const template = templateFinding(input.scriptTemplate, usesSqlmodel, config);
    if (template) findings.push(template);
  }
  if (cache) {
    cache.key = key;
    cache.order = graph.order;
    cache.files = new Map(results.filter((r): r is CachedFile => r !== undefined).map((r) => [r.file.path, r]));
    cache.parsed = new Map(parsed.map(({ file }) => [file.path, file]));
    cache.checkpoint = nextCheckpoint;
  }
  return { findings, linted, problems, fileProblems };
}

/** Exact id, else a unique prefix (as Alembic accepts). */
function resolveRevision(ids: string[], wanted: string): string | undefined {
  if (ids.includes(wanted)) return wanted;
  const matches = ids.filter((id) => id.startsWith(wanted));
  return matches.length === 1 ? matches[0] : undefined;
}

// script.py.mako without `import sqlmodel`: every autogenerated revision using AutoString fails.
function templateFinding(template: SourceFile, usesSqlmodel: boolean, config: LintConfig): Finding | undefined {
  const rule = sqlmodelTypeWithoutImport;
  const level = ruleLevel(config, rule.id, rule.severity);
  if (level === "off" || /^\s*import\s+sqlmodel\b/m.test(template.text)) return undefined;
  if (!usesSqlmodel) return undefined;
  const lines = template.text.split("\n");
  const saLine = lines.findIndex((l) => /^\s*import\s+sqlalchemy\b/.test(l));
  const line = saLine >= 0 ? saLine : 0;
  const data: LintFindingData = {
    rule: rule.id,
    docsUrl: docsUrl(rule),
    fix: { title: "Add import sqlmodel to the template", edits: [{ range: { start: { line: line + 1, character: 0 }, end: { line: line + 1, character: 0 } }, newText: "import sqlmodel\n" }] },
    ignoreLine: [],
    ignoreFile: [],
  };
  return {
    code: rule.id,
    severity: level,
    message: `${basename(template.path)} does not import sqlmodel, but revisions use sqlmodel types: every new autogenerated revision will fail with NameError until it is added.`,
    file: template.path,
    range: { start: { line, character: 0 }, end: { line, character: (lines[line] ?? "").length } },
    data,
  };
}

/** Rules registry re-exported for the editor (code actions, docs links). */
export { RULES };
