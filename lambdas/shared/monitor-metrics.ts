import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetadataBearer } from '@smithy/types';
import type { RawMessage } from '../events/event-model';
import type { IngestResult } from '../events/ingest';
import type { InventoryCycleOutcome } from '../polling/inventory-cycle';
import type { MetricsPollOutcome } from '../metrics/metrics-poller';

/**
 * The monitor's own metrics, published as CloudWatch embedded metric format (EMF) through Powertools Metrics: one
 * setup for every function, namespace `MediaMonitor`, dimensions `service` (the function) and `poller`.
 * lib/monitor-alarms.ts alarms on them; the names below are the contract between the two.
 */
export const MONITOR_METRICS_NAMESPACE = 'MediaMonitor';

export const MonitorMetric = {
  /** 1 per finished scheduled cycle: no datapoint for 3 periods means the poller has stopped. */
  pollCompleted: 'PollCompleted',
  pollDuration: 'PollDuration',
  /** Requests per AWS operation (dimension `operation`), one per logical request. */
  apiCalls: 'ApiCalls',
  /** Throttle errors per AWS operation that reached our code after the SDK's own retries. */
  apiThrottles: 'ApiThrottles',
  /** Extra attempts the SDK made inside requests, per operation (mostly throttles under adaptive retry). */
  apiRetries: 'ApiRetries',
  resourcesPolled: 'ResourcesPolled',
  resourcesFailed: 'ResourcesFailed',
  /** 1 when the inventory listing was incomplete (nothing was tombstoned), else 0. */
  incompleteListing: 'IncompleteListing',
  /** Seconds since the stalest flow the metrics poller looked at was last polled. */
  oldestPollAge: 'OldestPollAge',
  /** Milliseconds from the queue accepting a message (or the function receiving it) to its state being visible. */
  ingestLag: 'IngestLag',
  /** 1 per poller run whose target's credentials failed (dimension `Target` = `<account>#<region>`): nothing was polled. */
  targetCredentialFailures: 'TargetCredentialFailures',
  /** Resources a re-poll named that no watched target holds (an unwatched account or Region): dropped. */
  repollsForeignAccount: 'RepollsForeignAccount',
} as const;
export type MonitorMetricName = (typeof MonitorMetric)[keyof typeof MonitorMetric];

/** A Powertools metric unit (`Count`, `Milliseconds`, …). */
export type MonitorMetricUnit = (typeof MetricUnit)[keyof typeof MetricUnit];

/** Where the functions put their own metrics: Powertools Metrics in Lambda, a recorder in tests. */
export interface MonitorMetricSink {
  add(
    name: MonitorMetricName,
    unit: MonitorMetricUnit,
    value: number,
    dimensions?: Readonly<Record<string, string>>,
  ): void;
}

/** The Powertools Metrics of one function; the handler's `logMetrics` middleware flushes them after each invocation. */
export function createMonitorMetrics(service: string, poller?: string): Metrics {
  return new Metrics({
    namespace: MONITOR_METRICS_NAMESPACE,
    serviceName: service,
    ...(poller ? { defaultDimensions: { poller } } : {}),
  });
}

/**
 * A sink over Powertools Metrics. Metrics with extra dimensions (an operation) go out as single metrics, each its own
 * EMF document with the default dimensions plus its own.
 */
export function powertoolsSink(metrics: Metrics): MonitorMetricSink {
  return {
    add(name, unit, value, dimensions) {
      if (!dimensions || Object.keys(dimensions).length === 0) {
        metrics.addMetric(name, unit, value);
        return;
      }
      const single = metrics.singleMetric();
      single.addDimensions({ ...dimensions });
      single.addMetric(name, unit, value);
    },
  };
}

/**
 * A watched target whose credentials failed: counted per target (dimension `Target`, to find it) and in the poller's
 * total (its default dimensions only), which the monitor's alarm reads: an alarm needs fixed dimensions.
 */
export function recordTargetCredentialFailure(sink: MonitorMetricSink, target: string): void {
  sink.add(MonitorMetric.targetCredentialFailures, MetricUnit.Count, 1, { Target: target });
  sink.add(MonitorMetric.targetCredentialFailures, MetricUnit.Count, 1);
}

/** Counts each AWS request a client sends, by operation: calls, throttles that reached our code, and SDK retries. */
export class CallTally {
  private readonly byOperation = new Map<string, { calls: number; throttles: number; retries: number }>();

  record(operation: string, outcome: { throttled: boolean; attempts: number }): void {
    const entry = this.byOperation.get(operation) ?? { calls: 0, throttles: 0, retries: 0 };
    entry.calls++;
    if (outcome.throttled) entry.throttles++;
    entry.retries += Math.max(0, outcome.attempts - 1);
    this.byOperation.set(operation, entry);
  }

