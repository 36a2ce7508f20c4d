import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { metricsSettingsFromEnv } from '../../metrics/metrics-config';
import {
  METRICS_POLLER_NAME,
  MetricsPollOutcome,
  pollMediaConnectMetrics,
  pollMetricsForFlows,
} from '../../metrics/metrics-poller';
import { parseArn } from '../../shared/arn';
import { createCloudWatchClient, createDocumentClient } from '../../shared/clients';
import { systemClock } from '../../shared/clock';
import { ENV, optionalEnv, requireEnv } from '../../shared/env';
import { ValidationError } from '../../shared/errors';
import { createLogger } from '../../shared/logger';
import { isSkippedPoll, LEASE_MARGIN_MS, runLeased, SkippedPoll } from '../../store/lease';
import {
  CallTally,
  countCalls,
  createMonitorMetrics,
  powertoolsSink,
  recordMetricsCycle,
} from '../../shared/monitor-metrics';
import { StateStore } from '../../store/state-store';

/**
 * The MediaConnect metrics poller, run every minute by an EventBridge schedule. Each run polls the flows that are
 * due, holding the poller's lease for the account and region (a run that finds it held returns at once, skipped). An
 * invocation with `{ "flowArns": [...] }` re-polls those flows now (same code path, schedule ignored, no lease).
 */
const logger = createLogger('mediaconnect-metrics');
const metrics = createMonitorMetrics('mediaconnect-metrics', 'mediaconnect-metrics');
const calls = new CallTally();
const settings = metricsSettingsFromEnv();
const region = requireEnv('AWS_REGION');
/** Set by the stack; without it the account comes from the invoked function's ARN. */
const configuredAccount = optionalEnv(ENV.accountId, '');
const store = new StateStore(createDocumentClient(), requireEnv(ENV.tableName));
const cloudWatch = countCalls(createCloudWatchClient(), calls);

const eventSchema = z.looseObject({ flowArns: z.array(z.string().startsWith('arn:')).min(1).max(100).optional() });

async function pollMetrics(event: unknown, context: Context): Promise<MetricsPollOutcome | SkippedPoll> {
  const parsed = eventSchema.safeParse(event ?? {});
  if (!parsed.success)
    throw new ValidationError(`Invalid metrics poll event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const options = { ...settings, region, account: configuredAccount || parseArn(context.invokedFunctionArn).account };
  const deps = { cloudWatch, store, clock: systemClock, logger };
  const sink = powertoolsSink(metrics);
  if (parsed.data.flowArns) {
    const outcome = await pollMetricsForFlows(deps, parsed.data.flowArns, options);
    logger.info('metrics poll finished', { outcome });
    recordMetricsCycle(sink, outcome);
    calls.drainTo(sink);
    return outcome;
  }
  const key = { poller: METRICS_POLLER_NAME, account: options.account, region };
  const outcome = await runLeased(
    store,
    systemClock,
    key,
    context.getRemainingTimeInMillis() + LEASE_MARGIN_MS,
    (lease) => pollMediaConnectMetrics(deps, options, lease),
  );
  if (isSkippedPoll(outcome)) logger.warn('metrics poll skipped: another run holds the lease', { outcome });
  else {
    logger.info('metrics poll finished', { outcome });
    recordMetricsCycle(sink, outcome);
  }
  calls.drainTo(sink);
  return outcome;
}

export const handler = middy(pollMetrics).use(injectLambdaContext(logger)).use(logMetrics(metrics));
