/**
 * The three MediaPackage v2 inventory kinds with aws-sdk-client-mock and the SDK's response shapes (fixtures): listing
 * through the shared per-cycle listings, describing, partial listings, GONE, and the links each kind declares. moto
 * has no ListChannels and no origin endpoints, so this is where those are covered (test/integration/mediapackagev2
 * covers what moto has).
 */
import {
  GetChannelCommand,
  GetChannelGroupCommand,
  GetOriginEndpointCommand,
  ListChannelGroupsCommand,
  ListChannelsCommand,
  ListOriginEndpointsCommand,
  MediaPackageV2Client,
} from '@aws-sdk/client-mediapackagev2';
import { urlKey } from '../../../lambdas/chain/link-keys';
import { channelGroupKind } from '../../../lambdas/mediapackagev2/channel-group-kind';
import { channelKind } from '../../../lambdas/mediapackagev2/channel-kind';
import { PartialListingError } from '../../../lambdas/mediapackagev2/listings';
import type {
  ChannelGroupRecord,
  ChannelRecord,
  OriginEndpointRecord,
} from '../../../lambdas/mediapackagev2/mediapackagev2-model';
import { originEndpointKind } from '../../../lambdas/mediapackagev2/origin-endpoint-kind';
import { mediaPackageV2Inventory } from '../../../lambdas/mediapackagev2/service';
import {
  GONE,
  type DescribedResource,
  type InventoryKind,
  type KindContext,
  type ListedResource,
} from '../../../lambdas/polling/resource-kind';
import {
  ACCOUNT,
  CHANNEL_ARN,
  CONSTANT_IV,
  DASH_ENDPOINT_ARN,
  ENDPOINT_ARN,
  GET_CHANNEL,
  GET_ENDPOINT,
  GET_GROUP,
  GROUP_ARN,
  INGEST_1,
  INGEST_2,
  LIST_ENDPOINTS,
  LIST_GROUPS,
  LIST_LIVE_CHANNELS,
  LIST_SPORTS_CHANNELS,
  OTHER_CHANNEL_ARN,
  OTHER_GROUP_ARN,
  REGION,
} from './mediapackagev2-fixtures';
import { awsError, collect, inputsOf, kindContext, ManualClock, mediaPackageV2Mock } from './mediapackagev2-context';

const mp = mediaPackageV2Mock();

type Ctx = KindContext<MediaPackageV2Client>;

async function listing<L>(kind: InventoryKind<MediaPackageV2Client, L>, ctx: Ctx) {
  const items: ListedResource<L>[] = [];
  try {
    for await (const page of kind.listPages(ctx)) items.push(...page.items);
    return { items, error: undefined };
  } catch (error) {
    return { items, error };
  }
}

async function describe1<L>(kind: InventoryKind<MediaPackageV2Client, L>, ctx: Ctx, listed: ListedResource<L>) {
  return (await kind.describe(ctx, listed, undefined, { refresh: false })) as DescribedResource;
}

function mockListings(): void {
  mp.on(ListChannelGroupsCommand).resolves(LIST_GROUPS);
  mp.on(ListChannelsCommand, { ChannelGroupName: 'live' }).resolves(LIST_LIVE_CHANNELS);
  mp.on(ListChannelsCommand, { ChannelGroupName: 'sports' }).resolves(LIST_SPORTS_CHANNELS);
  mp.on(ListOriginEndpointsCommand, { ChannelGroupName: 'live', ChannelName: 'news' }).resolves(LIST_ENDPOINTS);
  mp.on(ListOriginEndpointsCommand, { ChannelGroupName: 'sports', ChannelName: 'match' }).resolves({ Items: [] });
}

