import { MEDIALIVE_METRIC_CATALOG } from '../../../lambdas/medialive/metric-catalog';
import { mediaLiveChannelMetrics } from '../../../lambdas/medialive/metric-kind';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import type { StoredPartition } from '../../../lambdas/polling/metric-kind';

const ARN = 'arn:aws:medialive:eu-west-1:123456789012:channel:2468013';

/** A channel partition as the MediaLive inventory stores it. */
function channel(meta: Record<string, unknown> = {}, children: StoredPartition['children'] = []): StoredPartition {
  return {
    meta: {
      arn: ARN,
      id: '2468013',
      status: 'RUNNING',
      channelClass: 'STANDARD',
      encoder: {
        outputGroups: [
          { name: 'hls-cdn', type: 'HLS', outputCount: 3 },
          { name: 'to-mediapackage', type: 'MEDIA_PACKAGE', outputCount: 2 },
          { name: 'contribution', type: 'UDP', outputCount: 1 },
          { type: 'CMAF_INGEST', outputCount: 1 },
        ],
        video: [],
      },
      ...meta,
    },
    children,
  };
}

describe('MediaLive metric catalog', () => {
  it('holds the health set: ten pipeline metrics and the two HTTP error counts per output group', () => {
    // Act
    const health = resolveMetricSet('health', [mediaLiveChannelMetrics]).metrics;

    // Assess
    expect(health.map((m) => `${m.scope}:${m.name}:${m.stat}`)).toEqual([
      'PIPELINE:ActiveAlerts:Maximum',
      'PIPELINE:NetworkIn:Average',
      'PIPELINE:InputVideoFrameRate:Average',
      'PIPELINE:FillMsec:Maximum',
      'PIPELINE:DroppedFrames:Sum',
      'PIPELINE:SvqTime:Maximum',
      'PIPELINE:PrimaryInputActive:Minimum',
      'PIPELINE:InputLossSeconds:Sum',
      'PIPELINE:ChannelInputErrorSeconds:Sum',
      'PIPELINE:PipelinesLocked:Minimum',
      'OUTPUT_GROUP:Output4xxErrors:Sum',
      'OUTPUT_GROUP:Output5xxErrors:Sum',
    ]);
  });

  it('puts every metric in AWS/MediaLive and in the full set, with NetworkIn in Megabits/Second', () => {
    // Act
    const full = resolveMetricSet('full', [mediaLiveChannelMetrics]).metrics;

    // Assess
    expect(full).toHaveLength(MEDIALIVE_METRIC_CATALOG.length);
    expect(MEDIALIVE_METRIC_CATALOG.every((m) => m.namespace === 'AWS/MediaLive')).toBe(true);
    expect(MEDIALIVE_METRIC_CATALOG.find((m) => m.name === 'NetworkIn')?.unit).toBe('Megabits/Second');
    expect(full.map((m) => m.name)).toEqual(
      expect.arrayContaining([
        'NetworkOut',
        'ActiveOutputs',
        'InputTimecodesPresent',
        'RtpPacketsLost',
        'InputVideoAligned',
      ]),
    );
  });
});

describe('mediaLiveChannelMetrics', () => {
  it('queries both pipelines of a STANDARD channel by ChannelId and Pipeline, from the stored id', () => {
    // Act
    const resources = mediaLiveChannelMetrics.metricResources(channel());

    // Assess
    expect(resources.filter((r) => r.scope === 'PIPELINE')).toEqual([
      { scope: 'PIPELINE', key: '0', dimensions: { ChannelId: '2468013', Pipeline: '0' } },
      { scope: 'PIPELINE', key: '1', dimensions: { ChannelId: '2468013', Pipeline: '1' } },
    ]);
    expect(resources[0]?.key).toBe('0');
  });

  it('queries only pipeline 0 of a SINGLE_PIPELINE channel', () => {
    // Act
    const resources = mediaLiveChannelMetrics.metricResources(channel({ channelClass: 'SINGLE_PIPELINE' }));

    // Assess
    expect(new Set(resources.map((r) => r.dimensions.Pipeline))).toEqual(new Set(['0']));
    expect(resources.map((r) => r.key)).toEqual(['0', '0:hls-cdn', '0:to-mediapackage']);
  });

  it('takes the pipelines from the stored PIPELINE children when there are any', () => {
    // Act
    const resources = mediaLiveChannelMetrics.metricResources(
      channel({}, [{ sk: 'PIPELINE#1', type: 'medialive:pipeline', pipelineId: '1' }, { sk: 'ATTACHMENT#main' }]),
    );

    // Assess
    expect(resources.map((r) => r.key)).toEqual(['1', '1:hls-cdn', '1:to-mediapackage']);
  });

  it('queries each named HTTP output group on each pipeline by ChannelId, Pipeline and OutputGroupName', () => {
    // Act
    const groups = mediaLiveChannelMetrics.metricResources(channel()).filter((r) => r.scope === 'OUTPUT_GROUP');

    // Assess
    // The UDP group publishes no HTTP errors, and the unnamed CMAF group has no OutputGroupName to query by.
    expect(groups.map((r) => r.key)).toEqual(['0:hls-cdn', '0:to-mediapackage', '1:hls-cdn', '1:to-mediapackage']);
    expect(groups[0]?.dimensions).toEqual({ ChannelId: '2468013', Pipeline: '0', OutputGroupName: 'hls-cdn' });
  });

  it('has nothing to query for a channel stored without its id', () => {
    // Act / Assess
    expect(mediaLiveChannelMetrics.metricResources(channel({ id: undefined }))).toEqual([]);
  });

  it('publishes metrics only while RUNNING', () => {
    // Act
    const publishing = ['RUNNING', 'IDLE', 'STARTING', 'STOPPING', 'RECOVERING', 'UPDATING', undefined].map((s) =>
      mediaLiveChannelMetrics.publishesMetrics(s),
    );

    // Assess
    expect(publishing).toEqual([true, false, false, false, false, false, false]);
  });
});
