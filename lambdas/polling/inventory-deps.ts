import type { Clock } from '../shared/clock';
import type { TokenBucket } from '../shared/rate-limiter';
import type { InventoryStore } from './inventory-store';
import { RequestBudget, ThrottleRetryPolicy } from './request-budget';

export const DEFAULT_TOMBSTONE_RETENTION_HOURS = 168;

/** An SDK v3 client: its configured region is the inventory's region. */
export interface RegionalClient {
  readonly config: { readonly region: () => Promise<string> };
}

/**
 * What the inventory cycle and the refresher of one service need; created once per cold start by the handler (or by
 * a test). The same shape for every service: only the client differs.
 */
export interface InventoryDeps<Client extends RegionalClient = RegionalClient> {
  /** The service's client for one region; its region is the inventory's region. */
  readonly client: Client;
  readonly store: InventoryStore;
  readonly clock: Clock;
  /**
   * This process's share of the service's request quota (MediaConnect: 5 requests/s, burst 30 per account and region).
   * Shared by cycles and refreshes, so keep one per process and service.
   */
  readonly limiter: TokenBucket;
  /**
   * The account of the resources, for refreshes of ARNs that carry none (moto's MediaLive ARNs). The cycle takes it
   * from its options. @default the ARN's account
   */
  readonly accountId?: string;
  /** How long a deleted resource stays listed as deleted. @default 168 */
  readonly tombstoneRetentionHours?: number;
  /** The one retry layer of the service's calls (the client makes one attempt). @default DEFAULT_THROTTLE_RETRY */
  readonly throttleRetry?: Partial<ThrottleRetryPolicy>;
  /** Sleep used for throttle backoff. @default sleep */
  readonly wait?: (ms: number) => Promise<void>;
  /** Jitter source. @default Math.random */
  readonly random?: () => number;
}

/** A fresh request budget (counters) over the deps' shared limiter. */
export function newRequestBudget(deps: InventoryDeps<RegionalClient>): RequestBudget {
  return new RequestBudget(deps.limiter, {
    ...(deps.throttleRetry ? { retry: deps.throttleRetry } : {}),
    ...(deps.wait ? { wait: deps.wait } : {}),
    ...(deps.random ? { random: deps.random } : {}),
  });
}

/** The client's configured region (the SDK holds it as a provider). */
export async function clientRegion(client: RegionalClient): Promise<string> {
  return client.config.region();
}

/**
 * The client, with every `send` going through the budget as `operation` (rate limit and counting, no retry: the engine
 * restarts a throttled listing at its page). SDK paginators need a real client instance, hence a proxy.
 */
export function budgetedClient<Client extends { send: (...args: never[]) => Promise<unknown> }>(
  client: Client,
  budget: RequestBudget,
  operation: string,
): Client {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'send') {
        const send = (target.send as (...args: unknown[]) => Promise<unknown>).bind(target);
        return (...args: unknown[]) => budget.send(operation, () => send(...args));
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
