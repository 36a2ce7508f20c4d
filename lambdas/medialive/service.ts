import type { MediaLiveClient } from '@aws-sdk/client-medialive';
import type { InventoryKind, ServiceInventory } from '../polling/resource-kind';
import { parseMediaLiveArn } from './arn';
import { channelKind } from './channel-kind';
import { inputDeviceKind } from './input-device-kind';
import { inputKind } from './input-kind';

/**
 * MediaLive's inventory: inputs first (a channel's attachments then name each input by the ARN the cycle listed),
 * then channels, then input devices. One function, `medialive-inventory`, polls all three on MediaLive's own quota.
 */
const KINDS = {
  input: inputKind as InventoryKind<MediaLiveClient>,
  channel: channelKind as InventoryKind<MediaLiveClient>,
  inputDevice: inputDeviceKind as InventoryKind<MediaLiveClient>,
} as const;

export const mediaLiveInventory: ServiceInventory<MediaLiveClient> = {
  service: 'medialive',
  poller: 'medialive-inventory',
  kinds: [KINDS.input, KINDS.channel, KINDS.inputDevice],
  kindOf(arn) {
    const parsed = parseMediaLiveArn(arn);
    return parsed ? KINDS[parsed.kind] : undefined;
  },
};
