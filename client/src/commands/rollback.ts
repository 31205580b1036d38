// "Test rollback": step down one revision and back up again, so a migration's downgrade() is
// exercised before it is needed in anger. Steps run in order and stop at the first failure.
import type { AlembicAction } from "./alembicVerbs";

export function rollbackPlan(): AlembicAction[] {
  return [
    { verb: "downgrade", target: "-1" },
    { verb: "upgrade", target: "+1" },
  ];
}

export interface StepOutcome {
  action: AlembicAction;
  exitCode: number;
}

export interface PlanOutcome {
  steps: StepOutcome[];
  /** Index of the failed step; undefined when every step succeeded. */
  failedAt?: number;
}

/** Runs each action with `runStep` (which resolves to the exit code) until one exits non-zero. */
export async function runPlan(
  plan: AlembicAction[],
  runStep: (action: AlembicAction, index: number) => Promise<number>,
): Promise<PlanOutcome> {
  const steps: StepOutcome[] = [];
  for (const [index, action] of plan.entries()) {
    const exitCode = await runStep(action, index);
    steps.push({ action, exitCode });
    if (exitCode !== 0) return { steps, failedAt: index };
  }
  return { steps };
}
