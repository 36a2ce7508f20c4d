import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { MetricSetError, resolveMetricSet } from '../lambdas/metrics/metric-catalog';
import { DEFAULT_SWEEP_PERIODS } from '../lambdas/store/change-path';
import { partitionOf } from '../lambdas/shared/arn';
import { serviceQuotaSchema, splitQuota, type ServiceQuota } from '../lambdas/shared/service-quota';
import {
  credentialSourceSchema,
  SERVICE_NAMES,
  type CredentialSource,
  type WatchedTarget,
} from '../lambdas/shared/watched-targets';
import type { DeploymentSpec, EncryptionSetupSpec, WatchedTargetSpec } from './deployment-spec';
import { memberOperatorRoleName, memberReadRoleName, memberRoleArn } from './member-naming';
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

const scheduleValue = z.string().superRefine((value, ctx) => {
  try {
    parseScheduleExpression(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});
const schedule = (fallback: string) => scheduleValue.default(fallback);

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** A sweep period is at most a day: a resource is described at least daily whatever the change path says. */
export const SWEEP_PERIOD_MAX_MINUTES = 24 * 60;

const metricSetValue = z
  .union([z.enum(['health', 'full']), z.array(z.string().min(1)).min(1)])
  .superRefine((value, ctx) => {
    if (typeof value === 'string') return;
    try {
      resolveMetricSet(value.join(','));
    } catch (error) {
      if (!(error instanceof MetricSetError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
    }
  });
const metricSetSchema = metricSetValue.default('health');

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

/** A deployment's name names its event bus, schedule group, SSM parameter and function role path. */
const DEPLOYMENT_NAME = /^[a-z0-9-]{1,32}$/;
const SECRET_ARN = new RegExp(`^arn:${PARTITION}:secretsmanager:([a-z0-9-]+):(\\d{12}):secret:.+$`);
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ENCRYPTION_SETUP_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** MediaConnect's own role name for its service access; a static-key setup must use another (seed 004). */
const RESERVED_ROLE_NAME = 'mediaconnectaccessrole';
/** At most this many watched targets per deployment: its schedules (one per poller and target) fit a nested stack. */
export const MAX_TARGETS_PER_DEPLOYMENT = 100;
const SESSION_DURATION =
  'must be 900-3600 (a Lambda role assuming a role is role chaining, which AWS limits to one hour)';

const accountSchema = z.string().regex(ACCOUNT_ID, 'must be a 12-digit AWS account id');
const regionSchema = z.string().regex(REGION, 'must be an AWS region code such as eu-west-1');

/**
 * A credential source as the config file writes it: the runtime's (lambdas/shared/watched-targets.ts), except that an
 * assume-role `roleArn` may be left out: it is then the role the member stack creates (lib/member-naming.ts).
 */
const configCredentialSchema = z.discriminatedUnion('type', [
  credentialSourceSchema.options[0],
  z.strictObject({
    type: z.literal('assume-role'),
    roleArn: z
      .string()
      .regex(IAM_ROLE_ARN, 'must be an IAM role ARN')
      .optional()
      .describe("The role to assume. Default: the member stack's media-monitor-read-<region> (operator: -operate-)."),
    externalId: z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1224 characters of [\\w+=,.@:/-]')
      .optional()
      .describe('Sent as sts:ExternalId; the member role trusts only callers that send it.'),
    sessionDurationSeconds: z
      .number()
      .int()
      .min(900, SESSION_DURATION)
      .max(3600, SESSION_DURATION)
      .default(3600)
      .describe('900-3600: a Lambda role assuming a role is role chaining, which AWS limits to one hour.'),
  }),
  credentialSourceSchema.options[2],
]);
type ConfigCredentialSource = z.output<typeof configCredentialSchema>;

const serviceNameSchema = z.string().refine((value) => QUOTA_SERVICES.includes(value), {
  error: (issue) => `unknown service ${JSON.stringify(issue.input)} (one of ${QUOTA_SERVICES.join(', ')})`,
});

const watchSchema = z
  .strictObject({
    account: accountSchema,
    region: regionSchema.describe("The deployment's Region: a deployment watches one Region."),
    credentials: configCredentialSchema
      .optional()
      .describe(
        "How the pollers, the ingest and the API read this target. Default: execution-role for the deployment's own " +
          "account, assume-role of the member stack's read role for another.",
      ),
    operator: configCredentialSchema
      .optional()
      .describe(
        "How the API acts on this target (start/stop, entitlements). Default: execution-role for the deployment's own " +
          'account; none for another (actions are refused with 403).',
      ),
    services: z
      .array(serviceNameSchema)
      .min(1, 'list at least one service, or leave services out for all of them')
      .optional()
      .describe('The services watched in this target. Default: all of them.'),
    overrides: z
      .strictObject({
        inventorySchedule: scheduleValue.optional(),
        metricsSchedule: scheduleValue.optional(),
        metricSet: metricSetValue.optional(),
        quotas: z
          .strictObject(
            Object.fromEntries(QUOTA_SERVICES.map((service) => [service, serviceQuotaConfigSchema.optional()])),
          )
          .optional()
          .describe("This account's quota per service (the AWS quota is per account and Region)."),
      })
      .optional()
      .describe("This target's own schedules, metric set and quotas instead of the deployment's."),
    forwardEvents: z
      .boolean()
      .optional()
      .describe("Whether the member stack forwards this account's media events to the deployment. Default: true."),
    alarmTopicArns: z
      .array(z.string().regex(SNS_TOPIC_ARN, 'must be an SNS topic ARN'))
      .default([])
      .describe("SNS topics of this member account whose alarm notifications the deployment's ingest subscribes to."),
    alarmFlowArns: z
      .array(z.string().regex(mediaConnectArn('flow'), 'must be a MediaConnect flow ARN'))
      .default([])
      .describe('Flows of this member account whose default alarms the member stack creates.'),
    memberStack: z
      .boolean()
      .default(true)
      .describe(
        'Whether the app synthesizes a MediaMonitorMember stack for this member account (false: deploy the generic ' +
          'member template instead).',
      ),
  })
  .describe('One account and Region the deployment watches.');
type WatchEntry = z.output<typeof watchSchema>;

const encryptionSetupSchema = z
  .strictObject({
    name: z
      .string()
      .regex(ENCRYPTION_SETUP_NAME, 'must be 1-64 characters of [A-Za-z0-9_.-], starting with a letter or digit'),
    account: accountSchema.describe('The account whose flows use it: the deployment itself or a watched member.'),
    roleName: z
      .string()
      .regex(IAM_ROLE_NAME, 'must be an IAM role name: 1-64 characters of [\\w+=,.@-]')
      .optional()
      .describe('The role MediaConnect assumes to read the key. Default: MediaConnect-<name>.'),
    secretArn: z
      .string()
      .regex(SECRET_ARN, 'must be a Secrets Manager secret ARN')
      .optional()
      .describe('Use this existing secret. Default: a created secret media-monitor/encryption/<name>.'),
    keyBits: z
      .union([z.literal(128), z.literal(192), z.literal(256)], { error: 'must be 128, 192 or 256' })
      .default(256)
      .describe("Size of a created secret's generated key."),
  })
  .describe('A named static-key encryption setup (a secret and the role MediaConnect reads it with).');

/** A Cognito domain prefix: lowercase letters, digits and hyphens, not at either end; AWS reserves some words. */
const COGNITO_DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const COGNITO_RESERVED_WORDS = ['aws', 'amazon', 'cognito'] as const;
/** A web ACL for CloudFront: WAFv2, global scope, which AWS keeps in us-east-1. */
const CLOUDFRONT_WEB_ACL_ARN = new RegExp(`^arn:${PARTITION}:wafv2:us-east-1:\\d{12}:global/webacl/[\\w-]+/[\\w-]+$`);
/** An OAuth callback: HTTPS, or plain HTTP on the loopback (a developer's machine). */
const CALLBACK_URL = /^(https:\/\/[^\s/?#]+|http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?)(\/[^\s#]*)?$/;

const hostedDashboardSchema = z
  .strictObject({
    domainPrefix: z
      .string()
      .regex(
        COGNITO_DOMAIN_PREFIX,
        'must be 1-63 characters of [a-z0-9-], not starting or ending with a hyphen (the Cognito domain prefix)',
      )
      .refine((prefix) => !COGNITO_RESERVED_WORDS.some((word) => prefix.includes(word)), {
        message: `must not contain ${COGNITO_RESERVED_WORDS.join(', ')} (Cognito reserves them)`,
      })
      .describe('The Cognito domain prefix: sign-in is at https://<prefix>.auth.<region>.amazoncognito.com.'),
    callbackUrls: z
      .array(z.string().regex(CALLBACK_URL, 'must be an https:// URL (or http://localhost) without a fragment'))
      .default([])
      .describe("Sign-in callback URLs besides the distribution's own, e.g. a custom domain in front of it."),
    webAclArn: z
      .string()
      .regex(
        CLOUDFRONT_WEB_ACL_ARN,
        'must be a WAFv2 web ACL ARN of global scope (arn:aws:wafv2:us-east-1:…:global/webacl/…)',
      )
      .optional()
      .describe('A WAF web ACL to put in front of the distribution. Default: none.'),
    mfa: z
      .enum(['required', 'optional'])
      .default('required')
      .describe('TOTP multi-factor sign-in for the dashboard users. Default: required.'),
  })
  .describe('Serve the dashboard from S3 through CloudFront, with Cognito sign-in mapped to the API roles.');

const deploymentSchema = z
  .strictObject({
    name: z
      .string()
      .regex(
        DEPLOYMENT_NAME,
        'must be 1-32 characters of [a-z0-9-] (it names the event bus, the schedule group and the SSM parameter)',
      )
      .optional()
      .describe('Names the event bus, schedule group, SSM parameter and role path. Default: <account>-<region>.'),
    account: accountSchema.describe('Where the table, the API and the functions are.'),
    region: regionSchema,
    watch: z
      .array(watchSchema)
      .min(1, 'list at least one target, or leave watch out to watch the deployment itself')
      .optional()
      .describe('The targets this deployment polls. Default: itself, with its execution role.'),
    encryptionSetups: z.array(encryptionSetupSchema).default([]),
    dashboard: z
      .strictObject({ hosted: hostedDashboardSchema.optional() })
      .optional()
      .describe('The web dashboard of this deployment. Default: not hosted (serve it with mediamon dashboard).'),
  })
  .describe('One monitoring deployment: a MediaMonitor stack, and a member stack per watched member account.');
type DeploymentEntry = z.output<typeof deploymentSchema>;

/** The deployment configuration schema. Unknown keys are rejected so a typo is an error, not a silent default. */
export const MediaMonitorConfigSchema = z
  .strictObject({
    /** The JSON schema of this file (media-monitor.config.schema.json), for editors; ignored. */
    $schema: z.string().optional(),
    /**
     * The monitoring deployments: one MediaMonitor stack each, watching the accounts of its Region listed in `watch`.
     * Default: one deployment from `-c account/region`, else CDK_DEFAULT_ACCOUNT/REGION, else env-agnostic.
     */
    deployments: z
      .array(deploymentSchema)
      .min(1)
      .optional()
      .describe('The monitoring deployments. Default: one in CDK_DEFAULT_ACCOUNT/REGION watching itself.'),
    /** Earlier form of `deployments`: one stack per account and Region, each watching itself. */
    targets: z
      .array(targetSchema)
      .min(1)
      .optional()
      .describe('Earlier form of deployments: [{account, region}], each a deployment watching itself.'),
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
    if (config.deployments !== undefined) {
      if (config.targets !== undefined) issue(['targets'], TARGETS_REPLACED);
      checkDeployments(config, issue);
      return;
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
    const quota = resolvedQuota(config.quotas[service] ?? {}, config.concurrency, (path, message, concurrency) =>
      concurrency ? issue(path, `${service}: ${message}`) : issue(['quotas', service, ...path], message),
    );
    if (quota) resolved[service] = quota;
  }
  return resolved;
}

/**
 * One service's quota with the shared concurrency, as the functions read it; undefined after reporting its problems
 * (`concurrency` true: the problem is the instances, which the top-level `concurrency` sets).
 */
function resolvedQuota(
  quota: ServiceQuotaInput,
  concurrency: { ingest: number; api: number },
  report: (path: (string | number)[], message: string, concurrency: boolean) => void,
): ServiceQuota | undefined {
  if ('concurrency' in quota) {
    report(['concurrency'], 'set concurrency once, at the top level: concurrency: { ingest, api }', false);
    return undefined;
  }
  const parsed = serviceQuotaSchema.safeParse({ ...quota, concurrency });
  if (parsed.success) return parsed.data;
  for (const i of parsed.error.issues) {
    const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    report(path, i.message, path[0] === 'concurrency');
  }
  return undefined;
}

const TARGETS_REPLACED =
  'replaced by deployments; write each target as { "account", "region" } in deployments (it watches itself), then remove targets';

type Issue = (path: (string | number)[], message: string) => void;
type ParsedConfig = Omit<z.output<typeof MediaMonitorConfigSchema>, never>;

/** The rules of `deployments` that span fields (design-13 §2.1, V2-V16). */
function checkDeployments(config: ParsedConfig, issue: Issue): void {
  const deployments = config.deployments ?? [];
  const byKey = new Map<string, number>();
  const byName = new Map<string, number>();
  const watchedBy = new Map<string, string>();
  deployments.forEach((d, i) => {
    const at = ['deployments', i];
    const key = `${d.account}/${d.region}`;
    if (byKey.has(key)) issue(at, `duplicate deployment ${key}`);
    else byKey.set(key, i);
    const name = deploymentName(d);
    const named = byName.get(name);
    if (named !== undefined)
      issue(
        [...at, 'name'],
        `"${name}" is already the name of deployments.${named} (a name is the deployment's role path, so it is unique)`,
      );
    else byName.set(name, i);
    const watch = d.watch ?? [
      { account: d.account, region: d.region, alarmTopicArns: [], alarmFlowArns: [], memberStack: true },
    ];
    if (watch.length > MAX_TARGETS_PER_DEPLOYMENT)
      issue([...at, 'watch'], `${watch.length} targets, at most ${MAX_TARGETS_PER_DEPLOYMENT} per deployment`);
    watch.forEach((w, j) => {
      const wat = [...at, 'watch', j];
      if (w.region !== d.region) {
        issue(
          [...wat, 'region'],
          `${w.region} is not this deployment's region ${d.region}: a deployment watches one region (the services and ` +
            `their quotas are regional); add a deployment in ${w.region}`,
        );
      }
      const target = `${w.account}/${w.region}`;
      const first = watchedBy.get(target);
      if (first !== undefined)
        issue(wat, `${target} is already watched by ${first} (it would be polled twice, on one quota)`);
      else watchedBy.set(target, wat.join('.'));
      checkWatch(config, d, w, wat, issue);
    });
    checkEncryptionSetups(d, watch, at, issue);
  });
  checkAlarmArns(config, deployments, issue);
}

function checkWatch(config: ParsedConfig, d: DeploymentEntry, w: WatchEntry, at: (string | number)[], issue: Issue) {
  const own = w.account === d.account;
  for (const purpose of ['credentials', 'operator'] as const) {
    const source = w[purpose];
    if (source !== undefined) checkCredential(source, d, w, [...at, purpose], purpose, issue);
  }
  const services = new Set<string>();
  w.services?.forEach((service, k) => {
    if (services.has(service)) issue([...at, 'services', k], `"${service}" is listed twice`);
    services.add(service);
  });
  checkOverrides(config, w, [...at, 'overrides'], issue);
  if (own) {
    for (const field of ['alarmTopicArns', 'alarmFlowArns'] as const) {
      if (w[field].length > 0)
        issue(
          [...at, field],
          `the deployment's own account has no member stack: list its ${field === 'alarmFlowArns' ? 'flows in alarms.flowArns' : 'topics in alarms.existingTopicArns'}`,
        );
    }
    return;
  }
  if (!w.memberStack && w.alarmFlowArns.length > 0)
    issue([...at, 'alarmFlowArns'], 'the member stack creates these alarms: set memberStack to true or remove them');
  w.alarmTopicArns.forEach((arn, k) => {
    const [, region, account] = SNS_TOPIC_ARN.exec(arn)!;
    if (account !== w.account || region !== w.region)
      issue([...at, 'alarmTopicArns', k], `${arn} is not in this target ${w.account}/${w.region}`);
  });
  w.alarmFlowArns.forEach((arn, k) => {
    const [, region, account] = mediaConnectArn('flow').exec(arn)!;
    if (account !== w.account || region !== w.region)
      issue([...at, 'alarmFlowArns', k], `${arn} is not in this target ${w.account}/${w.region}`);
  });
}

function checkCredential(
  source: ConfigCredentialSource,
  d: DeploymentEntry,
  w: WatchEntry,
  at: (string | number)[],
  purpose: 'credentials' | 'operator',
  issue: Issue,
): void {
  switch (source.type) {
    case 'execution-role':
      if (w.account !== d.account)
        issue(
          at,
          `execution-role ${purpose === 'operator' ? 'acts' : 'reads'} only in the deployment's account ${d.account}; ` +
            `use assume-role or key-pair for ${w.account}`,
        );
      return;
    case 'assume-role': {
      const account = source.roleArn?.split(':')[4];
      if (account !== undefined && account !== w.account)
        issue([...at, 'roleArn'], `role is in ${account}, not in the watched account ${w.account}`);
      return;
    }
    case 'key-pair': {
      const [, region, account] = SECRET_ARN.exec(source.secretArn) ?? [];
      if (account !== d.account || region !== d.region)
        issue([...at, 'secretArn'], `the secret must be in ${d.account}/${d.region}, where the pollers read it`);
      return;
    }
  }
}

function checkOverrides(config: ParsedConfig, w: WatchEntry, at: (string | number)[], issue: Issue): void {
  const overrides = w.overrides;
  if (overrides === undefined) return;
  if (overrides.inventorySchedule !== undefined) {
    // Longer than the `off` period is fine: each cycle then describes every resource of the target.
    const minutes = inventoryIntervalSeconds(overrides.inventorySchedule) / 60;
    if (minutes > config.sweepPeriodMinutes.live)
      issue(
        [...at, 'inventorySchedule'],
        `its interval (${minutes} min) must not exceed sweepPeriodMinutes.live (${config.sweepPeriodMinutes.live} min): ` +
          'the sweep describes every resource within that period',
      );
  }
  const metrics = overrides.metricsSchedule === undefined ? undefined : safeParseSchedule(overrides.metricsSchedule);
  if (metrics?.kind === 'rate' && config.defaultMetricsIntervalSeconds < metrics.seconds)
    issue(
      [...at, 'metricsSchedule'],
      `its period (${metrics.seconds} s) must not exceed defaultMetricsIntervalSeconds (${config.defaultMetricsIntervalSeconds})`,
    );
  for (const [service, quota] of Object.entries(overrides.quotas ?? {})) {
    if (quota === undefined) continue;
    const resolved = resolvedQuota(quota, config.concurrency, (path, message, concurrency) =>
      issue(
        [...at, 'quotas', service, ...(concurrency ? [] : path)],
        concurrency ? `${message} (concurrency is the top level's)` : message,
      ),
    );
    const inventoryBurst = resolved && splitQuota(resolved).functions.inventory.burst;
    if (inventoryBurst !== undefined && config.describeConcurrency > inventoryBurst)
      issue(
        [...at, 'quotas', service],
        `its inventory burst (${inventoryBurst}) is below describeConcurrency (${config.describeConcurrency})`,
      );
  }
}

function checkEncryptionSetups(
  d: DeploymentEntry,
  watch: readonly Pick<WatchEntry, 'account' | 'region' | 'memberStack'>[],
  at: (string | number)[],
  issue: Issue,
): void {
  const names = new Set<string>();
  const roles = new Set<string>();
  d.encryptionSetups.forEach((setup, k) => {
    const sat = [...at, 'encryptionSetups', k];
    if (names.has(setup.name)) issue([...sat, 'name'], `duplicate encryption setup "${setup.name}"`);
    names.add(setup.name);
    const target = watch.find((w) => w.account === setup.account && w.region === d.region);
    if (!target)
      issue(
        [...sat, 'account'],
        `${setup.account} is not watched by this deployment in ${d.region} (a setup belongs to a watched account)`,
      );
    else if (setup.account !== d.account && !target.memberStack)
      issue(
        [...sat, 'account'],
        `${setup.account} has memberStack false, so no stack of this app creates the setup: set memberStack to true`,
      );
    const roleName = setup.roleName ?? defaultEncryptionRoleName(setup.name);
    if (roleName.toLowerCase() === RESERVED_ROLE_NAME)
      issue(
        [...sat, 'roleName'],
        'MediaConnectAccessRole is reserved by MediaConnect; choose another name such as MediaConnect-ASM',
      );
    else if (setup.roleName === undefined && roleName.length > 64)
      issue(
        [...sat, 'name'],
        `the default role name ${roleName} has ${roleName.length} characters, more than IAM's 64: shorten the name or set roleName`,
      );
    const roleKey = `${setup.account}/${roleName.toLowerCase()}`;
    if (roles.has(roleKey))
      issue([...sat, 'roleName'], `role ${roleName} is already used by another setup of ${setup.account}`);
    roles.add(roleKey);
    if (setup.secretArn !== undefined) {
      const [, region, account] = SECRET_ARN.exec(setup.secretArn) ?? [];
      if (account !== setup.account || region !== d.region)
        issue(
          [...sat, 'secretArn'],
          `the secret must be in ${setup.account}/${d.region}: MediaConnect reads it in the account and Region of the flow`,
        );
    }
  });
}

/** V14: alarm ARNs and existing topics belong to a watched target; alarms live in the metric's account. */
function checkAlarmArns(config: ParsedConfig, deployments: readonly DeploymentEntry[], issue: Issue): void {
  const watched = new Map<string, DeploymentEntry>();
  deployments.forEach((d) => (d.watch ?? [d]).forEach((w) => watched.set(`${w.account}/${w.region}`, d)));
  const topicRegions = new Set<string>();
  config.alarms.existingTopicArns.forEach((arn, i) => {
    const [, region, account] = SNS_TOPIC_ARN.exec(arn)!;
    if (watched.has(`${account}/${region}`)) topicRegions.add(region!);
    else issue(['alarms', 'existingTopicArns', i], `${arn} is in ${account}/${region}, which no deployment watches`);
  });
  if (!config.alarms.createTopic) {
    new Set(deployments.map((d) => d.region)).forEach((region) => {
      if (!topicRegions.has(region))
        issue(['alarms', 'existingTopicArns'], `no topic in ${region}: set createTopic or list a topic of that region`);
    });
  }
  (['flowArns', 'sourceArns', 'outputArns'] as const).forEach((field) =>
    config.alarms[field].forEach((arn, i) => {
      const [, region, account] = mediaConnectArn('[a-z]+').exec(arn)!;
      const d = watched.get(`${account}/${region}`);
      if (d === undefined)
        issue(
          ['alarms', field, i],
          `${arn} is in ${account}/${region}, which no deployment watches (alarms are regional)`,
        );
      else if (d.account !== account)
        issue(
          ['alarms', field, i],
          `${arn} is in the member account ${account}: alarms live in the metric's account, so list the flow in ` +
            `its watch entry's alarmFlowArns (its member stack creates them)`,
        );
    }),
  );
}

/** `deployments[].name`, else `<account>-<region>`. */
function deploymentName(d: Pick<DeploymentEntry, 'name' | 'account' | 'region'>): string {
  return d.name ?? `${d.account}-${d.region}`;
}

const defaultEncryptionRoleName = (setup: string): string => `MediaConnect-${setup}`;

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

/** Where one MediaMonitor stack deploys; an env-agnostic stack has neither account nor region. */
export interface DeploymentTarget {
  readonly account?: string;
  readonly region?: string;
}

/** What `loadDeploymentConfig` reads besides the file: CDK context values and the process environment. */
export interface ConfigSources {
  /** `-c config=<path>`. */
  readonly configPath?: string;
  /** `-c account=<id>` and `-c region=<code>`, used when the file lists no deployments. */
  readonly contextAccount?: string;
  readonly contextRegion?: string;
  /** Usually process.env; CDK_DEFAULT_ACCOUNT/REGION are the fallback deployment. */
  readonly env?: NodeJS.ProcessEnv;
  /** Directory that relative paths and the default file name resolve against. @default process.cwd() */
  readonly cwd?: string;
}

export const DEFAULT_CONFIG_FILE = 'media-monitor.config.json';

export interface LoadedConfig {
  readonly config: MediaMonitorConfig;
  /** One per MediaMonitor stack, resolved with every default (see `deploymentSpecs`). */
  readonly deployments: readonly DeploymentSpec[];
  /** The file the configuration came from, if any. */
  readonly file?: string;
}

/**
 * Reads and validates the deployment config: `-c config=<path>` (must exist), else `media-monitor.config.json` if
 * present, else `{}`. Deployments come from the file (`deployments`, or the earlier `targets`), else from `-c
 * account/region`, else from CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION, else one env-agnostic stack (so `cdk synth`
 * works without credentials).
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
  return { config, deployments: deploymentSpecs(config, fallbackDeployment(sources, env)), ...(file ? { file } : {}) };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const message = `${file} is not valid JSON: ${(error as Error).message}`;
    throw new ConfigValidationError(message, [message]);
  }
}

/** The deployment of a config without `deployments` or `targets`: `-c account/region`, else CDK_DEFAULT_*. */
function fallbackDeployment(sources: ConfigSources, env: NodeJS.ProcessEnv): DeploymentTarget {
  const account = sources.contextAccount ?? env.CDK_DEFAULT_ACCOUNT;
  const region = sources.contextRegion ?? env.CDK_DEFAULT_REGION;
  if (account !== undefined && !ACCOUNT_ID.test(account)) {
    throw new ConfigValidationError(`account "${account}" is not a 12-digit AWS account id`, ['account']);
  }
  if (region !== undefined && !REGION.test(region)) {
    throw new ConfigValidationError(`region "${region}" is not an AWS region code`, ['region']);
  }
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

/**
 * The deployments of a validated config, every default applied: `deployments`; else each of the earlier `targets` as
 * a deployment watching itself; else `fallback` watching itself (when its account and Region are known; an
 * env-agnostic deployment watches nothing it can name, and its stack is today's single-account stack).
 */
export function deploymentSpecs(config: MediaMonitorConfig, fallback: DeploymentTarget = {}): DeploymentSpec[] {
  if (config.deployments) return config.deployments.map((d) => deploymentSpec(config, d));
  const selfWatching = (target: DeploymentTarget): DeploymentSpec => {
    const { account, region } = target;
    const known = account !== undefined && region !== undefined;
    return {
      name: [account, region].filter(Boolean).join('-') || 'default',
      ...(account ? { account } : {}),
      ...(region ? { region } : {}),
      watch: known ? [watchedTarget(config, { account, region }, { account, region })] : [],
      encryptionSetups: [],
    };
  };
  return (config.targets ?? [fallback]).map(selfWatching);
}

function deploymentSpec(config: MediaMonitorConfig, d: DeploymentEntry): DeploymentSpec {
  const watch = d.watch ?? [{ account: d.account, region: d.region }];
  return {
    name: deploymentName(d),
    account: d.account,
    region: d.region,
    watch: watch.map((w) => watchedTarget(config, d, w)),
    encryptionSetups: d.encryptionSetups.map((s): EncryptionSetupSpec => ({
      name: s.name,
      account: s.account,
      roleName: s.roleName ?? defaultEncryptionRoleName(s.name),
      ...(s.secretArn !== undefined ? { secretArn: s.secretArn } : {}),
      keyBits: s.keyBits,
    })),
    ...(d.dashboard?.hosted ? { hostedDashboard: d.dashboard.hosted } : {}),
  };
}

/**
 * One watched target with its defaults: the deployment's own account reads and acts with the execution role; another
 * account reads through the member stack's read role (assume-role) and has no operator unless one is configured. A
 * quota override carries the top-level concurrency, as `<SERVICE>_QUOTA` does, so the functions split it the same way.
 */
function watchedTarget(
  config: MediaMonitorConfig,
  d: { account: string; region: string },
  w: Pick<WatchEntry, 'account' | 'region'> & Partial<WatchEntry>,
): WatchedTargetSpec {
  const own = w.account === d.account;
  const credentials = resolveCredential(w.credentials ?? defaultCredential(own), w, 'read');
  const operator = w.operator ? resolveCredential(w.operator, w, 'operate') : own ? EXECUTION_ROLE : undefined;
  const overrides = w.overrides ?? {};
  const quotas = Object.fromEntries(
    Object.entries(overrides.quotas ?? {})
      .filter(([, quota]) => quota !== undefined)
      .map(([service, quota]) => [service, { ...quota, concurrency: config.concurrency }]),
  );
  return {
    account: w.account,
    region: w.region,
    credentials,
    ...(operator ? { operator } : {}),
    services: (w.services ?? [...SERVICE_NAMES]) as WatchedTarget['services'],
    quotas,
    ...(overrides.metricSet !== undefined ? { metricSet: metricSetEnvValue(overrides.metricSet) } : {}),
    ...(overrides.inventorySchedule !== undefined ? { inventorySchedule: overrides.inventorySchedule } : {}),
    ...(overrides.metricsSchedule !== undefined ? { metricsSchedule: overrides.metricsSchedule } : {}),
    forwardEvents: !own && (w.forwardEvents ?? true),
    alarmTopicArns: own ? [] : (w.alarmTopicArns ?? []),
    alarmFlowArns: own ? [] : (w.alarmFlowArns ?? []),
    memberStack: !own && (w.memberStack ?? true),
  };
}

const EXECUTION_ROLE: CredentialSource = { type: 'execution-role' };

const defaultCredential = (own: boolean): ConfigCredentialSource =>
  own ? EXECUTION_ROLE : { type: 'assume-role', sessionDurationSeconds: 3600 };

/** An assume-role source without `roleArn` assumes the member stack's role for the purpose. */
function resolveCredential(
  source: ConfigCredentialSource,
  target: { account: string; region: string },
  purpose: 'read' | 'operate',
): CredentialSource {
  if (source.type !== 'assume-role' || source.roleArn !== undefined) return source as CredentialSource;
  const roleName = purpose === 'read' ? memberReadRoleName(target.region) : memberOperatorRoleName(target.region);
  return { ...source, roleArn: memberRoleArn(target.account, roleName, partitionOf(target.region)) };
}

/**
 * The part of the config that belongs to one deployment: the existing topics and alarm ARNs of the targets it
 * watches (alarm ARNs of member accounts are refused by validation: their alarms are the member stack's). With the
 * earlier `targets` form, an existing topic belongs to every deployment of its Region, as it always did.
 */
export function configForDeployment(config: MediaMonitorConfig, deployment: DeploymentSpec): MediaMonitorConfig {
  if (config.deployments === undefined) return configForTarget(config, deployment);
  const watched = new Set(deployment.watch.map((w) => `${w.account}/${w.region}`));
  const inWatched = (arn: string) => watched.has(`${arn.split(':')[4]}/${arn.split(':')[3]}`);
  return {
    ...config,
    alarms: {
      ...config.alarms,
      existingTopicArns: config.alarms.existingTopicArns.filter(inWatched),
      flowArns: config.alarms.flowArns.filter(inWatched),
      sourceArns: config.alarms.sourceArns.filter(inWatched),
      outputArns: config.alarms.outputArns.filter(inWatched),
    },
  };
}

/** The part of the config that belongs to one target of the earlier `targets` form: its Region's topics, its ARNs. */
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

/** The file `npm run config-schema` writes: the JSON schema of the config file, for editors (`"$schema"`). */
export const CONFIG_SCHEMA_FILE = 'media-monitor.config.schema.json';

/**
 * The JSON schema of the config file as it is written (`io: 'input'`: every field with a default is optional). The
 * rules across fields (design V2-V16: Regions, duplicates, account checks) are not in it; `cdk synth` reports them.
 */
export function configJsonSchema(): Record<string, unknown> {
  const quotaObject = { ...z.toJSONSchema(serviceQuotaSchema, { io: 'input' }) };
  delete quotaObject.$schema;
  const quotaProperties = { ...quotaObject.properties };
  delete quotaProperties.concurrency;
  return z.toJSONSchema(MediaMonitorConfigSchema, {
    io: 'input',
    // A quota is validated in superRefine (with the shared concurrency), so its zod type is z.custom.
    unrepresentable: (ctx) =>
      ctx.zodSchema === serviceQuotaConfigSchema
        ? {
            ...quotaObject,
            properties: quotaProperties,
            description: 'rps, burst, margin, shares: { inventory, ingest, api } (concurrency is set at the top level)',
          }
        : 'throw',
  }) as Record<string, unknown>;
}
