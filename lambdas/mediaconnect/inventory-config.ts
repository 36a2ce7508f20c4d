import * as z from 'zod';
import { ConfigError, ENV, numberEnv, requireEnv } from '../shared/env';
import { QuotaSplit, serviceQuotaFromEnv } from '../shared/service-quota';
import { DEFAULT_TOMBSTONE_RETENTION_HOURS } from './inventory-deps';

/** The inventory's settings, from the environment the stack sets. */
export interface InventorySettings {
  /** ACCOUNT_ID: required (no STS lookup; the function has no IAM for it). */
  readonly accountId: string;
  /** TOMBSTONE_RETENTION_HOURS. @default 168 */
  readonly tombstoneRetentionHours: number;
  /** MEDIACONNECT_QUOTA: the account's MediaConnect quota and its split between the functions. */
  readonly mediaConnectQuota: QuotaSplit;
  /** The inventory's pace: `mediaConnectQuota.functions.inventory.rps` (2.7 by default). */
  readonly mediaConnectRps: number;
  /** The inventory's burst: `mediaConnectQuota.functions.inventory.burst` (16 by default). */
  readonly mediaConnectBurst: number;
  /** DESCRIBE_CONCURRENCY: DescribeFlow calls in flight. @default 8 */
  readonly describeConcurrency: number;
  /** INVENTORY_TAG_SWEEP_PER_CYCLE: unchanged flows whose tags are re-read per cycle. @default 1 */
  readonly tagSweepPerCycle: number;
}

const settingsSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
  tombstoneRetentionHours: z.number().positive(),
  describeConcurrency: z.number().int().min(1).max(64),
  tagSweepPerCycle: z.number().int().min(0),
});

export function inventorySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): InventorySettings {
  const parsed = settingsSchema.safeParse({
    accountId: requireEnv(ENV.accountId, env),
    tombstoneRetentionHours: numberEnv(ENV.tombstoneRetentionHours, DEFAULT_TOMBSTONE_RETENTION_HOURS, env),
    describeConcurrency: numberEnv(ENV.describeConcurrency, 8, env),
    tagSweepPerCycle: numberEnv(ENV.inventoryTagSweepPerCycle, 1, env),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid inventory setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const quota = serviceQuotaFromEnv('mediaconnect', env);
  return {
    ...parsed.data,
    mediaConnectQuota: quota,
    mediaConnectRps: quota.functions.inventory.rps,
    mediaConnectBurst: quota.functions.inventory.burst,
  };
}
