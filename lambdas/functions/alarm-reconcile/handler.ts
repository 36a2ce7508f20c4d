import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import {
  AlarmReconcileDeps,
  AlarmReconcileOutcome,
  powertoolsReconcileMetrics,
  reconcileAlarms,
} from '../../alarms/alarm-reconciler';
import { downstreamImpacts } from '../../chain/chain-graph';
import { alarmReconcileSettingsFromEnv } from '../../alarms/reconcile-config';
import { INGEST_METRICS_NAMESPACE } from '../../events/ingest-metrics';
import { FlowResolver } from '../../events/flow-resolver';
import { parseArn } from '../../shared/arn';
import { createCloudWatchClient, createDocumentClient } from '../../shared/clients';
import { systemClock } from '../../shared/clock';
import { ENV, requireEnv } from '../../shared/env';
import { createLogger } from '../../shared/logger';
import { TokenBucket } from '../../shared/rate-limiter';
import { StateStore } from '../../store/state-store';

/**
 * The alarm reconciliation, run every 15 minutes by an EventBridge schedule (the event itself carries nothing it
 * reads): closes the alarms the store holds in ALARM that CloudWatch no longer has in ALARM, and moves unresolved
 * alarms to their flow. It publishes `AlarmReconciliationFixes` (EMF) and writes its run on its status item.
 */
const logger = createLogger('alarm-reconcile');
const metrics = new Metrics({ namespace: INGEST_METRICS_NAMESPACE, serviceName: 'alarm-reconcile' });
const settings = alarmReconcileSettingsFromEnv();
const region = requireEnv('AWS_REGION');
const store = new StateStore(createDocumentClient(), requireEnv(ENV.tableName));
const deps: AlarmReconcileDeps = {
  store,
  cloudWatch: createCloudWatchClient(),
  clock: systemClock,
  // Its own budget: one token per DescribeAlarms call, burst of one so a run never bursts into the account's quota.
  limiter: new TokenBucket(settings.describeAlarmsRps, 1),
  resolver: new FlowResolver(store, systemClock),
  metrics: powertoolsReconcileMetrics(metrics),
  impacts: (arn) => downstreamImpacts(store, arn),
  logger,
};

async function reconcile(_event: unknown, context: Context): Promise<AlarmReconcileOutcome> {
  const account = settings.accountId ?? parseArn(context.invokedFunctionArn).account;
  const outcome = await reconcileAlarms(deps, { account, region, eventHistoryDays: settings.eventHistoryDays });
  logger.info('alarm reconciliation finished', { outcome });
  return outcome;
}

export const handler = middy(reconcile).use(injectLambdaContext(logger)).use(logMetrics(metrics));
