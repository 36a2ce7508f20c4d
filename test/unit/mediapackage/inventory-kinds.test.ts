import {
  DescribeChannelCommand,
  DescribeOriginEndpointCommand,
  ListChannelsCommand,
  ListOriginEndpointsCommand,
  MediaPackageClient,
} from '@aws-sdk/client-mediapackage';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { channelKind } from '../../../lambdas/mediapackage/channel-kind';
import type { ChannelRecord, OriginEndpointRecord } from '../../../lambdas/mediapackage/mediapackage-model';
import { originEndpointKind } from '../../../lambdas/mediapackage/origin-endpoint-kind';
import { mediaPackageInventory } from '../../../lambdas/mediapackage/service';
import {
  GONE,
  type DescribedResource,
  type InventoryKind,
  type ListedResource,
} from '../../../lambdas/polling/resource-kind';
import {
  ACCOUNT,
  ALL_ENDPOINTS,
  CHANNEL_ARN,
  CMAF_ENDPOINT,
  collect,
  DASH_ENDPOINT,
  HLS_ENDPOINT,
  INGEST_ID_A,
  INGEST_ID_B,
  INGEST_PASSWORD,
  kindContext,
  MSS_ENDPOINT,
  NEWS_CHANNEL,
  notFound,
  REGION,
} from './mediapackage-fixtures';

const mediapackage = mockClient(MediaPackageClient);

async function listAll<L>(kind: InventoryKind<MediaPackageClient, L>, ctx = kindContext()) {
  const pages = await collect(kind.listPages(ctx));
  return pages.flatMap((page) => page.items);
}

async function recordOf<L, R>(kind: InventoryKind<MediaPackageClient, L>, listed: ListedResource<L>): Promise<R> {
  const described = (await kind.describe(kindContext(), listed, undefined, { refresh: false })) as DescribedResource;
  expect(described.tree.children).toEqual([]);
  return described.tree.meta as unknown as R;
}

