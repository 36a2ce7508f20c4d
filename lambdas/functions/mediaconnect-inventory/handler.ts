import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { inventorySettingsFromEnv } from '../../mediaconnect/inventory-config';
import { InventoryDeps } from '../../mediaconnect/inventory-deps';
import {
  INVENTORY_POLLER_NAME,
  InventoryCycleOutcome,
  pollMediaConnectInventory,
} from '../../mediaconnect/inventory-poller';
import { createDocumentClient, createMediaConnectClient } from '../../shared/clients';
import { systemClock } from '../../shared/clock';
import { ENV, requireEnv } from '../../shared/env';
import { ValidationError } from '../../shared/errors';
import { createLogger } from '../../shared/logger';
import {
  CallTally,
  countCalls,
  createMonitorMetrics,
  powertoolsSink,
  recordInventoryCycle,
} from '../../shared/monitor-metrics';
import { TokenBucket } from '../../shared/rate-limiter';
import { isSkippedPoll, LEASE_MARGIN_MS, runLeased, SkippedPoll } from '../../store/lease';
import { StateStore } from '../../store/state-store';

/**
 * The MediaConnect inventory poller, run by an EventBridge schedule: one cycle per invocation, holding the poller's
 * lease for the account and region (a run that finds it held returns at once, skipped). A cycle whose listing was
 * incomplete still returns (it tombstoned nothing and says so); only an error that stops the whole cycle fails the
 * invocation.
 */
const logger = createLogger('mediaconnect-inventory');
const metrics = createMonitorMetrics('mediaconnect-inventory', 'mediaconnect-inventory');
const calls = new CallTally();
const settings = inventorySettingsFromEnv();
const store = new StateStore(createDocumentClient(), requireEnv(ENV.tableName));
const deps: InventoryDeps = {
  mediaConnect: countCalls(createMediaConnectClient(), calls),
  store,
  clock: systemClock,
  // The inventory's share of the account's MediaConnect quota; reserved concurrency 1 keeps it to one instance. One
  // bucket per warm container, so back-to-back invocations share it.
  limiter: new TokenBucket(settings.mediaConnectRps, settings.mediaConnectBurst),
  tombstoneRetentionHours: settings.tombstoneRetentionHours,
};

const scheduledEvent = z.looseObject({ source: z.literal('aws.events'), 'detail-type': z.literal('Scheduled Event') });

async function runInventoryCycle(event: unknown, context: Context): Promise<InventoryCycleOutcome | SkippedPoll> {
  const parsed = scheduledEvent.safeParse(event);
  if (!parsed.success)
    throw new ValidationError(
      `Expected an EventBridge scheduled event: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  const key = {
    poller: INVENTORY_POLLER_NAME,
    account: settings.accountId,
    region: await deps.mediaConnect.config.region(),
  };
  const remainingMs = context.getRemainingTimeInMillis();
  const deadlineMs = systemClock.now() + remainingMs;
  const outcome = await runLeased(store, systemClock, key, remainingMs + LEASE_MARGIN_MS, (lease) =>
    pollMediaConnectInventory(deps, {
      accountId: settings.accountId,
      describeConcurrency: settings.describeConcurrency,
      tagSweepPerCycle: settings.tagSweepPerCycle,
      deadlineMs,
      lease,
    }),
  );
  if (isSkippedPoll(outcome)) {
    logger.warn('inventory poll skipped: another run holds the lease', { outcome });
    return outcome;
  }
  const log =
    outcome.listing === 'complete' && outcome.changes.failed === 0 && outcome.pass.complete
      ? logger.info.bind(logger)
      : logger.warn.bind(logger);
  log('inventory cycle finished', { outcome });
  const sink = powertoolsSink(metrics);
  recordInventoryCycle(sink, outcome);
  calls.drainTo(sink);
  return outcome;
}

export const handler = middy(runInventoryCycle).use(injectLambdaContext(logger)).use(logMetrics(metrics));
