import { parseMediaConnectArn } from '../shared/arn';
import { isNotFound, ValidationError } from '../shared/errors';
import type { CallStats } from '../polling/request-budget';
import { DescribedFlow, describeFlow } from './flow-describe';
import { FlowChange, readStoredFlow, syncDescribedFlow, tombstoneFlow } from './flow-sync';
import { clientRegion, DEFAULT_TOMBSTONE_RETENTION_HOURS, InventoryDeps, newApiBudget } from './inventory-deps';

export interface RefreshOutcome extends CallStats {
  flowArn: string;
  /** `not-found`: MediaConnect and the store both do not know the flow; nothing was written. */
  change: FlowChange | 'not-found';
  /** Inventory items written or deleted. */
  writes: number;
}

/**
 * Re-reads one flow from MediaConnect and writes what changed, through the same code path as the inventory cycle
 * (DescribeFlow, diff, conditional writes); a flow MediaConnect no longer has is tombstoned. Used by the real-time
 * re-poll and after API actions. Throws for other DescribeFlow errors (e.g. `ThrottledError`), leaving the store as is.
 */
export async function refreshFlow(deps: InventoryDeps, flowArn: string): Promise<RefreshOutcome> {
  const arn = parseMediaConnectArn(flowArn, 'flow');
  const region = await clientRegion(deps.mediaConnect);
  if (arn.region !== region)
    throw new ValidationError(`Flow ${flowArn} is in ${arn.region}, this inventory covers ${region}`, 'flowArn');

  const startedAtMs = deps.clock.now();
  const budget = newApiBudget(deps);
  const ctx = {
    client: deps.mediaConnect,
    store: deps.store,
    budget,
    region,
    polledAt: new Date(startedAtMs).toISOString(),
    tombstoneRetentionHours: deps.tombstoneRetentionHours ?? DEFAULT_TOMBSTONE_RETENTION_HOURS,
  };
  const stored = await readStoredFlow(deps.store, flowArn);
  let described: DescribedFlow;
  try {
    described = await describeFlow(deps.mediaConnect, budget, deps.clock, flowArn);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    const result = await tombstoneFlow(ctx, { arn: flowArn }, stored, deps.clock.now());
    const change = !stored && result.writes === 0 ? 'not-found' : result.change;
    return { flowArn, change, writes: result.writes, ...budget.snapshot() };
  }
  const result = await syncDescribedFlow(ctx, described, stored, { refreshTags: false });
  return { flowArn, change: result.change, writes: result.writes, ...budget.snapshot() };
}
