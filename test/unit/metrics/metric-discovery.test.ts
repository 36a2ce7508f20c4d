import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricDataCommandInput,
  ListMetricsCommand,
  type Metric,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { indexMetrics, MetricDiscovery } from '../../../lambdas/metrics/metric-discovery';
import type { MetricsPollerOptions } from '../../../lambdas/metrics/metrics-config';
import { MetricsItem, MetricsPollerDeps, pollMetrics } from '../../../lambdas/metrics/metrics-poller';
import { mediaConnectFlowMetrics } from '../../../lambdas/mediaconnect/metric-kind';
import {
  mediaPackageChannelMetrics,
  mediaPackageOriginEndpointMetrics,
} from '../../../lambdas/mediapackage/metric-kind';
import { listPk, listSk, META_SK, metricsSk, resourcePk } from '../../../lambdas/store/keys';
import { InMemoryStore } from './in-memory-store';

/**
 * The metrics engine's discovery (MetricKind.discovery), on MediaPackage v1, whose dimension values may be the user Id
 * or the ARN's GUID: one ListMetrics per namespace, cached with a TTL, and the kinds using only what it returned.
 */

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const NOW = Date.parse('2026-03-02T12:00:30.000Z');
const MINUTE = 60_000;

const cloudWatchMock = mockClient(CloudWatchClient);
const cloudWatch = new CloudWatchClient({ region: REGION });

const CHANNEL_GUID = 'aaaabbbbccccddddeeeeffff00001111';
const ENDPOINT_GUID = '11112222333344445555666677778888';
const INGEST_GUID = '9999aaaabbbbccccddddeeeeffff0000';
const channelArn = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:channels/${CHANNEL_GUID}`;
const endpointArn = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:origin_endpoints/${ENDPOINT_GUID}`;

function seedMediaPackage(store: InMemoryStore): void {
  const base = { account: ACCOUNT, region: REGION, observedAt: new Date(NOW).toISOString(), version: 1, sk: META_SK };
  store.seed(
    {
      ...base,
      type: 'mediapackage:channel',
      pk: resourcePk(channelArn),
      gsi1pk: listPk('mediapackage:channel', ACCOUNT, REGION),
      gsi1sk: listSk('news', channelArn),
      arn: channelArn,
      id: 'news',
      name: 'news',
    },
    {
      ...base,
      type: 'mediapackage:origin-endpoint',
      pk: resourcePk(endpointArn),
      gsi1pk: listPk('mediapackage:origin-endpoint', ACCOUNT, REGION),
      gsi1sk: listSk('news-hls', endpointArn),
      arn: endpointArn,
      id: 'news-hls',
      name: 'news-hls',
      channelId: 'news',
    },
  );
}

const metric = (name: string, dims: Record<string, string>): Metric => ({
  Namespace: 'AWS/MediaPackage',
  MetricName: name,
  Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
});

/** ListMetrics as in prometheus-community/yet-another-cloudwatch-exporter#1046: Ids for channel and endpoint, GUID for ingest. */
const PUBLISHED_BY_ID: Metric[] = [
  metric('EgressRequestCount', { Channel: 'news', StatusCodeRange: '2xx' }),
  metric('EgressBytes', { Channel: 'news' }),
  metric('EgressBytes', { Channel: 'news', OriginEndpoint: 'news-hls' }),
  metric('EgressRequestCount', { Channel: 'news', OriginEndpoint: 'news-hls', StatusCodeRange: '4xx' }),
  metric('ActiveInput', { IngestEndpoint: INGEST_GUID, OriginEndpoint: 'news-hls' }),
  metric('EgressBytes', { Channel: 'other', OriginEndpoint: 'other-hls' }),
];

const sentQueries = () =>
  cloudWatchMock.commandCalls(GetMetricDataCommand).flatMap((c) => c.args[0].input.MetricDataQueries ?? []);

const dimensionsOf = (queries: ReturnType<typeof sentQueries>, name: string) =>
  queries
    .filter((q) => q.MetricStat?.Metric?.MetricName === name)
    .map((q) => Object.fromEntries((q.MetricStat?.Metric?.Dimensions ?? []).map((d) => [d.Name, d.Value])));

