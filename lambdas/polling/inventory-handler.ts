import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { createDocumentClient } from '../shared/clients';
import { systemClock } from '../shared/clock';
import { ENV, requireEnv } from '../shared/env';
import { ValidationError } from '../shared/errors';
import { createLogger } from '../shared/logger';
import {
  CallTally,
  countCalls,
  createMonitorMetrics,
  powertoolsSink,
  recordInventoryCycle,
} from '../shared/monitor-metrics';
import { TokenBucket } from '../shared/rate-limiter';
import { changePathHealth, ChangePathStatus, readChangePath, sweepPeriodMs } from '../store/change-path';
import { isSkippedPoll, LEASE_MARGIN_MS, runLeased, SkippedPoll } from '../store/lease';
import { StateStore } from '../store/state-store';
import { pollServiceInventory, ServiceCycleOutcome, summarizeServiceCycle } from './inventory-cycle';
import type { InventoryDeps, RegionalClient } from './inventory-deps';
import { ServiceInventorySettings, serviceInventorySettingsFromEnv } from './inventory-settings';
import type { InventoryStore } from './inventory-store';
import type { ServiceInventory } from './resource-kind';

const scheduledEvent = z.looseObject({ source: z.literal('aws.events'), 'detail-type': z.literal('Scheduled Event') });

/** A service's inventory function: what the EventBridge schedule invokes. */
export type InventoryHandler = ((event: unknown, context: Context) => Promise<ServiceCycleOutcome | SkippedPoll>) &
  middy.MiddyfiedHandler;

/**
 * The inventory function of one service, run by an EventBridge schedule: one cycle of each of the service's kinds per
 * invocation, within the invocation's time, holding the service poller's lease for the account and region (a run that
 * finds it held returns at once, skipped). A cycle whose listing was incomplete still returns (it tombstoned nothing
 * and says so); only an error that stops the whole cycle fails the invocation. Call it at module load: it reads the
 * settings (`ACCOUNT_ID`, `<SERVICE>_QUOTA`, …) and creates the clients once per cold start.
 */
export function createInventoryHandler<Client extends RegionalClient>(
  service: ServiceInventory<Client>,
  clientFactory: () => Client,
): InventoryHandler {
  const logger = createLogger(service.poller);
  const metrics = createMonitorMetrics(service.poller, service.poller);
  const calls = new CallTally();
  const settings = serviceInventorySettingsFromEnv(service.service);
  const store = new StateStore(createDocumentClient(), requireEnv(ENV.tableName));
  const pace = settings.quota.functions.inventory;
  const deps: InventoryDeps<Client> = {
    client: countCalls(clientFactory(), calls),
    store,
    clock: systemClock,
    // The inventory's share of the service's quota; reserved concurrency 1 keeps it to one instance. One bucket per
    // warm container, so back-to-back invocations share it.
    limiter: new TokenBucket(pace.rps, pace.burst),
    accountId: settings.accountId,
    tombstoneRetentionHours: settings.tombstoneRetentionHours,
  };

  async function runInventoryCycle(event: unknown, context: Context): Promise<ServiceCycleOutcome | SkippedPoll> {
    const parsed = scheduledEvent.safeParse(event);
    if (!parsed.success)
      throw new ValidationError(
        `Expected an EventBridge scheduled event: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    const key = { poller: service.poller, account: settings.accountId, region: await deps.client.config.region() };
    const remainingMs = context.getRemainingTimeInMillis();
    const deadlineMs = systemClock.now() + remainingMs;
    const sweep = await chooseSweepPeriod(store, settings, key, systemClock.now());
    logger.info('sweep period chosen', { sweepPeriodMinutes: sweep.periodMs / 60_000, changePath: sweep.status });
    const outcomes = await runLeased(store, systemClock, key, remainingMs + LEASE_MARGIN_MS, (lease) =>
      pollServiceInventory(deps, service, {
        accountId: settings.accountId,
        describeConcurrency: settings.describeConcurrency,
        sweepPerCycle: settings.sweepPerCycle,
        sweepPeriodMs: sweep.periodMs,
        cycleIntervalMs: settings.cycleIntervalMs,
        maxRequests: settings.maxRequests,
        deadlineMs,
        lease,
      }),
    );
    if (isSkippedPoll(outcomes)) {
      logger.warn('inventory poll skipped: another run holds the lease', { outcome: outcomes });
      return outcomes;
    }
    const outcome = summarizeServiceCycle(service, outcomes);
    const log =
      outcome.listing === 'complete' && outcome.changes.failed === 0 && outcome.pass.complete
        ? logger.info.bind(logger)
        : logger.warn.bind(logger);
    log('inventory cycle finished', { outcome });
    const sink = powertoolsSink(metrics);
    // Every kind publishes under the service's poller: the kinds share its function, lease and alarms (lib/monitor-alarms).
    for (const kindOutcome of outcomes) recordInventoryCycle(sink, kindOutcome);
    calls.drainTo(sink);
    return outcome;
  }

  return middy(runInventoryCycle).use(injectLambdaContext(logger)).use(logMetrics(metrics)) as InventoryHandler;
}

/**
 * The rolling sweep's period for this invocation: the long one only while the change path is live (one Query of its
 * records); with CHANGE_EVENTS off, the short one and no read.
 */
export async function chooseSweepPeriod(
  store: Pick<InventoryStore, 'queryAll'>,
  settings: Pick<ServiceInventorySettings, 'changeEvents' | 'sweepPeriods'>,
  where: { readonly account: string; readonly region: string },
  nowMs: number,
): Promise<{ periodMs: number; status: ChangePathStatus }> {
  if (settings.changeEvents === 'off') return { periodMs: sweepPeriodMs('off', settings.sweepPeriods), status: 'off' };
  const records = await readChangePath(store, { account: where.account, region: where.region });
  const { status } = changePathHealth(records, settings.changeEvents, nowMs);
  return { periodMs: sweepPeriodMs(status, settings.sweepPeriods), status };
}
