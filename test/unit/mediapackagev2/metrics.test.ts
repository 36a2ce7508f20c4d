import {
  mediaPackageV2ChannelMetrics,
  mediaPackageV2EndpointMetrics,
} from '../../../lambdas/mediapackagev2/metric-kind';
import {
  CHANNEL_METRIC_CATALOG,
  ENDPOINT_METRIC_CATALOG,
  MEDIAPACKAGE_NAMESPACE,
} from '../../../lambdas/mediapackagev2/metric-catalog';
import { METRIC_KINDS } from '../../../lambdas/registry/metric-kinds';
import { CHANNEL_ARN, ENDPOINT_ARN } from './mediapackagev2-fixtures';

describe('MediaPackage v2 metrics', () => {
  it('catalogs ingress and egress per channel and egress per origin endpoint, in AWS/MediaPackage', () => {
    // Act
    const channel = CHANNEL_METRIC_CATALOG.map((m) => [m.name, m.stat, m.sets.includes('health')]);
    const endpoint = ENDPOINT_METRIC_CATALOG.map((m) => [m.name, m.stat, m.sets.includes('health')]);

    // Assess
    expect(channel).toEqual([
      ['IngressBytes', 'Sum', true],
      ['IngressRequestCount', 'Sum', true],
      ['IngressResponseTime', 'Average', false],
      ['EgressBytes', 'Sum', false],
      ['EgressRequestCount', 'Sum', false],
      ['EgressResponseTime', 'Average', false],
    ]);
    expect(endpoint).toEqual([
      ['EgressRequestCount', 'Sum', true],
      ['EgressBytes', 'Sum', true],
      ['EgressResponseTime', 'Average', true],
    ]);
    expect(new Set([...CHANNEL_METRIC_CATALOG, ...ENDPOINT_METRIC_CATALOG].map((m) => m.namespace))).toEqual(
      new Set([MEDIAPACKAGE_NAMESPACE]),
    );
    expect(CHANNEL_METRIC_CATALOG.every((m) => m.scope === 'CHANNEL' && m.sets.includes('full'))).toBe(true);
    expect(ENDPOINT_METRIC_CATALOG.every((m) => m.scope === 'ENDPOINT' && m.sets.includes('full'))).toBe(true);
  });

  it('queries a channel by its group and channel names, and an endpoint by group, channel and endpoint names', () => {
    // Prepare
    const channel = {
      meta: { arn: CHANNEL_ARN, name: 'news', channelName: 'news', channelGroupName: 'live' },
      children: [],
    };
    const endpoint = {
      meta: {
        arn: ENDPOINT_ARN,
        name: 'hls-ts',
        originEndpointName: 'hls-ts',
        channelName: 'news',
        channelGroupName: 'live',
      },
      children: [],
    };

    // Act
    const channelResources = mediaPackageV2ChannelMetrics.metricResources(channel);
    const endpointResources = mediaPackageV2EndpointMetrics.metricResources(endpoint);

    // Assess
    expect(channelResources).toEqual([
      { scope: 'CHANNEL', key: 'news', dimensions: { ChannelGroup: 'live', Channel: 'news' } },
    ]);
    expect(endpointResources).toEqual([
      {
        scope: 'ENDPOINT',
        key: 'hls-ts',
        dimensions: { ChannelGroup: 'live', Channel: 'news', OriginEndpoint: 'hls-ts' },
      },
    ]);
  });

  it('queries nothing for a record without usable names, and never reads names from the ARN', () => {
    // Act
    const none = [
      mediaPackageV2ChannelMetrics.metricResources({ meta: { arn: CHANNEL_ARN, name: 'news' }, children: [] }),
      mediaPackageV2ChannelMetrics.metricResources({
        meta: { arn: CHANNEL_ARN, channelName: 'news', channelGroupName: 'bad name' },
        children: [],
      }),
      mediaPackageV2EndpointMetrics.metricResources({
        meta: { arn: ENDPOINT_ARN, originEndpointName: 'hls-ts', channelGroupName: 'live' },
        children: [],
      }),
    ];

    // Assess
    expect(none).toEqual([[], [], []]);
  });

  it('polls every v2 channel and endpoint whatever its status (MediaPackage has none), and is registered', () => {
    // Act
    const publishes = [undefined, 'IDLE'].flatMap((s) => [
      mediaPackageV2ChannelMetrics.publishesMetrics(s),
      mediaPackageV2EndpointMetrics.publishesMetrics(s),
    ]);

    // Assess
    expect(publishes).toEqual([true, true, true, true]);
    expect(METRIC_KINDS).toEqual(expect.arrayContaining([mediaPackageV2ChannelMetrics, mediaPackageV2EndpointMetrics]));
    expect(new Set(METRIC_KINDS.map((k) => k.type)).size).toBe(METRIC_KINDS.length);
  });
});
