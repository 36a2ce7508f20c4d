import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { MetricSetError, resolveMetricSet } from '../lambdas/metrics/metric-catalog';
import { DEFAULT_SWEEP_PERIODS } from '../lambdas/store/change-path';
import { serviceQuotaSchema, splitQuota, type ServiceQuota } from '../lambdas/shared/service-quota';
import type { ServiceQuotaInput } from './monitor-settings';
import { QUOTA_SERVICES } from './services/registry';

/**
 * The deployment configuration: one JSON file (`media-monitor.config.json`, or `-c config=<path>`) that says where
 * to deploy and how the monitor behaves. Every field has a default, so `{}` is a valid configuration.
 */

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const PARTITION = 'aws[a-z-]*';
const SNS_TOPIC_ARN = new RegExp(`^arn:${PARTITION}:sns:([a-z0-9-]+):(\\d{12}):[A-Za-z0-9_-]{1,256}$`);
const mediaConnectArn = (type: string) =>
  new RegExp(`^arn:${PARTITION}:mediaconnect:([a-z0-9-]+):(\\d{12}):${type}:.+$`);
const IAM_ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/[\\w+=,.@/-]+$`);
/** A principal that may assume an access role: an account id, or the ARN of an account root, role or user. */
const PRINCIPAL = new RegExp(`^(\\d{12}|arn:${PARTITION}:iam::\\d{12}:(root|role/[\\w+=,.@/-]+|user/[\\w+=,.@/-]+))$`);

/** A parsed EventBridge schedule expression. */
export type ScheduleExpression =
  { kind: 'rate'; seconds: number; expression: string } | { kind: 'cron'; expression: string };

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_SECONDS: Record<string, number> = { minute: 60, hour: 3600, day: 86400 };

/**
 * Parses `rate(N unit)` or `cron(6 fields)`. EventBridge wants the singular unit for 1 and the plural otherwise
 * (`rate(1 minute)`, `rate(5 minutes)`); it rejects the other spelling at deploy time, so we reject it at synth.
 */
export function parseScheduleExpression(expression: string): ScheduleExpression {
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2]!;
    if (value < 1) throw new Error(`"${expression}": the rate must be at least 1`);
    const singular = !unit.endsWith('s');
    if (value === 1 && !singular) throw new Error(`"${expression}": write rate(1 ${unit.slice(0, -1)})`);
    if (value !== 1 && singular) throw new Error(`"${expression}": write rate(${value} ${unit}s)`);
    return { kind: 'rate', seconds: value * UNIT_SECONDS[singular ? unit : unit.slice(0, -1)]!, expression };
  }
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (cron && cron[1]!.trim().split(/\s+/).length === 6) return { kind: 'cron', expression };
  throw new Error(`"${expression}" is not an EventBridge schedule: use rate(5 minutes) or cron(0/5 * * * ? *)`);
}

const schedule = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .superRefine((value, ctx) => {
      try {
        parseScheduleExpression(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    });

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** A sweep period is at most a day: a resource is described at least daily whatever the change path says. */
export const SWEEP_PERIOD_MAX_MINUTES = 24 * 60;

const metricSetSchema = z
  .union([z.enum(['health', 'full']), z.array(z.string().min(1)).min(1)])
  .default('health')
  .superRefine((value, ctx) => {
    if (typeof value === 'string') return;
    try {
      resolveMetricSet(value.join(','));
    } catch (error) {
      if (!(error instanceof MetricSetError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
    }
  });

const targetSchema = z.strictObject({
  account: z.string().regex(ACCOUNT_ID, 'must be a 12-digit AWS account id'),
  region: z.string().regex(REGION, 'must be an AWS region code such as eu-west-1'),
});

/**
 * One service's quota (`quotas.<service>`): `{ rps, burst, margin, shares: { inventory, ingest, api } }`. Its fields
 * are validated, with the defaults applied, by the quota schema of the functions (lambdas/shared/service-quota.ts)
 * together with the top-level `concurrency`, so the deployment and the functions read a quota the same way.
 */
const serviceQuotaConfigSchema = z.custom<ServiceQuotaInput>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be an object: { rps, burst, margin, shares: { inventory, ingest, api } }',
);

/** `quotas`: one optional entry per registered service; an unknown service key is a typo, so it is rejected. */
const quotasSchema = z
  .strictObject(Object.fromEntries(QUOTA_SERVICES.map((service) => [service, serviceQuotaConfigSchema.optional()])))
  .prefault({});

const concurrencySchema = z
  .strictObject({
    /** The ingest's SQS event source maximum concurrency (2-1000, an SQS limit). */
    ingest: z.number().int().min(2).max(1000).default(2),
    /** The API function's reserved concurrency. */
    api: z.number().int().min(1).max(1000).default(3),
  })
  .prefault({});

const QUOTA_FORM =
  'quotas: { mediaconnect, medialive, mediapackage, mediapackagev2 } (each { rps, burst, margin, shares: { inventory, ingest, api } }) and ' +
  'concurrency: { ingest, api } (one for every service)';

const alarmsSchema = z
  .strictObject({
    /** Create an SNS topic that CloudWatch alarms publish to and the ingest queue subscribes to. */
    createTopic: z.boolean().default(true),
    /** Existing SNS topics (e.g. where your alarms already publish) that the ingest queue also subscribes to. */
    existingTopicArns: z.array(z.string().regex(SNS_TOPIC_ARN, 'must be an SNS topic ARN')).default([]),
    /** Create the default alarm set for the flows, sources and outputs listed below. */
    defaultAlarms: z.boolean().default(false),
    flowArns: z.array(z.string().regex(mediaConnectArn('flow'), 'must be a MediaConnect flow ARN')).default([]),
    sourceArns: z.array(z.string().regex(mediaConnectArn('source'), 'must be a MediaConnect source ARN')).default([]),
    outputArns: z.array(z.string().regex(mediaConnectArn('output'), 'must be a MediaConnect output ARN')).default([]),
    /** An existing topic for the monitor's own health alarms (dead-letter queues); one is created when absent. */
    operationsTopicArn: z.string().regex(SNS_TOPIC_ARN, 'must be an SNS topic ARN').optional(),
  })
  .prefault({});

const apiSchema = z
  .strictObject({
    /** Steady-state requests per second for the whole stage. */
    throttleRateLimit: z.number().positive().max(10000).default(50),
    /** Bucket size for request bursts. */
    throttleBurstLimit: int(1, 5000).default(100),
    /** Principals that may assume the read-only role (default: the deploying account). */
    readOnlyPrincipals: z
      .array(z.string().regex(PRINCIPAL, 'must be an account id or an IAM root/role/user ARN'))
      .default([]),
    /** Principals that may assume the operator role (default: the deploying account). */
    operatorPrincipals: z
      .array(z.string().regex(PRINCIPAL, 'must be an account id or an IAM root/role/user ARN'))
      .default([]),
    /** When set, assuming either role requires this sts:ExternalId. */
    externalId: z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1224 characters of [\\w+=,.@:/-]')
      .optional(),
    /** Roles the API may pass to MediaConnect for entitlement encryption (default: none, encryption refused). */
    encryptionRoleArns: z.array(z.string().regex(IAM_ROLE_ARN, 'must be an IAM role ARN')).default([]),
    /** Create the account-wide API Gateway CloudWatch role (AWS::ApiGateway::Account); it also turns stage logs on. */
    createAccountLogRole: z.boolean().default(false),
    /** Stage access and execution logs; they need the account's API Gateway CloudWatch role (default: createAccountLogRole). */
    stageLogging: z.boolean().optional(),
  })
  .prefault({});

/** The deployment configuration schema. Unknown keys are rejected so a typo is an error, not a silent default. */
export const MediaMonitorConfigSchema = z
  .strictObject({
    /** Where to deploy: one stack per account and region. Default: CDK_DEFAULT_ACCOUNT/REGION, else env-agnostic. */
    targets: z.array(targetSchema).min(1).optional(),
    inventorySchedule: schedule('rate(5 minutes)'),
    metricsSchedule: schedule('rate(1 minute)'),
    metricSet: metricSetSchema,
    defaultMetricsIntervalSeconds: int(60, 86400).default(300),
    metricsHistoryMinutes: int(1, 180).default(60),
    tombstoneRetentionHours: int(1, 8760).default(168),
    /** Each service's request quota and its split between the functions; separate buckets per service. */
    quotas: quotasSchema,
    /** The ingest and API instances every service's shares are divided between. */
    concurrency: concurrencySchema,
    /** Replaced by quotas and concurrency; kept only to say so. */
    mediaConnectQuota: z.unknown().optional(),
    mediaConnectRps: z.unknown().optional(),
    mediaConnectBurst: z.unknown().optional(),
    describeConcurrency: int(1, 64).default(8),
    alarms: alarmsSchema,
    eventHistoryDays: int(1, 3650).default(14),
    repollWindowSeconds: int(0, 3600).default(10),
    api: apiSchema,
    logRetentionDays: z
      .number()
      .default(30)
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      }),
    removalPolicy: z.enum(['retain', 'destroy']).default('retain'),
    tableDeletionProtection: z.boolean().default(true),
    /**
     * `cloudtrail`: configuration changes arrive as CloudTrail `AWS API Call via CloudTrail` events (one EventBridge
     * rule per service; the account needs a trail with management events) and re-poll what they name in seconds.
     * `off`: no rules; only the inventory sweep sees changes.
     */
    changeEvents: z.enum(['cloudtrail', 'off']).default('cloudtrail'),
    /** Minutes within which the rolling sweep describes every resource: with the change path live, and without it. */
    sweepPeriodMinutes: z
      .strictObject({
        live: int(1, SWEEP_PERIOD_MAX_MINUTES).default(DEFAULT_SWEEP_PERIODS.liveMinutes),
        off: int(1, SWEEP_PERIOD_MAX_MINUTES).default(DEFAULT_SWEEP_PERIODS.offMinutes),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    for (const old of ['mediaConnectRps', 'mediaConnectBurst'] as const) {
      if (config[old] !== undefined)
        issue(
          [old],
          `replaced by ${QUOTA_FORM} (the account quota, split between the functions; the old value was per process)`,
        );
    }
    if (config.mediaConnectQuota !== undefined)
      issue(['mediaConnectQuota'], `replaced by ${QUOTA_FORM}; move its concurrency to the top level`);
    for (const [service, quota] of Object.entries(resolvedQuotas(config, issue))) {
      const inventoryBurst = splitQuota(quota).functions.inventory.burst;
      if (config.describeConcurrency > inventoryBurst) {
        issue(['describeConcurrency'], `must not exceed the inventory's ${service} burst (${inventoryBurst})`);
      }
    }
    const metrics = safeParseSchedule(config.metricsSchedule);
    if (metrics?.kind === 'rate' && config.defaultMetricsIntervalSeconds < metrics.seconds) {
      issue(
        ['defaultMetricsIntervalSeconds'],
        `must be at least the metrics schedule period (${metrics.seconds} s from "${config.metricsSchedule}")`,
      );
    }
    const inventorySeconds = inventoryIntervalSeconds(config.inventorySchedule);
    (['live', 'off'] as const).forEach((period) => {
      if (config.sweepPeriodMinutes[period] * 60 < inventorySeconds)
        issue(
          ['sweepPeriodMinutes', period],
          `must be at least the inventory schedule's interval (${inventorySeconds / 60} min from "${config.inventorySchedule}")`,
        );
    });
    if (config.sweepPeriodMinutes.off > config.sweepPeriodMinutes.live) {
      issue(
        ['sweepPeriodMinutes', 'off'],
        `must not exceed sweepPeriodMinutes.live (${config.sweepPeriodMinutes.live}): without the change path the sweep is the only way changes are seen`,
      );
    }
    if (config.defaultMetricsIntervalSeconds % 60 !== 0) {
      issue(['defaultMetricsIntervalSeconds'], 'must be a multiple of 60 (CloudWatch periods above 1 minute are)');
    }
    if (config.metricsHistoryMinutes * 60 < config.defaultMetricsIntervalSeconds) {
      issue(['metricsHistoryMinutes'], 'must cover at least one metrics interval (defaultMetricsIntervalSeconds)');
    }
    if (!config.alarms.createTopic && config.alarms.existingTopicArns.length === 0) {
      issue(['alarms'], 'set createTopic to true or list existingTopicArns: the alarm path needs at least one topic');
    }
    const alarmResources =
      config.alarms.flowArns.length + config.alarms.sourceArns.length + config.alarms.outputArns.length;
    if (config.alarms.defaultAlarms && alarmResources === 0) {
      issue(
        ['alarms', 'flowArns'],
        'defaultAlarms needs at least one flow, source or output ARN (flows are not known at synth)',
      );
    }
    if (config.removalPolicy === 'destroy' && config.tableDeletionProtection) {
      issue(
        ['tableDeletionProtection'],
        'must be false when removalPolicy is "destroy" (the table could not be deleted)',
      );
    }
    if (config.api.throttleBurstLimit < config.api.throttleRateLimit) {
      issue(['api', 'throttleBurstLimit'], `must be at least throttleRateLimit (${config.api.throttleRateLimit})`);
    }
    const targets = config.targets ?? [];
    const seen = new Set<string>();
    targets.forEach((t, i) => {
      const key = `${t.account}/${t.region}`;
      if (seen.has(key)) issue(['targets', i], `duplicate target ${key}`);
      seen.add(key);
    });
    if (targets.length > 0) {
      const regions = new Set(targets.map((t) => t.region));
      const keys = new Set(targets.map((t) => `${t.account}/${t.region}`));
      const topicRegions = new Set<string>();
      config.alarms.existingTopicArns.forEach((arn, i) => {
        const region = SNS_TOPIC_ARN.exec(arn)![1]!;
        topicRegions.add(region);
        if (!regions.has(region))
          issue(['alarms', 'existingTopicArns', i], `${arn} is in ${region}, which no target deploys to`);
      });
      if (!config.alarms.createTopic) {
        regions.forEach((region) => {
          if (!topicRegions.has(region)) {
            issue(
              ['alarms', 'existingTopicArns'],
              `no topic in ${region}: set createTopic or list a topic of that region`,
            );
          }
        });
      }
      (['flowArns', 'sourceArns', 'outputArns'] as const).forEach((field) =>
        config.alarms[field].forEach((arn, i) => {
          const [, region, account] = mediaConnectArn('[a-z]+').exec(arn)!;
          if (!keys.has(`${account}/${region}`)) {
            issue(
              ['alarms', field, i],
              `${arn} is in ${account}/${region}, which is not a target (alarms are regional)`,
            );
          }
        }),
      );
    }
  });

