import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { ENV } from '../lambdas/shared/env';
import type { ServiceName } from '../lambdas/store/keys';
import {
  type ServiceQuota,
  type ServiceQuotaInput as QuotaWithConcurrencyInput,
  parseServiceQuota,
} from '../lambdas/shared/service-quota';
import { MONITORED_SERVICES, QUOTA_SERVICES } from './services/registry';
import type { MonitoredService } from './services/service-definition';

/**
 * One service's request quota as the deployment configures it: the account's rate and burst, the margin and the
 * shares of the inventory, the ingest and the API. The instances the shares divide between are set once, for every
 * service, by `MonitorSettings.concurrency`.
 */
export type ServiceQuotaInput = Omit<QuotaWithConcurrencyInput, 'concurrency'>;

/** Instances of the functions that call the services, shared by every service's quota. */
export interface FunctionConcurrency {
  /**
   * The ingest's SQS event source maximum concurrency (at least 2, an SQS limit).
   * @default 2
   */
  readonly ingest?: number;
  /**
   * The API function's reserved concurrency.
   * @default 3
   */
  readonly api?: number;
}

/** Tuning shared by every monitor function; each value becomes one environment variable. */
export interface MonitorSettings {
  /**
   * METRIC_SET: `health`, `full`, or a comma list of metric names (`SourceBitRate,OUTPUT:OutputBitrate`).
   * @default 'health'
   */
  readonly metricSet?: string;
  /**
   * How often a resource's metrics are polled unless its `polling.intervalSeconds` says otherwise.
   * @default 300
   */
  readonly defaultMetricsIntervalSeconds?: number;
  /**
   * How much metric history each metrics item keeps.
   * @default 60
   */
  readonly metricsHistoryMinutes?: number;
  /**
   * How long a deleted resource stays visible as a tombstone.
   * @default 168
   */
  readonly tombstoneRetentionHours?: number;
  /**
   * Each registered service's quota (by service key: `mediaconnect`, `medialive`), in separate buckets: 5 req/s,
   * burst 30, split between the inventory, the ingest and the API (`shares`, req/s), paced at `margin` of it.
   * Validated with `concurrency` so that every instance at its full pace stays inside each quota.
   * @default - every service: 5 req/s, burst 30, margin 0.9, shares inventory 3 / ingest 1.5 / api 0.5
   */
  readonly quotas?: Readonly<Record<string, ServiceQuotaInput | undefined>>;
  /**
   * The ingest and API instances every service's shares are divided between.
   * @default - ingest 2, api 3
   */
  readonly concurrency?: FunctionConcurrency;
  /**
   * Parallel describe calls during an inventory poll.
   * @default 8
   */
  readonly describeConcurrency?: number;
}

export type ResolvedMonitorSettings = Required<Omit<MonitorSettings, 'quotas' | 'concurrency'>> & {
  /** By service key: the quota with the shared concurrency, as its `${SERVICE}_QUOTA` variable carries it. */
  readonly quotas: Readonly<Record<string, ServiceQuota>>;
  readonly concurrency: Required<FunctionConcurrency>;
};

const DEFAULT_CONCURRENCY: Required<FunctionConcurrency> = { ingest: 2, api: 3 };

/** Every registered service's quota with the shared concurrency; throws naming the service and the field. */
function resolveQuotas(
  quotas: MonitorSettings['quotas'] = {},
  concurrency: Required<FunctionConcurrency>,
): Record<string, ServiceQuota> {
  const unknown = Object.keys(quotas).filter((service) => !QUOTA_SERVICES.includes(service));
  if (unknown.length > 0)
    throw new Error(
      `MonitorSettings.quotas: unknown service ${unknown.join(', ')} (known: ${QUOTA_SERVICES.join(', ')})`,
    );
  return Object.fromEntries(
    QUOTA_SERVICES.map((service) => {
      // Resolved settings passed on to a child construct carry the shared concurrency in each quota: that one is fine.
      const { concurrency: own, ...quota } = (quotas[service] ?? {}) as QuotaWithConcurrencyInput;
      if (own !== undefined && (own.ingest !== concurrency.ingest || own.api !== concurrency.api))
        throw new Error(`MonitorSettings.quotas.${service}: set concurrency once, in MonitorSettings.concurrency`);
      try {
        return [service, parseServiceQuota({ ...quota, concurrency }, service as ServiceName)];
      } catch (error) {
        throw new Error(`MonitorSettings.quotas.${service}: ${(error as Error).message}`);
      }
    }),
  );
}

export const DEFAULT_MONITOR_SETTINGS: ResolvedMonitorSettings = {
  metricSet: 'health',
  defaultMetricsIntervalSeconds: 300,
  metricsHistoryMinutes: 60,
  tombstoneRetentionHours: 168,
  quotas: resolveQuotas({}, DEFAULT_CONCURRENCY),
  concurrency: DEFAULT_CONCURRENCY,
  describeConcurrency: 8,
};

/** Applies the defaults and rejects values no function could work with. */
export function resolveMonitorSettings(settings: MonitorSettings = {}): ResolvedMonitorSettings {
  const { quotas, concurrency: concurrencyInput, ...rest } = settings;
  const concurrency = { ...DEFAULT_CONCURRENCY, ...stripUndefined(concurrencyInput ?? {}) };
  const resolved = {
    ...DEFAULT_MONITOR_SETTINGS,
    ...stripUndefined(rest),
    quotas: resolveQuotas(quotas, concurrency),
    concurrency,
  };
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

/**
 * The environment variables every monitor function reads (besides STATE_TABLE_NAME, which the table sets). The
 * quotas are not among them: only the functions that call a service get its quota (`quotaEnvironment`).
 */
export function monitorEnvironment(scope: IConstruct, settings: ResolvedMonitorSettings): Record<string, string> {
  return {
    [ENV.accountId]: Stack.of(scope).account,
    [ENV.metricSet]: settings.metricSet,
    [ENV.defaultMetricsIntervalSeconds]: String(settings.defaultMetricsIntervalSeconds),
    [ENV.metricsHistoryMinutes]: String(settings.metricsHistoryMinutes),
    [ENV.tombstoneRetentionHours]: String(settings.tombstoneRetentionHours),
    [ENV.describeConcurrency]: String(settings.describeConcurrency),
  };
}

/** `${SERVICE}_QUOTA` (JSON of the quota with the shared concurrency) for each service a function calls. */
export function quotaEnvironment(
  settings: ResolvedMonitorSettings,
  services: readonly MonitoredService[] = MONITORED_SERVICES,
): Record<string, string> {
  return Object.fromEntries(services.map((s) => [s.quotaEnv, JSON.stringify(settings.quotas[s.service])]));
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
