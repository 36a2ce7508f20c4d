import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { ENV } from '../lambdas/shared/env';
import { type ServiceQuota, type ServiceQuotaInput, parseServiceQuota } from '../lambdas/shared/service-quota';

/** Tuning shared by every monitor function; each value becomes one environment variable. */
export interface MonitorSettings {
  /**
   * METRIC_SET: `health`, `full`, or a comma list of metric names (`SourceBitRate,OUTPUT:OutputBitrate`).
   * @default 'health'
   */
  readonly metricSet?: string;
  /**
   * How often a flow's metrics are polled unless its `polling.intervalSeconds` says otherwise.
   * @default 60
   */
  readonly defaultMetricsIntervalSeconds?: number;
  /**
   * How much metric history each metrics item keeps.
   * @default 60
   */
  readonly metricsHistoryMinutes?: number;
  /**
   * How long a deleted flow stays visible as a tombstone.
   * @default 168
   */
  readonly tombstoneRetentionHours?: number;
  /**
   * The account's MediaConnect quota (5 req/s, burst 30) and its split between the inventory, the ingest and the API
   * (`shares`, req/s), paced at `margin` of it; `concurrency` caps the ingest and API instances the split divides
   * between. Validated so that every instance at its full pace stays inside the quota.
   * @default - 5 req/s, burst 30, margin 0.9, shares inventory 3 / ingest 1.5 / api 0.5, concurrency ingest 2 / api 3
   */
  readonly mediaConnectQuota?: ServiceQuotaInput;
  /**
   * Parallel DescribeFlow calls during an inventory poll.
   * @default 8
   */
  readonly describeConcurrency?: number;
}

export type ResolvedMonitorSettings = Required<Omit<MonitorSettings, 'mediaConnectQuota'>> & {
  readonly mediaConnectQuota: ServiceQuota;
};

export const DEFAULT_MONITOR_SETTINGS: ResolvedMonitorSettings = {
  metricSet: 'health',
  defaultMetricsIntervalSeconds: 300,
  metricsHistoryMinutes: 60,
  tombstoneRetentionHours: 168,
  mediaConnectQuota: parseServiceQuota({}),
  describeConcurrency: 8,
};

/** Applies the defaults and rejects values no function could work with. */
export function resolveMonitorSettings(settings: MonitorSettings = {}): ResolvedMonitorSettings {
  const { mediaConnectQuota, ...rest } = settings;
  let quota: ServiceQuota;
  try {
    quota = parseServiceQuota(mediaConnectQuota ?? {});
  } catch (error) {
    throw new Error(`MonitorSettings.mediaConnectQuota: ${(error as Error).message}`);
  }
  const resolved = { ...DEFAULT_MONITOR_SETTINGS, ...stripUndefined(rest), mediaConnectQuota: quota };
  const positiveInt = (name: keyof MonitorSettings) => {
    const value = resolved[name] as number;
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`MonitorSettings.${name} must be a positive integer, got ${value}`);
  };
  (
    [
      'defaultMetricsIntervalSeconds',
      'metricsHistoryMinutes',
      'tombstoneRetentionHours',
      'describeConcurrency',
    ] as const
  ).forEach(positiveInt);
  if (resolved.metricSet.trim() === '') throw new Error('MonitorSettings.metricSet must not be empty');
  return resolved;
}

/** The environment variables every monitor function reads (besides STATE_TABLE_NAME, which the table sets). */
export function monitorEnvironment(scope: IConstruct, settings: ResolvedMonitorSettings): Record<string, string> {
  return {
    [ENV.accountId]: Stack.of(scope).account,
    [ENV.metricSet]: settings.metricSet,
    [ENV.defaultMetricsIntervalSeconds]: String(settings.defaultMetricsIntervalSeconds),
    [ENV.metricsHistoryMinutes]: String(settings.metricsHistoryMinutes),
    [ENV.tombstoneRetentionHours]: String(settings.tombstoneRetentionHours),
    [ENV.mediaConnectQuota]: JSON.stringify(settings.mediaConnectQuota),
    [ENV.describeConcurrency]: String(settings.describeConcurrency),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
