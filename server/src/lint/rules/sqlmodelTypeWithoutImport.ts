// Autogenerate writes sqlmodel.sql.sqltypes.AutoString() for `str` fields, but Alembic's default
// script.py.mako imports only sqlalchemy: the revision fails with NameError: name 'sqlmodel' is
// not defined. (The project check on script.py.mako is done by lintProject.)
import type { LintProblem, LintRule } from "../types";

export const sqlmodelTypeWithoutImport: LintRule = {
  id: "sqlmodel-type-without-import",
  severity: "error",
  summary: "sqlmodel.* used in a revision that does not import sqlmodel (NameError at upgrade)",
  docs: "docs/rules/sqlmodel-type-without-import.md",
  equivalent: "none",
  check(ctx) {
    const rev = ctx.revision;
    if (rev.imports.some((i) => i.local === "sqlmodel")) return [];
    const first = rev.dottedUses[0];
    if (!first) return [];
    const lines = rev.text.split("\n");
    let after = -1;
    lines.forEach((l, i) => {
      if (/^(import|from)\s/.test(l)) after = i;
    });
    const problem: LintProblem = {
      range: first.range,
      message: `${first.name} is used but this revision does not import sqlmodel: the upgrade fails with NameError. Add "import sqlmodel" (and to script.py.mako).`,
      fix: { title: "Add import sqlmodel", edits: [{ range: { start: { line: after + 1, character: 0 }, end: { line: after + 1, character: 0 } }, newText: "import sqlmodel\n" }] },
    };
    return [problem];
  },
};
