import { baselineCost, compareWithBaseline, CostEstimate, PollingPlan } from '../../lambdas/metrics/cost-model';
import { BENCH_FLOW_SHAPE } from './bench-fleet';
import type { CostFigures, PlanCost } from './bench-report';

/**
 * The metrics plan's cost per flow-month for the bench's flow shape (2 sources, 3 outputs), from the metrics cost
 * model, beside the baseline connector read two ways: 53 flow + 26 metrics per source (105 for this shape), and the
 * flat 79 metrics per flow of a one-source flow, which is cheaper and so the stricter comparison.
 */
export function costFigures(
  metrics: PollingPlan['metrics'],
  intervalSeconds: number,
  flows: number,
  measuredQueriesPerFlowPoll?: number,
): CostFigures {
  const fleet = {
    flows,
    sourcesPerFlow: BENCH_FLOW_SHAPE.sourcesPerFlow,
    outputsPerFlow: BENCH_FLOW_SHAPE.outputsPerFlow,
  };
  const compared = compareWithBaseline({ metrics, intervalSeconds }, fleet);
  const singleSource = baselineCost({ flows, sourcesPerFlow: 1 });
  return {
    plan: planCost(compared.plan),
    baseline: planCost(compared.baseline),
    baselineSingleSource: planCost(singleSource),
    savingsFactor: compared.savingsFactor,
    savingsFactorSingleSource: singleSource.usdPerMonth / compared.plan.usdPerMonth,
    ...(measuredQueriesPerFlowPoll !== undefined ? { measuredQueriesPerFlowPoll } : {}),
  };
}

function planCost(estimate: CostEstimate): PlanCost {
  return {
    metricsPerFlowPoll: estimate.metricsPerFlowPoll,
    pollsPerHour: estimate.pollsPerHour,
    metricsPerFlowHour: estimate.metricsPerFlowPoll * estimate.pollsPerHour,
    usdPerFlowMonth: estimate.usdPerFlowMonth,
  };
}
