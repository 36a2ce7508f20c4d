import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { ENV } from '../lambdas/shared/env';

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
   * Client-side MediaConnect request rate per function instance (the account quota is 5/s steady).
   * @default 5
   */
  readonly mediaConnectRps?: number;
  /**
   * Client-side MediaConnect burst per function instance (the account quota bursts to 30).
   * @default 30
   */
  readonly mediaConnectBurst?: number;
  /**
   * Parallel DescribeFlow calls during an inventory poll.
   * @default 8
   */
  readonly describeConcurrency?: number;
}

export type ResolvedMonitorSettings = Required<MonitorSettings>;

export const DEFAULT_MONITOR_SETTINGS: ResolvedMonitorSettings = {
  metricSet: 'health',
  defaultMetricsIntervalSeconds: 300,
  metricsHistoryMinutes: 60,
  tombstoneRetentionHours: 168,
  mediaConnectRps: 5,
  mediaConnectBurst: 30,
  describeConcurrency: 8,
};

/** Applies the defaults and rejects values no function could work with. */
export function resolveMonitorSettings(settings: MonitorSettings = {}): ResolvedMonitorSettings {
  const resolved = { ...DEFAULT_MONITOR_SETTINGS, ...stripUndefined(settings) };
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
      'mediaConnectBurst',
      'describeConcurrency',
    ] as const
  ).forEach(positiveInt);
  if (!(resolved.mediaConnectRps > 0)) throw new Error('MonitorSettings.mediaConnectRps must be greater than 0');
  if (resolved.mediaConnectBurst < resolved.mediaConnectRps) {
    throw new Error('MonitorSettings.mediaConnectBurst must be at least mediaConnectRps');
  }
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
    [ENV.mediaConnectRps]: String(settings.mediaConnectRps),
    [ENV.mediaConnectBurst]: String(settings.mediaConnectBurst),
    [ENV.describeConcurrency]: String(settings.describeConcurrency),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
