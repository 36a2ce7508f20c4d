import { GetChannelGroupCommand, type MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import { GONE, type InventoryKind, type ListedResource } from '../polling/resource-kind';
import { parseMediaPackageV2Arn } from './arn';
import {
  buildChannelGroupRecord,
  CHANNEL_GROUP_TRUNCATABLE_FIELDS,
  POLLER_OWNED_CHANNEL_GROUP_FIELDS,
} from './channel-group-records';
import { cycleChannelGroups, isResourceNotFound, type ListedGroup } from './listings';
import { CHANNEL_GROUP_TYPE } from './mediapackagev2-model';
import { builtMeta } from './record-hash';

/**
 * MediaPackage v2 channel groups: the cycle's one ListChannelGroups (listings.ts, shared with the channel kind), then
 * one GetChannelGroup per group the engine describes (only it has the egress domain and the tags, so no
 * ListTagsForResource). A group has no children and makes no links; its channels reference it.
 */
export const channelGroupKind: InventoryKind<MediaPackageV2Client, ListedGroup> = {
  service: 'mediapackagev2',
  type: CHANNEL_GROUP_TYPE,
  poller: 'mediapackagev2-channel-groups',
  childPrefixes: [],
  ownedFields: POLLER_OWNED_CHANNEL_GROUP_FIELDS,
  truncatableFields: CHANNEL_GROUP_TRUNCATABLE_FIELDS,
  listOperation: 'ListChannelGroups',

  async *listPages(ctx) {
    const { groups } = await cycleChannelGroups(ctx);
    yield { items: groups.map(listedGroup) };
  },

  async lookup(_ctx, arn) {
    const parsed = parseMediaPackageV2Arn(arn);
    if (parsed?.kind !== 'channelGroup')
      throw new Error(`Not a MediaPackage v2 channel group ARN: ${arn.slice(0, 200)}`);
    return listedGroup({ Arn: arn, ChannelGroupName: parsed.channelGroupName } as ListedGroup);
  },

  async describe(ctx, listed) {
    const name = listed.listed.ChannelGroupName;
    let observedAtMs = ctx.clock.now();
    try {
      const group = await ctx.budget.call('GetChannelGroup', () => {
        observedAtMs = ctx.clock.now();
        return ctx.client.send(new GetChannelGroupCommand({ ChannelGroupName: name }));
      });
      // The listed ARN keys the partition, as it keys the engine's plan and tombstones.
      const record = buildChannelGroupRecord(
        { ...group, Arn: listed.arn, ChannelGroupName: group.ChannelGroupName ?? name },
        { account: ctx.account, region: ctx.region, observedAtMs },
      );
      return { tree: { meta: builtMeta(record), children: [] } };
    } catch (error) {
      if (isResourceNotFound(error)) return GONE;
      throw error;
    }
  },
};

function listedGroup(group: ListedGroup): ListedResource<ListedGroup> {
  return { arn: group.Arn, name: group.ChannelGroupName, summary: { name: group.ChannelGroupName }, listed: group };
}
