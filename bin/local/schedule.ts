/**
 * A repeating task that never overlaps itself, like an EventBridge `rate()` rule whose target finishes before the
 * next tick: a run that is still going when the next one is due delays it. `runNow` joins a run in progress.
 */
export interface ScheduleState {
  readonly runs: number;
  readonly lastStartedAt?: number;
  readonly lastFinishedAt?: number;
  readonly lastError?: string;
  readonly nextAt?: number;
  readonly running: boolean;
}

export class RepeatingTask<T> {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<T> | undefined;
  private stopped = true;
  private mutable: {
    runs: number;
    lastStartedAt?: number;
    lastFinishedAt?: number;
    lastError?: string;
    nextAt?: number;
  } = { runs: 0 };

  constructor(
    readonly name: string,
    readonly everyMs: number,
    private readonly task: () => Promise<T>,
    private readonly now: () => number = Date.now,
  ) {
    if (!(everyMs > 0)) throw new RangeError(`${name}: the interval must be positive`);
  }

  get state(): ScheduleState {
    return { ...this.mutable, running: this.current !== undefined };
  }

  /** Starts ticking; the first tick is `everyMs` from now (call `runNow` for an immediate run). */
  start(): void {
    this.stopped = false;
    this.arm(this.everyMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    delete this.mutable.nextAt;
  }

  /** Runs the task now, or joins the run in progress. Rejects with the task's error. */
  runNow(): Promise<T> {
    if (this.current) return this.current;
    this.mutable.runs++;
    this.mutable.lastStartedAt = this.now();
    const run = this.task().then(
      (value) => {
        delete this.mutable.lastError;
        return value;
      },
      (error: unknown) => {
        this.mutable.lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw error;
      },
    );
    this.current = run;
    const settle = () => {
      this.mutable.lastFinishedAt = this.now();
      this.current = undefined;
    };
    run.then(settle, settle);
    return run;
  }

  private arm(delay: number): void {
    if (this.stopped) return;
    this.mutable.nextAt = this.now() + delay;
    this.timer = setTimeout(() => {
      this.runNow()
        .catch(() => undefined)
        .finally(() => this.arm(this.everyMs));
    }, delay);
    this.timer.unref();
  }
}
