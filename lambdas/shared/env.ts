/**
 * The one place environment variables are read. A missing required variable throws at cold start,
 * so a misconfigured function fails on its first invocation with a clear message, not deep in a poll.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') throw new ConfigError(`Environment variable ${name} is required`);
  return value;
}

export function optionalEnv(name: string, fallback: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

export function numberEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new ConfigError(`Environment variable ${name} must be a number, got "${raw}"`);
  return value;
}

export function booleanEnv(name: string, fallback: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`Environment variable ${name} must be true or false, got "${raw}"`);
}

/** Names of the environment variables that the CDK constructs set and the handlers read. */
export const ENV = {
  tableName: 'STATE_TABLE_NAME',
  metricSet: 'METRIC_SET',
  defaultMetricsIntervalSeconds: 'DEFAULT_METRICS_INTERVAL_SECONDS',
  metricsHistoryMinutes: 'METRICS_HISTORY_MINUTES',
  tombstoneRetentionHours: 'TOMBSTONE_RETENTION_HOURS',
  mediaConnectQuota: 'MEDIACONNECT_QUOTA',
  mediaLiveQuota: 'MEDIALIVE_QUOTA',
  mediaPackageQuota: 'MEDIAPACKAGE_QUOTA',
  mediaPackageV2Quota: 'MEDIAPACKAGEV2_QUOTA',
  describeConcurrency: 'DESCRIBE_CONCURRENCY',
  accountId: 'ACCOUNT_ID',
  inventoryTagSweepPerCycle: 'INVENTORY_TAG_SWEEP_PER_CYCLE',
  eventHistoryDays: 'EVENT_HISTORY_DAYS',
  repollWindowSeconds: 'REPOLL_WINDOW_SECONDS',
  ingestQueueUrl: 'INGEST_QUEUE_URL',
  staleTransitionSeconds: 'STALE_TRANSITION_SECONDS',
  expectedTopicArns: 'EXPECTED_TOPIC_ARNS',
  apiTokenSecret: 'API_TOKEN_SECRET',
  readOnlyRoleArn: 'READ_ONLY_ROLE_ARN',
  operatorRoleArn: 'OPERATOR_ROLE_ARN',
  encryptionRoleArns: 'ENCRYPTION_ROLE_ARNS',
  apiTokenSecretArn: 'API_TOKEN_SECRET_ARN',
  apiRoleHeaderEnabled: 'API_ROLE_HEADER_ENABLED',
  /** The hosted dashboard's origin (`https://<distribution>`), whose browser may read the API's responses. */
  corsAllowOrigin: 'CORS_ALLOW_ORIGIN',
  pollerIntervals: 'POLLER_INTERVALS',
  alarmReconcileRps: 'ALARM_RECONCILE_RPS',
  /** `cloudtrail` or `off`: whether configuration changes arrive as CloudTrail events (store/change-path.ts). */
  changeEvents: 'CHANGE_EVENTS',
  /** Minutes within which the rolling sweep describes every resource while the change path is live. */
  sweepPeriodLiveMinutes: 'SWEEP_PERIOD_LIVE_MINUTES',
  /** Minutes within which the rolling sweep describes every resource while the change path is off or broken. */
  sweepPeriodOffMinutes: 'SWEEP_PERIOD_OFF_MINUTES',
  /** The inventory schedule's interval in seconds: the rolling sweep spreads its describes over the cycles. */
  inventoryIntervalSeconds: 'INVENTORY_INTERVAL_SECONDS',
  /** The watched-target registry as JSON, inline (local runtime and tests): lambdas/shared/watched-targets.ts. */
  watchedTargets: 'WATCHED_TARGETS',
  /** The name of the SSM parameter that holds the watched-target registry (deployed multi-target stacks). */
  targetsParameter: 'TARGETS_PARAMETER',
} as const;
