// The lint rules multiple-heads, broken-down-revision and duplicate-revision-id restate a
// revision-graph finding so it can carry a fix (a merge revision) and be suppressed like any rule.
// In the editor one squiggle is enough: where the lint twin exists, the graph finding is dropped.
import type { Finding } from "../findings/types";

const TWINS: Readonly<Record<string, string>> = {
  "multiple-heads": "graph-multiple-heads",
  "broken-down-revision": "graph-missing-parent",
  "duplicate-revision-id": "graph-duplicate-revision",
};

function place(code: string, f: Finding): string {
  return `${code}\u0000${f.file ?? ""}\u0000${f.range?.start.line ?? -1}`;
}

export function withoutLintTwins(findings: readonly Finding[], lint: readonly Finding[]): Finding[] {
  const twinned = new Set<string>();
  for (const f of lint) {
    const graphCode = TWINS[f.code];
    if (graphCode) twinned.add(place(graphCode, f));
  }
  if (twinned.size === 0) return [...findings];
  return findings.filter((f) => !twinned.has(place(f.code, f)));
}
