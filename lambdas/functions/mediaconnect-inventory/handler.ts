import { mediaConnectInventory } from '../../mediaconnect/service';
import { createInventoryHandler } from '../../polling/inventory-handler';
import { createMediaConnectClient } from '../../shared/clients';

/** The MediaConnect inventory poller, run by an EventBridge schedule (see `createInventoryHandler`). */
export const handler = createInventoryHandler(mediaConnectInventory, createMediaConnectClient);
