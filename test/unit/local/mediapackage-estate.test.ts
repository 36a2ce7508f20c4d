import { demoMediaLiveEstate } from '../../../bin/local/medialive-estate';
import { demoMediaPackageEstate, NEWS_ORIGIN_CHANNEL_ID } from '../../../bin/local/mediapackage-estate';
import { createOriginEndpointRequest, v2IngestUrls } from '../../../bin/local/seed-mediapackage';
import { packageMinuteDatapoints } from '../../../bin/local/signal-model';

const MINUTE = Date.UTC(2026, 11, 2, 1, 40, 0);

describe('demo MediaPackage estate', () => {
  it('has the origin channel the News-HD MediaPackage output group names, with an HLS and a DASH endpoint', () => {
    // Act
    const estate = demoMediaPackageEstate();
    const news = demoMediaLiveEstate().channels.find((c) => c.name === 'News-HD');

    // Assess
    const packageGroup = news?.outputGroups.find((g) => g.type === 'MEDIA_PACKAGE');
    expect(packageGroup?.mediaPackageChannelId).toBe(NEWS_ORIGIN_CHANNEL_ID);
    const channel = estate.channels.find((c) => c.id === NEWS_ORIGIN_CHANNEL_ID);
    expect(channel?.endpoints.map((e) => e.packaging)).toEqual(['HLS', 'DASH']);
  });

  it('has the v2 channel group and channel the Weather-Web HLS group sends to', () => {
    // Act
    const estate = demoMediaPackageEstate();
    const weather = demoMediaLiveEstate().channels.find((c) => c.name === 'Weather-Web');

    // Assess
    const target = weather?.outputGroups[0]?.mediaPackageV2;
    const group = estate.channelGroups.find((g) => g.name === target?.channelGroup);
    expect(group?.channels.map((c) => c.name)).toContain(target?.channel);
  });

  it('builds an HLS endpoint request with its playlist window and a DASH one with its manifest window', () => {
    // Prepare
    const [hls, dash] = demoMediaPackageEstate().channels[0]!.endpoints;

    // Act
    const hlsRequest = createOriginEndpointRequest('news-hd-origin', hls!);
    const dashRequest = createOriginEndpointRequest('news-hd-origin', dash!);

    // Assess
    expect(hlsRequest).toMatchObject({
      Id: 'news-hd-hls',
      ChannelId: 'news-hd-origin',
      StartoverWindowSeconds: 3600,
      HlsPackage: { SegmentDurationSeconds: 6, PlaylistWindowSeconds: 60 },
    });
    expect(hlsRequest.DashPackage).toBeUndefined();
    expect(dashRequest).toMatchObject({
      Id: 'news-hd-dash',
      TimeDelaySeconds: 10,
      Whitelist: ['203.0.113.0/24'],
      DashPackage: { SegmentDurationSeconds: 2, ManifestWindowSeconds: 30 },
    });
    expect(dashRequest.HlsPackage).toBeUndefined();
  });

  it('indexes the seeded v2 channels’ ingest URLs by channel group and channel', () => {
    // Prepare
    const seeded = {
      channels: [],
      created: 0,
      channelGroups: [
        {
          name: 'live-origin',
          arn: 'arn:aws:mediapackagev2:eu-west-1:123456789012:channelGroup/live-origin',
          channels: [
            {
              channelGroupName: 'live-origin',
              name: 'weather-web',
              arn: 'arn:aws:mediapackagev2:eu-west-1:123456789012:channelGroup/live-origin/channel/weather-web',
              ingestUrls: ['https://a/1', 'https://a/2'],
            },
          ],
        },
      ],
    };

    // Act
    const urls = v2IngestUrls(seeded);

    // Assess
    expect([...urls]).toEqual([['live-origin/weather-web', ['https://a/1', 'https://a/2']]]);
  });

  it('publishes one minute of AWS/MediaPackage per channel and per endpoint, by the user-assigned Ids', () => {
    // Prepare
    const channel = {
      id: 'news-hd-origin',
      endpointIds: ['news-hd-hls', 'news-hd-dash'],
      signal: { ingressMbps: 6, requestsPerMinute: 200, egress4xxChance: 1 },
    };

    // Act
    const data = packageMinuteDatapoints(channel, MINUTE + 42_000);

    // Assess
    const dims = (d: (typeof data)[number]) => Object.fromEntries(d.dimensions.map((x) => [x.Name, x.Value]));
    const find = (metric: string, want: Record<string, string>) =>
      data.filter((d) => d.metricName === metric && JSON.stringify(dims(d)) === JSON.stringify(want));
    data.forEach((d) => expect(d.timestamp.getTime()).toBe(MINUTE));
    const ingress = find('IngressBytes', { Channel: 'news-hd-origin' })[0];
    expect(ingress?.value).toBeGreaterThan(((6 * 1e6 * 60) / 8) * 0.97);
    expect(ingress?.unit).toBe('Bytes');
    const perEndpoint = (range: string, endpoint: string) =>
      find('EgressRequestCount', { Channel: 'news-hd-origin', OriginEndpoint: endpoint, StatusCodeRange: range })[0]
        ?.value ?? -1;
    const channelTotal = (range: string) =>
      find('EgressRequestCount', { Channel: 'news-hd-origin', StatusCodeRange: range })[0]?.value ?? -1;
    // A 4xx chance of 1: every endpoint has some 4xx this minute, and the channel's counts are its endpoints' sums.
    expect(perEndpoint('4xx', 'news-hd-hls')).toBeGreaterThan(0);
    expect(channelTotal('2xx')).toBe(perEndpoint('2xx', 'news-hd-hls') + perEndpoint('2xx', 'news-hd-dash'));
    expect(channelTotal('4xx')).toBe(perEndpoint('4xx', 'news-hd-hls') + perEndpoint('4xx', 'news-hd-dash'));
    expect(find('EgressResponseTime', { Channel: 'news-hd-origin', OriginEndpoint: 'news-hd-dash' })).toHaveLength(1);
    expect(packageMinuteDatapoints(channel, MINUTE + 5_000)).toEqual(data);
  });
});