describe('MediaPackage v2 inventory kinds', () => {
  beforeEach(() => {
    mp.reset();
  });

  it('polls groups, then channels, then origin endpoints, and maps each ARN to its kind', () => {
    // Act
    const order = mediaPackageV2Inventory.kinds.map((k) => k.type);

    // Assess
    expect(mediaPackageV2Inventory.poller).toBe('mediapackagev2-inventory');
    expect(order).toEqual(['mediapackagev2:channel-group', 'mediapackagev2:channel', 'mediapackagev2:origin-endpoint']);
    expect(mediaPackageV2Inventory.kindOf(GROUP_ARN)).toBe(channelGroupKind);
    expect(mediaPackageV2Inventory.kindOf(CHANNEL_ARN)).toBe(channelKind);
    expect(mediaPackageV2Inventory.kindOf(ENDPOINT_ARN)).toBe(originEndpointKind);
    expect(mediaPackageV2Inventory.kindOf('arn:aws:mediapackage:eu-west-1:123456789012:channels/abc')).toBeUndefined();
  });

  it('lists the groups, the channels of every group and the endpoints of every channel with one listing each per cycle', async () => {
    // Prepare
    mockListings();
    const ctx = kindContext();

    // Act
    const groups = await listing(channelGroupKind, ctx);
    const channels = await listing(channelKind, ctx);
    const endpoints = await listing(originEndpointKind, ctx);

    // Assess
    expect(groups.items.map((g) => [g.arn, g.name])).toEqual([
      [GROUP_ARN, 'live'],
      [OTHER_GROUP_ARN, 'sports'],
    ]);
    expect(channels.items.map((c) => c.arn)).toEqual([CHANNEL_ARN, OTHER_CHANNEL_ARN]);
    expect(endpoints.items.map((e) => [e.arn, e.name])).toEqual([
      [DASH_ENDPOINT_ARN, 'cmaf-dash'],
      [ENDPOINT_ARN, 'hls-ts'],
    ]);
    expect([groups.error, channels.error, endpoints.error]).toEqual([undefined, undefined, undefined]);
    expect(ctx.budget.snapshot().calls).toEqual({ ListChannelGroups: 1, ListChannels: 2, ListOriginEndpoints: 2 });
    expect(inputsOf(mp, ListChannelGroupsCommand)).toEqual([{ MaxResults: 100 }]);
    expect(inputsOf(mp, ListChannelsCommand)).toContainEqual({ ChannelGroupName: 'live', MaxResults: 100 });
  });

  it('follows NextToken through every page of a group', async () => {
    // Prepare
    mp.on(ListChannelGroupsCommand).resolves({ Items: [LIST_GROUPS.Items![1]!] });
    mp.on(ListChannelsCommand)
      .resolvesOnce({ Items: LIST_LIVE_CHANNELS.Items, NextToken: 'page-2' })
      .resolves({
        Items: [{ ...LIST_LIVE_CHANNELS.Items![0]!, Arn: `${GROUP_ARN}/channel/weather`, ChannelName: 'weather' }],
      });
    const ctx = kindContext();

    // Act
    const channels = await listing(channelKind, ctx);

    // Assess
    expect(channels.items.map((c) => c.name)).toEqual(['news', 'weather']);
    expect(inputsOf(mp, ListChannelsCommand)).toContainEqual({
      ChannelGroupName: 'live',
      MaxResults: 100,
      NextToken: 'page-2',
    });
  });

  it('reports the channel listing incomplete when one group fails, after listing the other groups', async () => {
    // Prepare
    mockListings();
    mp.on(ListChannelsCommand, { ChannelGroupName: 'live' }).rejects(awsError('AccessDeniedException', 403));
    const ctx = kindContext();

    // Act
    const channels = await listing(channelKind, ctx);
    const endpoints = await listing(originEndpointKind, ctx);

    // Assess
    expect(channels.items.map((c) => c.arn)).toEqual([OTHER_CHANNEL_ARN]);
    expect(channels.error).toBeInstanceOf(PartialListingError);
    expect((channels.error as Error).message).toContain('live: AccessDeniedException');
    expect(endpoints.error).toBeInstanceOf(PartialListingError);
    expect((endpoints.error as Error).message).toContain('ListChannels live');
  });

  it('reports the endpoint listing incomplete when one channel fails after its retries, and lists the others', async () => {
    // Prepare
    mockListings();
    mp.on(ListOriginEndpointsCommand, { ChannelGroupName: 'live', ChannelName: 'news' }).rejects(
      awsError('InternalServerException', 500),
    );
    const ctx = kindContext();

    // Act
    const endpoints = await listing(originEndpointKind, ctx);

    // Assess
    expect(endpoints.items).toEqual([]);
    expect(endpoints.error).toBeInstanceOf(PartialListingError);
    expect(ctx.budget.snapshot().calls.ListOriginEndpoints).toBe(3);
  });

  it('takes a group or channel deleted during the cycle as empty, not as a failure', async () => {
    // Prepare
    mockListings();
    mp.on(ListChannelsCommand, { ChannelGroupName: 'sports' }).rejects(awsError('ResourceNotFoundException', 404));
    mp.on(ListOriginEndpointsCommand, { ChannelGroupName: 'live', ChannelName: 'news' }).rejects(
      awsError('ResourceNotFoundException', 404),
    );
    const ctx = kindContext();

    // Act
    const channels = await listing(channelKind, ctx);
    const endpoints = await listing(originEndpointKind, ctx);

    // Assess
    expect(channels).toEqual({ items: [expect.objectContaining({ arn: CHANNEL_ARN })], error: undefined });
    expect(endpoints).toEqual({ items: [], error: undefined });
  });

  it('fails the group listing as a whole when ListChannelGroups fails, and lists again on the next attempt', async () => {
    // Prepare
    mp.on(ListChannelGroupsCommand).rejectsOnce(awsError('AccessDeniedException', 403)).resolves(LIST_GROUPS);
    const ctx = kindContext();

    // Act
    const first = await listing(channelGroupKind, ctx);
    const second = await listing(channelGroupKind, ctx);

    // Assess
    expect(first.error).toMatchObject({ name: 'AccessDeniedException' });
    expect(second.items).toHaveLength(2);
  });

  it('resumes the channel listing at the group a page token names', async () => {
    // Prepare
    mockListings();
    const ctx = kindContext();

    // Act
    const pages = await collect(channelKind.listPages(ctx, 'sports'));

    // Assess
    expect(pages.map((p) => p.items.map((i) => i.arn))).toEqual([[OTHER_CHANNEL_ARN]]);
  });

  it('stores a channel group with its egress domain, times and tags, without secret-looking tags', async () => {
    // Prepare
    mp.on(GetChannelGroupCommand, { ChannelGroupName: 'live' }).resolves(GET_GROUP);
    const ctx = kindContext();

    // Act
    const described = await describe1(
      channelGroupKind,
      ctx,
      (await channelGroupKind.lookup(ctx, GROUP_ARN)) as ListedResource<never>,
    );
    const record = described.tree.meta as unknown as ChannelGroupRecord;

    // Assess
    expect(record).toMatchObject({
      pk: `RES#${GROUP_ARN}`,
      sk: '#META',
      type: 'mediapackagev2:channel-group',
      account: ACCOUNT,
      region: REGION,
      gsi1pk: `LIST#mediapackagev2:channel-group#${ACCOUNT}#${REGION}`,
      arn: GROUP_ARN,
      name: 'live',
      channelGroupName: 'live',
      egressDomain: GET_GROUP.EgressDomain,
      description: 'Live news',
      createdAt: '2026-02-01T09:00:00.000Z',
      modifiedAt: '2026-02-20T17:30:00.000Z',
      tags: { team: 'news' },
    });
    expect(record).not.toHaveProperty('status');
    expect(described.tree.children).toEqual([]);
    expect(record.hash).toMatch(/\S/);
    expect(record.treeHash).toMatch(/\S/);
  });

  it('stores a channel with its input type, ingest endpoints, MQCS settings and tags, read by GetChannel', async () => {
    // Prepare
    mp.on(GetChannelCommand, { ChannelGroupName: 'live', ChannelName: 'news' }).resolves(GET_CHANNEL);
    const ctx = kindContext();

    // Act
    const listed = await channelKind.lookup(ctx, CHANNEL_ARN);
    const record = (await describe1(channelKind, ctx, listed as ListedResource<never>)).tree
      .meta as unknown as ChannelRecord;

    // Assess
    expect(record).toMatchObject({
      type: 'mediapackagev2:channel',
      arn: CHANNEL_ARN,
      name: 'news',
      channelName: 'news',
      channelGroupName: 'live',
      channelGroupArn: GROUP_ARN,
      inputType: 'CMAF',
      ingestEndpoints: [
        { id: '1', url: INGEST_1 },
        { id: '2', url: INGEST_2 },
      ],
      mqcsInputSwitching: true,
      publishMqcs: true,
      description: 'News 24/7',
      tags: { team: 'news' },
    });
    expect(record).not.toHaveProperty('status');
    expect(record).not.toHaveProperty('eTag');
  });

  it('stores an origin endpoint with segment, encryption source, manifests and windows, never the constant IV', async () => {
    // Prepare
    mp.on(GetOriginEndpointCommand, {
      ChannelGroupName: 'live',
      ChannelName: 'news',
      OriginEndpointName: 'hls-ts',
    }).resolves(GET_ENDPOINT);
    const ctx = kindContext();

    // Act
    const listed = await originEndpointKind.lookup(ctx, ENDPOINT_ARN);
    const record = (await describe1(originEndpointKind, ctx, listed as ListedResource<never>)).tree
      .meta as unknown as OriginEndpointRecord;

    // Assess
    expect(record).toMatchObject({
      type: 'mediapackagev2:origin-endpoint',
      arn: ENDPOINT_ARN,
      name: 'hls-ts',
      originEndpointName: 'hls-ts',
      channelName: 'news',
      channelGroupName: 'live',
      channelArn: CHANNEL_ARN,
      containerType: 'TS',
      startoverWindowSeconds: 3600,
      segment: {
        segmentDurationSeconds: 6,
        segmentName: 'segment',
        tsUseAudioRenditionGroup: true,
        includeIframeOnlyStreams: false,
        tsIncludeDvbSubtitles: false,
        scteFilter: ['SPLICE_INSERT', 'BREAK'],
        encryption: {
          method: 'AES_128',
          keyRotationIntervalSeconds: 300,
          spekeUrl: 'https://speke.example.com/v2/copyProtection',
          roleArn: `arn:aws:iam::${ACCOUNT}:role/speke`,
          drmSystems: ['CLEAR_KEY_AES_128'],
          resourceId: 'news-content',
        },
      },
      hlsManifests: [
        {
          manifestName: 'index',
          url: GET_ENDPOINT.HlsManifests![0]!.Url,
          childManifestName: 'child',
          manifestWindowSeconds: 60,
          programDateTimeIntervalSeconds: 10,
        },
      ],
      lowLatencyHlsManifests: [
        { manifestName: 'llhls', url: GET_ENDPOINT.LowLatencyHlsManifests![0]!.Url, manifestWindowSeconds: 30 },
      ],
      endpointErrorConditions: ['STALE_MANIFEST', 'INCOMPLETE_MANIFEST'],
      tags: { tier: 'gold' },
    });
    expect(record).not.toHaveProperty('dashManifests');
    expect(JSON.stringify(record)).not.toContain(CONSTANT_IV);
  });

  it('changes the hash when a manifest window changes and keeps it when only the observation time changes', async () => {
    // Prepare
    const ctx = kindContext();
    const listed = (await originEndpointKind.lookup(ctx, ENDPOINT_ARN)) as ListedResource<never>;
    mp.on(GetOriginEndpointCommand).resolves(GET_ENDPOINT);
    const first = (await describe1(originEndpointKind, ctx, listed)).tree.meta;
    (ctx.clock as ManualClock).ms += 60_000;
    const again = (await describe1(originEndpointKind, ctx, listed)).tree.meta;
    mp.on(GetOriginEndpointCommand).resolves({
      ...GET_ENDPOINT,
      HlsManifests: [{ ...GET_ENDPOINT.HlsManifests![0]!, ManifestWindowSeconds: 120 }],
    });

    // Act
    const changed = (await describe1(originEndpointKind, ctx, listed)).tree.meta;

    // Assess
    expect(again.version).toBeGreaterThan(first.version);
    expect(again.treeHash).toBe(first.treeHash);
    expect(changed.treeHash).not.toBe(first.treeHash);
  });

  it.each([
    ['channel group', channelGroupKind, GROUP_ARN, GetChannelGroupCommand],
    ['channel', channelKind, CHANNEL_ARN, GetChannelCommand],
    ['origin endpoint', originEndpointKind, ENDPOINT_ARN, GetOriginEndpointCommand],
  ] as const)('returns GONE for a %s AWS no longer has', async (_label, kind, arn, command) => {
    // Prepare
    mp.on(command).rejects(awsError('ResourceNotFoundException', 404));
    const ctx = kindContext();
    const k = kind as InventoryKind<MediaPackageV2Client>;

    // Act
    const result = await k.describe(ctx, (await k.lookup(ctx, arn)) as ListedResource, undefined, { refresh: false });

    // Assess
    expect(result).toBe(GONE);
  });

  it('rethrows a describe failure that is not NotFound, so the engine records it against the resource', async () => {
    // Prepare
    mp.on(GetChannelCommand).rejects(awsError('AccessDeniedException', 403));
    const ctx = kindContext();

    // Act
    const attempt = channelKind.describe(
      ctx,
      (await channelKind.lookup(ctx, CHANNEL_ARN)) as ListedResource<never>,
      undefined,
      {
        refresh: false,
      },
    );

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('refuses to look up an ARN of another kind', async () => {
    // Act
    const attempts = [
      channelGroupKind.lookup(kindContext(), CHANNEL_ARN),
      channelKind.lookup(kindContext(), GROUP_ARN),
      originEndpointKind.lookup(kindContext(), CHANNEL_ARN),
    ];

    // Assess
    for (const attempt of attempts) await expect(attempt).rejects.toThrow(/Not a MediaPackage v2/);
  });

  it('declares a channel anchored at each ingest URL and downstream of its group, and an endpoint downstream of its channel', async () => {
    // Prepare
    mp.on(GetChannelCommand).resolves(GET_CHANNEL);
    mp.on(GetOriginEndpointCommand).resolves(GET_ENDPOINT);
    mp.on(GetChannelGroupCommand).resolves(GET_GROUP);
    const ctx = kindContext();
    const where = { account: ACCOUNT, region: REGION };
    const tree = async (kind: InventoryKind<MediaPackageV2Client>, arn: string) =>
      (await describe1(kind, ctx, (await kind.lookup(ctx, arn)) as ListedResource)).tree;

    // Act
    const channel = channelKind.links!(
      await tree(channelKind as InventoryKind<MediaPackageV2Client>, CHANNEL_ARN),
      where,
    );
    const endpoint = originEndpointKind.links!(
      await tree(originEndpointKind as InventoryKind<MediaPackageV2Client>, ENDPOINT_ARN),
      where,
    );

    // Assess
    expect(channel).toEqual({
      anchors: [urlKey(INGEST_1), urlKey(INGEST_2)].sort(),
      references: [
        {
          type: 'channel-group',
          role: 'downstream',
          target: { arn: GROUP_ARN },
          evidence: { field: 'channelGroupName', value: 'live' },
        },
      ],
    });
    expect(endpoint).toEqual({
      anchors: [],
      references: [
        {
          type: 'origin-endpoint',
          role: 'downstream',
          target: { arn: CHANNEL_ARN },
          evidence: { field: 'channelName', value: 'news' },
        },
      ],
    });
    expect(channelGroupKind.links).toBeUndefined();
  });
});
