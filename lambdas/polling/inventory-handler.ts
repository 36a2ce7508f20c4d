import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ClientOptions, createDocumentClient } from '../shared/clients';
import { Clock, systemClock } from '../shared/clock';
import { ENV, optionalEnv, requireEnv } from '../shared/env';
import { createLogger } from '../shared/logger';
import {
  CallTally,
  countCalls,
  createMonitorMetrics,
  MonitorMetricSink,
  powertoolsSink,
  recordInventoryCycle,
  recordTargetCredentialFailure,
} from '../shared/monitor-metrics';
import { targetBuckets, targetClientCache, targetQuota } from '../shared/target-clients';
import { resolveTargetCredentials, TargetCredentials, TargetCredentialsError } from '../shared/target-credentials';
import { targetKey, TargetRegistry, TargetRegistrySource, WatchedTarget } from '../shared/watched-targets';
import { changePathHealth, ChangePathStatus, readChangePath, sweepPeriodMs } from '../store/change-path';
import { isSkippedPoll, LEASE_MARGIN_MS, LeaseStore, runLeased, SkippedPoll } from '../store/lease';
import { PollerKey, writeCredentialsFailedStatus } from '../store/poller-status';
import { StateStore } from '../store/state-store';
import { pollServiceInventory, ServiceCycleOutcome, summarizeServiceCycle } from './inventory-cycle';
import type { InventoryDeps, RegionalClient } from './inventory-deps';
import { InventoryPollSettings, inventoryMaxRequests, inventoryPollSettingsFromEnv } from './inventory-settings';
import type { InventoryStore } from './inventory-store';
import type { ServiceInventory } from './resource-kind';
import { targetOfScheduledInvocation } from './target-event';
import { functionTargetCredentials, functionTargetRegistry } from '../shared/function-targets';

/** An invocation for a target that does not watch this service: nothing listed, no lease taken. */
export interface ServiceNotWatched extends PollerKey {
  readonly skipped: true;
  readonly reason: 'service not watched';
}

/** An invocation whose target's credentials failed: nothing listed or tombstoned, the status says why. */
export interface CredentialsFailedCycle extends PollerKey {
  readonly outcome: 'credentials-failed';
  /** `TargetCredentialsError.failure`: an AWS error name, `account-mismatch`, … (never key material). */
  readonly failure: string;
}

export type InventoryInvocationOutcome = ServiceCycleOutcome | SkippedPoll | ServiceNotWatched | CredentialsFailedCycle;

/** A service's inventory function: what the schedule invokes. */
export type InventoryHandler = ((event: unknown, context: Context) => Promise<InventoryInvocationOutcome>) &
  middy.MiddyfiedHandler;

/** What the handler creates once per cold start; a test gives its own. */
export interface InventoryRuntime {
  /** @default the registry of WATCHED_TARGETS, TARGETS_PARAMETER (SSM) or ACCOUNT_ID in AWS_REGION */
  readonly registry: { get(): Promise<TargetRegistry> };
  /** @default createTargetCredentials over the function's own STS and Secrets Manager clients */
  readonly credentials: TargetCredentials;
  /** @default the state table (STATE_TABLE_NAME) */
  readonly store: InventoryStore & LeaseStore;
  /** @default systemClock */
  readonly clock: Clock;
  /** @default the function's environment */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The inventory function of one service. Each invocation polls one watched target: the one its event names
 * (`{"target": "<account>#<region>"}`, one EventBridge Scheduler entry per target), or the deployment itself (the
 * legacy Scheduled Event of a deployment that watches only itself). One cycle of each of the service's kinds, within
 * the invocation's time, holding the poller's lease for the target (a run that finds it held returns at once,
 * skipped), with the target's client (its Region, its read credentials), its own token bucket (the AWS quota is per
 * account and Region) and its request budget.
 *
 * Before listing, the target's credentials are resolved: when they fail (a role that cannot be assumed, a deleted or
 * malformed key-pair secret, keys of another account), every kind's poller status for the target says
 * `credentials-failed`, `TargetCredentialFailures` counts it, and the invocation returns normally: nothing is listed or
 * tombstoned, and other targets are other invocations. A cycle whose listing was incomplete still returns (it
 * tombstoned nothing and says so); only an error that stops the whole cycle fails the invocation.
 *
 * Call it at module load: it reads the settings (`<SERVICE>_QUOTA`, …) and creates the registry source, the
 * credentials and the client cache once per cold start.
 */
