import { GetChannelCommand, type MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import type { LinkDeclarations, LinkReference } from '../chain/link-model';
import { urlKey } from '../chain/link-keys';
import { GONE, type InventoryKind, type ListedResource } from '../polling/resource-kind';
import { parseMediaPackageV2Arn } from './arn';
import { buildChannelRecord, CHANNEL_TRUNCATABLE_FIELDS, POLLER_OWNED_CHANNEL_FIELDS } from './channel-records';
import { compare, cycleChannels, isResourceNotFound, PartialListingError, type ListedChannel } from './listings';
import { CHANNEL_TYPE, type ChannelRecord } from './mediapackagev2-model';
import { builtMeta } from './record-hash';

/**
 * MediaPackage v2 channels: ListChannels per channel group (the cycle's shared listing, listings.ts), then one
 * GetChannel per channel the engine describes (ingest endpoints, input type and tags are only there). One page per
 * group; a page's token names the next group, so a restarted listing resumes there. A group whose ListChannels still
 * fails after the budget's retries makes the listing incomplete (PartialListingError after every other group was
 * listed), so no channel is tombstoned on a partial view.
 *
 * Links: a channel answers to each ingest endpoint URL (a MediaLive destination that sends there references it) and
 * references its channel group.
 */
export const channelKind: InventoryKind<MediaPackageV2Client, ListedChannel> = {
  service: 'mediapackagev2',
  type: CHANNEL_TYPE,
  poller: 'mediapackagev2-channels',
  childPrefixes: [],
  ownedFields: POLLER_OWNED_CHANNEL_FIELDS,
  truncatableFields: CHANNEL_TRUNCATABLE_FIELDS,
  listOperation: 'ListChannels',

  async *listPages(ctx, startingToken) {
    const { byGroup, failures } = await cycleChannels(ctx);
    const groups = [...byGroup.keys()].sort(compare).filter((g) => !startingToken || compare(g, startingToken) >= 0);
    for (const [index, group] of groups.entries()) {
      const next = groups[index + 1];
      yield { items: (byGroup.get(group) ?? []).map(listedChannel), ...(next ? { nextToken: next } : {}) };
    }
    if (failures.length) throw new PartialListingError('ListChannels', failures);
  },

  async lookup(_ctx, arn) {
    const parsed = parseMediaPackageV2Arn(arn);
    if (parsed?.kind !== 'channel' || !parsed.channelName)
      throw new Error(`Not a MediaPackage v2 channel ARN: ${arn.slice(0, 200)}`);
    return listedChannel({
      Arn: arn,
      ChannelGroupName: parsed.channelGroupName,
      ChannelName: parsed.channelName,
    } as ListedChannel);
  },

  async describe(ctx, listed) {
    const { ChannelGroupName, ChannelName } = listed.listed;
    let observedAtMs = ctx.clock.now();
    try {
      const channel = await ctx.budget.call('GetChannel', () => {
        observedAtMs = ctx.clock.now();
        return ctx.client.send(new GetChannelCommand({ ChannelGroupName, ChannelName }));
      });
      const record = buildChannelRecord(
        {
          ...channel,
          Arn: listed.arn,
          ChannelGroupName: channel.ChannelGroupName ?? ChannelGroupName,
          ChannelName: channel.ChannelName ?? ChannelName,
        },
        { account: ctx.account, region: ctx.region, observedAtMs },
      );
      return { tree: { meta: builtMeta(record), children: [] } };
    } catch (error) {
      if (isResourceNotFound(error)) return GONE;
      throw error;
    }
  },

  links(tree) {
    const channel = tree.meta as unknown as ChannelRecord;
    const anchors = [...new Set((channel.ingestEndpoints ?? []).flatMap((e) => urlKey(e.url) ?? []))].sort();
    const references: LinkReference[] = [
      {
        type: 'channel-group',
        role: 'downstream',
        target: { arn: channel.channelGroupArn },
        evidence: { field: 'channelGroupName', value: channel.channelGroupName },
      },
    ];
    const declarations: LinkDeclarations = { anchors, references };
    return declarations;
  },
};

function listedChannel(channel: ListedChannel): ListedResource<ListedChannel> {
  return { arn: channel.Arn, name: channel.ChannelName, summary: { name: channel.ChannelName }, listed: channel };
}
