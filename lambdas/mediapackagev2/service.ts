import type { MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import type { InventoryKind, ServiceInventory } from '../polling/resource-kind';
import { parseMediaPackageV2Arn } from './arn';
import { channelGroupKind } from './channel-group-kind';
import { channelKind } from './channel-kind';
import { originEndpointKind } from './origin-endpoint-kind';

/**
 * MediaPackage v2's inventory: channel groups, then channels (ListChannels per group), then origin endpoints
 * (ListOriginEndpoints per channel), sharing one group and one channel listing per cycle. One function,
 * `mediapackagev2-inventory`, polls all three on v2's own quota (`quotas.mediapackagev2`).
 */
const KINDS = {
  channelGroup: channelGroupKind as InventoryKind<MediaPackageV2Client>,
  channel: channelKind as InventoryKind<MediaPackageV2Client>,
  originEndpoint: originEndpointKind as InventoryKind<MediaPackageV2Client>,
} as const;

export const mediaPackageV2Inventory: ServiceInventory<MediaPackageV2Client> = {
  service: 'mediapackagev2',
  poller: 'mediapackagev2-inventory',
  kinds: [KINDS.channelGroup, KINDS.channel, KINDS.originEndpoint],
  kindOf(arn) {
    const parsed = parseMediaPackageV2Arn(arn);
    return parsed ? KINDS[parsed.kind] : undefined;
  },
};
