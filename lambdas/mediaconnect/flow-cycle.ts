import type { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { pollInventoryKind, type InventoryCycleOutcome, type InventoryPollOptions } from '../polling/inventory-cycle';
import type { InventoryDeps } from '../polling/inventory-deps';
import { flowKind } from './flow-kind';

/** A MediaConnect cycle's outcome, with the names it had before the engine (`flowKind.outcomeNames`). */
export interface FlowCycleOutcome extends InventoryCycleOutcome {
  flowsListed: number;
  failedFlows: { arn: string; error: string }[];
  tagErrors: number;
}

/**
 * One MediaConnect inventory cycle (the engine's cycle of `flowKind`), for the bench, the demo and tests. Kept apart
 * from service.ts so the functions that only refresh flows (ingest, API) do not bundle the cycle.
 */
export async function pollMediaConnectInventory(
  deps: InventoryDeps<MediaConnectClient>,
  options: InventoryPollOptions,
): Promise<FlowCycleOutcome> {
  return (await pollInventoryKind(deps, flowKind, options)) as FlowCycleOutcome;
}
