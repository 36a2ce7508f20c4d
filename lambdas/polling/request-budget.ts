import { sleep } from '../shared/clock';
import { isThrottle, isTransient, ThrottledError } from '../shared/errors';
import type { TokenBucket } from '../shared/rate-limiter';

/**
 * The one retry layer of MediaConnect calls (the client itself makes one attempt per send; see shared/clients.ts).
 * MediaConnect allows 5 requests/s steady with a burst of 30 per account and region (HTTP 429
 * `TooManyRequestsException`); a throttle empties this function's token bucket and is retried, so the poll slows down
 * instead of failing. Server errors (5xx) and network errors are retried too. Anything else, `LimitExceededException`
 * and `NotFoundException` included, is surfaced at once. Full-jitter exponential backoff, at most `maxAttempts` (5)
 * attempts per call in all.
 */
export interface ThrottleRetryPolicy {
  /** Attempts per call including the first. @default 5 */
  readonly maxAttempts: number;
  /** @default 250 */
  readonly baseDelayMs: number;
  /** @default 8000 */
  readonly maxDelayMs: number;
}

export const DEFAULT_THROTTLE_RETRY: ThrottleRetryPolicy = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 8_000 };

/** Calls made and throttles met during one cycle (or one refresh). */
export interface CallStats {
  /** Requests sent, by API operation (one per logical request; SDK-internal retries are in `sdkRetries`). */
  calls: Record<string, number>;
  /** Throttle errors met (each one retried with backoff, up to the attempt limit). */
  throttles: number;
  /** Extra attempts the SDK made inside requests (`$metadata.attempts - 1`); 0 with the one-attempt client. */
  sdkRetries: number;
  /** Total time spent in our throttle backoff. */
  backoffMs: number;
}

export interface RequestBudgetOptions {
  retry?: Partial<ThrottleRetryPolicy>;
  /** @default sleep */
  wait?: (ms: number) => Promise<void>;
  /** @default Math.random */
  random?: () => number;
}

/**
 * Every MediaConnect request of a cycle goes through here: it takes a token from the shared rate limiter (which the
 * quota is spent from), counts the call, and, through `call`, retries throttles with jittered backoff.
 */
export class RequestBudget {
  private readonly stats: CallStats = { calls: {}, throttles: 0, sdkRetries: 0, backoffMs: 0 };
  private readonly policy: ThrottleRetryPolicy;
  private readonly wait: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly limiter: TokenBucket,
    options: RequestBudgetOptions = {},
  ) {
    this.policy = { ...DEFAULT_THROTTLE_RETRY, ...options.retry };
    this.wait = options.wait ?? sleep;
    this.random = options.random ?? Math.random;
  }

  /** One rate-limited, counted request, without our retry (the paginator restarts throttled pages itself). */
  async send<T>(operation: string, request: () => Promise<T>): Promise<T> {
    await this.limiter.acquire();
    this.stats.calls[operation] = (this.stats.calls[operation] ?? 0) + 1;
    try {
      const output = await request();
      this.countSdkRetries(output);
      return output;
    } catch (error) {
      this.countSdkRetries(error);
      if (isThrottle(error)) this.limiter.penalize();
      throw error;
    }
  }

  /**
   * A rate-limited, counted request whose throttles and transient errors are retried with backoff; `ThrottledError`
   * when throttling persists.
   */
  async call<T>(operation: string, request: () => Promise<T>): Promise<T> {
    return this.retryThrottles(operation, () => this.send(operation, request));
  }

  /**
   * Retries `attempt` while it throws a throttle or a transient error, up to the policy's attempts in all. Other errors
   * pass through at once; the last transient error is rethrown as it is.
   */
  async retryThrottles<T>(operation: string, attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        const throttled = isThrottle(error);
        if (!throttled && !isTransient(error)) throw error;
        if (!throttled) {
          if (n >= this.policy.maxAttempts) throw error;
          await this.backoff(n);
          continue;
        }
        this.stats.throttles++;
        if (n >= this.policy.maxAttempts) {
          throw new ThrottledError(
            `${operation} still throttled after ${n} attempts`,
            Math.ceil(this.policy.maxDelayMs / 1000),
          );
        }
        await this.backoff(n);
      }
    }
  }

  /** A copy of the counters so far. */
  snapshot(): CallStats {
    return { ...this.stats, calls: { ...this.stats.calls } };
  }

  /** What was spent since `before` (an earlier snapshot of this budget): one kind's share of a shared cycle budget. */
  since(before: CallStats): CallStats {
    const calls: Record<string, number> = {};
    for (const [operation, count] of Object.entries(this.stats.calls)) {
      const spent = count - (before.calls[operation] ?? 0);
      if (spent > 0) calls[operation] = spent;
    }
    return {
      calls,
      throttles: this.stats.throttles - before.throttles,
      sdkRetries: this.stats.sdkRetries - before.sdkRetries,
      backoffMs: this.stats.backoffMs - before.backoffMs,
    };
  }

  private async backoff(attempt: number): Promise<void> {
    const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
    const delay = Math.max(1, Math.round(this.random() * ceiling));
    this.stats.backoffMs += delay;
    await this.wait(delay);
  }

  private countSdkRetries(result: unknown): void {
    const attempts = (result as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;
    if (typeof attempts === 'number' && attempts > 1) this.stats.sdkRetries += attempts - 1;
  }
}
