import type { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { mediaConnectInventory } from '../../../lambdas/mediaconnect/service';
import type { InventoryDeps } from '../../../lambdas/polling/inventory-deps';
import { createRefresher } from '../../../lambdas/polling/inventory-refresh';
import type { RefreshOutcome } from '../../../lambdas/polling/refresh';

/** One refresh of a flow through MediaConnect's refresher (as the real-time path and the API build it). */
export const refreshFlow = (deps: InventoryDeps<MediaConnectClient>, flowArn: string): Promise<RefreshOutcome> =>
  createRefresher(deps, mediaConnectInventory)(flowArn);
