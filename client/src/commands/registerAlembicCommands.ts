// Registers the Alembic commands (local terminal runs and kubectl exec runs) from the command
// table. Everything decided here comes from pure modules: the plan, the argv, the confirmation.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import * as vscode from "vscode";
import { resolveDatabaseUrl } from "../../../server/src/database/resolveUrl";
import type { ExtensionServices } from "../services";
import { describeAction, type AlembicAction } from "./alembicVerbs";
import { buildKubectlCommand, buildLocalCommand, describeTarget, type CommandSpec } from "./commandLine";
import { ALEMBIC_COMMANDS, KUBERNETES_COMMAND, type AlembicCommand } from "./commandTable";
import { confirmationFor, type RunPlace } from "./confirmation";
import { resolveInvocation } from "./interpreter";
import { kubectlRunner } from "./kubectlRunner";
import { resolveKubeTarget } from "./kubectlTargets";
import { selectedPython } from "./pythonInterpreter";
import { runPlan } from "./rollback";
import { quoteCommandLine, shellKindOf, UnquotableArgumentError } from "./shellQuoting";
import { runAsTask } from "./taskRunner";
import { askInput, quickPicker } from "./vscodePrompts";
import { locateProject, type WorkspaceProject } from "./workspaceProject";

type Where = "local" | "kubernetes";

export function registerAlembicCommands(services: ExtensionServices): void {
  for (const command of ALEMBIC_COMMANDS) {
    services.context.subscriptions.push(
      vscode.commands.registerCommand(command.id, (arg?: unknown) => guarded(services, () => runCommand(services, command, arg, "local"))),
    );
  }
  services.context.subscriptions.push(
    vscode.commands.registerCommand(KUBERNETES_COMMAND.id, (arg?: unknown) =>
      guarded(services, async () => {
        const choices = ALEMBIC_COMMANDS.filter((c) => c.inKubernetes);
        const command = await quickPicker("Alembic command to run in the cluster", choices.map((c) => ({ label: c.title, value: c })));
        if (command) await runCommand(services, command, arg, "kubernetes");
      }),
    ),
  );
}

/** No stack trace ever reaches the user: failures become one clear message. */
async function guarded(services: ExtensionServices, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    services.output.appendLine(`Alembic command failed: ${message}`);
    void vscode.window.showErrorMessage(`Alembic command failed: ${message}`);
  }
}

/** A revision passed by the migration view (an item with `revision`) or the explorer (a file URI). */
function revisionFromArgument(arg: unknown, project: WorkspaceProject): string | undefined {
  if (arg && typeof arg === "object" && typeof (arg as { revision?: unknown }).revision === "string") return (arg as { revision: string }).revision;
  if (arg instanceof vscode.Uri) {
    for (const [revision, file] of project.graph.revisions) if (file.path === arg.fsPath) return revision;
  }
  return undefined;
}

function displayLine(spec: CommandSpec, shell: ReturnType<typeof shellKindOf>): string {
  try {
    return quoteCommandLine([spec.command, ...spec.args], shell);
  } catch (error) {
    if (error instanceof UnquotableArgumentError) return `${JSON.stringify([spec.command, ...spec.args])} (cannot be typed into this shell as one line)`;
    throw error;
  }
}

function pythonFilesIn(dirs: string[]): Set<string> {
  const out = new Set<string>();
  for (const dir of dirs) {
    try {
      for (const name of readdirSync(dir)) if (name.endsWith(".py")) out.add(join(dir, name));
    } catch {
      // a missing folder has no files; discovery reports it
    }
  }
  return out;
}

