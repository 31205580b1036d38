// History problems found by the revision graph, reported as lint rules so they can be
// configured and suppressed like the others. The multiple-heads fix writes a merge revision.
import { followUpRevisionId, revisionFileText } from "../newRevision";
import type { LintContext, LintProblem, LintRule } from "../types";

function fromGraph(ctx: LintContext, code: string): LintProblem[] {
  return ctx.graphFindings.filter((f) => f.code === code && f.range).map((f) => ({ range: f.range!, message: f.message }));
}

export const multipleHeads: LintRule = {
  id: "multiple-heads",
  severity: "error",
  summary: "The history has several heads: `alembic upgrade head` fails",
  docs: "docs/rules/multiple-heads.md",
  equivalent: "pytest-alembic single_head_revision; Atlas non-linear history check",
  check(ctx) {
    const heads = [...ctx.heads].sort();
    return fromGraph(ctx, "graph-multiple-heads").map((p) => {
      // Same id on every head: applying the fix twice finds the file already written.
      if (heads.length < 2) return p;
      const id = followUpRevisionId(heads.join(","), "merge");
      return {
        ...p,
        newFile: {
          title: `Create merge revision ${id} joining ${heads.join(", ")}`,
          fileName: `${id}_merge_heads.py`,
          text: revisionFileText({ id, parents: heads, message: "Merge heads", upgrade: [], downgrade: [] }),
        },
      };
    });
  },
};

export const brokenDownRevision: LintRule = {
  id: "broken-down-revision",
  severity: "error",
  summary: "down_revision / depends_on names a revision no file declares",
  docs: "docs/rules/broken-down-revision.md",
  equivalent: "none (Alembic fails at startup)",
  check: (ctx) => fromGraph(ctx, "graph-missing-parent"),
};

export const duplicateRevisionId: LintRule = {
  id: "duplicate-revision-id",
  severity: "error",
  summary: "Two files declare the same revision id",
  docs: "docs/rules/duplicate-revision-id.md",
  equivalent: "none (Alembic warns and keeps one)",
  check: (ctx) => fromGraph(ctx, "graph-duplicate-revision"),
};
