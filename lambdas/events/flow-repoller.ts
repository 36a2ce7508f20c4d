import type { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { mediaConnectInventory } from '../mediaconnect/service';
import type { InventoryDeps } from '../polling/inventory-deps';
import { createRefresher } from '../polling/inventory-refresh';
import type { MetricsPollerOptions } from '../metrics/metrics-config';
import { MetricsPollerDeps, pollMetricsFor } from '../metrics/metrics-poller';
import { parseArn } from '../shared/arn';
import type { Repoller } from './ingest';

/** What a re-poll did, for logs and the benchmark. */
export interface FlowRepollReport {
  readonly flowArn: string;
  /** The inventory's verdict: `created`, `updated`, `unchanged`, `tombstoned`, `not-found`, … */
  readonly inventory: string;
  /** Flows whose metrics were fetched (0 when the flow is paused, disabled or gone). */
  readonly metricsPolled: number;
}

/**
 * The real re-poll of a MediaConnect flow: the MediaConnect refresher (DescribeFlow, diff-write, tombstone when gone) and then
 * `pollMetricsFor` that flow (skipped by the poller while the flow is STARTING, STOPPING, … or disabled).
 * The metrics poll runs in the account of `options.account`, or the flow's own when unset.
 */
export function createFlowRepoller(
  inventory: InventoryDeps<MediaConnectClient>,
  metrics: MetricsPollerDeps,
  options: Omit<MetricsPollerOptions, 'account' | 'region'> & { account?: string; region: string },
  onReport?: (report: FlowRepollReport) => void,
): Repoller {
  const refreshFlow = createRefresher(inventory, mediaConnectInventory);
  return {
    async repollFlow(flowArn: string): Promise<void> {
      const refreshed = await refreshFlow(flowArn);
      let metricsPolled = 0;
      if (refreshed.change !== 'tombstoned' && refreshed.change !== 'not-found') {
        const account = options.account || parseArn(flowArn).account;
        const outcome = await pollMetricsFor(metrics, [flowArn], { ...options, account, region: options.region });
        metricsPolled = outcome.polled;
      }
      onReport?.({ flowArn, inventory: refreshed.change, metricsPolled });
    },
  };
}
