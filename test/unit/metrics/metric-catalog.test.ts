import { mediaConnectFlowMetrics } from '../../../lambdas/mediaconnect/metric-kind';
import { mediaLiveChannelMetrics } from '../../../lambdas/medialive/metric-kind';
import { MetricSetError, resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';

const mediaConnectOnly = [mediaConnectFlowMetrics];

describe('resolveMetricSet over MediaConnect', () => {
  it('defaults to the health set when METRIC_SET is unset or blank', () => {
    // Act
    const unset = resolveMetricSet(undefined, mediaConnectOnly);
    const blank = resolveMetricSet('  ', mediaConnectOnly);

    // Assess
    expect(unset.name).toBe('health');
    expect(blank.metrics).toEqual(unset.metrics);
    expect(unset.metrics).toHaveLength(6);
  });

  it('selects all 87 metrics for full', () => {
    // Act
    const full = resolveMetricSet('full', mediaConnectOnly);

    // Assess
    expect(full.name).toBe('full');
    expect(full.metrics).toHaveLength(53 + 26 + 8);
  });

  it('selects a bare name in every scope it exists in, and a SCOPE:Name in one', () => {
    // Act
    const custom = resolveMetricSet('SourceBitRate, OUTPUT:OutputConnected,flow:BitRate', mediaConnectOnly);

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
    expect(() => resolveMetricSet('OutputBitRate')).toThrow(/unknown metric "OutputBitRate"/);
    expect(() => resolveMetricSet('CHANNELS:BitRate')).toThrow(/unknown scope/);
    expect(() => resolveMetricSet('STREAM:BitRate')).toThrow(/unknown scope/);
    expect(() => resolveMetricSet('SOURCE:BitRate')).toThrow(MetricSetError);
    expect(() => resolveMetricSet(',')).toThrow(/names no metric/);
  });
});

describe('resolveMetricSet over every registered service', () => {
  it('takes the health set of every service by default', () => {
    // Act
    const health = resolveMetricSet(undefined);

    // Assess
    expect(health.metrics.filter((m) => m.namespace === 'AWS/MediaConnect')).toHaveLength(6);
    expect(health.metrics.filter((m) => m.namespace === 'AWS/MediaLive')).toHaveLength(12);
    // MediaPackage v1: 5 per channel (2xx, 4xx, 5xx, EgressResponseTime, IngressBytes), 4 per endpoint, ActiveInput;
    // MediaPackage v2, in the same namespace: 5
    expect(health.metrics.filter((m) => m.namespace === 'AWS/MediaPackage')).toHaveLength(10 + 5);
  });

  it('selects a service’s scope with service:SCOPE:Name, a scope with SCOPE:Name and a set inside a list', () => {
    // Act
    const custom = resolveMetricSet('medialive:PIPELINE:FillMsec, OUTPUT_GROUP:Output5xxErrors, SOURCE:SourceBitRate');
    const healthPlus = resolveMetricSet('health,medialive:PIPELINE:NetworkOut');

    // Assess
    expect(custom.metrics.map((m) => `${m.namespace}:${m.scope}:${m.name}`)).toEqual([
      'AWS/MediaConnect:SOURCE:SourceBitRate',
      'AWS/MediaLive:PIPELINE:FillMsec',
      'AWS/MediaLive:OUTPUT_GROUP:Output5xxErrors',
    ]);
    expect(healthPlus.name).toBe('custom');
    // MediaConnect 6 + MediaLive 12 + MediaPackage v1 10 + MediaPackage v2 5, and the one added
    expect(healthPlus.metrics).toHaveLength(6 + 12 + 10 + 5 + 1);
  });

  it('rejects an unknown service, a metric of another service and too many parts', () => {
    // Act / Assess
    expect(() => resolveMetricSet('mediatailor:CHANNEL:EgressBytes')).toThrow(/unknown service "mediatailor"/);
    expect(() => resolveMetricSet('mediaconnect:PIPELINE:FillMsec')).toThrow(MetricSetError);
    expect(() => resolveMetricSet('a:b:c:d')).toThrow(/is not Name, SCOPE:Name or service:SCOPE:Name/);
  });

  it('resolves only against the kinds it is given', () => {
    // Act / Assess
    expect(() => resolveMetricSet('FillMsec', [mediaConnectFlowMetrics])).toThrow(/unknown metric "FillMsec"/);
    expect(resolveMetricSet('FillMsec', [mediaLiveChannelMetrics]).metrics).toHaveLength(1);
  });
});
