import type { MetricDefinition, MetricUnit } from '../../../../lambdas/polling/metric-kind';

/**
 * The latest values the MediaLive and MediaPackage detail routes carry (`LatestMetrics`: the last datapoint of each
 * stored series, no history), as readings with their CloudWatch unit from the service's metric catalog. Pure.
 */

/** The API's latest-value view of a stored metrics item (lambdas/api/resource-listing.ts `LatestMetrics`). */
export interface LatestMetricsView {
  latest?: Readonly<Record<string, { t: number; v: number }>>;
  lastPolledAt?: string;
  incomplete?: Readonly<Record<string, string>>;
}

export interface MetricReading {
  /** The stored series name (`EgressRequestCount.5xx`). */
  readonly series: string;
  readonly value: number;
  /** The catalog's unit; `None` for a series the catalog does not name. */
  readonly unit: MetricUnit;
  /** The datapoint's minute, epoch seconds. */
  readonly at: number;
  /** CloudWatch's StatusCode when the last fetch of this series was incomplete (`PartialData`). */
  readonly incomplete?: string;
}

/**
 * The readings of one metrics item in the catalog's order (series the catalog does not know last, by name). A series
 * is found in the catalog by its `series` name, else by its metric name (`EgressRequestCount.2xx` →
 * `EgressRequestCount`).
 */
export function latestReadings(
  metrics: LatestMetricsView | undefined,
  catalog: readonly MetricDefinition[],
): MetricReading[] {
  const latest = metrics?.latest ?? {};
  const order = catalog.map((m) => m.series ?? m.name);
  const rank = (series: string) => {
    const exact = order.indexOf(series);
    if (exact >= 0) return exact;
    const byName = catalog.findIndex((m) => m.name === metricName(series));
    return byName >= 0 ? byName : order.length;
  };
  return Object.entries(latest)
    .filter(([, point]) => point && Number.isFinite(point.v))
    .map(([series, point]): MetricReading => {
      const definition = catalog.find((m) => (m.series ?? m.name) === series || m.name === metricName(series));
      const incomplete = metrics?.incomplete?.[series];
      return {
        series,
        value: point.v,
        unit: definition?.unit ?? 'None',
        at: point.t,
        ...(incomplete ? { incomplete } : {}),
      };
    })
    .sort((a, b) => rank(a.series) - rank(b.series) || a.series.localeCompare(b.series));
}

/** The CloudWatch metric a stored series is of: the part before a `.<dimension value>` suffix. */
export function metricName(series: string): string {
  const dot = series.indexOf('.');
  return dot < 0 ? series : series.slice(0, dot);
}
