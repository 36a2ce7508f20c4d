import type { Channel } from '@aws-sdk/client-mediapackage';
import { CHANNEL_TYPE, type ChannelRecord, type IngestEndpointSummary } from './mediapackage-model';
import {
  compactOrUndefined,
  metaHeader,
  nonEmpty,
  type ObservationContext,
  OWNED_COMMON_FIELDS,
  str,
  tagsOf,
  withHashes,
} from './record-hash';

/**
 * Builds a channel's `#META` record from ListChannels' (or DescribeChannel's) `Channel`. Everything is inline: a
 * channel has at most two HLS ingest endpoints. An ingest endpoint keeps its Id, URL (without user info) and username;
 * its `Password` is never read.
 */

/** The channel fields the poller owns on the `#META` item. */
export const POLLER_OWNED_CHANNEL_FIELDS = [
  ...OWNED_COMMON_FIELDS,
  'ingestEndpoints',
  'ingressAccessLogs',
  'egressAccessLogs',
] as const;

/** Channel fields cut first when the item is too large. */
export const CHANNEL_TRUNCATABLE_FIELDS = ['description', 'tags'] as const;

export type ListedChannel = Channel & { Arn: string; Id: string };

export function buildChannelRecord(
  channel: ListedChannel,
  context: ObservationContext,
): ChannelRecord & { treeHash: string } {
  return withHashes<ChannelRecord & { treeHash: string }>({
    ...metaHeader(CHANNEL_TYPE, channel, context),
    description: str(channel.Description),
    createdAt: str(channel.CreatedAt),
    ingestEndpoints: nonEmpty(
      (channel.HlsIngest?.IngestEndpoints ?? [])
        .map((endpoint) => compactOrUndefined<IngestEndpointSummary>(ingestEndpoint(endpoint)))
        .filter((e): e is IngestEndpointSummary => e !== undefined),
    ),
    ingressAccessLogs: compactOrUndefined({ logGroupName: str(channel.IngressAccessLogs?.LogGroupName) }),
    egressAccessLogs: compactOrUndefined({ logGroupName: str(channel.EgressAccessLogs?.LogGroupName) }),
    tags: tagsOf(channel.Tags),
    hash: '',
    treeHash: '',
  });
}

function ingestEndpoint(endpoint: NonNullable<NonNullable<Channel['HlsIngest']>['IngestEndpoints']>[number]) {
  // Password is deliberately not read.
  return { id: str(endpoint.Id), url: withoutUserInfo(endpoint.Url), username: str(endpoint.Username) };
}

/** The URL without user info (the password would be there); undefined for a value that is not a URL. */
export function withoutUserInfo(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return str(parsed.toString());
  } catch {
    return undefined;
  }
}
