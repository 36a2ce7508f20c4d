import type { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { pollInventoryKind, type InventoryCycleOutcome, type InventoryPollOptions } from '../polling/inventory-cycle';
import type { InventoryDeps } from '../polling/inventory-deps';
import type { InventoryKind, ServiceInventory } from '../polling/resource-kind';
import { tryParseArn } from '../shared/arn';
import { flowKind, INVENTORY_POLLER_NAME } from './flow-kind';

/** MediaConnect as the inventory engine polls it: one kind, flows, under the `mediaconnect-inventory` poller. */
export const mediaConnectInventory: ServiceInventory<MediaConnectClient> = {
  service: 'mediaconnect',
  kinds: [flowKind as InventoryKind<MediaConnectClient>],
  poller: INVENTORY_POLLER_NAME,
  kindOf(arn) {
    const parsed = tryParseArn(arn);
    return parsed?.service === 'mediaconnect' && parsed.resourceType === 'flow'
      ? (flowKind as InventoryKind<MediaConnectClient>)
      : undefined;
  },
};

/** A MediaConnect cycle's outcome, with the names it had before the engine (`flowKind.outcomeNames`). */
export interface FlowCycleOutcome extends InventoryCycleOutcome {
  flowsListed: number;
  failedFlows: { arn: string; error: string }[];
  tagErrors: number;
}

/** One MediaConnect inventory cycle (the engine's cycle of `flowKind`). */
export async function pollMediaConnectInventory(
  deps: InventoryDeps<MediaConnectClient>,
  options: InventoryPollOptions,
): Promise<FlowCycleOutcome> {
  return (await pollInventoryKind(
    deps,
    mediaConnectInventory.kinds[0] as typeof flowKind,
    options,
  )) as FlowCycleOutcome;
}
