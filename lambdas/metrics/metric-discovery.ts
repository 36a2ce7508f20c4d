import { paginateListMetrics, type CloudWatchClient, type Metric } from '@aws-sdk/client-cloudwatch';
import type { DiscoveredMetrics } from '../polling/metric-kind';
import { describeError } from '../shared/errors';

/**
 * What CloudWatch actually publishes in a namespace, for kinds whose dimension values are ambiguous (`MetricKind.
 * discovery`): one paginated ListMetrics per namespace, account and region (`RecentlyActive: PT3H`, so only metrics
 * with a datapoint in the last three hours), cached in module memory for the kind's TTL, so a warm metrics function
 * lists each namespace once per TTL, not once per cycle.
 *
 * A failed listing is never cached: the last good listing (if any) is used and called `stale`, else the kind falls
 * back as it documents (`failed`); the cycle's outcome says which.
 */

/** @default 15 minutes */
export const DEFAULT_DISCOVERY_TTL_MINUTES = 15;

/** ListMetrics' window for "recently active": the only value AWS accepts. */
export const RECENTLY_ACTIVE = 'PT3H';

export type DiscoveryState = 'listed' | 'cached' | 'stale' | 'failed';

/** How a cycle got one namespace's metrics. */
export interface DiscoveryResult {
  readonly state: DiscoveryState;
  /** Undefined when the listing failed and nothing was listed before. */
  readonly discovered?: DiscoveredMetrics;
  /** Metrics in the listing used. */
  readonly metrics: number;
  /** ListMetrics pages requested now. */
  readonly calls: number;
  readonly error?: string;
}

interface CacheEntry {
  readonly listedAtMs: number;
  readonly discovered: DiscoveredMetrics;
  readonly metrics: number;
}

/** A per-container cache of ListMetrics answers, keyed by namespace, account and region. */
export class MetricDiscovery {
  private readonly cache = new Map<string, CacheEntry>();

  /**
   * The namespace's published metrics: from the cache when younger than `ttlMinutes`, else listed now (and cached).
   * `cloudWatch` is the regional client of `account` and `region`.
   */
  async discover(
    cloudWatch: CloudWatchClient,
    where: { readonly namespace: string; readonly account: string; readonly region: string },
    nowMs: number,
    ttlMinutes = DEFAULT_DISCOVERY_TTL_MINUTES,
  ): Promise<DiscoveryResult> {
    const key = `${where.namespace}\u0000${where.account}\u0000${where.region}`;
    const cached = this.cache.get(key);
    if (cached && nowMs - cached.listedAtMs >= 0 && nowMs - cached.listedAtMs < ttlMinutes * 60_000)
      return { state: 'cached', discovered: cached.discovered, metrics: cached.metrics, calls: 0 };
    let calls = 0;
    try {
      const metrics: Metric[] = [];
      const pages = paginateListMetrics(
        { client: cloudWatch, stopOnSameToken: true },
        { Namespace: where.namespace, RecentlyActive: RECENTLY_ACTIVE },
      );
      for await (const page of pages) {
        calls++;
        metrics.push(...(page.Metrics ?? []));
      }
      const entry: CacheEntry = { listedAtMs: nowMs, discovered: indexMetrics(metrics), metrics: metrics.length };
      this.cache.set(key, entry);
      return { state: 'listed', discovered: entry.discovered, metrics: entry.metrics, calls };
    } catch (error) {
      const message = describeError(error);
      return cached
        ? { state: 'stale', discovered: cached.discovered, metrics: cached.metrics, calls, error: message }
        : { state: 'failed', metrics: 0, calls, error: message };
    }
  }

  /** Forgets every listing (tests; a cold start does the same). */
  clear(): void {
    this.cache.clear();
  }
}

/** The module's cache: it lives as long as the warm container. */
export const metricDiscovery = new MetricDiscovery();

/** ListMetrics' answer indexed for matching: every value of each dimension, and every dimension set of each metric. */
export function indexMetrics(metrics: readonly Metric[]): DiscoveredMetrics {
  const values = new Map<string, Set<string>>();
  const sets = new Map<string, Readonly<Record<string, string>>[]>();
  for (const metric of metrics) {
    const dims: Record<string, string> = {};
    for (const d of metric.Dimensions ?? []) {
      if (!d.Name || d.Value === undefined) continue;
      dims[d.Name] = d.Value;
      let known = values.get(d.Name);
      if (!known) values.set(d.Name, (known = new Set()));
      known.add(d.Value);
    }
    if (!metric.MetricName) continue;
    let list = sets.get(metric.MetricName);
    if (!list) sets.set(metric.MetricName, (list = []));
    list.push(Object.freeze(dims));
  }
  const none: ReadonlySet<string> = new Set();
  return {
    values: (dimension) => values.get(dimension) ?? none,
    dimensionSets: (metricName) => sets.get(metricName) ?? [],
  };
}
