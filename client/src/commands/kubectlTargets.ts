// Where a kubectl run goes: context, namespace, workload and container. Each comes from the
// settings when set, else from a pick among what kubectl lists. kubectl is reached through an
// injected runner (argument vectors only) and the choice through an injected picker, so the
// whole flow runs in tests against a fake kubectl with no VS Code.
import type { KubeTarget, WorkloadKind } from "./commandLine";

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}
export type KubectlRunner = (args: string[]) => Promise<KubectlResult>;

export interface PickItem<T> {
  label: string;
  description?: string;
  value: T;
}
/** Shows the items and resolves to the chosen value, or undefined when the user cancels. */
export type Picker = <T>(title: string, items: PickItem<T>[]) => Promise<T | undefined>;

export interface KubeSettings {
  context: string;
  namespace: string;
  /** `backend`, `deployment/backend` or `pod/backend-7c9d-x2x4`. */
  deployment: string;
  container: string;
}

export interface Workload {
  kind: WorkloadKind;
  name: string;
  containers: string[];
  /** From the `kubectl.kubernetes.io/default-container` annotation, when set. */
  defaultContainer?: string;
  /** Pod phase or deployment readiness, for the pick list. */
  status: string;
}

export type TargetOutcome = { ok: true; target: KubeTarget } | { ok: false; cancelled: boolean; message?: string };

export function parseContexts(stdout: string): string[] {
  return stdout.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
}

function jsonItems(stdout: string): Record<string, any>[] {
  try {
    const parsed = JSON.parse(stdout);
    return Array.isArray(parsed?.items) ? parsed.items.filter((i: unknown) => i && typeof i === "object") : [];
  } catch {
    return [];
  }
}

export function parseNamespaces(stdout: string): string[] {
  return jsonItems(stdout)
    .map((item) => item.metadata?.name)
    .filter((name): name is string => typeof name === "string");
}

const DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

