// Type preferences for new columns (squawk's type rules, with Alembic fixes): each rule picks
// the type sites it dislikes and, where there is one, the replacement source.
import { renderType } from "../../schema/columnTypes";
import { postgresqlImportEdits, typeSites, type TypeSite } from "../ruleKit";
import type { LintContext, LintProblem, LintRule, TextEdit } from "../types";

interface TypePreference {
  id: string;
  severity: LintRule["severity"];
  summary: string;
  equivalent: string;
  applies(site: TypeSite): boolean;
  message(site: TypeSite): string;
  replacement?(site: TypeSite): { source: string; title: string; needsPostgresql?: boolean };
}

function preferenceRule(p: TypePreference): LintRule {
  return {
    id: p.id,
    severity: p.severity,
    summary: p.summary,
    docs: `docs/rules/${p.id}.md`,
    equivalent: p.equivalent,
    check(ctx: LintContext): LintProblem[] {
      return typeSites(ctx)
        .filter((s) => p.applies(s))
        .map((site) => {
          const r = p.replacement?.(site);
          const edits: TextEdit[] = r ? [{ range: site.expr.range, newText: r.source }, ...(r.needsPostgresql ? postgresqlImportEdits(ctx) : [])] : [];
          return {
            range: site.expr.range,
            message: p.message(site),
            table: site.table,
            column: site.column,
            ...(r ? { fix: { title: r.title, edits } } : {}),
          };
        });
    },
  };
}

const where = (s: TypeSite): string => (s.table && s.column ? `${s.table}.${s.column}` : "This column");

export const preferTimestamptz = preferenceRule({
  id: "prefer-timestamptz",
  severity: "warning",
  summary: "timestamp without time zone: values lose their offset",
  equivalent: "squawk prefer-timestamptz",
  applies: (s) => s.type.kind === "datetime" && !s.type.timezone,
  message: (s) => `${where(s)} is timestamp without time zone: the offset of aware datetimes is dropped, and readers in other zones misread the value. Use DateTime(timezone=True).`,
  replacement: () => ({ source: "sa.DateTime(timezone=True)", title: "Use sa.DateTime(timezone=True)" }),
});

export const preferTextOverVarchar = preferenceRule({
  id: "prefer-text-over-varchar",
  severity: "off",
  summary: "varchar(n) where text would do (off by default)",
  equivalent: "squawk prefer-text-field",
  applies: (s) => s.type.kind === "string" && s.type.length !== undefined,
  message: (s) => `${where(s)} is ${renderType(s.type)}: raising the limit later is a migration; text with a CHECK on length is as fast.`,
  replacement: () => ({ source: "sa.Text()", title: "Use sa.Text()" }),
});

export const preferJsonb = preferenceRule({
  id: "prefer-jsonb",
  severity: "warning",
  summary: "json instead of jsonb: no indexing, no equality, re-parsed on every read",
  equivalent: "strong_migrations add_column_json; pg-migration-lint PGM106",
  applies: (s) => s.type.kind === "json",
  message: (s) => `${where(s)} is json: it cannot be indexed or compared and is re-parsed on every read. Use JSONB.`,
  replacement: () => ({ source: "postgresql.JSONB(astext_type=sa.Text())", title: "Use postgresql.JSONB", needsPostgresql: true }),
});

export const preferBigintPrimaryKey = preferenceRule({
  id: "prefer-bigint-primary-key",
  severity: "warning",
  summary: "integer primary key can run out of values (2.1 billion)",
  equivalent: "squawk prefer-bigint-over-int, prefer-bigint-over-smallint",
  applies: (s) => s.primaryKey && (s.type.kind === "integer" || s.type.kind === "smallint") && s.op.name !== "alter_column",
  message: (s) => `${where(s)} is an ${renderType(s.type)} primary key: it runs out at ${s.type.kind === "integer" ? "2,147,483,647" : "32,767"}, and widening it later rewrites the table. Use BigInteger.`,
  replacement: () => ({ source: "sa.BigInteger()", title: "Use sa.BigInteger()" }),
});

export const banCharField = preferenceRule({
  id: "ban-char-field",
  severity: "warning",
  summary: "char(n) pads values with spaces",
  equivalent: "squawk ban-char-field",
  applies: (s) => s.type.kind === "char",
  message: (s) => `${where(s)} is ${renderType(s.type)}: values are padded with spaces and compared oddly. Use String (varchar) or Text.`,
  replacement: (s) => ({ source: s.type.length !== undefined ? `sa.String(length=${s.type.length})` : "sa.String()", title: "Use sa.String" }),
});

