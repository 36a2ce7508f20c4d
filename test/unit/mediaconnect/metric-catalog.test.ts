import { METRIC_CATALOG, SOURCE_METRIC_NAMES } from '../../../lambdas/mediaconnect/metric-catalog';
import { mediaConnectFlowMetrics } from '../../../lambdas/mediaconnect/metric-kind';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { childSk, META_SK } from '../../../lambdas/store/keys';

const namesOf = (scope: string) => METRIC_CATALOG.filter((m) => m.scope === scope).map((m) => m.name);

describe('MediaConnect metric catalog', () => {
  it('holds the seed’s 53 flow metrics: 26 flow-level, 26 Source* and ConnectedOutputs, all queried by FlowARN', () => {
    // Act
    const flow = namesOf('FLOW');

    // Assess
    expect(flow).toHaveLength(53);
    expect(new Set(flow).size).toBe(53);
    expect(flow).toContain('ConnectedOutputs');
    expect(flow.filter((n) => n.startsWith('Source'))).toHaveLength(26);
    expect(flow).toEqual(
      expect.arrayContaining(['BitRate', 'Connected', 'RoundTripTime', 'TSSyncLoss', 'PacketLossPercent']),
    );
  });

  it('holds the seed’s 26 source metrics, every one a Source* name queried by SourceARN', () => {
    // Act
    const source = namesOf('SOURCE');

    // Assess
    expect(source).toHaveLength(26);
    expect(new Set(source)).toEqual(new Set(SOURCE_METRIC_NAMES));
    expect(source.every((n) => n.startsWith('Source'))).toBe(true);
    expect(source).toEqual(
      expect.arrayContaining(['SourceBitRate', 'SourceConnected', 'SourceNotRecoveredPackets', 'SourceTSSyncLoss']),
    );
  });

  it('holds the TS output metrics by OutputARN, spelling OutputBitrate with a lower-case r', () => {
    // Act
    const output = namesOf('OUTPUT');

    // Assess
    expect(output).toHaveLength(8);
    expect(output).toContain('OutputBitrate');
    expect(output).not.toContain('OutputBitRate');
    expect(output).not.toContain('ConnectedOutputs');
    expect(output.every((n) => n.startsWith('Output'))).toBe(true);
  });

  it('requests Minimum for connected flags, Maximum for latencies, Average for rates and Sum for counts', () => {
    // Act
    const statOf = (scope: string, name: string) =>
      METRIC_CATALOG.find((m) => m.scope === scope && m.name === name)?.stat;

    // Assess
    expect(['Connected', 'SourceConnected', 'ConnectedOutputs'].map((n) => statOf('FLOW', n))).toEqual([
      'Minimum',
      'Minimum',
      'Minimum',
    ]);
    expect(statOf('OUTPUT', 'OutputConnected')).toBe('Minimum');
    expect([
      statOf('FLOW', 'RoundTripTime'),
      statOf('SOURCE', 'SourceRoundTripTime'),
      statOf('OUTPUT', 'OutputRoundTripTime'),
    ]).toEqual(['Maximum', 'Maximum', 'Maximum']);
    expect([
      statOf('SOURCE', 'SourceBitRate'),
      statOf('OUTPUT', 'OutputBitrate'),
      statOf('SOURCE', 'SourcePacketLossPercent'),
    ]).toEqual(['Average', 'Average', 'Average']);
    const counts = METRIC_CATALOG.filter((m) => m.unit === 'Count' && m.name !== 'ConnectedOutputs');
    expect(counts.length).toBeGreaterThan(60);
    expect(counts.every((m) => m.stat === 'Sum')).toBe(true);
  });

  it('puts every metric in the full set and four source and two output metrics in the health set', () => {
    // Act
    const health = resolveMetricSet('health', [mediaConnectFlowMetrics]).metrics;

    // Assess
    expect(METRIC_CATALOG.every((m) => m.sets.includes('full'))).toBe(true);
    expect(METRIC_CATALOG.every((m) => m.namespace === 'AWS/MediaConnect')).toBe(true);
    expect(health.map((m) => `${m.scope}:${m.name}`).sort()).toEqual([
      'OUTPUT:OutputBitrate',
      'OUTPUT:OutputConnected',
      'SOURCE:SourceBitRate',
      'SOURCE:SourceConnected',
      'SOURCE:SourceContinuityCounter',
      'SOURCE:SourceNotRecoveredPackets',
    ]);
  });
});

const FLOW = 'arn:aws:mediaconnect:eu-west-1:123456789012:flow:1-abc-def:News';
const SOURCE = 'arn:aws:mediaconnect:eu-west-1:123456789012:source:1-abc-def-1:Main';
const OUTPUT = 'arn:aws:mediaconnect:eu-west-1:123456789012:output:1-abc-def-2:Out';

describe('mediaConnectFlowMetrics', () => {
  it('queries the flow by FlowARN, each source by SourceARN and each output by OutputARN, keyed by the ARNs', () => {
    // Prepare
    const partition = {
      meta: { arn: FLOW, status: 'ACTIVE' },
      children: [
        { sk: childSk('SOURCE', SOURCE) },
        { sk: childSk('OUTPUT', OUTPUT) },
        { sk: childSk('ENTITLEMENT', `${FLOW}:ent`) },
        { sk: META_SK },
      ],
    };

    // Act
    const resources = mediaConnectFlowMetrics.metricResources(partition);

    // Assess
    expect(resources).toEqual([
      { scope: 'FLOW', key: FLOW, dimensions: { FlowARN: FLOW } },
      { scope: 'SOURCE', key: SOURCE, dimensions: { SourceARN: SOURCE } },
      { scope: 'OUTPUT', key: OUTPUT, dimensions: { OutputARN: OUTPUT } },
    ]);
  });

  it('publishes no metrics while starting, stopping, updating, in standby or deleting', () => {
    // Act
    const publishing = ['ACTIVE', 'ERROR', undefined, 'STARTING', 'STOPPING', 'UPDATING', 'STANDBY', 'DELETING'].map(
      (status) => mediaConnectFlowMetrics.publishesMetrics(status),
    );

    // Assess
    expect(publishing).toEqual([true, true, true, false, false, false, false, false]);
  });

  it('takes the seed connector’s 53 flow and 26 source metrics as its cost baseline', () => {
    // Act
    const baseline = mediaConnectFlowMetrics.baselineMetrics ?? [];

    // Assess
    expect(baseline.filter((m) => m.scope === 'FLOW')).toHaveLength(53);
    expect(baseline.filter((m) => m.scope === 'SOURCE')).toHaveLength(26);
    expect(baseline).toHaveLength(79);
  });
});
