// Builds the process to run for an Alembic action: locally in the folder of alembic.ini, or
// inside a Kubernetes workload through `kubectl exec`. The result is an argument vector that
// is run as a process (never joined into a shell string); see shellQuoting.ts for display.
import * as path from "node:path";
import { alembicArgs, type AlembicAction } from "./alembicVerbs";
import type { Invocation } from "./interpreter";

export interface CommandSpec {
  command: string;
  args: string[];
  /** Working directory; undefined for kubectl (the container's own working directory applies). */
  cwd?: string;
  /** Variables added to the inherited environment. */
  env: Record<string, string>;
}

export interface LocalRun {
  invocation: Invocation;
  /** Absolute path of the alembic.ini file. */
  iniPath: string;
  /** The configured database URL, when one is set. */
  databaseUrl?: string;
  /** Name of the variable env.py reads the URL from; DATABASE_URL unless configured. */
  databaseUrlEnvVar?: string;
}

export type WorkloadKind = "deployment" | "pod";

export interface KubeTarget {
  /** kubeconfig context; undefined means kubectl's current context. */
  context?: string;
  /** Namespace; undefined means the context's default namespace. */
  namespace?: string;
  kind: WorkloadKind;
  name: string;
  container?: string;
}

export interface KubectlRun {
  target: KubeTarget;
  /** The kubectl program; `kubectl` unless configured. */
  kubectl?: string;
  /** How Alembic is started inside the container; `["alembic"]` unless configured. */
  remoteAlembic?: string[];
}

/** `-c <file>` only when the ini has another name than alembic.ini (cwd is its folder). */
function configArgs(iniPath: string): string[] {
  const base = path.basename(iniPath);
  return base === "alembic.ini" ? [] : ["-c", base];
}

export function buildLocalCommand(action: AlembicAction, run: LocalRun): CommandSpec {
  const env: Record<string, string> = {};
  if (run.databaseUrl) env[run.databaseUrlEnvVar || "DATABASE_URL"] = run.databaseUrl;
  return {
    command: run.invocation.command,
    args: [...run.invocation.prefixArgs, ...configArgs(run.iniPath), ...alembicArgs(action)],
    cwd: path.dirname(run.iniPath),
    env,
  };
}

/** `kubectl --context C -n N exec deployment/X -c Y -- alembic <args>`. */
export function kubectlExecArgs(target: KubeTarget, remoteCommand: string[]): string[] {
  const args: string[] = [];
  if (target.context) args.push("--context", target.context);
  if (target.namespace) args.push("-n", target.namespace);
  args.push("exec", `${target.kind}/${target.name}`);
  if (target.container) args.push("-c", target.container);
  // `--` ends kubectl's own flags: everything after it goes to the container untouched.
  args.push("--", ...remoteCommand);
  return args;
}

/** The local database URL is never passed on: the workload has its own configuration. */
export function buildKubectlCommand(action: AlembicAction, run: KubectlRun): CommandSpec {
  const remote = run.remoteAlembic && run.remoteAlembic.length > 0 ? run.remoteAlembic : ["alembic"];
  return {
    command: run.kubectl || "kubectl",
    args: kubectlExecArgs(run.target, [...remote, ...alembicArgs(action)]),
    env: {},
  };
}

/** "deployment/backend (container api) in namespace prod, context gke-prod". */
export function describeTarget(target: KubeTarget): string {
  const container = target.container ? ` (container ${target.container})` : "";
  const namespace = target.namespace ?? "the context's default namespace";
  const context = target.context ?? "the current kubectl context";
  return `${target.kind}/${target.name}${container} in namespace ${namespace}, context ${context}`;
}
