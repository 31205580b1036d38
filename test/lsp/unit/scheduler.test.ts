import { strict as assert } from "node:assert";
import { test } from "node:test";
import { AnalysisScheduler, type Timers } from "../../../server/src/lsp/scheduler";

/** Manual timers: the test decides when the quiet period is over. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  const delays: number[] = [];
  let next = 0;
  const clock = { now: 1000 };
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      delays.push(ms);
      pending.set(++next, callback);
      return next;
    },
    clearTimeout: (handle) => pending.delete(handle as number),
    now: () => clock.now,
  };
  const fire = () => {
    const callbacks = [...pending.values()];
    pending.clear();
    for (const c of callbacks) c();
  };
  return { timers, fire, pending, delays, clock };
}

test("a burst of requests costs one run, with the newest generation", async () => {
  const { timers, fire, pending } = manualTimers();
  const runs: number[] = [];
  const scheduler = new AnalysisScheduler((g) => void runs.push(g), 60, (e) => assert.fail(String(e)), timers);
  scheduler.request();
  scheduler.request();
  const last = scheduler.request();
  assert.equal(pending.size, 1);
  fire();
  await scheduler.idle();
  assert.deepEqual(runs, [last]);
});

test("the first edit after a quiet period runs at once; edits within the quiet period wait for it", async () => {
  const { timers, fire, delays, clock } = manualTimers();
  const runs: number[] = [];
  const scheduler = new AnalysisScheduler((g) => void runs.push(g), 60, (e) => assert.fail(String(e)), timers);
  scheduler.request();
  assert.deepEqual(delays, [0]);
  fire();
  await scheduler.idle();
  clock.now += 10; // typing on: within the quiet period of the last run
  scheduler.request();
  assert.deepEqual(delays, [0, 60]);
  fire();
  await scheduler.idle();
  clock.now += 500; // a pause, then one more edit
  scheduler.request();
  assert.deepEqual(delays, [0, 60, 0]);
  fire();
  await scheduler.idle();
  assert.deepEqual(runs, [1, 2, 3]);
});

test("a run overtaken by a newer request knows it is stale and the newer one still runs", async () => {
  const { timers, fire } = manualTimers();
  const published: number[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const scheduler = new AnalysisScheduler(
    async (g) => {
      if (published.length === 0 && g === 1) await gate; // the first run waits (e.g. on the database)
      if (scheduler.isCurrent(g)) published.push(g);
    },
    60,
    (e) => assert.fail(String(e)),
    timers,
  );
  scheduler.request(true);
  const newer = scheduler.request();
  release();
  fire();
  await scheduler.idle();
  assert.deepEqual(published, [newer]);
});

test("an error in a run is reported and does not stop later runs", async () => {
  const errors: unknown[] = [];
  const runs: number[] = [];
  const scheduler = new AnalysisScheduler(
    (g) => {
      if (g === 1) throw new Error("boom");
      runs.push(g);
    },
    0,
    (e) => errors.push(e),
  );
  scheduler.request();
  await scheduler.idle();
  scheduler.request();
  await scheduler.idle();
  assert.equal(errors.length, 1);
  assert.deepEqual(runs, [2]);
});
