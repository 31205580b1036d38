// The kubectl pick flow and exec path against a fake kubectl on PATH (test/fixtures/kubectl).
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { buildKubectlCommand } from "../../client/src/commands/commandLine";
import { kubectlRunner } from "../../client/src/commands/kubectlRunner";
import {
  parseWorkloadSetting,
  resolveKubeTarget,
  type KubeSettings,
  type PickItem,
  type Picker,
} from "../../client/src/commands/kubectlTargets";
import { rollbackPlan, runPlan } from "../../client/src/commands/rollback";
import { spawnCommandSpec } from "../helpers/commandsSpawn";

const FAKE_DIR = join(__dirname, "..", "fixtures", "kubectl");
const NOTHING_SET: KubeSettings = { context: "", namespace: "", deployment: "", container: "" };

let logDir: string;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  logDir = await mkdtemp(join(tmpdir(), "dmw-kubectl-"));
  env = { ...process.env, PATH: `${FAKE_DIR}${delimiter}${process.env.PATH ?? ""}`, FAKE_KUBECTL_LOG: join(logDir, "argv.jsonl") };
});
afterEach(async () => {
  await rm(logDir, { recursive: true, force: true });
});

async function recordedCalls(): Promise<string[][]> {
  const text = await readFile(join(logDir, "argv.jsonl"), "utf8").catch(() => "");
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

/** A picker that answers from a script of labels and keeps what it was shown. */
function scriptedPicker(answers: (string | undefined)[]) {
  const shown: { title: string; labels: string[]; descriptions: (string | undefined)[] }[] = [];
  const pick: Picker = async <T,>(title: string, items: PickItem<T>[]) => {
    shown.push({ title, labels: items.map((i) => i.label), descriptions: items.map((i) => i.description) });
    const answer = answers.shift();
    return items.find((i) => i.label === answer)?.value;
  };
  return { pick, shown };
}

describe("kubectl target pickers", () => {
  it("asks for context, namespace, workload and container when nothing is set", async () => {
    const picker = scriptedPicker(["gke-prod", "shop", "deployment/backend", "api"]);
    const outcome = await resolveKubeTarget(NOTHING_SET, kubectlRunner("kubectl", env), picker.pick);
    assert.deepEqual(outcome, {
      ok: true,
      target: { context: "gke-prod", namespace: "shop", kind: "deployment", name: "backend", container: "api" },
    });
    assert.deepEqual(picker.shown, [
      { title: "kubectl context", labels: ["kind-dev", "gke-prod", "gke-staging"], descriptions: ["current", undefined, undefined] },
      { title: "Namespace in gke-prod", labels: ["shop", "default", "kube-system"], descriptions: ["context default", undefined, undefined] },
      {
        title: "Deployment or pod in shop",
        labels: ["deployment/backend", "deployment/worker", "pod/backend-7c9d5b-x2x4k"],
        descriptions: ["2/2 ready", "1/1 ready", "Running"],
      },
      { title: "Container of deployment/backend", labels: ["api", "cloud-sql-proxy"], descriptions: ["default", undefined] },
    ]);
    assert.deepEqual(await recordedCalls(), [
      ["config", "get-contexts", "-o", "name"],
      ["config", "current-context"],
      ["config", "view", "--minify", "--context", "gke-prod", "-o", "jsonpath={..namespace}"],
      ["--context", "gke-prod", "get", "namespaces", "-o", "json"],
      ["--context", "gke-prod", "-n", "shop", "get", "deployments,pods", "-o", "json"],
    ]);
  });

  it("takes everything from the settings without calling kubectl", async () => {
    const picker = scriptedPicker([]);
    const settings = { context: "gke-prod", namespace: "shop", deployment: "pod/backend-0", container: "api" };
    const outcome = await resolveKubeTarget(settings, kubectlRunner("kubectl", env), picker.pick);
    assert.deepEqual(outcome, { ok: true, target: { context: "gke-prod", namespace: "shop", kind: "pod", name: "backend-0", container: "api" } });
    assert.deepEqual(picker.shown, []);
    assert.deepEqual(await recordedCalls(), []);
  });

  it("takes the only container of a configured deployment without asking", async () => {
    const picker = scriptedPicker([]);
    const settings = { context: "kind-dev", namespace: "shop", deployment: "worker", container: "" };
    const outcome = await resolveKubeTarget(settings, kubectlRunner("kubectl", env), picker.pick);
    assert.deepEqual(outcome, { ok: true, target: { context: "kind-dev", namespace: "shop", kind: "deployment", name: "worker", container: "worker" } });
    assert.deepEqual(picker.shown, []);
  });

  it("uses the context's namespace when listing namespaces is forbidden", async () => {
    env.FAKE_KUBECTL_FAIL = "namespaces";
    const picker = scriptedPicker(["pod/backend-7c9d5b-x2x4k", "api"]);
    const outcome = await resolveKubeTarget({ ...NOTHING_SET, context: "gke-prod" }, kubectlRunner("kubectl", env), picker.pick);
    assert.ok(outcome.ok);
    assert.equal(outcome.target.namespace, "shop");
    assert.deepEqual(picker.shown.map((s) => s.title), ["Deployment or pod in shop", "Container of pod/backend-7c9d5b-x2x4k"]);
  });

  it("reports a kubectl failure and a cancelled pick", async () => {
    env.FAKE_KUBECTL_FAIL = "deployments,pods";
    const failed = await resolveKubeTarget({ ...NOTHING_SET, context: "kind-dev", namespace: "default" }, kubectlRunner("kubectl", env), scriptedPicker([]).pick);
    assert.deepEqual(failed, {
      ok: false,
      cancelled: false,
      message: "kubectl could not list deployments and pods in default: Error from server (Forbidden): deployments,pods is forbidden",
    });
    delete env.FAKE_KUBECTL_FAIL;
    assert.deepEqual(await resolveKubeTarget(NOTHING_SET, kubectlRunner("kubectl", env), scriptedPicker([undefined]).pick), { ok: false, cancelled: true });
    const missing = await resolveKubeTarget(NOTHING_SET, kubectlRunner("no-such-kubectl-here", env), scriptedPicker([]).pick);
    assert.deepEqual(missing, { ok: false, cancelled: false, message: "kubectl could not list contexts: no-such-kubectl-here was not found on PATH" });
  });

  it("reads workload settings in kubectl's spellings", () => {
    assert.deepEqual(parseWorkloadSetting("backend"), { kind: "deployment", name: "backend" });
    assert.deepEqual(parseWorkloadSetting("deploy/backend"), { kind: "deployment", name: "backend" });
    assert.deepEqual(parseWorkloadSetting("pod/backend-0"), { kind: "pod", name: "backend-0" });
    assert.equal(parseWorkloadSetting("a b"), undefined);
    assert.equal(parseWorkloadSetting("statefulset/x/y"), undefined);
  });
});

describe("kubectl exec runs", () => {
  const target = { context: "gke-prod", namespace: "shop", kind: "deployment" as const, name: "backend", container: "api" };

  it("passes a hostile migration message through kubectl as one argument", async () => {
    const message = 'x"; rm -rf ~; "';
    const spec = buildKubectlCommand({ verb: "autogenerate", message }, { target });
    const run = await spawnCommandSpec(spec, env);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), ["alembic", "revision", "--autogenerate", "-m", message]);
    assert.deepEqual(await recordedCalls(), [
      ["--context", "gke-prod", "-n", "shop", "exec", "deployment/backend", "-c", "api", "--", "alembic", "revision", "--autogenerate", "-m", message],
    ]);
  });

  it("stops the rollback test at the first failing step", async () => {
    env.FAKE_KUBECTL_EXEC_EXIT = "1";
    const outcome = await runPlan(rollbackPlan(), async (action) => (await spawnCommandSpec(buildKubectlCommand(action, { target }), env)).code);
    assert.deepEqual(outcome, { steps: [{ action: { verb: "downgrade", target: "-1" }, exitCode: 1 }], failedAt: 0 });
    assert.equal((await recordedCalls()).length, 1);
  });

  it("runs both rollback steps in order when they succeed", async () => {
    const outcome = await runPlan(rollbackPlan(), async (action) => (await spawnCommandSpec(buildKubectlCommand(action, { target }), env)).code);
    assert.equal(outcome.failedAt, undefined);
    assert.deepEqual((await recordedCalls()).map((argv) => argv.slice(-2)), [["downgrade", "-1"], ["upgrade", "+1"]]);
  });
});
