// SARIF 2.1.0 for `dmw lint --format sarif`, so CI can upload results (GitHub code scanning and
// others). One run; every registered rule is listed with its docs link; paths are relative to
// the root given as %SRCROOT%. Spec: OASIS SARIF v2.1.0, sections 3.14 (run), 3.27 (result).
import { docsUrlFor } from "../docsLocation";
import { pathToFileURL } from "node:url";
import type { Finding, Severity } from "../findings/types";
import { displayPath } from "../cli/format";
import { docsUrl, UNUSED_SUPPRESSION } from "./engine";
import type { LintRule } from "./types";

const SARIF_LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note", hint: "note" };

export function formatSarif(findings: readonly Finding[], rules: readonly LintRule[], root: string): string {
  const described = [
    ...rules.map((r) => ({ id: r.id, summary: r.summary, helpUri: docsUrl(r), level: r.severity })),
    { id: UNUSED_SUPPRESSION, summary: "A `# dmw: ignore` comment that silences nothing", helpUri: docsUrl({ docs: `docs/rules/${UNUSED_SUPPRESSION}.md` }), level: "warning" as const },
  ];
  const index = new Map(described.map((r, i) => [r.id, i]));
  const results = findings.map((f) => ({
    ruleId: f.code,
    ...(index.has(f.code) ? { ruleIndex: index.get(f.code) } : {}),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    ...(f.file
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(displayPath(f.file, root)), uriBaseId: "%SRCROOT%" },
                ...(f.range
                  ? {
                      region: {
                        startLine: f.range.start.line + 1,
                        startColumn: f.range.start.character + 1,
                        endLine: f.range.end.line + 1,
                        endColumn: f.range.end.character + 1,
                      },
                    }
                  : {}),
              },
            },
          ],
        }
      : {}),
  }));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "dmw",
            informationUri: docsUrlFor("docs/rules.md"),
            rules: described.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.summary },
              helpUri: r.helpUri,
              defaultConfiguration: r.level === "off" ? { enabled: false } : { level: SARIF_LEVEL[r.level] },
            })),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(root.endsWith("/") ? root : `${root}/`).href } },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