/**
 * Each service's quota with the shared concurrency, validated as the functions will read it; problems are reported
 * under `quotas.<service>` (or `concurrency` when the instances do not fit a service's burst) and the service is left
 * out.
 */
function resolvedQuotas(
  config: { quotas: Record<string, ServiceQuotaInput | undefined>; concurrency: { ingest: number; api: number } },
  issue: (path: (string | number)[], message: string) => void,
): Record<string, ServiceQuota> {
  const resolved: Record<string, ServiceQuota> = {};
  for (const service of QUOTA_SERVICES) {
    const quota = config.quotas[service] ?? {};
    if ('concurrency' in quota) {
      issue(['quotas', service, 'concurrency'], 'set concurrency once, at the top level: concurrency: { ingest, api }');
      continue;
    }
    const parsed = serviceQuotaSchema.safeParse({ ...quota, concurrency: config.concurrency });
    if (parsed.success) {
      resolved[service] = parsed.data;
      continue;
    }
    for (const i of parsed.error.issues) {
      const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      if (path[0] === 'concurrency') issue(path, `${service}: ${i.message}`);
      else issue(['quotas', service, ...path], i.message);
    }
  }
  return resolved;
}

export type MediaMonitorConfigInput = z.input<typeof MediaMonitorConfigSchema>;
export type MediaMonitorConfig = z.output<typeof MediaMonitorConfigSchema>;

