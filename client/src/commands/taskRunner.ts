// Runs a CommandSpec as a VS Code Task with a ProcessExecution (program + argument vector, no
// shell), so its output stays in the terminal panel and its exit code comes back to us.
import * as vscode from "vscode";
import type { CommandSpec } from "./commandLine";
import { TASK_TYPE_NAME } from "./taskType";

/** Resolves to the process exit code; undefined when the task was terminated or never started. */
export async function runAsTask(spec: CommandSpec, name: string, folder: vscode.WorkspaceFolder | undefined): Promise<number | undefined> {
  const execution = new vscode.ProcessExecution(spec.command, spec.args, {
    ...(spec.cwd ? { cwd: spec.cwd } : {}),
    // Merged into the inherited environment by VS Code; never shown in the terminal.
    env: spec.env,
  });
  const task = new vscode.Task({ type: TASK_TYPE_NAME, args: spec.args }, folder ?? vscode.TaskScope.Workspace, name, "Alembic", execution, []);
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: false, showReuseMessage: false };

  // Subscribe before starting: a very short process can end before executeTask resolves.
  const ended = new Map<vscode.TaskExecution, number | undefined>();
  let started: vscode.TaskExecution | undefined;
  return new Promise<number | undefined>((resolve) => {
    const finish = (code: number | undefined): void => {
      processEnd.dispose();
      taskEnd.dispose();
      resolve(code);
    };
    const processEnd = vscode.tasks.onDidEndTaskProcess((event) => {
      if (started && event.execution === started) finish(event.exitCode);
      else ended.set(event.execution, event.exitCode);
    });
    // A task that fails to start (program not found) ends without a process end event.
    const taskEnd = vscode.tasks.onDidEndTask((event) => {
      if (started && event.execution === started) setImmediate(() => finish(ended.get(started!)));
    });
    vscode.tasks.executeTask(task).then(
      (execution) => {
        started = execution;
        if (ended.has(execution)) finish(ended.get(execution));
      },
      () => finish(undefined),
    );
  });
}
