import * as z from 'zod';
import { ConfigError, ENV, numberEnv, optionalEnv, requireEnv } from '../shared/env';
import { QuotaSplit, serviceQuotaFromEnv } from '../shared/service-quota';
import { ChangeEventsMode, DEFAULT_SWEEP_PERIODS, SweepPeriods } from '../store/change-path';
import type { ServiceName } from '../store/keys';
import { DEFAULT_TOMBSTONE_RETENTION_HOURS } from './inventory-deps';

/** A service inventory's settings, from the environment the stack sets on its function. */
export interface ServiceInventorySettings {
  /** ACCOUNT_ID: required (no STS lookup; the function has no IAM for it). */
  readonly accountId: string;
  /** TOMBSTONE_RETENTION_HOURS. @default 168 */
  readonly tombstoneRetentionHours: number;
  /** DESCRIBE_CONCURRENCY: describe calls in flight. @default 8 */
  readonly describeConcurrency: number;
  /** INVENTORY_TAG_SWEEP_PER_CYCLE: unchanged resources whose extra reads (tags) are made per cycle. @default 1 */
  readonly sweepPerCycle: number;
  /** `<SERVICE>_QUOTA`: the service's quota and its split between the functions; the inventory paces at `functions.inventory`. */
  readonly quota: QuotaSplit;
  /** CHANGE_EVENTS: whether configuration changes arrive as CloudTrail events (`cloudtrail`) or not. @default off */
  readonly changeEvents: ChangeEventsMode;
  /** SWEEP_PERIOD_LIVE_MINUTES and SWEEP_PERIOD_OFF_MINUTES. @default 60 and 5 */
  readonly sweepPeriods: SweepPeriods;
  /** INVENTORY_INTERVAL_SECONDS, in ms: the schedule's interval. @default 300 s */
  readonly cycleIntervalMs: number;
  /** The requests one invocation may spend: the inventory's pace times the interval (a target's quota may differ). */
  readonly maxRequests: number;
}

/**
 * The settings of an inventory that polls the targets of a registry: each target names its account, so ACCOUNT_ID is
 * not one of them (it stays the deployment's own account, for the registry of a deployment that watches itself).
 */
export type InventoryPollSettings = Omit<ServiceInventorySettings, 'accountId'>;

/** The requests one invocation may spend at `quota`'s inventory pace over one schedule interval. */
export function inventoryMaxRequests(quota: QuotaSplit, cycleIntervalMs: number): number {
  return Math.floor((quota.functions.inventory.rps * cycleIntervalMs) / 1000);
}

/** The environment variable each validated setting comes from, for the error message. */
const SETTING_ENV: Record<string, string> = {
  tombstoneRetentionHours: ENV.tombstoneRetentionHours,
  describeConcurrency: ENV.describeConcurrency,
  sweepPerCycle: ENV.inventoryTagSweepPerCycle,
  changeEvents: ENV.changeEvents,
  liveMinutes: ENV.sweepPeriodLiveMinutes,
  offMinutes: ENV.sweepPeriodOffMinutes,
  intervalSeconds: ENV.inventoryIntervalSeconds,
};

const accountSchema = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

const settingsSchema = z.object({
  tombstoneRetentionHours: z.number().positive(),
  describeConcurrency: z.number().int().min(1).max(64),
  sweepPerCycle: z.number().int().min(0),
  changeEvents: z.enum(['cloudtrail', 'off']),
  liveMinutes: z
    .number()
    .positive()
    .max(7 * 24 * 60),
  offMinutes: z
    .number()
    .positive()
    .max(7 * 24 * 60),
  intervalSeconds: z.number().int().min(60).max(86_400),
});

/** The schedule's interval when INVENTORY_INTERVAL_SECONDS is absent (rate(5 minutes); a cron schedule also sets 300). */
const DEFAULT_INTERVAL_SECONDS = 300;

/** Reads and validates the settings, ACCOUNT_ID included; throws ConfigError (at cold start) naming the bad one. */
export function serviceInventorySettingsFromEnv(
  service: ServiceName,
  env: NodeJS.ProcessEnv = process.env,
): ServiceInventorySettings {
  const account = accountSchema.safeParse(requireEnv(ENV.accountId, env));
  if (!account.success)
    throw new ConfigError(
      `Invalid inventory setting ${ENV.accountId}: ${account.error.issues[0]?.message ?? 'invalid'}`,
    );
  return { accountId: account.data, ...inventoryPollSettingsFromEnv(service, env) };
}

/** Reads and validates the settings but ACCOUNT_ID (see InventoryPollSettings); throws ConfigError naming the bad one. */
export function inventoryPollSettingsFromEnv(
  service: ServiceName,
  env: NodeJS.ProcessEnv = process.env,
): InventoryPollSettings {
  const parsed = settingsSchema.safeParse({
    tombstoneRetentionHours: numberEnv(ENV.tombstoneRetentionHours, DEFAULT_TOMBSTONE_RETENTION_HOURS, env),
    describeConcurrency: numberEnv(ENV.describeConcurrency, 8, env),
    sweepPerCycle: numberEnv(ENV.inventoryTagSweepPerCycle, 1, env),
    changeEvents: optionalEnv(ENV.changeEvents, 'off', env),
    liveMinutes: numberEnv(ENV.sweepPeriodLiveMinutes, DEFAULT_SWEEP_PERIODS.liveMinutes, env),
    offMinutes: numberEnv(ENV.sweepPeriodOffMinutes, DEFAULT_SWEEP_PERIODS.offMinutes, env),
    intervalSeconds: numberEnv(ENV.inventoryIntervalSeconds, DEFAULT_INTERVAL_SECONDS, env),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    throw new ConfigError(`Invalid inventory setting ${SETTING_ENV[field] ?? field}: ${issue?.message ?? 'invalid'}`);
  }
  const { liveMinutes, offMinutes, intervalSeconds, ...settings } = parsed.data;
  const quota = serviceQuotaFromEnv(service, env);
  return {
    ...settings,
    quota,
    sweepPeriods: { liveMinutes, offMinutes },
    cycleIntervalMs: intervalSeconds * 1000,
    maxRequests: inventoryMaxRequests(quota, intervalSeconds * 1000),
  };
}