/** Deployments first, then pods, each by name; other kinds are ignored. */
export function parseWorkloads(stdout: string): Workload[] {
  const out: Workload[] = [];
  for (const item of jsonItems(stdout)) {
    const name = item.metadata?.name;
    if (typeof name !== "string") continue;
    const kind: WorkloadKind | undefined = item.kind === "Deployment" ? "deployment" : item.kind === "Pod" ? "pod" : undefined;
    if (!kind) continue;
    const podSpec = kind === "deployment" ? item.spec?.template?.spec : item.spec;
    const annotations = (kind === "deployment" ? item.spec?.template?.metadata?.annotations : item.metadata?.annotations) ?? {};
    const containers = Array.isArray(podSpec?.containers)
      ? podSpec.containers.map((c: any) => c?.name).filter((n: unknown): n is string => typeof n === "string")
      : [];
    const status =
      kind === "pod"
        ? String(item.status?.phase ?? "unknown")
        : `${item.status?.readyReplicas ?? 0}/${item.spec?.replicas ?? item.status?.replicas ?? 0} ready`;
    const defaultContainer = typeof annotations[DEFAULT_CONTAINER] === "string" ? annotations[DEFAULT_CONTAINER] : undefined;
    out.push({ kind, name, containers, status, ...(defaultContainer ? { defaultContainer } : {}) });
  }
  const rank = (w: Workload) => (w.kind === "deployment" ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** `backend` -> deployment/backend; `pod/x` and `deployment/x` (also `deploy/x`, `po/x`) as written. */
export function parseWorkloadSetting(value: string): { kind: WorkloadKind; name: string } | undefined {
  const match = /^(?:(deployments?|deploy|pods?|po)\/)?([^/\s]+)$/.exec(value.trim());
  if (!match) return undefined;
  const kind: WorkloadKind = match[1] && match[1].startsWith("p") ? "pod" : "deployment";
  return { kind, name: match[2] };
}

function failure(what: string, result: KubectlResult): TargetOutcome {
  const reason = result.stderr.trim().split(/\r?\n/)[0] || `exit code ${result.code}`;
  return { ok: false, cancelled: false, message: `kubectl could not ${what}: ${reason}` };
}

const cancelled: TargetOutcome = { ok: false, cancelled: true };

/** Resolves context, namespace, workload and container; asks only for what the settings leave open. */
export async function resolveKubeTarget(settings: KubeSettings, kubectl: KubectlRunner, pick: Picker): Promise<TargetOutcome> {
  let context = settings.context;
  if (!context) {
    const listed = await kubectl(["config", "get-contexts", "-o", "name"]);
    if (listed.code !== 0) return failure("list contexts", listed);
    const contexts = parseContexts(listed.stdout);
    if (contexts.length === 0) return { ok: false, cancelled: false, message: "kubectl has no contexts configured." };
    const current = (await kubectl(["config", "current-context"])).stdout.trim();
    const ordered = [...contexts.filter((c) => c === current), ...contexts.filter((c) => c !== current)];
    const chosen = await pick("kubectl context", ordered.map((c) => ({ label: c, description: c === current ? "current" : undefined, value: c })));
    if (chosen === undefined) return cancelled;
    context = chosen;
  }

  let namespace = settings.namespace;
  if (!namespace) {
    const view = await kubectl(["config", "view", "--minify", "--context", context, "-o", "jsonpath={..namespace}"]);
    const contextDefault = (view.code === 0 && view.stdout.trim()) || "default";
    const listed = await kubectl(["--context", context, "get", "namespaces", "-o", "json"]);
    // Listing namespaces is often forbidden by RBAC: then the context's own namespace is used.
    const names = listed.code === 0 ? parseNamespaces(listed.stdout) : [];
    if (names.length === 0) namespace = contextDefault;
    else {
      const ordered = [...names.filter((n) => n === contextDefault), ...names.filter((n) => n !== contextDefault)];
      const chosen = await pick(`Namespace in ${context}`, ordered.map((n) => ({ label: n, description: n === contextDefault ? "context default" : undefined, value: n })));
      if (chosen === undefined) return cancelled;
      namespace = chosen;
    }
  }

  const fromSetting = settings.deployment ? parseWorkloadSetting(settings.deployment) : undefined;
  if (settings.deployment && !fromSetting) {
    return { ok: false, cancelled: false, message: `The deployment setting "${settings.deployment}" is not a workload name (e.g. backend or pod/backend-0).` };
  }
  let workload: { kind: WorkloadKind; name: string; containers: string[]; defaultContainer?: string } | undefined;
  if (fromSetting && settings.container) workload = { ...fromSetting, containers: [] };
  else {
    const listed = await kubectl(["--context", context, "-n", namespace, "get", "deployments,pods", "-o", "json"]);
    if (listed.code !== 0) return failure(`list deployments and pods in ${namespace}`, listed);
    const workloads = parseWorkloads(listed.stdout);
    if (fromSetting) {
      workload = workloads.find((w) => w.kind === fromSetting.kind && w.name === fromSetting.name) ?? { ...fromSetting, containers: [] };
    } else {
      if (workloads.length === 0) return { ok: false, cancelled: false, message: `No deployments or pods in namespace ${namespace} (context ${context}).` };
      workload = await pick(
        `Deployment or pod in ${namespace}`,
        workloads.map((w) => ({ label: `${w.kind}/${w.name}`, description: w.status, value: w })),
      );
      if (workload === undefined) return cancelled;
    }
  }

  let container: string | undefined = settings.container || undefined;
  if (!container && workload.containers.length === 1) container = workload.containers[0];
  else if (!container && workload.containers.length > 1) {
    const first = workload.defaultContainer;
    const ordered = [...workload.containers.filter((c) => c === first), ...workload.containers.filter((c) => c !== first)];
    container = await pick(`Container of ${workload.kind}/${workload.name}`, ordered.map((c) => ({ label: c, description: c === first ? "default" : undefined, value: c })));
    if (container === undefined) return cancelled;
  }
  return { ok: true, target: { context, namespace, kind: workload.kind, name: workload.name, ...(container ? { container } : {}) } };
}
