// Code actions on lint diagnostics, built from the edits the linter prepared in Diagnostic.data:
// the rule's own fix (preferred), "ignore on this line", "ignore in this file", and the docs.
import * as path from "node:path";
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from "vscode-languageserver";
import type { LintFindingData } from "../lint/types";
import { createFileEdit } from "./codeActions";
import type { DiagnosticData } from "./diagnostics";
import { DIAGNOSTIC_SOURCE, ServerCommands } from "./protocol";
import { pathOf } from "./uris";

function lintDataOf(diagnostic: Diagnostic): LintFindingData | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data = diagnostic.data as DiagnosticData | undefined;
  if (data?.family !== "lint") return undefined;
  const payload = data.payload as LintFindingData | undefined;
  return payload && typeof payload.rule === "string" ? payload : undefined;
}

function editAction(title: string, uri: string, edits: TextEdit[], diagnostic: Diagnostic, preferred = false): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], ...(preferred ? { isPreferred: true } : {}), edit: { changes: { [uri]: edits } } };
}

export function lintCodeActions(uri: string, diagnostics: readonly Diagnostic[], canCreateFiles: boolean): CodeAction[] {
  const actions: CodeAction[] = [];
  const file = pathOf(uri);
  for (const diagnostic of diagnostics) {
    const data = lintDataOf(diagnostic);
    if (!data) continue;
    if (data.fix && data.fix.edits.length > 0) actions.push(editAction(data.fix.title, uri, data.fix.edits, diagnostic, true));
    if (data.newFile && canCreateFiles && file) {
      const edit = createFileEdit(path.join(path.dirname(file), data.newFile.fileName), data.newFile.text);
      actions.push({ title: data.newFile.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit });
    }
    if (data.ignoreLine.length > 0) actions.push(editAction(`Ignore ${data.rule} on this line`, uri, data.ignoreLine, diagnostic));
    if (data.ignoreFile.length > 0) actions.push(editAction(`Ignore ${data.rule} in this file`, uri, data.ignoreFile, diagnostic));
    actions.push({
      title: `Open docs for ${data.rule}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: `Open docs for ${data.rule}`, command: ServerCommands.openDocs, arguments: [data.docsUrl] },
    });
  }
  return actions;
}