describe('MediaPackage v1 inventory kinds', () => {
  beforeEach(() => {
    mediapackage.reset();
  });

  it('lists channels with the largest page and builds each record from the listing, without the ingest password', async () => {
    // Prepare
    mediapackage.on(ListChannelsCommand).resolves({ Channels: [NEWS_CHANNEL] });
    const ctx = kindContext();

    // Act
    const listed = await listAll(channelKind, ctx);
    const record = await recordOf<unknown, ChannelRecord>(channelKind, listed[0]!);

    // Assess
    expect(mediapackage).toHaveReceivedCommandWith(ListChannelsCommand, { MaxResults: 1000 });
    expect(mediapackage).not.toHaveReceivedCommand(DescribeChannelCommand);
    expect(ctx.budget.snapshot().calls).toEqual({ ListChannels: 1 });
    expect(listed.map((l) => [l.arn, l.name])).toEqual([[CHANNEL_ARN, 'news-hd']]);
    expect(record).toMatchObject({
      pk: `RES#${CHANNEL_ARN}`,
      sk: '#META',
      type: 'mediapackage:channel',
      account: ACCOUNT,
      region: REGION,
      gsi1pk: `LIST#mediapackage:channel#${ACCOUNT}#${REGION}`,
      gsi1sk: `news-hd#${CHANNEL_ARN}`,
      arn: CHANNEL_ARN,
      id: 'news-hd',
      name: 'news-hd',
      description: 'News HD packaging',
      createdAt: '2026-02-20T09:15:00Z',
      ingressAccessLogs: { logGroupName: '/aws/MediaPackage/IngressAccessLogs' },
      egressAccessLogs: { logGroupName: '/aws/MediaPackage/EgressAccessLogs' },
      tags: { team: 'news' },
    });
    expect(record.ingestEndpoints).toEqual([
      { id: INGEST_ID_A, url: NEWS_CHANNEL.HlsIngest!.IngestEndpoints![0]!.Url, username: 'a1b2c3d4e5f6' },
      { id: INGEST_ID_B, url: NEWS_CHANNEL.HlsIngest!.IngestEndpoints![1]!.Url, username: 'f6e5d4c3b2a1' },
    ]);
    expect(record).not.toHaveProperty('status');
    expect(JSON.stringify(record)).not.toContain(INGEST_PASSWORD);
    expect(JSON.stringify(record)).not.toMatch(/password/i);
  });

  it('lists every origin endpoint with one ListOriginEndpoints without a ChannelId filter, following NextToken', async () => {
    // Prepare
    mediapackage
      .on(ListOriginEndpointsCommand)
      .resolvesOnce({ OriginEndpoints: [HLS_ENDPOINT, DASH_ENDPOINT], NextToken: 'page-2' })
      .resolvesOnce({ OriginEndpoints: [MSS_ENDPOINT, CMAF_ENDPOINT] });
    const ctx = kindContext();

    // Act
    const listed = await listAll(originEndpointKind, ctx);

    // Assess
    expect(listed.map((l) => l.name)).toEqual(['news-hd-hls', 'news-hd-dash', 'news-hd-mss', 'news-hd-cmaf']);
    const inputs = mediapackage.commandCalls(ListOriginEndpointsCommand).map((c) => c.args[0].input);
    // The paginator reuses one input object, so only the last state of it is visible here.
    expect(inputs).toHaveLength(2);
    expect(inputs.every((input) => input.MaxResults === 1000 && !('ChannelId' in input))).toBe(true);
    expect(inputs[1]).toMatchObject({ NextToken: 'page-2' });
    expect(ctx.budget.snapshot().calls).toEqual({ ListOriginEndpoints: 2 });
    expect(mediapackage).not.toHaveReceivedCommand(DescribeOriginEndpointCommand);
  });

  it('stores an HLS endpoint with its packaging, SPEKE provider and CDN authorization, and no key or IV', async () => {
    // Prepare
    mediapackage.on(ListOriginEndpointsCommand).resolves({ OriginEndpoints: [HLS_ENDPOINT] });

    // Act
    const [listed] = await listAll(originEndpointKind);
    const record = await recordOf<unknown, OriginEndpointRecord>(originEndpointKind, listed!);

    // Assess
    expect(record).toMatchObject({
      type: 'mediapackage:origin-endpoint',
      id: 'news-hd-hls',
      name: 'news-hd-hls',
      channelId: 'news-hd',
      url: HLS_ENDPOINT.Url,
      manifestName: 'index',
      description: 'HLS for web',
      startoverWindowSeconds: 3600,
      timeDelaySeconds: 0,
      whitelist: ['203.0.113.0/24'],
      origination: 'ALLOW',
      authorization: {
        cdnIdentifierSecretArn: HLS_ENDPOINT.Authorization!.CdnIdentifierSecret,
        secretsRoleArn: HLS_ENDPOINT.Authorization!.SecretsRoleArn,
      },
      tags: { team: 'news' },
    });
    expect(record.packaging).toEqual({
      type: 'HLS',
      segmentDurationSeconds: 6,
      playlistWindowSeconds: 60,
      playlistType: 'EVENT',
      adMarkers: 'SCTE35_ENHANCED',
      adTriggers: ['SPLICE_INSERT', 'PROVIDER_ADVERTISEMENT'],
      adsOnDeliveryRestrictions: 'RESTRICTED',
      programDateTimeIntervalSeconds: 0,
      streamSelection: { streamOrder: 'ORIGINAL', maxVideoBitsPerSecond: 2147483647, minVideoBitsPerSecond: 0 },
      encryption: {
        encryptionMethod: 'SAMPLE_AES',
        keyRotationIntervalSeconds: 60,
        repeatExtXKey: false,
        speke: {
          url: 'https://speke.example.com/v1.0/copyProtection',
          roleArn: `arn:aws:iam::${ACCOUNT}:role/SpekeAccess`,
          resourceId: 'news-hd-content',
          systemIds: ['94ce86fb-07ff-4f43-adb8-93d2fa968ca2'],
        },
      },
    });
    expect(JSON.stringify(record)).not.toContain('0123456789abcdef0123456789abcdef');
    expect(JSON.stringify(record)).not.toMatch(/constantInitializationVector/i);
  });

  it.each([
    [
      DASH_ENDPOINT,
      { type: 'DASH', segmentDurationSeconds: 2, manifestWindowSeconds: 60, profile: 'NONE', minBufferTimeSeconds: 30 },
    ],
    [
      MSS_ENDPOINT,
      {
        type: 'MSS',
        segmentDurationSeconds: 2,
        manifestWindowSeconds: 60,
        streamSelection: { streamOrder: 'VIDEO_BITRATE_DESCENDING' },
      },
    ],
    [CMAF_ENDPOINT, { type: 'CMAF', segmentDurationSeconds: 4, segmentPrefix: 'seg' }],
  ])('stores the packaging of %p', async (endpoint, packaging) => {
    // Prepare
    mediapackage.on(ListOriginEndpointsCommand).resolves({ OriginEndpoints: [endpoint] });

    // Act
    const [listed] = await listAll(originEndpointKind);
    const record = await recordOf<unknown, OriginEndpointRecord>(originEndpointKind, listed!);

    // Assess
    expect(record.packaging).toMatchObject(packaging);
    expect(JSON.stringify(record)).not.toContain('fedcba9876543210fedcba9876543210');
  });

  it('keeps a DASH endpoint’s SPEKE 2.0 presets and a CMAF endpoint’s manifests and certificate ARN', async () => {
    // Prepare
    mediapackage.on(ListOriginEndpointsCommand).resolves({ OriginEndpoints: [DASH_ENDPOINT, CMAF_ENDPOINT] });

    // Act
    const listed = await listAll(originEndpointKind);
    const [dash, cmaf] = await Promise.all(
      listed.map((l) => recordOf<unknown, OriginEndpointRecord>(originEndpointKind, l)),
    );

    // Assess
    expect(dash!.packaging?.encryption?.speke).toMatchObject({
      presetSpeke20Audio: 'PRESET-AUDIO-1',
      presetSpeke20Video: 'PRESET-VIDEO-1',
      systemIds: ['edef8ba9-79d6-4ace-a3c8-27dcd51d21ed', '9a04f079-9840-4286-ab92-e65be0885f95'],
    });
    expect(cmaf!.packaging?.hlsManifests).toEqual([
      {
        id: 'cmaf-hls',
        manifestName: 'index',
        url: CMAF_ENDPOINT.CmafPackage!.HlsManifests![0]!.Url,
        playlistWindowSeconds: 60,
        adMarkers: 'NONE',
      },
    ]);
    expect(cmaf!.packaging?.encryption?.speke?.certificateArn).toBe(
      CMAF_ENDPOINT.CmafPackage!.Encryption!.SpekeKeyProvider!.CertificateArn,
    );
  });

  it('drops a CDN authorization value that is not an ARN', async () => {
    // Prepare
    const leaky = {
      ...HLS_ENDPOINT,
      Authorization: { CdnIdentifierSecret: 'plain-secret-value', SecretsRoleArn: 'also-not-an-arn' },
    };
    mediapackage.on(ListOriginEndpointsCommand).resolves({ OriginEndpoints: [leaky] });

    // Act
    const [listed] = await listAll(originEndpointKind);
    const record = await recordOf<unknown, OriginEndpointRecord>(originEndpointKind, listed!);

    // Assess
    expect(record.authorization).toBeUndefined();
    expect(JSON.stringify(record)).not.toContain('plain-secret-value');
  });

  it('hashes the same content alike whatever the observation time, and a changed setting differently', async () => {
    // Prepare
    const changed = { ...HLS_ENDPOINT, HlsPackage: { ...HLS_ENDPOINT.HlsPackage, SegmentDurationSeconds: 4 } };
    mediapackage
      .on(ListOriginEndpointsCommand)
      .resolvesOnce({ OriginEndpoints: [HLS_ENDPOINT] })
      .resolvesOnce({ OriginEndpoints: [HLS_ENDPOINT] })
      .resolvesOnce({ OriginEndpoints: [changed] });
    const ctx = kindContext();

    // Act
    const first = await recordOf<unknown, OriginEndpointRecord>(
      originEndpointKind,
      (await listAll(originEndpointKind, ctx))[0]!,
    );
    ctx.clock.now = () => Date.parse('2026-03-01T11:00:00Z');
    const second = await recordOf<unknown, OriginEndpointRecord>(
      originEndpointKind,
      (await listAll(originEndpointKind, ctx))[0]!,
    );
    const third = await recordOf<unknown, OriginEndpointRecord>(
      originEndpointKind,
      (await listAll(originEndpointKind, ctx))[0]!,
    );

    // Assess
    expect(second.version).toBeGreaterThan(first.version);
    expect(second.treeHash).toBe(first.treeHash);
    expect(third.treeHash).not.toBe(first.treeHash);
  });

  describe('lookup', () => {
    it('describes a moto ARN by the Id at its end', async () => {
      // Prepare
      const motoArn = 'arn:aws:mediapackage:origin_endpoint:news-hd-hls';
      mediapackage.on(DescribeOriginEndpointCommand, { Id: 'news-hd-hls' }).resolves({ ...HLS_ENDPOINT, Arn: motoArn });
      const ctx = kindContext();

      // Act
      const found = await originEndpointKind.lookup(ctx, motoArn);

      // Assess
      expect(found).not.toBe(GONE);
      expect((found as ListedResource).arn).toBe(motoArn);
      expect(ctx.budget.snapshot().calls).toEqual({ DescribeOriginEndpoint: 1 });
    });

    it('maps an AWS ARN to its Id from the listing under the same budget, then describes by Id', async () => {
      // Prepare
      mediapackage.on(ListChannelsCommand).resolves({ Channels: [NEWS_CHANNEL] });
      mediapackage.on(DescribeChannelCommand, { Id: 'news-hd' }).resolves(NEWS_CHANNEL);
      const ctx = kindContext();
      await listAll(channelKind, ctx);

      // Act
      const found = await channelKind.lookup(ctx, CHANNEL_ARN);

      // Assess
      expect((found as ListedResource).name).toBe('news-hd');
      expect(mediapackage).toHaveReceivedCommandWith(DescribeChannelCommand, { Id: 'news-hd' });
      expect(ctx.budget.snapshot().calls).toEqual({ ListChannels: 1, DescribeChannel: 1 });
    });

    it('falls back to one listing for an AWS ARN it has not seen, and makes no describe', async () => {
      // Prepare
      mediapackage.on(ListOriginEndpointsCommand).resolves({ OriginEndpoints: ALL_ENDPOINTS });
      const ctx = kindContext();

      // Act
      const found = await originEndpointKind.lookup(ctx, DASH_ENDPOINT.Arn!);

      // Assess
      expect((found as ListedResource).name).toBe('news-hd-dash');
      expect(ctx.budget.snapshot().calls).toEqual({ ListOriginEndpoints: 1 });
    });

    it('says GONE when a complete listing lacks the ARN, or Describe answers NotFound', async () => {
      // Prepare
      mediapackage.on(ListOriginEndpointsCommand).resolves({ OriginEndpoints: [HLS_ENDPOINT] });
      mediapackage.on(DescribeChannelCommand).rejects(notFound());

      // Act
      const endpoint = await originEndpointKind.lookup(kindContext(), DASH_ENDPOINT.Arn!);
      const channel = await channelKind.lookup(kindContext(), 'arn:aws:mediapackage:channel:deleted-one');

      // Assess
      expect(endpoint).toBe(GONE);
      expect(channel).toBe(GONE);
    });

    it('says GONE when the Id now belongs to a re-created resource with another ARN', async () => {
      // Prepare
      mediapackage.on(ListChannelsCommand).resolves({ Channels: [NEWS_CHANNEL] });
      mediapackage
        .on(DescribeChannelCommand)
        .resolves({ ...NEWS_CHANNEL, Arn: CHANNEL_ARN.replace(/[0-9a-f]{32}$/, 'f'.repeat(32)) });
      const ctx = kindContext();
      await listAll(channelKind, ctx);

      // Act
      const found = await channelKind.lookup(ctx, CHANNEL_ARN);

      // Assess
      expect(found).toBe(GONE);
    });

    it('rejects an ARN of another kind', async () => {
      // Act
      const lookup = channelKind.lookup(kindContext(), HLS_ENDPOINT.Arn!);

      // Assess
      await expect(lookup).rejects.toThrow('Not a MediaPackage channel ARN');
      expect(mediapackage.calls()).toHaveLength(0);
    });
  });

  describe('links', () => {
    it('anchors a channel at each ingest URL and at its Id in the poller’s account and region', async () => {
      // Prepare
      mediapackage.on(ListChannelsCommand).resolves({ Channels: [NEWS_CHANNEL] });
      const ctx = kindContext();
      const described = (await channelKind.describe(ctx, (await listAll(channelKind, ctx))[0]!, undefined, {
        refresh: false,
      })) as DescribedResource;

      // Act
      const links = channelKind.links!(described.tree, { account: ACCOUNT, region: REGION });

      // Assess
      const [a, b] = NEWS_CHANNEL.HlsIngest!.IngestEndpoints!;
      expect(links).toEqual({
        anchors: [`url:${a!.Url!}`, `url:${b!.Url!}`, `mediapackage-channel:${ACCOUNT}:${REGION}:news-hd`],
        references: [],
      });
    });

    it('references an origin endpoint’s channel by Id, downstream of it', async () => {
      // Prepare
      mediapackage.on(ListOriginEndpointsCommand).resolves({ OriginEndpoints: [HLS_ENDPOINT] });
      const ctx = kindContext();
      const described = (await originEndpointKind.describe(
        ctx,
        (await listAll(originEndpointKind, ctx))[0]!,
        undefined,
        {
          refresh: false,
        },
      )) as DescribedResource;

      // Act
      const links = originEndpointKind.links!(described.tree, { account: ACCOUNT, region: REGION });

      // Assess
      expect(links).toEqual({
        anchors: [],
        references: [
          {
            type: 'origin-endpoint',
            role: 'downstream',
            target: { key: `mediapackage-channel:${ACCOUNT}:${REGION}:news-hd` },
            evidence: { field: 'channelId', value: 'news-hd' },
          },
        ],
      });
    });
  });

  describe('service', () => {
    it('polls channels, then origin endpoints, under mediapackage-inventory', () => {
      // Act
      const kinds = mediaPackageInventory.kinds.map((k) => [k.type, k.poller]);

      // Assess
      expect(mediaPackageInventory).toMatchObject({ service: 'mediapackage', poller: 'mediapackage-inventory' });
      expect(kinds).toEqual([
        ['mediapackage:channel', 'mediapackage-channels'],
        ['mediapackage:origin-endpoint', 'mediapackage-origin-endpoints'],
      ]);
    });

    it.each([
      [CHANNEL_ARN, 'mediapackage:channel'],
      ['arn:aws:mediapackage:channel:news-hd', 'mediapackage:channel'],
      [HLS_ENDPOINT.Arn!, 'mediapackage:origin-endpoint'],
      ['arn:aws:mediapackage:origin_endpoint:news-hd-hls', 'mediapackage:origin-endpoint'],
      [`arn:aws:mediapackage:${REGION}:${ACCOUNT}:harvest_jobs/abc`, undefined],
      [`arn:aws:mediapackage:${REGION}:${ACCOUNT}:channels/bad id`, undefined],
      ['arn:aws:medialive:channel:12ab', undefined],
      ['not an arn', undefined],
    ])('finds the kind of %s', (arn, type) => {
      // Act
      const kind = mediaPackageInventory.kindOf(arn);

      // Assess
      expect(kind?.type).toBe(type);
    });
  });
});
