import {
  DescribeOriginEndpointCommand,
  paginateListOriginEndpoints,
  type MediaPackageClient,
  type OriginEndpoint,
} from '@aws-sdk/client-mediapackage';
import { mediaPackageChannelKey } from '../chain/link-keys';
import type { LinkDeclarations } from '../chain/link-model';
import type { InventoryKind, KindContext, ListedPage, ListedResource } from '../polling/resource-kind';
import { rememberId } from './endpoint-ids';
import { lookupByArn } from './listing-lookup';
import { budgetedClient, LIST_PAGE_SIZE } from './mediapackage-client';
import { ORIGIN_ENDPOINT_TYPE, type OriginEndpointRecord } from './mediapackage-model';
import {
  buildOriginEndpointRecord,
  ENDPOINT_TRUNCATABLE_FIELDS,
  type ListedOriginEndpoint,
  POLLER_OWNED_ENDPOINT_FIELDS,
} from './origin-endpoint-records';
import { builtMeta } from './record-hash';

/**
 * MediaPackage v1 origin endpoints: ONE paginated ListOriginEndpoints without `ChannelId` lists every endpoint of the
 * region (AWS allows it; moto ignores the filter anyway), with their tags, so records are built from the listing and
 * `describe` makes no call. DescribeOriginEndpoint is used only by `lookup`.
 */

export interface ListedEndpointEntry {
  readonly endpoint: ListedOriginEndpoint;
  /** Epoch ms of the request that returned the endpoint. */
  readonly observedAtMs: number;
}

const hasIdentity = (e: OriginEndpoint): e is ListedOriginEndpoint => Boolean(e.Arn) && Boolean(e.Id);

function entry(endpoint: ListedOriginEndpoint, observedAtMs: number): ListedResource<ListedEndpointEntry> {
  return { arn: endpoint.Arn, name: endpoint.Id, summary: { name: endpoint.Id }, listed: { endpoint, observedAtMs } };
}

async function* listEndpointPages(
  ctx: KindContext<MediaPackageClient>,
  startingToken?: string,
): AsyncIterable<ListedPage<ListedEndpointEntry>> {
  let observedAtMs = ctx.clock.now();
  const pages = paginateListOriginEndpoints(
    {
      client: budgetedClient(ctx.client, ctx.budget, 'ListOriginEndpoints', () => (observedAtMs = ctx.clock.now())),
      pageSize: LIST_PAGE_SIZE,
      stopOnSameToken: true,
      ...(startingToken ? { startingToken } : {}),
    },
    {},
  );
  for await (const page of pages) {
    const items = (page.OriginEndpoints ?? []).filter(hasIdentity).map((endpoint) => {
      rememberId(ctx.budget, 'originEndpoint', endpoint.Arn, endpoint.Id);
      return entry(endpoint, observedAtMs);
    });
    yield { items, ...(page.NextToken ? { nextToken: page.NextToken } : {}) };
  }
}

/** An origin endpoint is downstream of its channel, named by the channel's Id in the poller's account and region. */
export function originEndpointLinks(
  meta: Pick<OriginEndpointRecord, 'channelId'>,
  where: { readonly account: string; readonly region: string },
): LinkDeclarations {
  if (!meta.channelId) return { anchors: [], references: [] };
  return {
    anchors: [],
    references: [
      {
        type: 'origin-endpoint',
        role: 'downstream',
        target: { key: mediaPackageChannelKey(where.account, where.region, meta.channelId) },
        evidence: { field: 'channelId', value: meta.channelId },
      },
    ],
  };
}

export const originEndpointKind: InventoryKind<MediaPackageClient, ListedEndpointEntry> = {
  service: 'mediapackage',
  type: ORIGIN_ENDPOINT_TYPE,
  poller: 'mediapackage-origin-endpoints',
  childPrefixes: [],
  ownedFields: POLLER_OWNED_ENDPOINT_FIELDS,
  truncatableFields: ENDPOINT_TRUNCATABLE_FIELDS,
  listOperation: 'ListOriginEndpoints',

  listPages: listEndpointPages,

  lookup(ctx, arn) {
    return lookupByArn(ctx, arn, {
      kind: 'originEndpoint',
      listPages: (c) => listEndpointPages(c),
      async describeById(c, id) {
        const observedAtMs = c.clock.now();
        const endpoint = await c.budget.call('DescribeOriginEndpoint', () =>
          c.client.send(new DescribeOriginEndpointCommand({ Id: id })),
        );
        return hasIdentity(endpoint) ? entry(endpoint, observedAtMs) : undefined;
      },
    });
  },

  async describe(ctx, listed) {
    const { endpoint, observedAtMs } = listed.listed;
    const record = buildOriginEndpointRecord(endpoint, { account: ctx.account, region: ctx.region, observedAtMs });
    return { tree: { meta: builtMeta(record), children: [] } };
  },

  links(tree, where) {
    return originEndpointLinks(tree.meta as unknown as OriginEndpointRecord, where);
  },
};
