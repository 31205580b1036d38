// Runs the registered rules over one parsed revision and turns their problems into Findings with
// prepared edits (rule fix, "ignore on this line", "ignore in this file") in `data`, so the
// editor's code actions need no state. Pure: no file system, no network.
import { docsUrlFor } from "../docsLocation";
import type { Finding, Severity } from "../findings/types";
import { emptySchema, type Schema } from "../schema/types";
import { defaultLintConfig, ruleLevel, type LintConfig } from "./config";
import { readingColumnsOnce } from "./opArgs";
import { RULES } from "./rules";
import { scanSql } from "./sqlScan";
import { ignoreFileEdits, ignoreLineEdits, isSuppressed, readSuppressions, unusedSuppressions, type SuppressionDirective } from "./suppression";
import type { ExecutedSql, LintContext, LintFindingData, LintOp, LintProblem, LintRevision, LintRule } from "./types";

export const UNUSED_SUPPRESSION = "unused-suppression";

export interface LintFileOptions {
  schemaBefore?: Schema;
  config?: LintConfig;
  /** Table -> pg_class.reltuples, when a database is connected. */
  rowEstimates?: Record<string, number>;
  /** Filled with every table whose row estimate the rules looked up (what the findings depend on). */
  rowsRead?: Set<string>;
  /** Override the registry (tests). */
  rules?: readonly LintRule[];
  /** Revision-graph findings pointing at this file, and the history's heads. */
  graphFindings?: Finding[];
  heads?: string[];
}

// One URL per page (and per DMW_DOCS_BASE_URL): every finding of a rule links the same page.
const docsUrls = new Map<string, string>();

export function docsUrl(rule: { docs: string }): string {
  const key = `${process.env.DMW_DOCS_BASE_URL ?? ""}\u0000${rule.docs}`;
  let url = docsUrls.get(key);
  if (url === undefined) docsUrls.set(key, (url = docsUrlFor(rule.docs)));
  return url;
}

