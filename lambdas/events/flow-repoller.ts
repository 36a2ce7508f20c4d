import { refreshFlow } from '../mediaconnect/flow-refresh';
import type { InventoryDeps } from '../mediaconnect/inventory-deps';
import type { MetricsPollerOptions } from '../metrics/metrics-config';
import { MetricsPollerDeps, pollMetricsForFlows } from '../metrics/metrics-poller';
import type { ResourceRefresher } from '../polling/refresh';
import { parseArn } from '../shared/arn';
import { createResourceRepoller, MetricsRepoll, ResourceRepoller, ResourceRepollReport } from './resource-repoller';

/**
 * MediaConnect's parts of the re-poll as they are today: `refreshFlow` as its `ResourceRefresher`, and
 * `pollMetricsForFlows` as the metrics re-poll. The engine's `createRefresher(mediaConnectInventory, …)` and the
 * generic `pollMetricsFor` replace them; `createResourceRepoller` takes either.
 */

/** `refreshFlow` as a `ResourceRefresher`. */
export function mediaConnectRefresher(inventory: InventoryDeps): ResourceRefresher {
  return async (arn) => {
    const { flowArn, ...refreshed } = await refreshFlow(inventory, arn);
    return { arn: flowArn, ...refreshed };
  };
}

/**
 * `pollMetricsForFlows` as the metrics re-poll, in the account of `options.account`, or each batch's first ARN's own
 * when unset (one ingest function serves one account and Region).
 */
export function flowMetricsRepoll(
  metrics: MetricsPollerDeps,
  options: Omit<MetricsPollerOptions, 'account' | 'region'> & { account?: string; region: string },
): MetricsRepoll {
  return async (arns) => {
    const first = arns[0];
    if (first === undefined) return 0;
    const account = options.account || parseArn(first).account;
    const outcome = await pollMetricsForFlows(metrics, arns, { ...options, account, region: options.region });
    return outcome.flowsPolled;
  };
}

/** A re-poll of MediaConnect flows alone, with `repollFlow` as the API calls it. */
export interface FlowRepoller extends ResourceRepoller {
  repollFlow(flowArn: string): Promise<void>;
}

/**
 * The re-poll of MediaConnect flows (the API's forced re-poll and the bench): `refreshFlow` (DescribeFlow, diff-write,
 * tombstone when gone) and then `pollMetricsForFlows` for that flow (skipped by the poller while the flow is STARTING,
 * STOPPING, … or disabled).
 */
export function createFlowRepoller(
  inventory: InventoryDeps,
  metrics: MetricsPollerDeps,
  options: Omit<MetricsPollerOptions, 'account' | 'region'> & { account?: string; region: string },
  onReport?: (report: ResourceRepollReport) => void,
): FlowRepoller {
  const repoller = createResourceRepoller({
    refreshers: { mediaconnect: mediaConnectRefresher(inventory) },
    pollMetrics: flowMetricsRepoll(metrics, options),
    ...(onReport ? { onReport } : {}),
  });
  return { ...repoller, repollFlow: (flowArn) => repoller.repoll(flowArn) };
}
