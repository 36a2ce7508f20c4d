import * as z from 'zod';
import { ConfigError, ENV, numberEnv, requireEnv } from '../shared/env';
import { QuotaSplit, serviceQuotaFromEnv } from '../shared/service-quota';
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
}

const settingsSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
  tombstoneRetentionHours: z.number().positive(),
  describeConcurrency: z.number().int().min(1).max(64),
  sweepPerCycle: z.number().int().min(0),
});

/** Reads and validates the settings; throws ConfigError (at cold start) naming the bad one. */
export function serviceInventorySettingsFromEnv(
  service: ServiceName,
  env: NodeJS.ProcessEnv = process.env,
): ServiceInventorySettings {
  const parsed = settingsSchema.safeParse({
    accountId: requireEnv(ENV.accountId, env),
    tombstoneRetentionHours: numberEnv(ENV.tombstoneRetentionHours, DEFAULT_TOMBSTONE_RETENTION_HOURS, env),
    describeConcurrency: numberEnv(ENV.describeConcurrency, 8, env),
    sweepPerCycle: numberEnv(ENV.inventoryTagSweepPerCycle, 1, env),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid inventory setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return { ...parsed.data, quota: serviceQuotaFromEnv(service, env) };
}