  /** Publishes the counts since the last drain and starts again (one drain per invocation). */
  drainTo(sink: MonitorMetricSink): void {
    for (const [operation, { calls, throttles, retries }] of this.byOperation) {
      const dimensions = { operation };
      sink.add(MonitorMetric.apiCalls, MetricUnit.Count, calls, dimensions);
      sink.add(MonitorMetric.apiThrottles, MetricUnit.Count, throttles, dimensions);
      if (retries > 0) sink.add(MonitorMetric.apiRetries, MetricUnit.Count, retries, dimensions);
    }
    this.byOperation.clear();
  }
}

const THROTTLE_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'RequestThrottledException',
  'LimitExceededException',
]);

export function isThrottle(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return THROTTLE_ERRORS.has(e?.name ?? '') || e?.$metadata?.httpStatusCode === 429;
}

/** An SDK v3 client's middleware stack, as far as counting calls needs it. */
interface ClientWithStack {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<{ output: MetadataBearer }>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<{ output: MetadataBearer }>,
      options: { step: 'initialize'; name: string; override?: boolean },
    ): void;
  };
}

/**
 * Counts every request the client sends into `tally`, by command name (`DescribeFlowCommand` → `DescribeFlow`). It
 * sits in the initialize step, outside the SDK's retries: one count per logical request, the retries from `$metadata`.
 */
export function countCalls<C>(client: C, tally: CallTally): C {
  (client as unknown as ClientWithStack).middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      try {
        const result = await next(args);
        tally.record(operation, { throttled: false, attempts: result.output.$metadata?.attempts ?? 1 });
        return result;
      } catch (error) {
        const attempts = (error as MetadataBearer).$metadata?.attempts ?? 1;
        tally.record(operation, { throttled: isThrottle(error), attempts });
        throw error;
      }
    },
    { step: 'initialize', name: 'mediaMonitorCallCounter', override: true },
  );
  return client;
}

/** What an inventory cycle says about the poller's health. */
export function recordInventoryCycle(sink: MonitorMetricSink, outcome: InventoryCycleOutcome): void {
  sink.add(MonitorMetric.pollCompleted, MetricUnit.Count, 1);
  sink.add(MonitorMetric.pollDuration, MetricUnit.Milliseconds, outcome.durationMs);
  sink.add(MonitorMetric.resourcesPolled, MetricUnit.Count, outcome.resourcesListed);
  sink.add(MonitorMetric.resourcesFailed, MetricUnit.Count, outcome.changes.failed);
  sink.add(MonitorMetric.incompleteListing, MetricUnit.Count, outcome.listing === 'complete' ? 0 : 1);
}

/**
 * What a metrics cycle says about the poller's health. A targeted re-poll (the real-time path) is not a cycle: it
 * publishes its duration and failures only, so `PollCompleted` keeps meaning "the schedule ran".
 */
export function recordMetricsCycle(sink: MonitorMetricSink, outcome: MetricsPollOutcome): void {
  if (outcome.mode === 'scheduled') sink.add(MonitorMetric.pollCompleted, MetricUnit.Count, 1);
  sink.add(MonitorMetric.pollDuration, MetricUnit.Milliseconds, outcome.durationMs);
  sink.add(MonitorMetric.resourcesPolled, MetricUnit.Count, outcome.polled);
  sink.add(MonitorMetric.resourcesFailed, MetricUnit.Count, outcome.failed);
  if (outcome.oldestPollAgeSeconds !== undefined)
    sink.add(MonitorMetric.oldestPollAge, MetricUnit.Seconds, outcome.oldestPollAgeSeconds);
}

/**
 * The largest lag of a batch: from when the queue accepted each message (SentTimestamp; else when the function
 * received it) to when its state write completed. Undefined when no message became visible.
 */
export function ingestLagMs(messages: readonly RawMessage[], result: IngestResult): number | undefined {
  const since = new Map(messages.map((m) => [m.id, m.sentAt ?? m.receivedAt]));
  let worst: number | undefined;
  for (const outcome of result.outcomes) {
    const start = since.get(outcome.id);
    if (outcome.visibleAt === undefined || start === undefined) continue;
    const lag = Math.max(0, outcome.visibleAt - start);
    worst = worst === undefined ? lag : Math.max(worst, lag);
  }
  return worst;
}

export function recordIngestLag(sink: MonitorMetricSink, messages: readonly RawMessage[], result: IngestResult): void {
  const lag = ingestLagMs(messages, result);
  if (lag !== undefined) sink.add(MonitorMetric.ingestLag, MetricUnit.Milliseconds, lag);
}
