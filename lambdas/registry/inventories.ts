import { mediaConnectInventory } from '../mediaconnect/service';
import { mediaLiveInventory } from '../medialive/service';
import { mediaPackageInventory } from '../mediapackage/service';
import { mediaPackageV2Inventory } from '../mediapackagev2/service';
import type { ServiceInventory } from '../polling/resource-kind';

/**
 * Every service the inventory engine polls, one `ServiceInventory` each (its kinds, its poller, its ARN → kind map).
 * Each service's inventory function is built from its entry (`createInventoryHandler`); the real-time path and the API
 * build a refresher per entry (`createRefresher`). This module imports every service's SDK: the inventory functions
 * import their own service module instead, so that each bundle carries one SDK.
 */
export const INVENTORIES: readonly ServiceInventory[] = [
  mediaConnectInventory,
  mediaLiveInventory,
  mediaPackageInventory as ServiceInventory,
  mediaPackageV2Inventory,
];
