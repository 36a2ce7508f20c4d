import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { indexMetrics } from '../../../lambdas/metrics/metric-discovery';
import {
  MEDIAPACKAGE_CHANNEL_CATALOG,
  MEDIAPACKAGE_ENDPOINT_CATALOG,
} from '../../../lambdas/mediapackage/metric-catalog';
import {
  dimensionCandidates,
  mediaPackageChannelMetrics,
  mediaPackageOriginEndpointMetrics,
} from '../../../lambdas/mediapackage/metric-kind';
import { seriesNameOf } from '../../../lambdas/polling/metric-kind';
import { CHANNEL_ARN, CHANNEL_GUID, HLS_ENDPOINT, HLS_GUID } from './mediapackage-fixtures';

const channelMeta = { arn: CHANNEL_ARN, id: 'news-hd' };
const endpointMeta = { arn: HLS_ENDPOINT.Arn!, id: 'news-hd-hls', channelId: 'news-hd' };

describe('MediaPackage v1 metric catalog and kinds', () => {
  it('splits EgressRequestCount by StatusCodeRange into one series per range', () => {
    // Act
    const requestCounts = MEDIAPACKAGE_CHANNEL_CATALOG.filter((m) => m.name === 'EgressRequestCount');

    // Assess
    expect(requestCounts.map((m) => [seriesNameOf(m), m.dimensions, m.stat])).toEqual([
      ['EgressRequestCount.2xx', { StatusCodeRange: '2xx' }, 'Sum'],
      ['EgressRequestCount.3xx', { StatusCodeRange: '3xx' }, 'Sum'],
      ['EgressRequestCount.4xx', { StatusCodeRange: '4xx' }, 'Sum'],
      ['EgressRequestCount.5xx', { StatusCodeRange: '5xx' }, 'Sum'],
    ]);
  });

  it('names each series once per scope', () => {
    // Act
    const byScope = new Map<string, string[]>();
    for (const m of [...MEDIAPACKAGE_CHANNEL_CATALOG, ...MEDIAPACKAGE_ENDPOINT_CATALOG])
      byScope.set(m.scope, [...(byScope.get(m.scope) ?? []), seriesNameOf(m)]);

    // Assess
    for (const names of byScope.values()) expect(new Set(names).size).toBe(names.length);
    expect([...byScope.keys()]).toEqual(['CHANNEL', 'ENDPOINT', 'INGEST_ENDPOINT']);
  });

  it('lets METRIC_SET choose one status code range by its series name', () => {
    // Act
    const selection = resolveMetricSet('mediapackage:ENDPOINT:EgressRequestCount.5xx', [
      mediaPackageChannelMetrics,
      mediaPackageOriginEndpointMetrics,
    ]);

    // Assess
    expect(selection.metrics.map((m) => [m.scope, seriesNameOf(m)])).toEqual([['ENDPOINT', 'EgressRequestCount.5xx']]);
  });

  it('offers the Id and the GUID of an AWS ARN, and only the Id of a moto ARN, as dimension values', () => {
    // Act
    const aws = dimensionCandidates(channelMeta);
    const moto = dimensionCandidates({ arn: 'arn:aws:mediapackage:channel:news-hd', id: 'news-hd' });

    // Assess
    expect(aws).toEqual(['news-hd', CHANNEL_GUID]);
    expect(moto).toEqual(['news-hd']);
  });

  it('takes the Channel value an endpoint’s egress metrics pair with it, not the stored channelId', () => {
    // Prepare
    const discovered = indexMetrics([
      {
        MetricName: 'EgressBytes',
        Dimensions: [
          { Name: 'Channel', Value: CHANNEL_GUID },
          { Name: 'OriginEndpoint', Value: HLS_GUID },
        ],
      },
    ]);

    // Act
    const resources = mediaPackageOriginEndpointMetrics.metricResources(
      { meta: endpointMeta, children: [] },
      discovered,
    );

    // Assess
    expect(resources).toEqual([
      { scope: 'ENDPOINT', key: 'news-hd-hls', dimensions: { Channel: CHANNEL_GUID, OriginEndpoint: HLS_GUID } },
    ]);
  });

  it('publishes metrics whatever the stored status (MediaPackage has none)', () => {
    // Act
    const publishes = [undefined, 'ANY'].map((s) => mediaPackageChannelMetrics.publishesMetrics(s));

    // Assess
    expect(publishes).toEqual([true, true]);
    expect(mediaPackageChannelMetrics.discovery).toEqual({ namespace: 'AWS/MediaPackage', ttlMinutes: 15 });
  });
});
