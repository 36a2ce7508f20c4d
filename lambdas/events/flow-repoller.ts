import type { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { mediaConnectInventory } from '../mediaconnect/service';
import type { MetricsPollerOptions } from '../metrics/metrics-config';
import { MetricsPollerDeps, pollMetricsFor } from '../metrics/metrics-poller';
import type { InventoryDeps } from '../polling/inventory-deps';
import { createRefresher } from '../polling/inventory-refresh';
import { parseArn } from '../shared/arn';
import { createResourceRepoller, MetricsRepoll, ResourceRepoller, ResourceRepollReport } from './resource-repoller';

/**
 * `pollMetricsFor` (any registered service) as the metrics re-poll, in the account of `options.account`, or each batch's first ARN's own
 * when unset (one ingest function serves one account and Region).
 */
export function metricsRepoll(
  metrics: MetricsPollerDeps,
  options: Omit<MetricsPollerOptions, 'account' | 'region'> & { account?: string; region: string },
): MetricsRepoll {
  return async (arns) => {
    const first = arns[0];
    if (first === undefined) return 0;
    const account = options.account || parseArn(first).account;
    const outcome = await pollMetricsFor(metrics, arns, { ...options, account, region: options.region });
    return outcome.polled;
  };
}

/** A re-poll of MediaConnect flows alone, with `repollFlow` as the API calls it. */
export interface FlowRepoller extends ResourceRepoller {
  repollFlow(flowArn: string): Promise<void>;
}

/**
 * The re-poll of MediaConnect flows (the API's forced re-poll and the bench): the MediaConnect refresher (DescribeFlow, diff-write,
 * tombstone when gone) and then `pollMetricsFor` for that flow (skipped by the poller while the flow is STARTING,
 * STOPPING, … or disabled).
 */
export function createFlowRepoller(
  inventory: InventoryDeps<MediaConnectClient>,
  metrics: MetricsPollerDeps,
  options: Omit<MetricsPollerOptions, 'account' | 'region'> & { account?: string; region: string },
  onReport?: (report: ResourceRepollReport) => void,
): FlowRepoller {
  const repoller = createResourceRepoller({
    refreshers: { mediaconnect: createRefresher(inventory, mediaConnectInventory) },
    pollMetrics: metricsRepoll(metrics, options),
    ...(onReport ? { onReport } : {}),
  });
  return { ...repoller, repollFlow: (flowArn) => repoller.repoll(flowArn) };
}
