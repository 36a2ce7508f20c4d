import type { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { mediaConnectInventory } from '../mediaconnect/service';
import type { MetricsPollerOptions } from '../metrics/metrics-config';
import type { MetricsPollerDeps } from '../metrics/metrics-poller';
import type { InventoryDeps } from '../polling/inventory-deps';
import { createRefresher } from '../polling/inventory-refresh';
import { createResourceRepoller, metricsRepoll, ResourceRepoller, ResourceRepollReport } from './resource-repoller';

/** A re-poll of MediaConnect flows alone, with `repollFlow` for a flow. */
export interface FlowRepoller extends ResourceRepoller {
  repollFlow(flowArn: string): Promise<void>;
}

/**
 * The re-poll of MediaConnect flows alone (the storm bench and the ingest's integration test): the MediaConnect refresher (DescribeFlow, diff-write,
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
