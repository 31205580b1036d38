// Giving the event loop a turn in the middle of long work: a setImmediate, not a resolved promise
// (microtasks run before I/O, so a database read or an incoming edit would still wait). Used
// between parsed files, between a check's file reads and between the warm-up's model files.

/** Resolves after pending I/O callbacks (and timers that are due) have run. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
