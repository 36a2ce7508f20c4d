/**
 * Loading the sparklines' series, pure (no DOM): each key (a resource ARN) is read at most once per `ttlMs`, callers
 * asking for the same key while it is read share the read, and at most `concurrency` reads run at once (the others
 * wait in order). The list asks only for the rows on screen, so scrolling through 1,000 flows reads the series of
 * the rows that were shown, a few at a time, and never the same one twice within a minute.
 */

export interface SeriesLoaderOptions {
  /** How long a read value stays fresh. @default 60_000 */
  ttlMs?: number;
  /** Reads at once. @default 6 */
  concurrency?: number;
  /** @default Date.now */
  now?: () => number;
}

/** Whether the caller still wants a read (an `AbortSignal` is one). */
export interface Wanted {
  readonly aborted: boolean;
}

interface Waiting {
  key: string;
  wanted: readonly Wanted[];
  run: () => void;
  drop: () => void;
}

export class SeriesLoader<T> {
  private readonly ttlMs: number;
  private readonly concurrency: number;
  private readonly now: () => number;
  private readonly fresh = new Map<string, { at: number; value: T }>();
  private readonly inFlight = new Map<string, { promise: Promise<T>; wanted: Wanted[] }>();
  private readonly queue: Waiting[] = [];
  private running = 0;

  constructor(options: SeriesLoaderOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.concurrency = Math.max(1, options.concurrency ?? 6);
    this.now = options.now ?? Date.now;
  }

  /** The value of `key` if read within the TTL. */
  peek(key: string): T | undefined {
    const entry = this.fresh.get(key);
    return entry && this.now() - entry.at < this.ttlMs ? entry.value : undefined;
  }

  /**
   * The value of `key`: the fresh one, the read in flight, or a new read by `read` once a slot is free. A failed read
   * is not cached (the next call reads again). A read whose every caller's `wanted` was aborted before its turn is
   * dropped (a row that scrolled away costs nothing) and rejects with LoadCancelledError.
   */
  load(key: string, read: () => Promise<T>, wanted?: Wanted): Promise<T> {
    const cached = this.peek(key);
    if (cached !== undefined) return Promise.resolve(cached);
    const pending = this.inFlight.get(key);
    if (pending) {
      pending.wanted.push(wanted ?? { aborted: false });
      return pending.promise;
    }
    const callers: Wanted[] = [wanted ?? { aborted: false }];
    const promise = new Promise<T>((resolve, reject) => {
      this.queue.push({
        key,
        wanted: callers,
        drop: () => reject(new LoadCancelledError(key)),
        run: () => {
          this.running++;
          read()
            .then((value) => {
              this.fresh.set(key, { at: this.now(), value });
              resolve(value);
            }, reject)
            .finally(() => {
              this.running--;
              this.pump();
            });
        },
      });
    }).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, { promise, wanted: callers });
    this.pump();
    return promise;
  }

  /** Reads running now, and waiting for a slot. */
  get pending(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queue.length };
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const next = this.queue.shift() as Waiting;
      if (next.wanted.every((w) => w.aborted)) next.drop();
      else next.run();
    }
  }
}

/** A read dropped before it started because no caller wanted it any more. */
export class LoadCancelledError extends Error {
  constructor(readonly key: string) {
    super(`The read of ${key} was cancelled`);
    this.name = 'LoadCancelledError';
  }
}

/** One metric series as `GET /flows/{arn}/metrics` (and the other services' metrics routes) return it. */
export interface MetricSeries {
  scope?: string;
  resourceArn?: string;
  metric: string;
  /** Epoch seconds, ascending. */
  t: number[];
  v: number[];
}

/**
 * The series a sparkline draws of a metrics answer: the named metric's series with the newest datapoint (a flow with
 * two sources has a `SourceBitRate` series per source: the one that is live wins), or undefined when there is none
 * with data.
 */
export function pickSeries(series: readonly MetricSeries[], metric: string): MetricSeries | undefined {
  let best: MetricSeries | undefined;
  for (const candidate of series) {
    if (candidate.metric !== metric || candidate.t.length === 0) continue;
    const last = candidate.t[candidate.t.length - 1] as number;
    const bestLast = best ? (best.t[best.t.length - 1] as number) : -Infinity;
    if (last > bestLast) best = candidate;
  }
  return best;
}
