import { mediaConnectFlowMetrics } from '../../../lambdas/mediaconnect/metric-kind';
import { mediaLiveChannelMetrics } from '../../../lambdas/medialive/metric-kind';
import {
  baselineCost,
  compareKindWithBaseline,
  compareWithBaseline,
  estimateMetricsCost,
} from '../../../lambdas/metrics/cost-model';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { DEFAULT_METRICS_INTERVAL_SECONDS } from '../../../lambdas/metrics/metrics-config';

describe('metrics cost model', () => {
  it('prices the baseline at 79 metrics a minute per single-source flow', () => {
    // Act
    const baseline = baselineCost({ flows: 10, sourcesPerFlow: 1 });

    // Assess
    expect(baseline.metricsPerFlowPoll).toBe(79);
    expect(baseline.metricsRequestedPerHour).toBe(79 * 60 * 10);
    expect(baseline.metricsRequestedPerMonth).toBe(79 * 60 * 730 * 10);
    // 3,460,200 metrics per flow-month at $0.01 per 1,000
    expect(baseline.usdPerFlowMonth).toBeCloseTo(34.602, 6);
    expect(baseline.usdPerMonth).toBeCloseTo(346.02, 6);
  });

  it('adds 26 baseline metrics per extra source', () => {
    // Act / Assess
    expect(baselineCost({ flows: 1, sourcesPerFlow: 2 }).metricsPerFlowPoll).toBe(105);
  });

  it('counts a plan’s flow, per-source and per-output metrics at its interval', () => {
    // Act
    const cost = estimateMetricsCost(
      { metrics: resolveMetricSet('health').metrics, intervalSeconds: 300 },
      { flows: 4, sourcesPerFlow: 2, outputsPerFlow: 3 },
    );

    // Assess
    // 4 per source × 2 + 2 per output × 3 = 14 metrics per poll, 12 polls an hour
    expect(cost.metricsPerFlowPoll).toBe(14);
    expect(cost.pollsPerHour).toBe(12);
    expect(cost.metricsRequestedPerHour).toBe(14 * 12 * 4);
    expect(cost.usdPerFlowMonth).toBeCloseTo((14 * 12 * 730 * 0.01) / 1000, 9);
    expect(cost.callsPerHour).toBe(12);
  });

  it('makes the default health set at the default interval at least 20 times cheaper per flow-month than the baseline', () => {
    // Act
    const { plan, baseline, savingsFactor } = compareWithBaseline(
      { metrics: resolveMetricSet(undefined).metrics, intervalSeconds: DEFAULT_METRICS_INTERVAL_SECONDS },
      { flows: 1, sourcesPerFlow: 1, outputsPerFlow: 1 },
    );

    // Assess
    expect(plan.usdPerFlowMonth).toBeCloseTo(0.5256, 9);
    expect(baseline.usdPerFlowMonth).toBeCloseTo(34.602, 9);
    expect(savingsFactor).toBeGreaterThanOrEqual(20);
    expect(savingsFactor).toBeCloseTo(65.83, 2);
  });

  it('shows the full set every minute costs more than the baseline once outputs count', () => {
    // Act
    const { savingsFactor } = compareWithBaseline(
      { metrics: resolveMetricSet('full').metrics, intervalSeconds: 60 },
      { flows: 1 },
    );

    // Assess
    expect(savingsFactor).toBeCloseTo(79 / 87, 9);
  });

  it('packs the calls of large fleets 500 metrics to a call', () => {
    // Act
    const cost = estimateMetricsCost(
      { metrics: resolveMetricSet('full').metrics, intervalSeconds: 60 },
      { flows: 100 },
    );

    // Assess
    expect(cost.callsPerHour).toBe(Math.ceil((87 * 100) / 500) * 60);
  });

  it('rejects a non-positive interval', () => {
    // Act / Assess
    expect(() => estimateMetricsCost({ metrics: [], intervalSeconds: 0 }, { flows: 1 })).toThrow(RangeError);
  });
});

describe('cost per kind', () => {
  it('prices a MediaLive channel’s health set every 5 minutes against every catalog metric every minute', () => {
    // Prepare: a STANDARD channel (2 pipelines) with 2 HTTP output groups on each pipeline
    const shape = { PIPELINE: 2, OUTPUT_GROUP: 4 };

    // Act
    const { plan, baseline, savingsFactor } = compareKindWithBaseline(
      mediaLiveChannelMetrics,
      resolveMetricSet('health'),
      DEFAULT_METRICS_INTERVAL_SECONDS,
      shape,
      200,
    );

    // Assess
    // health: 10 × 2 + 2 × 4 = 28 per poll, 12 polls an hour; baseline: 18 × 2 + 3 × 4 = 48 per poll, 60 an hour
    expect(plan.metricsPerResourcePoll).toBe(28);
    expect(baseline.metricsPerResourcePoll).toBe(48);
    expect(plan.usdPerResourceMonth).toBeCloseTo((28 * 12 * 730 * 0.01) / 1000, 9);
    expect(baseline.usdPerResourceMonth).toBeCloseTo((48 * 60 * 730 * 0.01) / 1000, 9);
    expect(savingsFactor).toBeCloseTo((48 * 60) / (28 * 12), 9);
    expect(plan.callsPerHour).toBe(Math.ceil((28 * 200) / 500) * 12);
  });

  it('prices a MediaConnect flow per kind the same as the flow cost model, against the seed’s connector', () => {
    // Act
    const perKind = compareKindWithBaseline(
      mediaConnectFlowMetrics,
      resolveMetricSet('health'),
      DEFAULT_METRICS_INTERVAL_SECONDS,
      { FLOW: 1, SOURCE: 1, OUTPUT: 1 },
      1,
    );
    const perFlow = compareWithBaseline(
      { metrics: resolveMetricSet('health').metrics, intervalSeconds: DEFAULT_METRICS_INTERVAL_SECONDS },
      { flows: 1, sourcesPerFlow: 1, outputsPerFlow: 1 },
    );

    // Assess
    expect(perKind.plan.usdPerResourceMonth).toBeCloseTo(perFlow.plan.usdPerFlowMonth, 12);
    expect(perKind.baseline.metricsPerResourcePoll).toBe(79);
    expect(perKind.savingsFactor).toBeCloseTo(perFlow.savingsFactor, 9);
  });

  it('counts only the kind’s own metrics of a selection that spans services', () => {
    // Act
    const { plan } = compareKindWithBaseline(
      mediaLiveChannelMetrics,
      resolveMetricSet('SOURCE:SourceBitRate,medialive:PIPELINE:FillMsec'),
      60,
      { PIPELINE: 2 },
      1,
    );

    // Assess
    expect(plan.metricsPerResourcePoll).toBe(2);
  });
});
