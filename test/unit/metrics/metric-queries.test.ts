import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { mediaConnectFlowMetrics } from '../../../lambdas/mediaconnect/metric-kind';
import { mediaLiveChannelMetrics } from '../../../lambdas/medialive/metric-kind';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import {
  buildMetricTargets,
  fetchMetricData,
  packMetricQueries,
  ParentMetricResources,
  QUERY_ID_PATTERN,
} from '../../../lambdas/metrics/metric-queries';
import { childSk } from '../../../lambdas/store/keys';

const cloudWatchMock = mockClient(CloudWatchClient);
const cloudWatch = new CloudWatchClient({ region: 'eu-west-1' });

const flowArn = (i: number) => `arn:aws:mediaconnect:eu-west-1:123456789012:flow:1-${i}-abc:Flow${i}`;
const sourceArn = (i: number, s: number) => `arn:aws:mediaconnect:eu-west-1:123456789012:source:1-${i}-${s}:Src${s}`;
const outputArn = (i: number, o: number) => `arn:aws:mediaconnect:eu-west-1:123456789012:output:1-${i}-${o}:Out${o}`;

/** Flows as the MediaConnect kind describes them from their stored partitions. */
function flows(count: number, sources: number, outputs: number): ParentMetricResources[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: mediaConnectFlowMetrics,
    parentArn: flowArn(i),
    resources: mediaConnectFlowMetrics.metricResources({
      meta: { arn: flowArn(i) },
      children: [
        ...Array.from({ length: sources }, (__, s) => ({ sk: childSk('SOURCE', sourceArn(i, s)) })),
        ...Array.from({ length: outputs }, (__, o) => ({ sk: childSk('OUTPUT', outputArn(i, o)) })),
      ],
    }),
  }));
}

/** STANDARD channels with one HLS output group, as the MediaLive kind describes them. */
function channels(count: number): ParentMetricResources[] {
  return Array.from({ length: count }, (_, i) => {
    const arn = `arn:aws:medialive:eu-west-1:123456789012:channel:${1000 + i}`;
    return {
      kind: mediaLiveChannelMetrics,
      parentArn: arn,
      resources: mediaLiveChannelMetrics.metricResources({
        meta: { arn, id: String(1000 + i), encoder: { outputGroups: [{ name: 'hls', type: 'HLS', outputCount: 2 }] } },
        children: [],
      }),
    };
  });
}

const window = { start: new Date('2026-01-01T10:00:00Z'), end: new Date('2026-01-01T10:05:30Z') };

describe('buildMetricTargets', () => {
  it('asks for each flow’s flow, per-source and per-output metrics with the right dimension', () => {
    // Act
    const targets = buildMetricTargets(flows(2, 2, 3), resolveMetricSet('BitRate,SourceBitRate,OutputBitrate'));

    // Assess
    // Per flow: BitRate + SourceBitRate by FlowARN, SourceBitRate × 2 sources, OutputBitrate × 3 outputs.
    expect(targets).toHaveLength(2 * (2 + 2 + 3));
    expect(targets.filter((t) => t.resource.scope === 'SOURCE').map((t) => t.resource.key)).toEqual([
      sourceArn(0, 0),
      sourceArn(0, 1),
      sourceArn(1, 0),
      sourceArn(1, 1),
    ]);
    expect(targets.every((t) => t.parentArn === flowArn(0) || t.parentArn === flowArn(1))).toBe(true);
  });

  it('gives each kind’s resources only their own service’s selected metrics', () => {
    // Act
    const targets = buildMetricTargets([...flows(1, 1, 1), ...channels(1)], resolveMetricSet('health'));

    // Assess
    // The flow: 4 source + 2 output metrics. The channel: 10 per pipeline × 2, 2 per output group × 2 pipelines.
    const byNamespace = (ns: string) => targets.filter((t) => t.metric.namespace === ns);
    expect(byNamespace('AWS/MediaConnect')).toHaveLength(6);
    expect(byNamespace('AWS/MediaLive')).toHaveLength(10 * 2 + 2 * 2);
    expect(byNamespace('AWS/MediaLive').every((t) => t.parentArn.includes(':channel:'))).toBe(true);
  });
});