/** A configuration that failed validation; the message lists every problem with its path. */
export class ConfigValidationError extends Error {
  constructor(
    message: string,
    public readonly problems: readonly string[],
  ) {
    super(message);
    this.name = 'ConfigValidationError';
  }
}

/** The interval the rolling sweep spreads its describes over (INVENTORY_INTERVAL_SECONDS) when a cron has none. */
export const CRON_INVENTORY_INTERVAL_SECONDS = 300;

/**
 * The inventory schedule's interval in seconds (INVENTORY_INTERVAL_SECONDS): a rate's period; a cron has no single
 * period, so it counts as `CRON_INVENTORY_INTERVAL_SECONDS`. An invalid expression also gives that (it is reported
 * on its own field).
 */
export function inventoryIntervalSeconds(expression: string): number {
  const parsed = safeParseSchedule(expression);
  return parsed?.kind === 'rate' ? parsed.seconds : CRON_INVENTORY_INTERVAL_SECONDS;
}

function safeParseSchedule(expression: string): ScheduleExpression | undefined {
  try {
    return parseScheduleExpression(expression);
  } catch {
    return undefined;
  }
}

/** Validates a raw configuration object and applies the defaults. */
export function parseConfig(raw: unknown, source = 'configuration'): MediaMonitorConfig {
  const result = MediaMonitorConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(root)'}: ${i.message}`,
  );
  throw new ConfigValidationError(`Invalid media-monitor ${source}:\n  - ${problems.join('\n  - ')}`, problems);
}

