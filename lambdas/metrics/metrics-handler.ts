import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { targetOfScheduledInvocation } from '../polling/target-event';
import { parseArn } from '../shared/arn';
import { ClientOptions, createCloudWatchClient, createDocumentClient } from '../shared/clients';
import { Clock, systemClock } from '../shared/clock';
import { ENV, optionalEnv, requireEnv } from '../shared/env';
import { ValidationError } from '../shared/errors';
import { createLogger } from '../shared/logger';
import {
  CallTally,
  countCalls,
  createMonitorMetrics,
  MonitorMetric,
  MonitorMetricSink,
  powertoolsSink,
  recordMetricsCycle,
  recordTargetCredentialFailure,
} from '../shared/monitor-metrics';
import { targetClientCache } from '../shared/target-clients';
import { resolveTargetCredentials, TargetCredentials, TargetCredentialsError } from '../shared/target-credentials';
import { selfRegistry, targetKey, TargetRegistry, WatchedTarget } from '../shared/watched-targets';
import { isSkippedPoll, LEASE_MARGIN_MS, LeaseStore, runLeased, SkippedPoll } from '../store/lease';
import { PollerKey, writeCredentialsFailedStatus } from '../store/poller-status';
import { StateStore } from '../store/state-store';
import { metricsSettingsFromEnv } from './metrics-config';
import { METRICS_POLLER_NAME, MetricsPollOutcome, MetricsStore, pollMetrics, pollMetricsFor } from './metrics-poller';
import { groupArnsByTarget, metricKindsFor, metricsOptionsFor } from './metrics-targets';
import { functionTargetCredentials, functionTargetRegistry } from '../shared/function-targets';

const arnList = z.array(z.string().startsWith('arn:').max(2048)).min(1).max(100).optional();
const repollEvent = z.looseObject({ arns: arnList, flowArns: arnList });

/** A target whose credentials failed: nothing was read for it. */
export interface MetricsCredentialsFailed extends PollerKey {
  readonly outcome: 'credentials-failed';
  readonly failure: string;
}

/** What a re-poll (`{"arns": [...]}`) did: one poll per target that holds some of the ARNs. */
export interface MetricsRepollOutcome {
  readonly mode: 'targeted';
  readonly targets: (MetricsPollOutcome | MetricsCredentialsFailed)[];
  /** ARNs of no watched target (an unwatched account or Region): dropped, counted as `RepollsForeignAccount`. */
  readonly foreignArns: number;
}

export type MetricsInvocationOutcome =
  MetricsPollOutcome | SkippedPoll | MetricsCredentialsFailed | MetricsRepollOutcome;