describe('packMetricQueries', () => {
  it('packs 1,201 queries across flows into exactly 3 calls of at most 500', () => {
    // Prepare
    // full set: 53 flow + 26 per source + 8 per output; 13 flows × (53 + 26 + 8) = 1,131, + 70 outputs × 1 metric.
    const targets = [
      ...buildMetricTargets(flows(13, 1, 1), resolveMetricSet('full')),
      ...buildMetricTargets(flows(1, 0, 70), resolveMetricSet('OutputConnected')),
    ];

    // Act
    const calls = packMetricQueries(targets);

    // Assess
    expect(targets).toHaveLength(1201);
    expect(calls.map((c) => c.queries.length)).toEqual([500, 500, 201]);
  });

  it('gives every query a valid Id, unique within its call, that maps back to its resource and metric', () => {
    // Prepare
    const targets = buildMetricTargets(flows(12, 2, 2), resolveMetricSet('full'));

    // Act
    const calls = packMetricQueries(targets);

    // Assess
    expect(calls).toHaveLength(Math.ceil(targets.length / 500));
    const mapped = calls.flatMap((call) => {
      const ids = call.queries.map((q) => q.Id as string);
      expect(ids.every((id) => QUERY_ID_PATTERN.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      return call.queries.map((q) => {
        const target = call.targets.get(q.Id as string)!;
        expect(q.MetricStat?.Metric?.MetricName).toBe(target.metric.name);
        expect(q.MetricStat?.Metric?.Dimensions).toEqual([
          {
            Name: { FLOW: 'FlowARN', SOURCE: 'SourceARN', OUTPUT: 'OutputARN' }[target.resource.scope as string],
            Value: target.resource.key,
          },
        ]);
        expect(q.MetricStat).toMatchObject({
          Period: 60,
          Stat: target.metric.stat,
          Metric: { Namespace: 'AWS/MediaConnect' },
        });
        return target;
      });
    });
    expect(mapped).toEqual(targets);
  });

  it('packs channels and flows into the same calls, each query with its namespace and every dimension', () => {
    // Prepare: 100 flows × 6 health queries + 30 channels × 24 = 1,320 queries
    const targets = buildMetricTargets([...flows(100, 1, 1), ...channels(30)], resolveMetricSet('health'));

    // Act
    const calls = packMetricQueries(targets);

    // Assess
    expect(targets).toHaveLength(1320);
    expect(calls.map((c) => c.queries.length)).toEqual([500, 500, 320]);
    const hls = calls.flatMap((c) => c.queries).find((q) => q.MetricStat?.Metric?.MetricName === 'Output4xxErrors');
    expect(hls?.MetricStat?.Metric).toEqual({
      Namespace: 'AWS/MediaLive',
      MetricName: 'Output4xxErrors',
      Dimensions: [
        { Name: 'ChannelId', Value: '1000' },
        { Name: 'Pipeline', Value: '0' },
        { Name: 'OutputGroupName', Value: 'hls' },
      ],
    });
    expect(hls?.MetricStat?.Stat).toBe('Sum');
  });

  it('rejects more than 500 queries per call', () => {
    // Act / Assess
    expect(() => packMetricQueries([], 501)).toThrow(RangeError);
  });
});

describe('fetchMetricData', () => {
  beforeEach(() => cloudWatchMock.reset());

  it('follows NextToken and merges each query’s pages in time order', async () => {
    // Prepare
    const [call] = packMetricQueries(
      buildMetricTargets(flows(1, 1, 0), resolveMetricSet('SOURCE:SourceBitRate,SOURCE:SourceConnected')),
    );
    cloudWatchMock
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          {
            Id: 'q0',
            Timestamps: [new Date('2026-01-01T10:00:00Z'), new Date('2026-01-01T10:01:00Z')],
            Values: [100, 101],
            StatusCode: 'PartialData',
          },
          { Id: 'q1', Timestamps: [new Date('2026-01-01T10:00:00Z')], Values: [1], StatusCode: 'PartialData' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'q0', Timestamps: [new Date('2026-01-01T10:02:00Z')], Values: [102], StatusCode: 'Complete' },
          { Id: 'q1', Timestamps: [], Values: [], StatusCode: 'Complete' },
        ],
      });

    // Act
    const fetched = await fetchMetricData(cloudWatch, call!, window);

    // Assess
    expect(cloudWatchMock).toHaveReceivedCommandTimes(GetMetricDataCommand, 2);
    expect(cloudWatchMock).toHaveReceivedNthCommandWith(2, GetMetricDataCommand, { NextToken: 'page-2' });
    expect(cloudWatchMock).toHaveReceivedCommandWith(GetMetricDataCommand, {
      StartTime: window.start,
      EndTime: window.end,
      ScanBy: 'TimestampAscending',
    });
    expect(fetched.pages).toBe(2);
    const epoch = (iso: string) => Date.parse(iso) / 1000;
    expect(fetched.results.get('q0')).toEqual({
      series: {
        t: [epoch('2026-01-01T10:00:00Z'), epoch('2026-01-01T10:01:00Z'), epoch('2026-01-01T10:02:00Z')],
        v: [100, 101, 102],
      },
      status: 'Complete',
    });
    expect(fetched.results.get('q1')?.series.v).toEqual([1]);
  });

  it('keeps what arrived with the final StatusCode when a query ends incomplete', async () => {
    // Prepare
    const [call] = packMetricQueries(buildMetricTargets(flows(1, 1, 0), resolveMetricSet('SOURCE:SourceBitRate')));
    cloudWatchMock.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'q0', Timestamps: [new Date('2026-01-01T10:00:00Z')], Values: [5], StatusCode: 'InternalError' },
      ],
      Messages: [{ Code: 'MaxQueryTimeRangeExceed', Value: 'too wide' }],
    });

    // Act
    const fetched = await fetchMetricData(cloudWatch, call!, window);

    // Assess
    expect(fetched.results.get('q0')).toEqual({
      series: { t: [Date.parse('2026-01-01T10:00:00Z') / 1000], v: [5] },
      status: 'InternalError',
    });
    expect(fetched.messages).toEqual(['MaxQueryTimeRangeExceed: too wide']);
  });
});
