import { mediaPackageInventory } from '../../mediapackage/service';
import { createInventoryHandler } from '../../polling/inventory-handler';
import { createMediaPackageClient } from '../../shared/clients';

/** The MediaPackage v1 inventory poller (channels, origin endpoints), run by an EventBridge schedule (see `createInventoryHandler`). */
export const handler = createInventoryHandler(mediaPackageInventory, createMediaPackageClient);
