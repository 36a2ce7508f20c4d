import { mediaPackageV2Inventory } from '../../mediapackagev2/service';
import { createInventoryHandler } from '../../polling/inventory-handler';
import { createMediaPackageV2Client } from '../../shared/clients';

/** The MediaPackage v2 inventory poller (channel groups, channels, origin endpoints), run by an EventBridge schedule. */
export const handler = createInventoryHandler(mediaPackageV2Inventory, createMediaPackageV2Client);
