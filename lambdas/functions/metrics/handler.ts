import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { metricsSettingsFromEnv } from '../../metrics/metrics-config';
import { METRICS_POLLER_NAME, MetricsPollOutcome, pollMetrics, pollMetricsFor } from '../../metrics/metrics-poller';
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
 * The one metrics poller of every registered service (METRIC_KINDS), run every minute by an EventBridge schedule.
 * Each run polls the resources that are due (flows, channels, …), packing all their queries into shared GetMetricData
 * calls, while holding the poller's lease for the account and region (a run that finds it held returns at once,
 * skipped). An invocation with `{ "arns": [...] }` re-polls those resources now, whatever their type (same code path,
 * schedule ignored, no lease); `flowArns` is still read as the same list.
 */
const logger = createLogger(METRICS_POLLER_NAME);
const metrics = createMonitorMetrics(METRICS_POLLER_NAME, METRICS_POLLER_NAME);
const calls = new CallTally();
const settings = metricsSettingsFromEnv();
const region = requireEnv('AWS_REGION');
/** Set by the stack; without it the account comes from the invoked function's ARN. */
const configuredAccount = optionalEnv(ENV.accountId, '');
const store = new StateStore(createDocumentClient(), requireEnv(ENV.tableName));
const cloudWatch = countCalls(createCloudWatchClient(), calls);

const arnList = z.array(z.string().startsWith('arn:').max(2048)).min(1).max(100).optional();
const eventSchema = z.looseObject({ arns: arnList, flowArns: arnList });

async function pollMetricsNow(event: unknown, context: Context): Promise<MetricsPollOutcome | SkippedPoll> {
  const parsed = eventSchema.safeParse(event ?? {});
  if (!parsed.success)
    throw new ValidationError(`Invalid metrics poll event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const options = { ...settings, region, account: configuredAccount || parseArn(context.invokedFunctionArn).account };
  const deps = { cloudWatch, store, clock: systemClock, logger };
  const sink = powertoolsSink(metrics);
  const arns = parsed.data.arns ?? parsed.data.flowArns;
  if (arns) {
    const outcome = await pollMetricsFor(deps, arns, options);
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
    (lease) => pollMetrics(deps, options, lease),
  );
  if (isSkippedPoll(outcome)) logger.warn('metrics poll skipped: another run holds the lease', { outcome });
  else {
    logger.info('metrics poll finished', { outcome });
    recordMetricsCycle(sink, outcome);
  }
  calls.drainTo(sink);
  return outcome;
}

export const handler = middy(pollMetricsNow).use(injectLambdaContext(logger)).use(logMetrics(metrics));
