import type { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
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