async function runCommand(services: ExtensionServices, command: AlembicCommand, arg: unknown, where: Where): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : undefined;
  const project = locateProject(services, uri);
  if (!project) {
    void vscode.window.showWarningMessage("No alembic.ini found in this workspace (set dbMigrationWizard.alembicIni if it lives deeper).");
    return;
  }
  const status = services.status();
  const stamp = status && !status.offline ? status.dbRevisions : undefined;
  const passed = command.input.kind === "revision" ? revisionFromArgument(arg, project) : undefined;
  const value = passed ?? (await askInput(command.input, project, stamp));
  if (value === undefined) return;
  const plan = command.plan(value);
  const settings = services.settings(project.folder.uri);

  let place: RunPlace;
  let build: (action: AlembicAction) => CommandSpec;
  if (where === "local") {
    const invocation = resolveInvocation({
      ...(settings.alembicCommand ? { alembicCommand: settings.alembicCommand } : {}),
      selectedPython: settings.alembicCommand ? undefined : await selectedPython(project.folder.uri),
      iniDir: dirname(project.iniPath),
      platform: process.platform,
      exists: existsSync,
    });
    const databaseUrl = settings.databaseUrl || undefined;
    // Only the configured URL is passed on; for the confirmation, the URL env.py most likely
    // uses (setting, environment, .env, alembic.ini) tells whether the database is on this machine.
    const likelyUrl = resolveDatabaseUrl({
      explicit: databaseUrl,
      envVar: settings.databaseUrlEnvVar,
      alembicIni: project.iniPath,
      workspaceRoot: project.folder.uri.fsPath,
    })?.url;
    place = { kind: "local", databaseUrl: likelyUrl };
    build = (action) => buildLocalCommand(action, { invocation, iniPath: project.iniPath, databaseUrl, databaseUrlEnvVar: settings.databaseUrlEnvVar });
  } else {
    const outcome = await resolveKubeTarget(settings.kubernetes, kubectlRunner(), quickPicker);
    if (!outcome.ok) {
      if (outcome.message) void vscode.window.showWarningMessage(outcome.message);
      return;
    }
    place = { kind: "kubectl", target: outcome.target };
    build = (action) => buildKubectlCommand(action, { target: outcome.target });
  }

  const specs = plan.map(build);
  const lines = specs.map((spec) => displayLine(spec, shellKindOf(vscode.env.shell, process.platform))).join("\n");
  const confirmation = confirmationFor(plan, place);
  // kubectl runs always show the exact command first; local runs when they need a yes.
  if (confirmation || place.kind === "kubectl") {
    const question = confirmation?.message ?? (place.kind === "kubectl" ? `Run in ${describeTarget(place.target)}?` : "Run?");
    const go = confirmation?.confirmLabel ?? "Run";
    const choice = await vscode.window.showWarningMessage(question, { modal: true, detail: lines }, go, "Copy command");
    if (choice === "Copy command") {
      await vscode.env.clipboard.writeText(lines);
      return;
    }
    if (choice !== go) return;
  }

  services.output.appendLine(`Alembic: ${lines.replace(/\n/g, " ; ")}`);
  const filesBefore = pythonFilesIn(project.layout.versionsDirs);
  const outcome = await runPlan(plan, async (action, index) => (await runAsTask(specs[index], `${command.title} (${describeAction(action)})`, project.folder)) ?? -1);
  try {
    await services.refreshDatabase();
  } catch (error) {
    services.output.appendLine(`Refreshing the database schema failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  if (outcome.failedAt !== undefined) {
    const failed = outcome.steps[outcome.failedAt];
    const code = failed.exitCode === -1 ? "it did not run to the end" : `exit code ${failed.exitCode}`;
    const skipped = plan.length - outcome.steps.length;
    void vscode.window.showErrorMessage(`Alembic ${describeAction(failed.action)} failed (${code})${skipped > 0 ? `; ${skipped} later step(s) not run` : ""}. See the terminal for Alembic's output.`);
    return;
  }
  if (plan.length > 1) void vscode.window.showInformationMessage(`${command.title}: every step succeeded.`);
  if (plan.some((action) => action.verb === "autogenerate") && where === "local") {
    const created = [...pythonFilesIn(project.layout.versionsDirs)].filter((file) => !filesBefore.has(file));
    if (created.length === 1) await vscode.window.showTextDocument(vscode.Uri.file(created[0]));
  }
}
