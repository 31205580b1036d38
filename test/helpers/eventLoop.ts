// Counts turns of the event loop: each turn runs the callback once and schedules it for the next.
// For tests of code that must yield while it works (long analyses, batches of parses).
export function eventLoopTurns(): { readonly count: number; stop(): void } {
  let count = 0;
  let counting = true;
  const tick = () => {
    count++;
    if (counting) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    get count() {
      return count;
    },
    stop() {
      counting = false;
    },
  };
}
