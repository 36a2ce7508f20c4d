import { channelLinks } from './chain-links';
import {
  DescribeChannelCommand,
  paginateListChannels,
  type ChannelSummary,
  type DescribeChannelResponse,
  type MediaLiveClient,
} from '@aws-sdk/client-medialive';
import { GONE, type InventoryKind, type ListedPage } from '../polling/resource-kind';
import { isNotFound } from '../shared/errors';
import { parseMediaLiveArn } from './arn';
import { reconcileChannelAlerts } from './channel-alerts';
import {
  buildChannelRecords,
  CHANNEL_CHILD_PREFIXES,
  CHANNEL_TRUNCATABLE_FIELDS,
  POLLER_OWNED_CHANNEL_FIELDS,
} from './channel-records';
import { inputArnOf } from './input-arns';
import { budgetedClient, LIST_PAGE_SIZE } from './medialive-client';
import { CHANNEL_TYPE } from './medialive-model';
import { builtMeta, builtRecord } from './record-hash';

/**
 * MediaLive channels: ListChannels for the plan, then one DescribeChannel per channel the engine describes (only
 * DescribeChannel has `PipelineDetails` and `EncoderSettings`; it also carries the tags, so no ListTagsForResource).
 * After the tree is synced, a RUNNING channel's alerts are reconciled (channel-alerts.ts).
 */

/** MediaLive reports a deleted channel as `DELETED` for a while (moto keeps it so): it is gone. */
const GONE_STATES: ReadonlySet<string> = new Set(['DELETED']);

export const channelKind: InventoryKind<MediaLiveClient, ChannelSummary> = {
  service: 'medialive',
  type: CHANNEL_TYPE,
  poller: 'medialive-channels',
  childPrefixes: CHANNEL_CHILD_PREFIXES,
  ownedFields: POLLER_OWNED_CHANNEL_FIELDS,
  truncatableFields: CHANNEL_TRUNCATABLE_FIELDS,
  links: channelLinks,

  async *listPages(ctx, startingToken) {
    const pages = paginateListChannels(
      {
        client: budgetedClient(ctx.client, ctx.budget, 'ListChannels'),
        pageSize: LIST_PAGE_SIZE,
        stopOnSameToken: true,
        ...(startingToken ? { startingToken } : {}),
      },
      {},
    );
    for await (const page of pages) {
      const items = (page.Channels ?? [])
        .filter((c): c is ChannelSummary & { Arn: string } => Boolean(c.Arn) && !GONE_STATES.has(c.State ?? ''))
        .map((c) => ({
          arn: c.Arn,
          ...(c.Name ? { name: c.Name } : {}),
          ...(c.State ? { status: c.State } : {}),
          ...(c.Name ? { summary: { name: c.Name } } : {}),
          listed: c,
        }));
      const listed: ListedPage<ChannelSummary> = { items, ...(page.NextToken ? { nextToken: page.NextToken } : {}) };
      yield listed;
    }
  },

  // DescribeChannel is the read: the lookup only names the channel.
  async lookup(_ctx, arn) {
    const parsed = parseMediaLiveArn(arn);
    if (parsed?.kind !== 'channel') throw new Error(`Not a MediaLive channel ARN: ${arn.slice(0, 200)}`);
    return { arn, listed: { Arn: arn, Id: parsed.id } };
  },

  async describe(ctx, listed) {
    const channelId = listed.listed.Id ?? parseMediaLiveArn(listed.arn)?.id;
    if (!channelId) throw new Error(`No channel id for ${listed.arn.slice(0, 200)}`);
    let observedAtMs = ctx.clock.now();
    let channel: DescribeChannelResponse;
    try {
      channel = await ctx.budget.call('DescribeChannel', () => {
        observedAtMs = ctx.clock.now();
        return ctx.client.send(new DescribeChannelCommand({ ChannelId: channelId }));
      });
    } catch (error) {
      if (isNotFound(error)) return GONE;
      throw error;
    }
    if (GONE_STATES.has(channel.State ?? '')) return GONE;
    const { channel: meta, children } = buildChannelRecords(
      // The listed ARN keys the partition, as it keys the engine's plan and tombstones.
      { ...channel, Arn: listed.arn, Id: channel.Id ?? channelId },
      {
        account: ctx.account,
        region: ctx.region,
        observedAtMs,
        inputArnOf: (inputId) => inputArnOf(ctx.budget, inputId, ctx.account, ctx.region),
      },
    );
    return { tree: { meta: builtMeta(meta), children: children.map(builtRecord) } };
  },

  afterSync: (ctx, tree) => reconcileChannelAlerts(ctx, tree),
};
