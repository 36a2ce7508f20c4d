import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** The counters the ingest function publishes (namespace `MediaMonitor`). */
export type IngestMetricName =
  | 'MessagesApplied'
  | 'UnparsedMessages'
  | 'DuplicateMessages'
  | 'MessagesFailed'
  | 'RepollsIssued'
  | 'RepollsCoalesced'
  | 'RepollsFailed'
  | 'RepollsSkipped'
  | 'TrailingRepollsScheduled'
  /** CloudTrail change calls applied as ignored: failed, read-only, unwatched, or on another account's resources. */
  | 'ChangeCallsIgnored'
  /** Resources named by change calls in another account than the event's, dropped. */
  | 'ChangeTargetsForeign'
  /** Watched change calls that named no resource the ingest could read or find. */
  | 'ChangeCallsUnresolved'
  /** Messages from an account and Region the deployment does not watch: dropped before any write, never stored. */
  | 'EventsForeignAccount'
  /** Re-polls asked for resources of no watched target: not re-polled, no claim written. */
  | 'RepollsForeignAccount';

/** Where the domain counts what it did: Powertools Metrics (EMF) in Lambda, a plain counter in tests and the bench. */
export interface IngestMetrics {
  count(name: IngestMetricName, value?: number): void;
}

export const INGEST_METRICS_NAMESPACE = 'MediaMonitor';

/** Counts in memory. */
export class CountingMetrics implements IngestMetrics {
  readonly counts: Partial<Record<IngestMetricName, number>> = {};

  count(name: IngestMetricName, value = 1): void {
    this.counts[name] = (this.counts[name] ?? 0) + value;
  }

  get(name: IngestMetricName): number {
    return this.counts[name] ?? 0;
  }
}

/** Counts into a Powertools `Metrics` instance; the handler's `logMetrics` middleware flushes them as EMF. */
export function powertoolsIngestMetrics(metrics: Metrics): IngestMetrics {
  return {
    count(name, value = 1) {
      if (value > 0) metrics.addMetric(name, MetricUnit.Count, value);
    },
  };
}
