import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse } from 'aws-lambda';
import { downstreamImpacts } from '../../chain/chain-graph';
import { entryMessages } from '../../events/entry-forms';
import { RawRing } from '../../events/event-history';
import { FlowResolver } from '../../events/flow-resolver';
import { IngestDeps, ingestMessages, IngestResult } from '../../events/ingest';
import { ingestSettingsFromEnv } from '../../events/ingest-config';
import { INGEST_METRICS_NAMESPACE, powertoolsIngestMetrics } from '../../events/ingest-metrics';
import { RepollWindows } from '../../events/repoll-coalescer';
import {
  createResourceRepoller,
  metricsRepoll,
  targetMetricsRepoll,
  targetRefresher,
} from '../../events/resource-repoller';
import { sqsTrailingRepollScheduler } from '../../events/trailing-repoll';
import { mediaConnectInventory } from '../../mediaconnect/service';
import { mediaLiveInventory } from '../../medialive/service';
import { mediaPackageInventory } from '../../mediapackage/service';
import { mediaPackageV2Inventory } from '../../mediapackagev2/service';
import type { RegionalClient } from '../../polling/inventory-deps';
import { createRefresher } from '../../polling/inventory-refresh';
import { serviceInventorySettingsFromEnv } from '../../polling/inventory-settings';
import type { ServiceInventory } from '../../polling/resource-kind';
import { resolveMetricSet } from '../../metrics/metric-catalog';
import { metricsSettingsFromEnv } from '../../metrics/metrics-config';
import type { ResourceRefresher } from '../../polling/refresh';
import {
  type ClientOptions,
  createCloudWatchClient,
  createDocumentClient,
  createMediaConnectClient,
  createMediaLiveClient,
  createMediaPackageClient,
  createMediaPackageV2Client,
  createSqsClient,
} from '../../shared/clients';
import { systemClock } from '../../shared/clock';
import { ENV, optionalEnv, requireEnv } from '../../shared/env';
import { createLogger } from '../../shared/logger';
import { CallTally, countCalls, powertoolsSink, recordIngestLag } from '../../shared/monitor-metrics';
import { targetBuckets, targetClientCache } from '../../shared/target-clients';
import type { ServiceName } from '../../store/keys';
import { StateStore } from '../../store/state-store';
import { functionTargetCredentials, functionTargetRegistry } from '../../shared/function-targets';

/**
 * The real-time path: CloudWatch alarm notifications (SNS) and media-service events (EventBridge), delivered in SQS
 * batches. Each message updates the state table at once; the resources they touch are re-polled, coalesced per window.
 * Returns SQS partial batch failures: only messages that hit a real fault (the store unavailable) are retried.
 * Many accounts: a message is for the watched target its origin names (the event's or alarm's account and Region,
 * forwarded from member accounts to the deployment's bus); one from no watched target is dropped unstored
 * (`EventsForeignAccount`), and each resource is re-polled in its own target, with that target's read credentials.
 * Invoked directly with an SNS or EventBridge event (the local runtime does), it throws when a message failed.
 */
const logger = createLogger('event-ingest');
const metrics = new Metrics({ namespace: INGEST_METRICS_NAMESPACE, serviceName: 'event-ingest' });
const calls = new CallTally();
const settings = ingestSettingsFromEnv();
const metricsSettings = metricsSettingsFromEnv();
const store = new StateStore(createDocumentClient(), requireEnv(ENV.tableName));
// The function's own queue, for the trailing re-poll of a window (set by the construct). Unset (a local runtime that
// invokes the function directly, with no queue to come back through): re-polls are leading only.
const ingestQueueUrl = optionalEnv(ENV.ingestQueueUrl, '');
if (!ingestQueueUrl) logger.info(`${ENV.ingestQueueUrl} is not set: re-polls are leading only`);

/**
 * The watched targets: WATCHED_TARGETS inline, else the SSM parameter TARGETS_PARAMETER names, else this deployment
 * alone (ACCOUNT_ID in AWS_REGION). Read once per batch, cached 5 minutes.
 */
const registry = functionTargetRegistry();
const targets = () => registry.get();
/** Each target's read credentials (none for the deployment's own execution role): re-polls read in its account. */
const credentials = functionTargetCredentials('event-ingest', { logger });