export function createInventoryHandler<Client extends RegionalClient>(
  service: ServiceInventory<Client>,
  clientFactory: (options: ClientOptions) => Client,
  runtime: Partial<InventoryRuntime> = {},
): InventoryHandler {
  const env = runtime.env ?? process.env;
  const logger = createLogger(service.poller);
  const metrics = createMonitorMetrics(service.poller, service.poller);
  const calls = new CallTally();
  const settings = inventoryPollSettingsFromEnv(service.service, env);
  const clock = runtime.clock ?? systemClock;
  const registry = runtime.registry ?? registrySourceFromEnv(env);
  const store = runtime.store ?? new StateStore(createDocumentClient(), requireEnv(ENV.tableName, env));
  const credentials = runtime.credentials ?? functionTargetCredentials(service.poller, { clock });
  const clientFor = targetClientCache((options) => countCalls(clientFactory(options), calls), credentials, 'read');
  // The inventory's share of the target's quota; the per-target lease keeps it to one run per target. One bucket per
  // target and warm container, so back-to-back invocations for a target share it and two targets never do.
  const bucketFor = targetBuckets(service.service, 'inventory', settings.quota, clock);

  async function runInventoryCycle(event: unknown, context: Context): Promise<InventoryInvocationOutcome> {
    const target = targetOfScheduledInvocation(event, await registry.get());
    const where = { account: target.account, region: target.region };
    if (!target.services.includes(service.service)) {
      logger.info('inventory poll skipped: the target does not watch this service', { target: targetKey(target) });
      return { poller: service.poller, ...where, skipped: true, reason: 'service not watched' };
    }
    const key: PollerKey = { poller: service.poller, ...where };
    const remainingMs = context.getRemainingTimeInMillis();
    const deadlineMs = clock.now() + remainingMs;
    const sweep = await chooseSweepPeriod(store, settings, where, clock.now());
    logger.info('sweep period chosen', {
      target: targetKey(target),
      sweepPeriodMinutes: sweep.periodMs / 60_000,
      changePath: sweep.status,
    });
    const sink = powertoolsSink(metrics);
    const deps: InventoryDeps<Client> = {
      client: clientFor(target),
      store,
      clock,
      limiter: bucketFor(target),
      accountId: target.account,
      tombstoneRetentionHours: settings.tombstoneRetentionHours,
    };
    const result = await runLeased(store, clock, key, remainingMs + LEASE_MARGIN_MS, async (lease) => {
      const startedAtMs = clock.now();
      try {
        // Eagerly, so a failing target lists nothing; the providers cache, so the client's own resolution is free.
        await resolveTargetCredentials(credentials, target);
        return await pollServiceInventory(deps, service, {
          accountId: target.account,
          describeConcurrency: settings.describeConcurrency,
          sweepPerCycle: settings.sweepPerCycle,
          sweepPeriodMs: sweep.periodMs,
          cycleIntervalMs: settings.cycleIntervalMs,
          maxRequests: inventoryMaxRequests(
            targetQuota(target, service.service, settings.quota),
            settings.cycleIntervalMs,
          ),
          deadlineMs,
          lease,
        });
      } catch (error) {
        if (!(error instanceof TargetCredentialsError)) throw error;
        return recordCredentialsFailure(store, clock, sink, service, target, error, startedAtMs);
      }
    });
    if (isSkippedPoll(result)) {
      logger.warn('inventory poll skipped: another run holds the lease', { outcome: result });
      return result;
    }
    if (!Array.isArray(result)) {
      logger.warn("inventory poll failed: the target's credentials failed", { outcome: result });
      return result;
    }
    const outcome = summarizeServiceCycle(service, result);
    const log =
      outcome.listing === 'complete' && outcome.changes.failed === 0 && outcome.pass.complete
        ? logger.info.bind(logger)
        : logger.warn.bind(logger);
    log('inventory cycle finished', { target: targetKey(target), outcome });
    // Every kind publishes under the service's poller: the kinds share its function, lease and alarms (lib/monitor-alarms).
    for (const kindOutcome of result) recordInventoryCycle(sink, kindOutcome);
    calls.drainTo(sink);
    return outcome;
  }

  return middy(runInventoryCycle).use(injectLambdaContext(logger)).use(logMetrics(metrics)) as InventoryHandler;
}

/**
 * The registry source of the function's environment. Without WATCHED_TARGETS or TARGETS_PARAMETER the deployment
 * watches itself, and ACCOUNT_ID is required (checked here, at cold start).
 */
function registrySourceFromEnv(env: NodeJS.ProcessEnv): TargetRegistrySource {
  const given = optionalEnv(ENV.watchedTargets, '', env) !== '' || optionalEnv(ENV.targetsParameter, '', env) !== '';
  if (!given) requireEnv(ENV.accountId, env);
  return functionTargetRegistry(env);
}

/**
 * Every kind's status for the target says `credentials-failed` with the failure, and the failure is counted under the
 * target's key. Carries the failure's name only: the error holds no key material.
 */
async function recordCredentialsFailure(
  store: Pick<InventoryStore, 'updateIfNewer'>,
  clock: Clock,
  sink: MonitorMetricSink,
  service: Pick<ServiceInventory<never>, 'poller' | 'kinds'>,
  target: WatchedTarget,
  error: TargetCredentialsError,
  startedAtMs: number,
): Promise<CredentialsFailedCycle> {
  const finishedAtMs = clock.now();
  const pollers = [...new Set(service.kinds.map((kind) => kind.poller))];
  await Promise.all(
    pollers.map((poller) =>
      writeCredentialsFailedStatus(
        store,
        { poller, account: target.account, region: target.region },
        { startedAtMs, finishedAtMs, failure: error.failure },
      ),
    ),
  );
  recordTargetCredentialFailure(sink, targetKey(target));
  return {
    poller: service.poller,
    account: target.account,
    region: target.region,
    outcome: 'credentials-failed',
    failure: error.failure,
  };
}

/**
 * The rolling sweep's period for this invocation: the long one only while the change path is live (one Query of its
 * records); with CHANGE_EVENTS off, the short one and no read.
 */
export async function chooseSweepPeriod(
  store: Pick<InventoryStore, 'queryAll'>,
  settings: Pick<InventoryPollSettings, 'changeEvents' | 'sweepPeriods'>,
  where: { readonly account: string; readonly region: string },
  nowMs: number,
): Promise<{ periodMs: number; status: ChangePathStatus }> {
  if (settings.changeEvents === 'off') return { periodMs: sweepPeriodMs('off', settings.sweepPeriods), status: 'off' };
  const records = await readChangePath(store, { account: where.account, region: where.region });
  const { status } = changePathHealth(records, settings.changeEvents, nowMs);
  return { periodMs: sweepPeriodMs(status, settings.sweepPeriods), status };
}