export function buildContext(revision: LintRevision, options: LintFileOptions): LintContext {
  const schemaBefore = options.schemaBefore ?? emptySchema("history");
  const config = options.config ?? defaultLintConfig();
  const upgradeOps = revision.upgrade?.ops ?? [];
  const estimateOf = (table: string | undefined): number | undefined => {
    if (table === undefined) return undefined;
    options.rowsRead?.add(table);
    return options.rowEstimates?.[table];
  };
  const upgradeSql: ExecutedSql[] = [];
  for (const op of upgradeOps) {
    if (op.name === "execute" && op.sql !== undefined) for (const statement of scanSql(op.sql)) upgradeSql.push({ op, statement });
  }
  return {
    revision,
    schemaBefore,
    historyKnown: options.schemaBefore !== undefined,
    settings: { postgresVersion: config.postgresVersion, lockTimeoutInEnv: config.lockTimeoutInEnv },
    createdBefore(op: LintOp): Set<string> {
      const created = new Set<string>();
      for (const other of upgradeOps) {
        if (other.index >= op.index) break;
        if (other.name === "create_table" && other.table) created.add(other.table);
      }
      for (const sql of upgradeSql) {
        if (sql.op.index >= op.index) break;
        if (sql.statement.kind === "other" && /^CREATE$/i.test(sql.statement.keyword)) {
          const m = /^\s*create\s+(?:unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?(?:\w+\.)?"?(\w+)"?/i.exec(sql.statement.text);
          if (m) created.add(m[1]);
        }
      }
      return created;
    },
    tableExistedBefore: (table: string) => Object.prototype.hasOwnProperty.call(schemaBefore.tables, table),
    upgradeSql,
    graphFindings: options.graphFindings ?? [],
    heads: options.heads ?? [],
    // reltuples is -1 for a table never analysed: unknown, not empty.
    rowEstimate(table: string | undefined): number | undefined {
      const n = estimateOf(table);
      return n !== undefined && n >= 0 ? n : undefined;
    },
    rowNote(table: string | undefined): string | undefined {
      const n = estimateOf(table);
      return n !== undefined && n > 0 ? `${table} has about ${humanCount(n)} rows` : undefined;
    },
  };
}

/** 2300000 -> "2.3 million"; 45000 -> "45 thousand"; 120 -> "120". */
export function humanCount(n: number): string {
  const fmt = (x: number): string => (x >= 10 ? String(Math.round(x)) : String(Math.round(x * 10) / 10));
  if (n >= 1e9) return `${fmt(n / 1e9)} billion`;
  if (n >= 1e6) return `${fmt(n / 1e6)} million`;
  if (n >= 1e4) return `${fmt(n / 1e3)} thousand`;
  return String(Math.round(n));
}

/** Lints one revision. Problems silenced by `# dmw: ignore` are dropped; unused directives are reported. */
export function lintFile(revision: LintRevision, options: LintFileOptions = {}): Finding[] {
  const config = options.config ?? defaultLintConfig();
  const rules = options.rules ?? RULES;
  const ctx = buildContext(revision, { ...options, config });
  const directives = readSuppressions(revision.text);
  const findings: Finding[] = [];
  const enabled = new Set<string>();
  const runs: { rule: LintRule; problems: LintProblem[] }[] = [];
  readingColumnsOnce(() => {
    for (const rule of rules) {
      if (ruleLevel(config, rule.id, rule.severity) === "off") continue;
      enabled.add(rule.id);
      runs.push({ rule, problems: safeCheck(rule, ctx) });
    }
  });
  for (const { rule, problems } of runs) {
    const configured = config.severities[rule.id];
    for (const p of problems) {
      if (isSuppressed(directives, rule.id, p.range.start.line)) continue;
      const level = (configured ?? p.severity ?? rule.severity) as Severity;
      findings.push(toFinding(revision, rule, level, p, directives));
    }
  }
  const unusedLevel = ruleLevel(config, UNUSED_SUPPRESSION, "warning");
  if (unusedLevel !== "off") {
    for (const u of unusedSuppressions(revision.text, directives, enabled)) {
      findings.push({
        code: UNUSED_SUPPRESSION,
        severity: unusedLevel,
        message: u.message,
        file: revision.file,
        range: u.range,
        data: {
          rule: UNUSED_SUPPRESSION,
          docsUrl: docsUrlFor(`docs/rules/${UNUSED_SUPPRESSION}.md`),
          fix: { title: "Remove the unused suppression", edits: [u.removal] },
          ignoreLine: [],
          ignoreFile: [],
        } satisfies LintFindingData,
      });
    }
  }
  return findings.sort((a, b) => (a.range!.start.line - b.range!.start.line) || (a.range!.start.character - b.range!.start.character));
}

// A rule that throws on odd input must not take the others down: it reports nothing for the file.
function safeCheck(rule: LintRule, ctx: LintContext): LintProblem[] {
  try {
    return rule.check(ctx);
  } catch (error) {
    if (process.env.DMW_DEBUG) process.stderr.write(`lint rule ${rule.id} failed: ${(error as Error).stack}\n`);
    return [];
  }
}

function toFinding(revision: LintRevision, rule: LintRule, severity: Severity, p: LintProblem, directives: SuppressionDirective[]): Finding {
  const data: LintFindingData = {
    rule: rule.id,
    docsUrl: docsUrl(rule),
    ...(p.fix ? { fix: p.fix } : {}),
    ...(p.newFile ? { newFile: p.newFile } : {}),
    ignoreLine: ignoreLineEdits(revision.text, rule.id, p.range.start.line, directives),
    ignoreFile: ignoreFileEdits(revision.text, rule.id, directives),
  };
  return {
    code: rule.id,
    severity,
    message: p.message,
    file: revision.file,
    range: p.range,
    ...(p.table ? { table: p.table } : {}),
    ...(p.column ? { column: p.column } : {}),
    data,
  };
}