/**
 * How each service's resources are re-read, one entry per service: a service left out has its re-polls recorded as
 * skipped. A resource is re-read in its own target (its ARN's account and Region): that target's client and read
 * credentials, and a budget of the ingest's share of that account's quota (split between the ingest's instances).
 */
const refreshers: Partial<Record<ServiceName, ResourceRefresher>> = {
  mediaconnect: ingestRefresher(mediaConnectInventory, createMediaConnectClient),
  medialive: ingestRefresher(mediaLiveInventory, createMediaLiveClient),
  mediapackage: ingestRefresher(mediaPackageInventory, createMediaPackageClient),
  mediapackagev2: ingestRefresher(mediaPackageV2Inventory, createMediaPackageV2Client),
};

/** A service's refresher: per target, its client, its bucket (the ingest's share of its quota) and its account. */
function ingestRefresher<Client extends RegionalClient>(
  inventory: ServiceInventory<Client>,
  factory: (options: ClientOptions) => Client,
): ResourceRefresher {
  const settings = serviceInventorySettingsFromEnv(inventory.service);
  const clientFor = targetClientCache((options) => countCalls(factory(options), calls), credentials, 'read');
  const bucketFor = targetBuckets(inventory.service, 'ingest', settings.quota, systemClock);
  return targetRefresher(targets, (target) =>
    createRefresher(
      {
        client: clientFor(target),
        store,
        clock: systemClock,
        limiter: bucketFor(target),
        accountId: target.account,
        tombstoneRetentionHours: settings.tombstoneRetentionHours,
      },
      inventory,
    ),
  );
}

/** Metrics are read where they are: in the resource's target, with its CloudWatch client and its metric set. */
const cloudWatchFor = targetClientCache(
  (options) => countCalls(createCloudWatchClient(options), calls),
  credentials,
  'read',
);

const deps: IngestDeps = {
  store,
  clock: systemClock,
  settings,
  metrics: powertoolsIngestMetrics(metrics),
  logger,
  targets,
  impacts: (arn) => downstreamImpacts(store, arn),
  // These live as long as the container: child → flow, the ring's next slot, the re-poll windows known to be live.
  resolver: new FlowResolver(store, systemClock),
  rawRing: new RawRing(),
  repollWindows: new RepollWindows(),
  ...(ingestQueueUrl ? { trailingRepolls: sqsTrailingRepollScheduler(createSqsClient(), ingestQueueUrl) } : {}),
  repoller: createResourceRepoller({
    refreshers,
    pollMetrics: targetMetricsRepoll(targets, (target) =>
      metricsRepoll(
        { cloudWatch: cloudWatchFor(target), store, clock: systemClock, logger },
        {
          ...metricsSettings,
          ...(target.metricSet !== undefined ? { metricSet: resolveMetricSet(target.metricSet) } : {}),
          account: target.account,
          region: target.region,
        },
      ),
    ),
    onReport: (report) => logger.info('resource re-polled', { report }),
  }),
};

/** Some messages of a direct (non-SQS) invocation failed; Lambda's retry of the invocation redelivers them. */
export class IngestFailedError extends Error {
  constructor(readonly failedIds: readonly string[]) {
    super(`${failedIds.length} message(s) failed and will be retried`);
    this.name = 'IngestFailedError';
  }
}

async function ingest(event: unknown): Promise<SQSBatchResponse> {
  const { form, messages } = entryMessages(event, systemClock.now());
  const result = await ingestMessages(deps, messages);
  logger.info('batch ingested', { form, ...summarise(result) });
  const sink = powertoolsSink(metrics);
  recordIngestLag(sink, messages, result);
  calls.drainTo(sink);
  const failed = result.outcomes.filter((o) => o.result === 'failed').map((o) => o.id);
  if (form !== 'sqs' && failed.length > 0) throw new IngestFailedError(failed);
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}

function summarise(result: IngestResult): Record<string, unknown> {
  const counts: Record<string, number> = {};
  for (const o of result.outcomes) counts[o.result] = (counts[o.result] ?? 0) + 1;
  return { messages: result.outcomes.length, ...counts, repolls: result.repolls };
}

export const handler = middy(ingest).use(injectLambdaContext(logger)).use(logMetrics(metrics));
