import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { inventorySettingsFromEnv } from '../mediaconnect/inventory-config';
import { InventoryDeps } from '../mediaconnect/inventory-deps';
import { InventoryCycleOutcome, pollMediaConnectInventory } from '../mediaconnect/inventory-poller';
import { createDocumentClient, createMediaConnectClient } from '../shared/clients';
import { systemClock } from '../shared/clock';
import { ENV, requireEnv } from '../shared/env';
import { ValidationError } from '../shared/errors';
import { createLogger } from '../shared/logger';
import { TokenBucket } from '../shared/rate-limiter';
import { StateStore } from '../store/state-store';

/**
 * The MediaConnect inventory poller, run by an EventBridge schedule: one cycle per invocation. A cycle whose listing
 * was incomplete still returns (it tombstoned nothing and says so); only an error that stops the whole cycle fails
 * the invocation.
 */
const logger = createLogger('mediaconnect-inventory');
const settings = inventorySettingsFromEnv();
const deps: InventoryDeps = {
  mediaConnect: createMediaConnectClient(),
  store: new StateStore(createDocumentClient(), requireEnv(ENV.tableName)),
  clock: systemClock,
  // The inventory's share of the account's MediaConnect quota; reserved concurrency 1 keeps it to one instance. One
  // bucket per warm container, so back-to-back invocations share it.
  limiter: new TokenBucket(settings.mediaConnectRps, settings.mediaConnectBurst),
  tombstoneRetentionHours: settings.tombstoneRetentionHours,
};

const scheduledEvent = z.looseObject({ source: z.literal('aws.events'), 'detail-type': z.literal('Scheduled Event') });

async function runInventoryCycle(event: unknown): Promise<InventoryCycleOutcome> {
  const parsed = scheduledEvent.safeParse(event);
  if (!parsed.success)
    throw new ValidationError(
      `Expected an EventBridge scheduled event: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  const outcome = await pollMediaConnectInventory(deps, {
    accountId: settings.accountId,
    describeConcurrency: settings.describeConcurrency,
    tagSweepPerCycle: settings.tagSweepPerCycle,
  });
  const log =
    outcome.listing === 'complete' && outcome.changes.failed === 0
      ? logger.info.bind(logger)
      : logger.warn.bind(logger);
  log('inventory cycle finished', { outcome });
  return outcome;
}

export const handler = middy(runInventoryCycle).use(injectLambdaContext(logger));
