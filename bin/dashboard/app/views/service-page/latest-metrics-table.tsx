import type { MetricDefinition } from '../../../../../lambdas/polling/metric-kind';
import { formatMetricValue, formatTime } from '../../model/format';
import { latestReadings, type LatestMetricsView } from '../../model/latest-metrics';

export interface LatestMetricsTableProps {
  /** What the values are of: `Pipeline 0`, `Channel`, `Output group hls on pipeline 1`. */
  label: string;
  metrics: LatestMetricsView | undefined;
  /** The service's metric catalog: units and order. */
  catalog: readonly MetricDefinition[];
}

/**
 * The latest value of each stored metric series, in its CloudWatch unit, as a table (the MediaLive and MediaPackage
 * detail routes carry the last datapoint of each series, not the history: the stored history is read by the flows'
 * metrics route only).
 */
export function LatestMetricsTable({ label, metrics, catalog }: LatestMetricsTableProps) {
  const readings = latestReadings(metrics, catalog);
  if (readings.length === 0) return <p class="empty">{label}: no metrics polled.</p>;
  return (
    <table class="data-table latest-metrics-table" aria-label={`${label} latest metrics`}>
      <caption>
        {label}
        {metrics?.lastPolledAt ? ` · polled ${formatTime(metrics.lastPolledAt)}` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col">Latest</th>
          <th scope="col">Minute</th>
        </tr>
      </thead>
      <tbody>
        {readings.map((reading) => (
          <tr key={reading.series} data-metric={reading.series}>
            <th scope="row">{reading.series}</th>
            <td class="numeric">
              {formatMetricValue(reading.value, reading.unit)}
              {reading.incomplete ? ` (incomplete: ${reading.incomplete})` : ''}
            </td>
            <td>
              <time dateTime={new Date(reading.at * 1000).toISOString()}>
                {formatTime(new Date(reading.at * 1000).toISOString())}
              </time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
