import {
  GetOriginEndpointCommand,
  paginateListOriginEndpoints,
  type MediaPackageV2Client,
  type OriginEndpointListConfiguration,
} from '@aws-sdk/client-mediapackagev2';
import type { LinkDeclarations } from '../chain/link-model';
import { budgetedClient } from '../polling/inventory-deps';
import { GONE, type InventoryKind, type KindContext, type ListedResource } from '../polling/resource-kind';
import { describeError } from '../shared/errors';
import { parseMediaPackageV2Arn } from './arn';
import {
  compare,
  cycleChannels,
  isResourceNotFound,
  LIST_PAGE_SIZE,
  PartialListingError,
  type ListedChannel,
} from './listings';
import { ORIGIN_ENDPOINT_TYPE, type OriginEndpointRecord } from './mediapackagev2-model';
import {
  buildOriginEndpointRecord,
  ORIGIN_ENDPOINT_TRUNCATABLE_FIELDS,
  POLLER_OWNED_ORIGIN_ENDPOINT_FIELDS,
} from './origin-endpoint-records';
import { builtMeta } from './record-hash';

/**
 * MediaPackage v2 origin endpoints: ListOriginEndpoints per channel of the cycle's channel listing (listings.ts), then
 * one GetOriginEndpoint per endpoint the engine describes (segment settings, manifests with their windows and tags are
 * only there). One page per channel, its token naming the next channel's ARN. A channel whose listing still fails after
 * the budget's retries, or a group whose channels could not be listed, makes the listing incomplete: nothing is
 * tombstoned on a partial view.
 *
 * Links: an origin endpoint references its channel by ARN.
 */

export type ListedOriginEndpoint = OriginEndpointListConfiguration & {
  Arn: string;
  ChannelGroupName: string;
  ChannelName: string;
  OriginEndpointName: string;
};

export const originEndpointKind: InventoryKind<MediaPackageV2Client, ListedOriginEndpoint> = {
  service: 'mediapackagev2',
  type: ORIGIN_ENDPOINT_TYPE,
  poller: 'mediapackagev2-origin-endpoints',
  childPrefixes: [],
  ownedFields: POLLER_OWNED_ORIGIN_ENDPOINT_FIELDS,
  truncatableFields: ORIGIN_ENDPOINT_TRUNCATABLE_FIELDS,
  listOperation: 'ListOriginEndpoints',

  async *listPages(ctx, startingToken) {
    const { byGroup, failures } = await cycleChannels(ctx);
    const failed = failures.map((f) => `ListChannels ${f}`);
    const channels = [...byGroup.values()]
      .flat()
      .sort((a, b) => compare(a.Arn, b.Arn))
      .filter((c) => !startingToken || compare(c.Arn, startingToken) >= 0);
    for (const [index, channel] of channels.entries()) {
      const next = channels[index + 1]?.Arn;
      let items: ListedResource<ListedOriginEndpoint>[] = [];
      try {
        items = (await listChannelEndpoints(ctx, channel)).map(listedEndpoint);
      } catch (error) {
        // A channel deleted since it was listed has no endpoints (AWS deletes a channel only once it has none).
        if (!isResourceNotFound(error))
          failed.push(`${channel.ChannelGroupName}/${channel.ChannelName}: ${describeError(error)}`);
      }
      yield { items, ...(next ? { nextToken: next } : {}) };
    }
    if (failed.length) throw new PartialListingError('ListOriginEndpoints', failed);
  },

  async lookup(_ctx, arn) {
    const parsed = parseMediaPackageV2Arn(arn);
    if (parsed?.kind !== 'originEndpoint' || !parsed.channelName || !parsed.originEndpointName)
      throw new Error(`Not a MediaPackage v2 origin endpoint ARN: ${arn.slice(0, 200)}`);
    return listedEndpoint({
      Arn: arn,
      ChannelGroupName: parsed.channelGroupName,
      ChannelName: parsed.channelName,
      OriginEndpointName: parsed.originEndpointName,
    } as ListedOriginEndpoint);
  },

  async describe(ctx, listed) {
    const { ChannelGroupName, ChannelName, OriginEndpointName } = listed.listed;
    let observedAtMs = ctx.clock.now();
    try {
      const endpoint = await ctx.budget.call('GetOriginEndpoint', () => {
        observedAtMs = ctx.clock.now();
        return ctx.client.send(new GetOriginEndpointCommand({ ChannelGroupName, ChannelName, OriginEndpointName }));
      });
      const record = buildOriginEndpointRecord(
        {
          ...endpoint,
          Arn: listed.arn,
          ChannelGroupName: endpoint.ChannelGroupName ?? ChannelGroupName,
          ChannelName: endpoint.ChannelName ?? ChannelName,
          OriginEndpointName: endpoint.OriginEndpointName ?? OriginEndpointName,
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
    const endpoint = tree.meta as unknown as OriginEndpointRecord;
    const declarations: LinkDeclarations = {
      anchors: [],
      references: [
        {
          type: 'origin-endpoint',
          role: 'downstream',
          target: { arn: endpoint.channelArn },
          evidence: { field: 'channelName', value: endpoint.channelName },
        },
      ],
    };
    return declarations;
  },
};

async function listChannelEndpoints(
  ctx: KindContext<MediaPackageV2Client>,
  channel: ListedChannel,
): Promise<ListedOriginEndpoint[]> {
  const endpoints = new Map<string, ListedOriginEndpoint>();
  let token: string | undefined;
  await ctx.budget.retryThrottles('ListOriginEndpoints', async () => {
    const pages = paginateListOriginEndpoints(
      {
        client: budgetedClient(ctx.client, ctx.budget, 'ListOriginEndpoints'),
        pageSize: LIST_PAGE_SIZE,
        stopOnSameToken: true,
        ...(token ? { startingToken: token } : {}),
      },
      { ChannelGroupName: channel.ChannelGroupName, ChannelName: channel.ChannelName },
    );
    for await (const page of pages) {
      for (const endpoint of page.Items ?? [])
        if (endpoint.Arn && endpoint.OriginEndpointName)
          endpoints.set(endpoint.OriginEndpointName, {
            ...endpoint,
            ChannelGroupName: endpoint.ChannelGroupName ?? channel.ChannelGroupName,
            ChannelName: endpoint.ChannelName ?? channel.ChannelName,
          } as ListedOriginEndpoint);
      token = page.NextToken;
    }
  });
  return [...endpoints.values()].sort((a, b) => compare(a.OriginEndpointName, b.OriginEndpointName));
}

function listedEndpoint(endpoint: ListedOriginEndpoint): ListedResource<ListedOriginEndpoint> {
  return {
    arn: endpoint.Arn,
    name: endpoint.OriginEndpointName,
    summary: { name: endpoint.OriginEndpointName },
    listed: endpoint,
  };
}
