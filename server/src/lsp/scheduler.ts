// Generation-counted analysis runs. Every request bumps the generation; a run that finishes after
// a newer request was made is stale and must not publish (`isCurrent`).
// A request while nothing runs starts at once (on the next turn of the event loop, so messages
// already received are folded in): a single edit is never held back by a timer. Requests that
// arrive while a run is in flight coalesce: when that run ends, one run starts for the newest
// state. A burst of keystrokes therefore costs at most the run in flight plus one, however fast
// the typing, and the server never queues work it would throw away.

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const NODE_TIMERS: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export type AnalysisRun = (generation: number) => void | Promise<void>;

export class AnalysisScheduler {
  private generation = 0;
  /** A start is due on the next turn (set while the timer is pending). */
  private timer: unknown;
  /** A run is in flight; requests meanwhile only mark `pending`. */
  private busy = false;
  private pending = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly run: AnalysisRun,
    private readonly onError: (error: unknown) => void,
    private readonly timers: Timers = NODE_TIMERS,
  ) {}

  /**
   * Ask for a run of the newest state, superseding any pending or running one. `immediate` starts
   * it in this turn (after the run in flight, if any) instead of the next.
   */
  request(immediate = false): number {
    const generation = ++this.generation;
    if (this.busy) {
      this.pending = true;
      return generation;
    }
    if (immediate) {
      if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
      this.timer = undefined;
      this.start();
    } else if (this.timer === undefined) {
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        this.start();
      }, 0);
    }
    return generation;
  }

  isCurrent(generation: number): boolean {
    return generation === this.generation;
  }

  /** Resolves when every run asked for so far has finished (used on shutdown and by tests). */
  async idle(): Promise<void> {
    for (;;) {
      const running = this.running;
      await running;
      if (running === this.running && this.timer === undefined && !this.busy) return;
      if (this.timer !== undefined && !this.busy) {
        // A start due on the next turn: take it now so `idle` covers it.
        this.timers.clearTimeout(this.timer);
        this.timer = undefined;
        this.start();
      }
    }
  }

  private start(): void {
    this.busy = true;
    this.pending = false;
    const generation = this.generation;
    this.running = (async () => {
      await undefined; // after the caller's synchronous code, as a promise callback would
      try {
        await this.run(generation);
      } catch (error) {
        this.onError(error);
      } finally {
        this.busy = false;
      }
      // Requests made during the run: one more run, for the newest generation.
      if (this.pending) this.start();
    })();
  }
}
