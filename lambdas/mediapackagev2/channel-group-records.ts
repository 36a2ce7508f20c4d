import type { ChannelGroupListConfiguration, GetChannelGroupResponse } from '@aws-sdk/client-mediapackagev2';
import { CHANNEL_GROUP_TYPE, type ChannelGroupRecord } from './mediapackagev2-model';
import { iso, metaHeader, OWNED_COMMON_FIELDS, sealed, str, tagsOf, type ObservationContext } from './record-hash';

/** The channel group fields the poller owns on the `#META` item. */
export const POLLER_OWNED_CHANNEL_GROUP_FIELDS = [...OWNED_COMMON_FIELDS, 'egressDomain'] as const;
export const CHANNEL_GROUP_TRUNCATABLE_FIELDS = ['description', 'tags'] as const;

/**
 * A channel group's `#META` record from GetChannelGroup (egress domain and tags), or from its listing entry alone
 * (no egress domain, no tags) when only that is known.
 */
export function buildChannelGroupRecord(
  group: (GetChannelGroupResponse | ChannelGroupListConfiguration) & { Arn: string; ChannelGroupName: string },
  context: ObservationContext,
): ChannelGroupRecord {
  const described = group as GetChannelGroupResponse;
  return sealed<ChannelGroupRecord>({
    ...metaHeader(CHANNEL_GROUP_TYPE, group.Arn, group.ChannelGroupName, context),
    channelGroupName: group.ChannelGroupName,
    egressDomain: str(described.EgressDomain),
    description: str(group.Description),
    createdAt: iso(group.CreatedAt),
    modifiedAt: iso(group.ModifiedAt),
    tags: tagsOf(described.Tags),
    hash: '',
    treeHash: '',
  });
}