/** One deployment target; an env-agnostic target has neither account nor region. */
export interface DeploymentTarget {
  readonly account?: string;
  readonly region?: string;
}

/** What `loadDeploymentConfig` reads besides the file: CDK context values and the process environment. */
export interface ConfigSources {
  /** `-c config=<path>`. */
  readonly configPath?: string;
  /** `-c account=<id>` and `-c region=<code>`, used when the file lists no targets. */
  readonly contextAccount?: string;
  readonly contextRegion?: string;
  /** Usually process.env; CDK_DEFAULT_ACCOUNT/REGION are the fallback target. */
  readonly env?: NodeJS.ProcessEnv;
  /** Directory that relative paths and the default file name resolve against. @default process.cwd() */
  readonly cwd?: string;
}

export const DEFAULT_CONFIG_FILE = 'media-monitor.config.json';

export interface LoadedConfig {
  readonly config: MediaMonitorConfig;
  readonly targets: readonly DeploymentTarget[];
  /** The file the configuration came from, if any. */
  readonly file?: string;
}

/**
 * Reads and validates the deployment config: `-c config=<path>` (must exist), else `media-monitor.config.json` if
 * present, else `{}`. Targets come from the file, else from `-c account/region`, else from CDK_DEFAULT_ACCOUNT and
 * CDK_DEFAULT_REGION, else one env-agnostic stack (so `cdk synth` works without credentials).
 */
