import {
  METRIC_CATALOG,
  MetricSetError,
  resolveMetricSet,
  SOURCE_METRIC_NAMES,
} from '../../../lambdas/metrics/metric-catalog';

const namesOf = (scope: string) => METRIC_CATALOG.filter((m) => m.scope === scope).map((m) => m.name);

describe('metric catalog', () => {
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
    const health = resolveMetricSet('health').metrics;

    // Assess
    expect(METRIC_CATALOG.every((m) => m.sets.includes('full'))).toBe(true);
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

describe('resolveMetricSet', () => {
  it('defaults to the health set when METRIC_SET is unset or blank', () => {
    // Act
    const unset = resolveMetricSet(undefined);
    const blank = resolveMetricSet('  ');

    // Assess
    expect(unset.name).toBe('health');
    expect(blank.metrics).toEqual(unset.metrics);
    expect(unset.metrics).toHaveLength(6);
  });

  it('selects all 87 metrics for full', () => {
    // Act
    const full = resolveMetricSet('full');

    // Assess
    expect(full.name).toBe('full');
    expect(full.metrics).toHaveLength(53 + 26 + 8);
  });

  it('selects a bare name in every scope it exists in, and a SCOPE:Name in one', () => {
    // Act
    const custom = resolveMetricSet('SourceBitRate, OUTPUT:OutputConnected,flow:BitRate');

    // Assess
    expect(custom.name).toBe('custom');
    expect(custom.metrics.map((m) => `${m.scope}:${m.name}`)).toEqual([
      'FLOW:BitRate',
      'FLOW:SourceBitRate',
      'SOURCE:SourceBitRate',
      'OUTPUT:OutputConnected',
    ]);
  });

  it('rejects an unknown metric, a misspelt case and an unknown scope', () => {
    // Act / Assess
    expect(() => resolveMetricSet('SourceBitrate')).toThrow(MetricSetError);
    expect(() => resolveMetricSet('OutputBitRate')).toThrow(/unknown MediaConnect metric "OutputBitRate"/);
    expect(() => resolveMetricSet('CHANNEL:BitRate')).toThrow(/unknown scope/);
    expect(() => resolveMetricSet('SOURCE:BitRate')).toThrow(MetricSetError);
    expect(() => resolveMetricSet(',')).toThrow(/names no metric/);
  });
});
