import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ALARM_RECONCILE_POLLER, powertoolsReconcileMetrics } from '../../alarms/alarm-reconciler';
import { alarmReconcileSettingsFromEnv } from '../../alarms/reconcile-config';
import {
  reconcileTargetAlarms,
  type TargetReconcileDeps,
  type TargetReconcileResult,
} from '../../alarms/target-reconcile';
import { downstreamImpacts } from '../../chain/chain-graph';
import { FlowResolver } from '../../events/flow-resolver';
import { targetOfScheduledInvocation } from '../../polling/target-event';
import { parseArn } from '../../shared/arn';
import { createCloudWatchClient, createDocumentClient, createParameterReader } from '../../shared/clients';
import { systemClock } from '../../shared/clock';
import { ENV, optionalEnv, requireEnv } from '../../shared/env';
import { createLogger } from '../../shared/logger';
import {
  createMonitorMetrics,
  MonitorMetric,
  powertoolsSink,
  recordTargetCredentialFailure,
} from '../../shared/monitor-metrics';
import { TokenBucket } from '../../shared/rate-limiter';
import { targetClientCache } from '../../shared/target-clients';
import { TargetRegistrySource, targetKey } from '../../shared/watched-targets';
import { LEASE_MARGIN_MS } from '../../store/lease';
import { StateStore } from '../../store/state-store';
import { functionTargetCredentials } from '../../shared/function-targets';

/**
 * The alarm reconciliation, run every 15 minutes per watched target: an EventBridge Scheduler entry sends
 * `{"target": "<account>#<region>"}`, or, in a deployment that watches only itself, an EventBridge rule's Scheduled
 * Event (the deployment's own target). It closes the target's alarms the store holds in ALARM that CloudWatch no longer
 * has in ALARM, and moves unresolved alarms to their flow, reading CloudWatch in the target's account with its read
 * credentials. It publishes `AlarmReconciliationFixes` (EMF) and writes its run on the target's status item.
 */
const logger = createLogger('alarm-reconcile');
// Its poller name as the default dimension, as the monitor's alarms on it read (lib/monitor-alarms.ts).
const metrics = createMonitorMetrics(ALARM_RECONCILE_POLLER, ALARM_RECONCILE_POLLER);
const sink = powertoolsSink(metrics);
const settings = alarmReconcileSettingsFromEnv();
const store = new StateStore(createDocumentClient(), requireEnv(ENV.tableName));
const readParameter = optionalEnv(ENV.targetsParameter, '') ? createParameterReader() : undefined;
const credentials = functionTargetCredentials(ALARM_RECONCILE_POLLER, { logger });
// Its own budget per target: one token per DescribeAlarms call, burst of one so a run never bursts into the quota.
const limiters = new Map<string, TokenBucket>();
const deps: TargetReconcileDeps = {
  store,
  credentials,
  cloudWatchFor: targetClientCache(createCloudWatchClient, credentials, 'read'),
  limiterFor: (target) => {
    const key = targetKey(target);
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = new TokenBucket(settings.describeAlarmsRps, 1);
      limiters.set(key, limiter);
    }
    return limiter;
  },
  clock: systemClock,
  resolver: new FlowResolver(store, systemClock),
  metrics: powertoolsReconcileMetrics(metrics),
  countCredentialFailure: (target) => recordTargetCredentialFailure(sink, target),
  impacts: (arn) => downstreamImpacts(store, arn),
  logger,
};
let registry: TargetRegistrySource | undefined;

async function reconcile(event: unknown, context: Context): Promise<TargetReconcileResult> {
  // Without ACCOUNT_ID, the deployment is the account of the invoked function.
  const account = settings.accountId ?? parseArn(context.invokedFunctionArn).account;
  registry ??= new TargetRegistrySource({ ...process.env, [ENV.accountId]: account }, readParameter);
  const target = targetOfScheduledInvocation(event, await registry.get());
  const outcome = await reconcileTargetAlarms(deps, target, {
    eventHistoryDays: settings.eventHistoryDays,
    leaseMs: context.getRemainingTimeInMillis() + LEASE_MARGIN_MS,
  });
  logger.info('alarm reconciliation finished', { target: targetKey(target), outcome });
  // A run that reconciled counts as completed: the monitor's stalled alarm reads it.
  if ('activeAlarms' in outcome) sink.add(MonitorMetric.pollCompleted, MetricUnit.Count, 1);
  return outcome;
}

export const handler = middy(reconcile).use(injectLambdaContext(logger)).use(logMetrics(metrics));
