import type { GetChannelResponse } from '@aws-sdk/client-mediapackagev2';
import { mediaPackageV2Arn } from './arn';
import { CHANNEL_TYPE, type ChannelRecord, type IngestEndpointSummary } from './mediapackagev2-model';
import {
  bool,
  iso,
  metaHeader,
  nonEmpty,
  OWNED_COMMON_FIELDS,
  sealed,
  str,
  tagsOf,
  type ObservationContext,
} from './record-hash';

/** The channel fields the poller owns on the `#META` item. */
export const POLLER_OWNED_CHANNEL_FIELDS = [
  ...OWNED_COMMON_FIELDS,
  'channelName',
  'channelGroupArn',
  'inputType',
  'ingestEndpoints',
  'mqcsInputSwitching',
  'publishMqcs',
] as const;
export const CHANNEL_TRUNCATABLE_FIELDS = ['description', 'tags'] as const;

/**
 * A channel's `#META` record from GetChannel: its group, input type and ingest endpoints (id and URL; v2 ingest takes
 * no credentials, and any user info in a URL is dropped anyway), MQCS switches, tags.
 */
export function buildChannelRecord(
  channel: GetChannelResponse & { Arn: string; ChannelGroupName: string; ChannelName: string },
  context: ObservationContext,
): ChannelRecord {
  return sealed<ChannelRecord>({
    ...metaHeader(CHANNEL_TYPE, channel.Arn, channel.ChannelName, context),
    channelName: channel.ChannelName,
    channelGroupName: channel.ChannelGroupName,
    channelGroupArn: mediaPackageV2Arn(context, channel.ChannelGroupName),
    inputType: str(channel.InputType),
    ingestEndpoints: nonEmpty((channel.IngestEndpoints ?? []).flatMap(ingestEndpoint)),
    mqcsInputSwitching: bool(channel.InputSwitchConfiguration?.MQCSInputSwitching),
    publishMqcs: bool(channel.OutputHeaderConfiguration?.PublishMQCS),
    description: str(channel.Description),
    createdAt: iso(channel.CreatedAt),
    modifiedAt: iso(channel.ModifiedAt),
    tags: tagsOf(channel.Tags),
    hash: '',
    treeHash: '',
  });
}

function ingestEndpoint(endpoint: { Id?: string | undefined; Url?: string | undefined }): IngestEndpointSummary[] {
  const url = withoutUserInfo(endpoint.Url);
  if (!url) return [];
  return [{ ...(str(endpoint.Id) ? { id: str(endpoint.Id)! } : {}), url }];
}

/** The URL without user info (v2 has none; a credential must never be stored if one ever appears). */
export function withoutUserInfo(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return undefined;
  }
}
