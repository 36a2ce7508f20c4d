import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { ListFlowsCommand, MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { DescribeChannelCommand, ListChannelsCommand, MediaLiveClient } from '@aws-sdk/client-medialive';
import {
  DescribeChannelCommand as DescribePackageChannelCommand,
  ListChannelsCommand as ListPackageChannelsCommand,
  ListOriginEndpointsCommand,
  MediaPackageClient,
} from '@aws-sdk/client-mediapackage';
import { GetChannelGroupCommand, ListChannelGroupsCommand, MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import { LOCAL_ACCOUNT } from '../../../bin/local/emulators';
import { NEWS_ORIGIN_CHANNEL_ID } from '../../../bin/local/mediapackage-estate';
import { DemoClients, SeededEstate, seedDemoEstate } from '../../../bin/local/seed-estate';
import { motoConfig } from '../emulator-env';

// This file's own region: moto partitions its state by region, so no other test sees this estate.
const REGION = 'us-east-2';

describe('seeding the demo estate on moto, MediaPackage included', () => {
  const config = motoConfig(REGION);
  const clients: DemoClients = {
    mediaConnect: new MediaConnectClient(config),
    mediaLive: new MediaLiveClient(config),
    // The SDK gzips large PutMetricData bodies, and moto 5.2.1 fails to read them back.
    cloudWatch: new CloudWatchClient({ ...config, disableRequestCompression: true }),
    mediaPackage: new MediaPackageClient(config),
    mediaPackageV2: new MediaPackageV2Client(config),
  };
  let first: SeededEstate;
  let second: SeededEstate;

  beforeAll(async () => {
    first = await seedDemoEstate(clients, { account: LOCAL_ACCOUNT, historyMinutes: 1 });
    second = await seedDemoEstate(clients, { account: LOCAL_ACCOUNT, historyMinutes: 1 });
  }, 120_000);

  afterAll(() => Object.values(clients).forEach((client) => client.destroy()));

  it('creates the MediaPackage v1 channel with an HLS and a DASH origin endpoint on it', async () => {
    // Act
    const channel = await clients.mediaPackage.send(new DescribePackageChannelCommand({ Id: NEWS_ORIGIN_CHANNEL_ID }));
    const listed = await clients.mediaPackage.send(
      new ListOriginEndpointsCommand({ ChannelId: NEWS_ORIGIN_CHANNEL_ID }),
    );

    // Assess
    expect(channel).toMatchObject({ Id: NEWS_ORIGIN_CHANNEL_ID, Tags: { Environment: 'demo', Channel: 'news' } });
    const endpoints = (listed.OriginEndpoints ?? []).filter((e) => e.ChannelId === NEWS_ORIGIN_CHANNEL_ID);
    expect(endpoints.map((e) => e.Id).sort()).toEqual(['news-hd-dash', 'news-hd-hls']);
    expect(endpoints.find((e) => e.Id === 'news-hd-hls')?.HlsPackage).toMatchObject({ SegmentDurationSeconds: 6 });
    expect(endpoints.find((e) => e.Id === 'news-hd-dash')?.DashPackage).toMatchObject({ SegmentDurationSeconds: 2 });
    expect(first.mediaPackage.channels[0]?.endpoints.map((e) => e.packaging).sort()).toEqual(['DASH', 'HLS']);
  });

  it('creates the v2 channel group live-origin with one channel and its two ingest endpoints', async () => {
    // Act
    const group = await clients.mediaPackageV2.send(new GetChannelGroupCommand({ ChannelGroupName: 'live-origin' }));

    // Assess
    expect(group.Arn).toBe(first.mediaPackage.channelGroups[0]?.arn);
    const channel = first.mediaPackage.channelGroups[0]?.channels[0];
    expect(channel).toMatchObject({ channelGroupName: 'live-origin', name: 'weather-web' });
    expect(channel?.arn).toBe(`${group.Arn}/channel/weather-web`);
    expect(channel?.ingestUrls).toHaveLength(2);
    channel?.ingestUrls.forEach((url) =>
      expect(url).toMatch(/^https:\/\/.+\/in\/v1\/live-origin\/[12]\/weather-web\//),
    );
  });

  it('sends the News-HD channel to the MediaPackage channel by id and Weather-Web to the v2 ingest endpoint', async () => {
    // Prepare
    const byName = Object.fromEntries(first.mediaLive.channels.map((c) => [c.name, c]));

    // Act
    const [news, weather] = await Promise.all([
      clients.mediaLive.send(new DescribeChannelCommand({ ChannelId: byName['News-HD']?.id })),
      clients.mediaLive.send(new DescribeChannelCommand({ ChannelId: byName['Weather-Web']?.id })),
    ]);

    // Assess
    const packageDestination = news.Destinations?.find((d) => d.Id === 'mediapackage');
    expect(packageDestination?.MediaPackageSettings).toEqual([{ ChannelId: NEWS_ORIGIN_CHANNEL_ID }]);
    expect(
      news.EncoderSettings?.OutputGroups?.find((g) => g.Name === 'MediaPackage')?.OutputGroupSettings
        ?.MediaPackageGroupSettings?.Destination?.DestinationRefId,
    ).toBe('mediapackage');
    const webUrls = weather.Destinations?.find((d) => d.Id === 'hls-web')?.Settings?.map((s) => s.Url);
    expect(webUrls).toEqual(first.mediaPackage.channelGroups[0]?.channels[0]?.ingestUrls.slice(0, 1));
  });

  it('backfills AWS/MediaPackage for the channel News-HD sends to, by Channel and OriginEndpoint', async () => {
    // Act
    const answer = await clients.cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(Date.now() - 5 * 60_000),
        EndTime: new Date(Date.now() + 60_000),
        MetricDataQueries: [
          {
            Id: 'ok',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/MediaPackage',
                MetricName: 'EgressRequestCount',
                Dimensions: [
                  { Name: 'Channel', Value: NEWS_ORIGIN_CHANNEL_ID },
                  { Name: 'OriginEndpoint', Value: 'news-hd-hls' },
                  { Name: 'StatusCodeRange', Value: '2xx' },
                ],
              },
              Period: 60,
              Stat: 'Sum',
            },
          },
        ],
      }),
    );

    // Assess
    const values = answer.MetricDataResults?.[0]?.Values ?? [];
    expect(values.length).toBeGreaterThanOrEqual(1);
    values.forEach((v) => expect(v).toBeGreaterThan(100));
  });

  it('creates nothing the second time: the same resources, no duplicates', async () => {
    // Act
    const [packageChannels, endpoints, groups, channels, flows] = await Promise.all([
      clients.mediaPackage.send(new ListPackageChannelsCommand({})),
      clients.mediaPackage.send(new ListOriginEndpointsCommand({})),
      clients.mediaPackageV2.send(new ListChannelGroupsCommand({})),
      clients.mediaLive.send(new ListChannelsCommand({})),
      clients.mediaConnect.send(new ListFlowsCommand({})),
    ]);

    // Assess
    // One v1 channel, two origin endpoints, one channel group, one v2 channel.
    expect(first.mediaPackage.created).toBe(5);
    expect(second.mediaPackage.created).toBe(0);
    expect(second.mediaPackage).toEqual({ ...first.mediaPackage, created: 0 });
    expect(packageChannels.Channels?.map((c) => c.Id)).toEqual([NEWS_ORIGIN_CHANNEL_ID]);
    expect(endpoints.OriginEndpoints).toHaveLength(2);
    expect(groups.Items?.map((g) => g.ChannelGroupName)).toEqual(['live-origin']);
    expect(channels.Channels?.map((c) => c.Name).sort()).toEqual(['News-HD', 'Weather-Web']);
    expect(second.mediaLive.channels.map((c) => c.arn)).toEqual(first.mediaLive.channels.map((c) => c.arn));
    expect(flows.Flows).toHaveLength(first.flowArns.length);
  });
});
