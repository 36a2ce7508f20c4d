import type { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import type { Clock } from '../shared/clock';
import type { TokenBucket } from '../shared/rate-limiter';
import type { StateStore } from '../store/state-store';
import { RequestBudget, ThrottleRetryPolicy } from '../polling/request-budget';

/** The store operations the inventory uses (the real `StateStore`, or an in-memory fake in unit tests). */
export type InventoryStore = Pick<
  StateStore,
  | 'get'
  | 'queryAll'
  | 'putIfNewer'
  | 'updateIfNewer'
  | 'delete'
  | 'tombstoneIfNewer'
  | 'claimTree'
  | 'commitTree'
  | 'abandonTree'
>;

export const DEFAULT_TOMBSTONE_RETENTION_HOURS = 168;

/** What the inventory cycle and `refreshFlow` need; created once per cold start by the handler (or by a test). */
export interface InventoryDeps {
  /** A client for one region; its region is the inventory's region. */
  readonly mediaConnect: MediaConnectClient;
  readonly store: InventoryStore;
  readonly clock: Clock;
  /**
   * The MediaConnect request budget of this process (5 requests/s, burst 30 per account and region by default). Shared
   * by cycles and refreshes, so keep one per process.
   */
  readonly limiter: TokenBucket;
  /** How long a deleted flow stays listed as deleted. @default 168 */
  readonly tombstoneRetentionHours?: number;
  /** The one retry layer of MediaConnect calls (the client makes one attempt). @default DEFAULT_THROTTLE_RETRY */
  readonly throttleRetry?: Partial<ThrottleRetryPolicy>;
  /** Sleep used for throttle backoff. @default sleep */
  readonly wait?: (ms: number) => Promise<void>;
  /** Jitter source. @default Math.random */
  readonly random?: () => number;
}

/** A fresh call budget (counters) over the deps' shared limiter. */
export function newApiBudget(deps: InventoryDeps): RequestBudget {
  return new RequestBudget(deps.limiter, {
    ...(deps.throttleRetry ? { retry: deps.throttleRetry } : {}),
    ...(deps.wait ? { wait: deps.wait } : {}),
    ...(deps.random ? { random: deps.random } : {}),
  });
}

/** The client's configured region (the SDK holds it as a provider). */
export async function clientRegion(client: MediaConnectClient): Promise<string> {
  return client.config.region();
}
