// Every Alembic command the extension contributes, as one table: its id, palette title, what it
// asks for, and the plan of Alembic actions it runs. The vscode registration iterates this table;
// package.json's `contributes.commands` must list the same ids (checked by a test).
import type { AlembicAction } from "./alembicVerbs";
import { rollbackPlan } from "./rollback";

export type CommandInput =
  | { kind: "none" }
  /** A revision picked from the history (or passed by the migration view / explorer). */
  | { kind: "revision"; extra: ("head" | "base")[]; prompt: string }
  | { kind: "message"; prompt: string };

export interface AlembicCommand {
  id: string;
  title: string;
  input: CommandInput;
  plan(value: string): AlembicAction[];
  /** Offered by "Run Alembic in Kubernetes…" too (autogenerate writes files, which belong in the repository). */
  inKubernetes: boolean;
}

const none: CommandInput = { kind: "none" };

export const ALEMBIC_COMMANDS: readonly AlembicCommand[] = [
  { id: "dbMigrationWizard.upgradeHead", title: "Upgrade to head", input: none, plan: () => [{ verb: "upgrade", target: "head" }], inKubernetes: true },
  { id: "dbMigrationWizard.upgradeOne", title: "Upgrade one revision (+1)", input: none, plan: () => [{ verb: "upgrade", target: "+1" }], inKubernetes: true },
  { id: "dbMigrationWizard.downgradeOne", title: "Downgrade one revision (-1)", input: none, plan: () => [{ verb: "downgrade", target: "-1" }], inKubernetes: true },
  {
    id: "dbMigrationWizard.upgradeTo",
    title: "Upgrade to revision…",
    input: { kind: "revision", extra: ["head"], prompt: "Upgrade the database to" },
    plan: (rev) => [{ verb: "upgrade", target: rev }],
    inKubernetes: true,
  },
  {
    id: "dbMigrationWizard.downgradeTo",
    title: "Downgrade to revision…",
    input: { kind: "revision", extra: ["base"], prompt: "Downgrade the database to" },
    plan: (rev) => [{ verb: "downgrade", target: rev }],
    inKubernetes: true,
  },
  { id: "dbMigrationWizard.showCurrent", title: "Show current revision", input: none, plan: () => [{ verb: "current" }], inKubernetes: true },
  { id: "dbMigrationWizard.showHistory", title: "Show history", input: none, plan: () => [{ verb: "history" }], inKubernetes: true },
  {
    id: "dbMigrationWizard.stamp",
    title: "Stamp revision (no migration runs)…",
    input: { kind: "revision", extra: ["head", "base"], prompt: "Record in alembic_version, without running migrations" },
    plan: (rev) => [{ verb: "stamp", target: rev }],
    inKubernetes: true,
  },
  {
    id: "dbMigrationWizard.testRollback",
    title: "Test rollback (downgrade -1, then upgrade +1)",
    input: none,
    plan: () => rollbackPlan(),
    inKubernetes: true,
  },
  {
    id: "dbMigrationWizard.autogenerate",
    title: "Generate migration with Alembic autogenerate…",
    input: { kind: "message", prompt: "Message for `alembic revision --autogenerate -m`" },
    plan: (message) => [{ verb: "autogenerate", message }],
    inKubernetes: false,
  },
];

export const KUBERNETES_COMMAND = { id: "dbMigrationWizard.runInKubernetes", title: "Run Alembic in Kubernetes (kubectl exec)…" } as const;
export const REFRESH_VIEW_COMMAND = { id: "dbMigrationWizard.refreshMigrationView", title: "Refresh migrations" } as const;

export function commandById(id: string): AlembicCommand | undefined {
  return ALEMBIC_COMMANDS.find((c) => c.id === id);
}