export function loadDeploymentConfig(sources: ConfigSources = {}): LoadedConfig {
  const cwd = sources.cwd ?? process.cwd();
  const env = sources.env ?? process.env;
  let file: string | undefined;
  let raw: unknown = {};
  if (sources.configPath !== undefined) {
    file = resolve(cwd, sources.configPath);
    if (!existsSync(file))
      throw new ConfigValidationError(`Config file not found: ${file}`, [`config: ${file} does not exist`]);
  } else if (existsSync(resolve(cwd, DEFAULT_CONFIG_FILE))) {
    file = resolve(cwd, DEFAULT_CONFIG_FILE);
  }
  if (file !== undefined) raw = readJson(file);
  const config = parseConfig(raw, file ?? 'configuration');
  return { config, targets: resolveTargets(config, sources, env), ...(file ? { file } : {}) };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const message = `${file} is not valid JSON: ${(error as Error).message}`;
    throw new ConfigValidationError(message, [message]);
  }
}

function resolveTargets(
  config: MediaMonitorConfig,
  sources: ConfigSources,
  env: NodeJS.ProcessEnv,
): DeploymentTarget[] {
  if (config.targets) return config.targets;
  const account = sources.contextAccount ?? env.CDK_DEFAULT_ACCOUNT;
  const region = sources.contextRegion ?? env.CDK_DEFAULT_REGION;
  if (account !== undefined && !ACCOUNT_ID.test(account)) {
    throw new ConfigValidationError(`account "${account}" is not a 12-digit AWS account id`, ['account']);
  }
  if (region !== undefined && !REGION.test(region)) {
    throw new ConfigValidationError(`region "${region}" is not an AWS region code`, ['region']);
  }
  return [{ ...(account ? { account } : {}), ...(region ? { region } : {}) }];
}

/** The part of the config that belongs to one target: ARNs of other regions and accounts are left out. */
export function configForTarget(config: MediaMonitorConfig, target: DeploymentTarget): MediaMonitorConfig {
  if (target.region === undefined) return config;
  const inRegion = (arn: string) => arn.split(':')[3] === target.region;
  const inTarget = (arn: string) =>
    inRegion(arn) && (target.account === undefined || arn.split(':')[4] === target.account);
  return {
    ...config,
    alarms: {
      ...config.alarms,
      existingTopicArns: config.alarms.existingTopicArns.filter(inRegion),
      flowArns: config.alarms.flowArns.filter(inTarget),
      sourceArns: config.alarms.sourceArns.filter(inTarget),
      outputArns: config.alarms.outputArns.filter(inTarget),
    },
  };
}

/** The value of METRIC_SET for a configured metric set. */
export function metricSetEnvValue(metricSet: MediaMonitorConfig['metricSet']): string {
  return typeof metricSet === 'string' ? metricSet : metricSet.join(',');
}
