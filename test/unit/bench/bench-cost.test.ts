import { costFigures } from '../../../bin/bench/bench-cost';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { DEFAULT_METRICS_INTERVAL_SECONDS } from '../../../lambdas/metrics/metrics-config';

describe('bench cost figures', () => {
  it('prices the default health set every 5 minutes against both readings of the 79-metric baseline', () => {
    // Act
    const cost = costFigures(resolveMetricSet('health').metrics, DEFAULT_METRICS_INTERVAL_SECONDS, 200, 14);

    // Assess
    // 14 metrics per poll (4 × 2 sources + 2 × 3 outputs), 12 polls an hour
    expect(cost.plan).toMatchObject({ metricsPerFlowPoll: 14, pollsPerHour: 12, metricsPerFlowHour: 168 });
    expect(cost.plan.usdPerFlowMonth).toBeCloseTo((168 * 730 * 0.01) / 1000, 9);
    expect(cost.baseline).toMatchObject({ metricsPerFlowPoll: 105, metricsPerFlowHour: 6300 });
    expect(cost.baselineSingleSource).toMatchObject({ metricsPerFlowPoll: 79, metricsPerFlowHour: 4740 });
    expect(cost.savingsFactor).toBeCloseTo(37.5, 9);
    expect(cost.savingsFactorSingleSource).toBeCloseTo(4740 / 168, 9);
    expect(cost.measuredQueriesPerFlowPoll).toBe(14);
  });

  it('prices the full set every minute as dearer than the baseline', () => {
    // Act
    const cost = costFigures(resolveMetricSet('full').metrics, 60, 10);

    // Assess
    // 53 + 26 × 2 + 8 × 3 = 129 per poll: more than the baseline's 105, so no saving
    expect(cost.plan.metricsPerFlowPoll).toBe(129);
    expect(cost.savingsFactor).toBeLessThan(1);
    expect(cost.measuredQueriesPerFlowPoll).toBeUndefined();
  });
});
