import { strict as assert } from "node:assert";
import { test } from "node:test";
import { AnalysisScheduler, type Timers } from "../../../server/src/lsp/scheduler";

/** Manual timers: the test decides when the next turn comes. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  const delays: number[] = [];
  let next = 0;
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      delays.push(ms);
      pending.set(++next, callback);
      return next;
    },
    clearTimeout: (handle) => pending.delete(handle as number),
  };
  const fire = () => {
    const callbacks = [...pending.values()];
    pending.clear();
    for (const c of callbacks) c();
  };
  return { timers, fire, pending, delays };
}

/** A run that waits until the test opens its gate (an analysis still busy, e.g. on the database). */
function gated() {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  return { gate, open };
}

const settle = () => new Promise<void>((r) => setImmediate(r));

test("a request while idle is not held back: it starts on the next turn, with no delay", async () => {
  const { timers, fire, delays } = manualTimers();
  const runs: number[] = [];
  const scheduler = new AnalysisScheduler((g) => void runs.push(g), (e) => assert.fail(String(e)), timers);
  const first = scheduler.request();
  assert.deepEqual(delays, [0]);
  assert.deepEqual(runs, [], "not inside the request itself: messages already received are folded in first");
  fire();
  await scheduler.idle();
  assert.deepEqual(runs, [first]);
  // Right after a run (an edit, its diagnostic, then the undo at once): again no delay.
  const second = scheduler.request();
  assert.deepEqual(delays, [0, 0]);
  fire();
  await scheduler.idle();
  assert.deepEqual(runs, [first, second]);
});

test("requests in the same turn cost one run, with the newest generation", async () => {
  const { timers, fire, pending } = manualTimers();
  const runs: number[] = [];
  const scheduler = new AnalysisScheduler((g) => void runs.push(g), (e) => assert.fail(String(e)), timers);
  scheduler.request();
  scheduler.request();
  const last = scheduler.request();
  assert.equal(pending.size, 1);
  fire();
  await scheduler.idle();
  assert.deepEqual(runs, [last]);
});

test("requests while a run is in flight coalesce into one more run, for the newest state", async () => {
  const { timers, fire, pending } = manualTimers();
  const started: number[] = [];
  const published: number[] = [];
  const { gate, open } = gated();
  const scheduler = new AnalysisScheduler(
    async (g) => {
      started.push(g);
      if (started.length === 1) await gate;
      if (scheduler.isCurrent(g)) published.push(g);
    },
    (e) => assert.fail(String(e)),
    timers,
  );
  const first = scheduler.request();
  fire();
  await settle();
  assert.deepEqual(started, [first]);
  // Typing on while the first run is busy: no timers, no extra runs queued.
  scheduler.request();
  scheduler.request();
  const newest = scheduler.request();
  assert.equal(pending.size, 0);
  assert.equal(scheduler.isCurrent(first), false, "the run in flight knows it is stale");
  open();
  await scheduler.idle();
  assert.deepEqual(started, [first, newest], "exactly one more run, for the newest generation");
  assert.deepEqual(published, [newest], "the stale run did not publish");
});

test("an immediate request starts in this turn, and still waits for the run in flight", async () => {
  const { timers, pending } = manualTimers();
  const order: string[] = [];
  const { gate, open } = gated();
  const scheduler = new AnalysisScheduler(
    async (g) => {
      order.push(`start ${g}`);
      if (g === 1) await gate;
      order.push(`end ${g}`);
    },
    (e) => assert.fail(String(e)),
    timers,
  );
  scheduler.request(true);
  await settle();
  assert.deepEqual(order, ["start 1"]);
  scheduler.request(true);
  await settle();
  assert.deepEqual(order, ["start 1"], "no second run while the first is in flight");
  open();
  await scheduler.idle();
  assert.deepEqual(order, ["start 1", "end 1", "start 2", "end 2"]);
  assert.equal(pending.size, 0);
});

test("idle() covers a run that is due on the next turn", async () => {
  const { timers } = manualTimers();
  const runs: number[] = [];
  const scheduler = new AnalysisScheduler((g) => void runs.push(g), (e) => assert.fail(String(e)), timers);
  const generation = scheduler.request();
  await scheduler.idle();
  assert.deepEqual(runs, [generation]);
});

test("an error in a run is reported and does not stop later runs", async () => {
  const errors: unknown[] = [];
  const runs: number[] = [];
  const scheduler = new AnalysisScheduler(
    (g) => {
      if (g === 1) throw new Error("boom");
      runs.push(g);
    },
    (e) => errors.push(e),
  );
  scheduler.request();
  await scheduler.idle();
  scheduler.request();
  await scheduler.idle();
  assert.equal(errors.length, 1);
  assert.deepEqual(runs, [2]);
});