/** What the handler creates once per cold start; a test gives its own. */
export interface MetricsRuntime {
  /**
   * @default WATCHED_TARGETS or TARGETS_PARAMETER (SSM); without either, the deployment itself: ACCOUNT_ID (else the
   * invoked function's account) in AWS_REGION
   */
  readonly registry: { get(): Promise<TargetRegistry> };
  /** @default createTargetCredentials over the function's own STS and Secrets Manager clients */
  readonly credentials: TargetCredentials;
  /** @default createCloudWatchClient */
  readonly cloudWatchFactory: (options: ClientOptions) => CloudWatchClient;
  /** @default the state table (STATE_TABLE_NAME) */
  readonly store: MetricsStore & LeaseStore & Pick<StateStore, 'updateIfNewer'>;
  /** @default systemClock */
  readonly clock: Clock;
  /** @default the function's environment */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The one metrics poller of every registered service (METRIC_KINDS). A scheduled invocation polls one watched target:
 * the one its event names (`{"target": "<account>#<region>"}`) or the deployment itself (the legacy Scheduled Event),
 * holding the poller's lease for that target, with the target's CloudWatch client: GetMetricData runs in the
 * resource's account with the target's read credentials (metrics live there) and the target's metric set. An
 * invocation with `{"arns": [...]}` (`flowArns` is read as the same list) re-polls those resources now: grouped by the
 * target that holds each, each group read with that target's client (no lease); ARNs of no watched target are dropped
 * and counted. A target whose credentials fail reads nothing: a scheduled poll writes `credentials-failed` on its
 * status, both count `TargetCredentialFailures`, and the invocation returns normally.
 */
export function createMetricsHandler(runtime: Partial<MetricsRuntime> = {}) {
  const env = runtime.env ?? process.env;
  const logger = createLogger(METRICS_POLLER_NAME);
  const metrics = createMonitorMetrics(METRICS_POLLER_NAME, METRICS_POLLER_NAME);
  const calls = new CallTally();
  const settings = metricsSettingsFromEnv(env);
  const clock = runtime.clock ?? systemClock;
  const store = runtime.store ?? new StateStore(createDocumentClient(), requireEnv(ENV.tableName, env));
  const registryOf = registryResolver(runtime.registry, env);
  const credentials = runtime.credentials ?? functionTargetCredentials(METRICS_POLLER_NAME, { clock });
  const factory = runtime.cloudWatchFactory ?? createCloudWatchClient;
  const cloudWatchFor = targetClientCache((options) => countCalls(factory(options), calls), credentials, 'read');

  /** Resolves the target's credentials, or records their failure (`status`: on the scheduled poll's status). */
  async function credentialsFailure(
    target: WatchedTarget,
    sink: MonitorMetricSink,
    status: boolean,
  ): Promise<MetricsCredentialsFailed | undefined> {
    const startedAtMs = clock.now();
    try {
      await resolveTargetCredentials(credentials, target);
      return undefined;
    } catch (error) {
      if (!(error instanceof TargetCredentialsError)) throw error;
      const key = { poller: METRICS_POLLER_NAME, account: target.account, region: target.region };
      if (status)
        await writeCredentialsFailedStatus(store, key, {
          startedAtMs,
          finishedAtMs: clock.now(),
          failure: error.failure,
        });
      recordTargetCredentialFailure(sink, targetKey(target));
      logger.warn("metrics poll failed: the target's credentials failed", {
        target: targetKey(target),
        failure: error.failure,
      });
      return { ...key, outcome: 'credentials-failed', failure: error.failure };
    }
  }

  async function repoll(registry: TargetRegistry, arns: readonly string[]): Promise<MetricsRepollOutcome> {
    const sink = powertoolsSink(metrics);
    const { groups, foreign } = groupArnsByTarget(registry, arns);
    if (foreign.length) {
      sink.add(MonitorMetric.repollsForeignAccount, MetricUnit.Count, foreign.length);
      logger.warn('metrics re-poll dropped resources of no watched target', { foreignArns: foreign.length });
    }
    const targets = await Promise.all(
      groups.map(async ({ target, arns: group }) => {
        const failed = await credentialsFailure(target, sink, false);
        if (failed) return failed;
        const deps = { cloudWatch: cloudWatchFor(target), store, clock, logger, kinds: metricKindsFor(target) };
        const outcome = await pollMetricsFor(deps, group, metricsOptionsFor(target, settings));
        recordMetricsCycle(sink, outcome);
        return outcome;
      }),
    );
    const outcome: MetricsRepollOutcome = { mode: 'targeted', targets, foreignArns: foreign.length };
    logger.info('metrics poll finished', { outcome });
    calls.drainTo(sink);
    return outcome;
  }

  async function pollTarget(target: WatchedTarget, context: Context): Promise<MetricsInvocationOutcome> {
    const sink = powertoolsSink(metrics);
    const key = { poller: METRICS_POLLER_NAME, account: target.account, region: target.region };
    const deps = { cloudWatch: cloudWatchFor(target), store, clock, logger, kinds: metricKindsFor(target) };
    const options = metricsOptionsFor(target, settings);
    const outcome = await runLeased(
      store,
      clock,
      key,
      context.getRemainingTimeInMillis() + LEASE_MARGIN_MS,
      async (lease) => (await credentialsFailure(target, sink, true)) ?? pollMetrics(deps, options, lease),
    );
    if (isSkippedPoll(outcome)) logger.warn('metrics poll skipped: another run holds the lease', { outcome });
    else if ('mode' in outcome) {
      logger.info('metrics poll finished', { target: targetKey(target), outcome });
      recordMetricsCycle(sink, outcome);
    }
    calls.drainTo(sink);
    return outcome;
  }

  async function pollMetricsNow(event: unknown, context: Context): Promise<MetricsInvocationOutcome> {
    const registry = await registryOf(context);
    const parsed = repollEvent.safeParse(event ?? {});
    if (!parsed.success)
      throw new ValidationError(`Invalid metrics poll event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const arns = parsed.data.arns ?? parsed.data.flowArns;
    if (arns) return repoll(registry, arns);
    return pollTarget(targetOfScheduledInvocation(event, registry), context);
  }

  return middy(pollMetricsNow).use(injectLambdaContext(logger)).use(logMetrics(metrics));
}

/**
 * Where the registry comes from: the runtime's, else WATCHED_TARGETS or TARGETS_PARAMETER, else the deployment
 * itself, whose account is ACCOUNT_ID or, without it, the invoked function's.
 */
function registryResolver(
  given: MetricsRuntime['registry'] | undefined,
  env: NodeJS.ProcessEnv,
): (context: Context) => Promise<TargetRegistry> {
  if (given) return () => given.get();
  const listed = optionalEnv(ENV.watchedTargets, '', env) !== '' || optionalEnv(ENV.targetsParameter, '', env) !== '';
  const region = requireEnv('AWS_REGION', env);
  const account = optionalEnv(ENV.accountId, '', env);
  if (listed || account !== '') {
    const source = functionTargetRegistry(env);
    return () => source.get();
  }
  return async (context) => selfRegistry(parseArn(context.invokedFunctionArn).account, region);
}
