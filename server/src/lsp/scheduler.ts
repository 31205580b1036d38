// Debounced, generation-counted analysis runs. Every request bumps the generation; a run that
// finishes after a newer request was made is stale and must not publish (`isCurrent`). Edits wait
// a short quiet period so a burst of keystrokes costs one analysis.

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
  private timer: unknown;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly run: AnalysisRun,
    private readonly delayMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly timers: Timers = NODE_TIMERS,
  ) {}

  /** Schedule a run after the quiet period (or at once), superseding any pending or running one. */
  request(immediate = false): number {
    const generation = ++this.generation;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (immediate || this.delayMs <= 0) this.start(generation);
    else
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        this.start(generation);
      }, this.delayMs);
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
      }
    });
  }
}
