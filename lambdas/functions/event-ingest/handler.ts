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
import { createResourceRepoller, metricsRepoll } from '../../events/resource-repoller';
import { sqsTrailingRepollScheduler } from '../../events/trailing-repoll';
import { mediaConnectInventory } from '../../mediaconnect/service';
import { mediaLiveInventory } from '../../medialive/service';
import { mediaPackageInventory } from '../../mediapackage/service';
import { mediaPackageV2Inventory } from '../../mediapackagev2/service';
import type { RegionalClient } from '../../polling/inventory-deps';
import { createRefresher } from '../../polling/inventory-refresh';
import { serviceInventorySettingsFromEnv } from '../../polling/inventory-settings';
import type { ServiceInventory } from '../../polling/resource-kind';
import { metricsSettingsFromEnv } from '../../metrics/metrics-config';
import type { ResourceRefresher } from '../../polling/refresh';
import {
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
import { TokenBucket } from '../../shared/rate-limiter';
import type { ServiceName } from '../../store/keys';
import { StateStore } from '../../store/state-store';

/**
 * The real-time path: CloudWatch alarm notifications (SNS) and media-service events (EventBridge), delivered in SQS
 * batches. Each message updates the state table at once; the resources they touch are re-polled, coalesced per window.
 * Returns SQS partial batch failures: only messages that hit a real fault (the store unavailable) are retried.
 * Invoked directly with an SNS or EventBridge event (the local runtime does), it throws when a message failed.
 */
const logger = createLogger('event-ingest');
const metrics = new Metrics({ namespace: INGEST_METRICS_NAMESPACE, serviceName: 'event-ingest' });
const calls = new CallTally();
const settings = ingestSettingsFromEnv();
const metricsSettings = metricsSettingsFromEnv();
const region = requireEnv('AWS_REGION');
const store = new StateStore(createDocumentClient(), requireEnv(ENV.tableName));
// The function's own queue, for the trailing re-poll of a window (set by the construct). Unset (a local runtime that
// invokes the function directly, with no queue to come back through): re-polls are leading only.
const ingestQueueUrl = optionalEnv(ENV.ingestQueueUrl, '');
if (!ingestQueueUrl) logger.info(`${ENV.ingestQueueUrl} is not set: re-polls are leading only`);

/**
 * How each service's resources are re-read, one entry per service: a service left out has its re-polls recorded as skipped. Each refresher paces its service's quota with the
 * ingest's share of it, divided between the ingest's instances.
 */
const refreshers: Partial<Record<ServiceName, ResourceRefresher>> = {
  mediaconnect: ingestRefresher(mediaConnectInventory, countCalls(createMediaConnectClient(), calls)),
  medialive: ingestRefresher(mediaLiveInventory, countCalls(createMediaLiveClient(), calls)),
  mediapackage: ingestRefresher(mediaPackageInventory, countCalls(createMediaPackageClient(), calls)),
  mediapackagev2: ingestRefresher(mediaPackageV2Inventory, countCalls(createMediaPackageV2Client(), calls)),
};

/** A service's refresher, paced at the ingest's share of that service's quota (split between the ingest's instances). */
function ingestRefresher<Client extends RegionalClient>(
  inventory: ServiceInventory<Client>,
  client: Client,
): ResourceRefresher {
  const settings = serviceInventorySettingsFromEnv(inventory.service);
  const pace = settings.quota.functions.ingest;
  return createRefresher(
    {
      client,
      store,
      clock: systemClock,
      limiter: new TokenBucket(pace.rps, pace.burst),
      accountId: settings.accountId,
      tombstoneRetentionHours: settings.tombstoneRetentionHours,
    },
    inventory,
  );
}

const deps: IngestDeps = {
  store,
  clock: systemClock,
  settings,
  metrics: powertoolsIngestMetrics(metrics),
  logger,
  impacts: (arn) => downstreamImpacts(store, arn),
  // These live as long as the container: child → flow, the ring's next slot, the re-poll windows known to be live.
  resolver: new FlowResolver(store, systemClock),
  rawRing: new RawRing(),
  repollWindows: new RepollWindows(),
  ...(ingestQueueUrl ? { trailingRepolls: sqsTrailingRepollScheduler(createSqsClient(), ingestQueueUrl) } : {}),
  repoller: createResourceRepoller({
    refreshers,
    pollMetrics: metricsRepoll(
      { cloudWatch: countCalls(createCloudWatchClient(), calls), store, clock: systemClock, logger },
      { ...metricsSettings, account: requireEnv(ENV.accountId), region },
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
