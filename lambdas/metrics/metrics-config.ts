import * as z from 'zod';
import { ConfigError, ENV } from '../shared/env';
import { MetricSelection, MetricSetError, resolveMetricSet } from './metric-catalog';

/**
 * Default polling interval per resource (flow, channel). 300 s, not 60 s: GetMetricData is billed per metric requested, not per
 * datapoint, and each poll fetches every 60-second datapoint since the last one, so a 5-minute interval keeps
 * 1-minute resolution at a fifth of the cost. Freshness during an incident comes from the real-time path, which
 * re-polls the affected resource at once (`pollMetricsFor`). See cost-model.ts for the numbers.
 */
export const DEFAULT_METRICS_INTERVAL_SECONDS = 300;
/** Recent history kept per metric, for sparklines. */
export const DEFAULT_METRICS_HISTORY_MINUTES = 60;
/** The schedule's granularity: the poller runs once a minute, and CloudWatch's standard period is 60 s. */
export const MIN_METRICS_INTERVAL_SECONDS = 60;
export const MAX_METRICS_INTERVAL_SECONDS = 86_400;
/** 180 minutes × 53 metrics of 9 significant digits stays below 150 KB per item (see metric-series.ts). */
export const MAX_METRICS_HISTORY_MINUTES = 180;

/** The metrics poller's settings. */
export interface MetricsPollerOptions {
  /** Account and region of the resources polled; they name the listing and schedule partitions. */
  readonly account: string;
  readonly region: string;
  /** @default the `health` set */
  readonly metricSet: MetricSelection;
  /** Interval of a resource without its own `polling.intervalSeconds`. @default 300 */
  readonly defaultIntervalSeconds: number;
  /** @default 60 */
  readonly historyMinutes: number;
  /** Re-fetched before lastPolledAt, for late datapoints and the partial last bucket. @default 180 */
  readonly overlapSeconds?: number;
  /** A resource is due this much before its interval has fully elapsed, so a 60 s schedule doesn't slip to 120 s. @default 15 */
  readonly dueToleranceSeconds?: number;
  /** @default 500 (the GetMetricData maximum) */
  readonly maxQueriesPerCall?: number;
  /** Concurrent DynamoDB reads and writes. @default 8 */
  readonly storeConcurrency?: number;
  /** Concurrent GetMetricData calls (quota: 50 TPS). @default 4 */
  readonly callConcurrency?: number;
}

const settingsSchema = z.object({
  metricSet: z.string().optional(),
  defaultIntervalSeconds: z.coerce
    .number()
    .int()
    .min(MIN_METRICS_INTERVAL_SECONDS)
    .max(MAX_METRICS_INTERVAL_SECONDS)
    .default(DEFAULT_METRICS_INTERVAL_SECONDS),
  historyMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_METRICS_HISTORY_MINUTES)
    .default(DEFAULT_METRICS_HISTORY_MINUTES),
});

/** Reads METRIC_SET, DEFAULT_METRICS_INTERVAL_SECONDS and METRICS_HISTORY_MINUTES; throws ConfigError when invalid. */
export function metricsSettingsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Pick<MetricsPollerOptions, 'metricSet' | 'defaultIntervalSeconds' | 'historyMinutes'> {
  const blankToUndefined = (value: string | undefined) =>
    value === undefined || value.trim() === '' ? undefined : value;
  const parsed = settingsSchema.safeParse({
    metricSet: blankToUndefined(env[ENV.metricSet]),
    defaultIntervalSeconds: blankToUndefined(env[ENV.defaultMetricsIntervalSeconds]),
    historyMinutes: blankToUndefined(env[ENV.metricsHistoryMinutes]),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid metrics setting ${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'invalid'}`);
  }
  try {
    return {
      metricSet: resolveMetricSet(parsed.data.metricSet),
      defaultIntervalSeconds: parsed.data.defaultIntervalSeconds,
      historyMinutes: parsed.data.historyMinutes,
    };
  } catch (error) {
    if (error instanceof MetricSetError) throw new ConfigError(error.message);
    throw error;
  }
}