describe('metric discovery in the metrics engine', () => {
  let store: InMemoryStore;
  let deps: MetricsPollerDeps;
  let discovery: MetricDiscovery;
  const options: MetricsPollerOptions = {
    account: ACCOUNT,
    region: REGION,
    metricSet: resolveMetricSet('health'),
    defaultIntervalSeconds: 60,
    historyMinutes: 60,
  };

  beforeEach(() => {
    cloudWatchMock.reset();
    cloudWatchMock.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
      MetricDataResults: (input.MetricDataQueries ?? []).map((q) => ({
        Id: q.Id,
        Timestamps: [new Date(NOW - 2 * MINUTE)],
        Values: [Number(q.Id?.slice(1)) + 1],
        StatusCode: 'Complete',
      })),
    }));
    store = new InMemoryStore(100);
    seedMediaPackage(store);
    discovery = new MetricDiscovery();
    deps = {
      cloudWatch,
      store,
      clock: { now: () => NOW },
      kinds: [mediaPackageChannelMetrics, mediaPackageOriginEndpointMetrics],
      discovery,
    };
  });

  it('lists the namespace once per cycle, recently active only, and queries the Id values CloudWatch publishes', async () => {
    // Prepare
    cloudWatchMock.on(ListMetricsCommand).resolves({ Metrics: PUBLISHED_BY_ID });

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    expect(cloudWatchMock).toHaveReceivedCommandTimes(ListMetricsCommand, 1);
    expect(cloudWatchMock).toHaveReceivedCommandWith(ListMetricsCommand, {
      Namespace: 'AWS/MediaPackage',
      RecentlyActive: 'PT3H',
    });
    const queries = sentQueries();
    expect(dimensionsOf(queries, 'IngressBytes')).toEqual([{ Channel: 'news' }]);
    expect(dimensionsOf(queries, 'EgressRequestCount')).toEqual([
      { Channel: 'news', StatusCodeRange: '2xx' },
      { Channel: 'news', StatusCodeRange: '4xx' },
      { Channel: 'news', StatusCodeRange: '5xx' },
      { Channel: 'news', OriginEndpoint: 'news-hls', StatusCodeRange: '2xx' },
      { Channel: 'news', OriginEndpoint: 'news-hls', StatusCodeRange: '4xx' },
      { Channel: 'news', OriginEndpoint: 'news-hls', StatusCodeRange: '5xx' },
    ]);
    expect(dimensionsOf(queries, 'ActiveInput')).toEqual([{ IngestEndpoint: INGEST_GUID, OriginEndpoint: 'news-hls' }]);
    expect(outcome).toMatchObject({
      calls: 1,
      queries: queries.length,
      discovery: { 'AWS/MediaPackage': { state: 'listed', metrics: PUBLISHED_BY_ID.length, calls: 1 } },
      byService: { mediapackage: { polled: 2, metricResources: { CHANNEL: 1, ENDPOINT: 1, INGEST_ENDPOINT: 1 } } },
    });
    expect(outcome.errors).toEqual([]);
  });

  it('stores each status code range as its own series and ActiveInput under the ingest endpoint', async () => {
    // Prepare
    cloudWatchMock.on(ListMetricsCommand).resolves({ Metrics: PUBLISHED_BY_ID });

    // Act
    await pollMetrics(deps, options);

    // Assess
    const channelItem = store.item<MetricsItem>(resourcePk(channelArn), metricsSk('CHANNEL', 'news'));
    expect(Object.keys(channelItem?.latest ?? {}).sort()).toEqual([
      'EgressRequestCount.2xx',
      'EgressRequestCount.4xx',
      'EgressRequestCount.5xx',
      'EgressResponseTime',
      'IngressBytes',
    ]);
    expect(channelItem).toMatchObject({ type: 'mediapackage:metrics', dimensions: { Channel: 'news' } });
    const ingestItem = store.item<MetricsItem>(resourcePk(endpointArn), metricsSk('INGEST_ENDPOINT', INGEST_GUID));
    expect(ingestItem).toMatchObject({
      dimensions: { IngestEndpoint: INGEST_GUID, OriginEndpoint: 'news-hls' },
      latest: { ActiveInput: expect.objectContaining({ v: expect.any(Number) }) },
    });
  });

  it('uses the ARN GUID when that is what CloudWatch publishes, keeping the item keyed by the Id', async () => {
    // Prepare
    cloudWatchMock.on(ListMetricsCommand).resolves({
      Metrics: [
        metric('EgressBytes', { Channel: CHANNEL_GUID }),
        metric('EgressBytes', { Channel: CHANNEL_GUID, OriginEndpoint: ENDPOINT_GUID }),
      ],
    });

    // Act
    await pollMetrics(deps, options);

    // Assess
    const queries = sentQueries();
    expect(dimensionsOf(queries, 'EgressResponseTime')).toEqual([
      { Channel: CHANNEL_GUID },
      { Channel: CHANNEL_GUID, OriginEndpoint: ENDPOINT_GUID },
    ]);
    expect(store.item(resourcePk(channelArn), metricsSk('CHANNEL', 'news'))).toMatchObject({
      dimensions: { Channel: CHANNEL_GUID },
    });
    expect(dimensionsOf(queries, 'ActiveInput')).toEqual([]);
  });

  it('invents no dimension value: a resource CloudWatch has not published recently gets no query', async () => {
    // Prepare
    cloudWatchMock.on(ListMetricsCommand).resolves({ Metrics: [metric('EgressBytes', { Channel: 'other' })] });

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    expect(cloudWatchMock).not.toHaveReceivedCommand(GetMetricDataCommand);
    expect(outcome).toMatchObject({ calls: 0, queries: 0 });
  });

  it('reuses a listing within its TTL and lists again after it', async () => {
    // Prepare
    cloudWatchMock.on(ListMetricsCommand).resolves({ Metrics: PUBLISHED_BY_ID });
    let now = NOW;
    const clocked = { ...deps, clock: { now: () => now } };

    // Act
    const first = await pollMetrics(clocked, options);
    now += 5 * MINUTE;
    const second = await pollMetrics(clocked, options);
    now += 15 * MINUTE;
    const third = await pollMetrics(clocked, options);

    // Assess
    expect([first, second, third].map((o) => o.discovery?.['AWS/MediaPackage']?.state)).toEqual([
      'listed',
      'cached',
      'listed',
    ]);
    expect(cloudWatchMock).toHaveReceivedCommandTimes(ListMetricsCommand, 2);
  });

  it('falls back to the stored Ids when ListMetrics fails, and says so in the outcome', async () => {
    // Prepare
    cloudWatchMock
      .on(ListMetricsCommand)
      .rejects(
        Object.assign(new Error('not authorized'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
      );

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    const queries = sentQueries();
    expect(dimensionsOf(queries, 'IngressBytes')).toEqual([{ Channel: 'news' }]);
    expect(dimensionsOf(queries, 'EgressResponseTime')).toEqual([
      { Channel: 'news' },
      { Channel: 'news', OriginEndpoint: 'news-hls' },
    ]);
    expect(dimensionsOf(queries, 'ActiveInput')).toEqual([]);
    expect(outcome.discovery).toEqual({ 'AWS/MediaPackage': { state: 'failed', metrics: 0, calls: 0 } });
    expect(outcome.errors).toEqual([
      expect.stringMatching(/^ListMetrics AWS\/MediaPackage: .*not authorized.*fall back to the stored Ids$/),
    ]);
  });

  it('keeps using the last good listing when a later ListMetrics fails', async () => {
    // Prepare
    let listings = 0;
    cloudWatchMock.on(ListMetricsCommand).callsFake(async () => {
      if (listings++ === 0) return { Metrics: PUBLISHED_BY_ID };
      throw Object.assign(new Error('slow down'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    });
    let now = NOW;
    const clocked = { ...deps, clock: { now: () => now } };
    await pollMetrics(clocked, options);
    cloudWatchMock.resetHistory();
    now += 20 * MINUTE;

    // Act
    const outcome = await pollMetrics(clocked, options);

    // Assess
    expect(outcome.discovery?.['AWS/MediaPackage']?.state).toBe('stale');
    expect(dimensionsOf(sentQueries(), 'ActiveInput')).toEqual([
      { IngestEndpoint: INGEST_GUID, OriginEndpoint: 'news-hls' },
    ]);
    expect(outcome.errors[0]).toMatch(/using the previous listing$/);
  });

  it('makes no ListMetrics call when no kind that discovers has a resource to poll', async () => {
    // Prepare
    const empty = new InMemoryStore(100);

    // Act
    const outcome = await pollMetrics(
      { ...deps, store: empty, kinds: [mediaConnectFlowMetrics, mediaPackageChannelMetrics] },
      options,
    );

    // Assess
    expect(cloudWatchMock).not.toHaveReceivedCommand(ListMetricsCommand);
    expect(outcome.discovery).toBeUndefined();
  });

  it('indexes every value of each dimension and every dimension set of each metric', () => {
    // Act
    const discovered = indexMetrics(PUBLISHED_BY_ID);

    // Assess
    expect([...discovered.values('OriginEndpoint')].sort()).toEqual(['news-hls', 'other-hls']);
    expect(discovered.values('PackagingConfiguration').size).toBe(0);
    expect(discovered.dimensionSets('ActiveInput')).toEqual([
      { IngestEndpoint: INGEST_GUID, OriginEndpoint: 'news-hls' },
    ]);
    expect(discovered.dimensionSets('IngressBytes')).toEqual([]);
  });
});
