import type { MediaPackageClient } from '@aws-sdk/client-mediapackage';
import type { InventoryKind, ServiceInventory } from '../polling/resource-kind';
import { parseMediaPackageArn } from './arn';
import { channelKind } from './channel-kind';
import { originEndpointKind } from './origin-endpoint-kind';

/**
 * MediaPackage v1's inventory: channels, then origin endpoints (each names its channel by Id). One function,
 * `mediapackage-inventory`, polls both on MediaPackage's own quota: one ListChannels and one ListOriginEndpoints
 * listing per cycle (paginated), and no other call.
 */
const KINDS = {
  channel: channelKind as InventoryKind<MediaPackageClient>,
  originEndpoint: originEndpointKind as InventoryKind<MediaPackageClient>,
} as const;

export const mediaPackageInventory: ServiceInventory<MediaPackageClient> = {
  service: 'mediapackage',
  poller: 'mediapackage-inventory',
  kinds: [KINDS.channel, KINDS.originEndpoint],
  kindOf(arn) {
    const parsed = parseMediaPackageArn(arn);
    return parsed ? KINDS[parsed.kind] : undefined;
  },
};
