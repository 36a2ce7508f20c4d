import {
  DescribeChannelCommand,
  paginateListChannels,
  type Channel,
  type MediaPackageClient,
} from '@aws-sdk/client-mediapackage';
import { mediaPackageChannelKey, urlKey } from '../chain/link-keys';
import type { LinkDeclarations } from '../chain/link-model';
import type { InventoryKind, KindContext, ListedPage, ListedResource } from '../polling/resource-kind';
import {
  buildChannelRecord,
  CHANNEL_TRUNCATABLE_FIELDS,
  type ListedChannel,
  POLLER_OWNED_CHANNEL_FIELDS,
} from './channel-records';
import { rememberId } from './endpoint-ids';
import { lookupByArn } from './listing-lookup';
import { budgetedClient, LIST_PAGE_SIZE } from './mediapackage-client';
import { CHANNEL_TYPE, type ChannelRecord } from './mediapackage-model';
import { builtMeta } from './record-hash';

/**
 * MediaPackage v1 channels. ListChannels returns whole `Channel` objects with their tags, so records are built from
 * the listing: `describe` makes no call, and DescribeChannel is used only by `lookup` (a refresh outside the cycle).
 */

/** What the listing hands `describe`: the channel as listed, and when. */
export interface ListedChannelEntry {
  readonly channel: ListedChannel;
  /** Epoch ms of the request that returned the channel. */
  readonly observedAtMs: number;
}

const hasIdentity = (c: Channel): c is ListedChannel => Boolean(c.Arn) && Boolean(c.Id);

function entry(channel: ListedChannel, observedAtMs: number): ListedResource<ListedChannelEntry> {
  return { arn: channel.Arn, name: channel.Id, summary: { name: channel.Id }, listed: { channel, observedAtMs } };
}

async function* listChannelPages(
  ctx: KindContext<MediaPackageClient>,
  startingToken?: string,
): AsyncIterable<ListedPage<ListedChannelEntry>> {
  let observedAtMs = ctx.clock.now();
  const pages = paginateListChannels(
    {
      client: budgetedClient(ctx.client, ctx.budget, 'ListChannels', () => (observedAtMs = ctx.clock.now())),
      pageSize: LIST_PAGE_SIZE,
      stopOnSameToken: true,
      ...(startingToken ? { startingToken } : {}),
    },
    {},
  );
  for await (const page of pages) {
    const items = (page.Channels ?? []).filter(hasIdentity).map((channel) => {
      rememberId(ctx.budget, 'channel', channel.Arn, channel.Id);
      return entry(channel, observedAtMs);
    });
    yield { items, ...(page.NextToken ? { nextToken: page.NextToken } : {}) };
  }
}

/**
 * A channel's links: it answers to each HLS ingest endpoint's URL (where a MediaLive destination sends) and to its
 * Id in the poller's account and region (how a MediaLive MEDIA_PACKAGE destination and an origin endpoint name it).
 */
export function channelLinks(
  meta: Pick<ChannelRecord, 'id' | 'ingestEndpoints'>,
  where: { readonly account: string; readonly region: string },
): LinkDeclarations {
  const urls = (meta.ingestEndpoints ?? []).map((e) => urlKey(e.url)).filter((k): k is string => k !== undefined);
  return {
    anchors: [...new Set([...urls, mediaPackageChannelKey(where.account, where.region, meta.id)])],
    references: [],
  };
}

export const channelKind: InventoryKind<MediaPackageClient, ListedChannelEntry> = {
  service: 'mediapackage',
  type: CHANNEL_TYPE,
  poller: 'mediapackage-channels',
  childPrefixes: [],
  ownedFields: POLLER_OWNED_CHANNEL_FIELDS,
  truncatableFields: CHANNEL_TRUNCATABLE_FIELDS,
  listOperation: 'ListChannels',

  listPages: listChannelPages,

  lookup(ctx, arn) {
    return lookupByArn(ctx, arn, {
      kind: 'channel',
      listPages: (c) => listChannelPages(c),
      async describeById(c, id) {
        const observedAtMs = c.clock.now();
        const channel = await c.budget.call('DescribeChannel', () =>
          c.client.send(new DescribeChannelCommand({ Id: id })),
        );
        return hasIdentity(channel) ? entry(channel, observedAtMs) : undefined;
      },
    });
  },

  async describe(ctx, listed) {
    const { channel, observedAtMs } = listed.listed;
    const record = buildChannelRecord(channel, { account: ctx.account, region: ctx.region, observedAtMs });
    return { tree: { meta: builtMeta(record), children: [] } };
  },

  links(tree, where) {
    return channelLinks(tree.meta as unknown as ChannelRecord, where);
  },
};
