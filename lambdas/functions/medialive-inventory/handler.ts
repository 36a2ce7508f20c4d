import { mediaLiveInventory } from '../../medialive/service';
import { createInventoryHandler } from '../../polling/inventory-handler';
import { createMediaLiveClient } from '../../shared/clients';

/** The MediaLive inventory poller (inputs, channels, input devices), run by an EventBridge schedule (see `createInventoryHandler`). */
export const handler = createInventoryHandler(mediaLiveInventory, createMediaLiveClient);
