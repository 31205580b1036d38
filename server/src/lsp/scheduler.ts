// Debounced, generation-counted analysis runs. Every request bumps the generation; a run that
// finishes after a newer request was made is stale and must not publish (`isCurrent`).
// Leading and trailing edge: the first edit after a quiet period is analysed at once (next turn of
// the event loop, so messages already received are folded in), which keeps single edits fast;
// edits that follow within the quiet period wait for it, so a burst of keystrokes costs one run.

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const NODE_TIMERS: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => performance.now(),
};

export type AnalysisRun = (generation: number) => void | Promise<void>;

export class AnalysisScheduler {
  private generation = 0;
  private timer: unknown;
  private running: Promise<void> = Promise.resolve();
  private lastActivity = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly run: AnalysisRun,
    private readonly delayMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly timers: Timers = NODE_TIMERS,
  ) {}

  /** Schedule a run after the quiet period (or at once), superseding any pending or running one. */
  request(immediate = false): number {
    const generation = ++this.generation;
    const now = this.timers.now();
    const quiet = this.timer === undefined && now - this.lastActivity >= this.delayMs;
    this.lastActivity = now;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (immediate || this.delayMs <= 0) this.start(generation);
    else
      this.timer = this.timers.setTimeout(
        () => {
          this.timer = undefined;
          this.start(generation);
        },
        quiet ? 0 : this.delayMs,
      );
    return generation;
  }

  isCurrent(generation: number): boolean {
    return generation === this.generation;
  }

  /** Resolves when every run started so far has finished (used on shutdown and by tests). */
  idle(): Promise<void> {
    return this.running;
  }

  private start(generation: number): void {
    // Runs are chained so two never interleave; a run superseded while it waited is skipped.
    this.running = this.running.then(async () => {
      if (!this.isCurrent(generation)) return;
      try {
        await this.run(generation);
      } catch (error) {
        this.onError(error);
      } finally {
        this.lastActivity = this.timers.now();
      }
    });
  }
}
