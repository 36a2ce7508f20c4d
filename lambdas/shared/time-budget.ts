import type { Clock } from './clock';

/**
 * The time an invocation has left for starting work. A Lambda is killed at its timeout, mid-write and without a status,
 * so a cycle asks before each call whether it can still start one: it can while the deadline is further away than the
 * safety margin (kept for what follows the calls: tombstones and the status write) plus the longest call seen so far.
 */
export class TimeBudget {
  private longestCallMs = 0;
  readonly safetyMarginMs: number;

  /**
   * @param deadlineMs epoch ms (on `clock`) at which the invocation is killed; undefined: no limit.
   * @param safetyMarginMs kept free before the deadline. @default 10 % of the time left now, at least 10 s
   */
  constructor(
    private readonly clock: Clock,
    readonly deadlineMs?: number,
    safetyMarginMs?: number,
  ) {
    const left = deadlineMs === undefined ? 0 : deadlineMs - clock.now();
    this.safetyMarginMs = safetyMarginMs ?? Math.max(MIN_SAFETY_MARGIN_MS, Math.round(left * 0.1));
  }

  /** True while one more call of the longest duration seen can start and end before the margin. */
  canStart(): boolean {
    if (this.deadlineMs === undefined) return true;
    return this.clock.now() + this.safetyMarginMs + this.longestCallMs <= this.deadlineMs;
  }

  /** Times `call`, so the next `canStart` allows for calls this long. */
  async time<T>(call: () => Promise<T>): Promise<T> {
    const started = this.clock.now();
    try {
      return await call();
    } finally {
      this.longestCallMs = Math.max(this.longestCallMs, this.clock.now() - started);
    }
  }
}

export const MIN_SAFETY_MARGIN_MS = 10_000;
