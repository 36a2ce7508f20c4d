import { MetricDefinition, MetricScope } from './metric-catalog';
import { MAX_QUERIES_PER_CALL } from './metric-queries';

/**
 * What metrics polling costs. GetMetricData is billed per metric requested ($0.01 per 1,000, no free tier), not per
 * datapoint or per call, so cost = metrics per poll × polls. The seed's connector polls 53 flow metrics and
 * 26 metrics per source every minute: that is the baseline.
 */
export const USD_PER_1000_METRICS = 0.01;
/** AWS pricing pages count a month as 730 hours. */
export const HOURS_PER_MONTH = 730;
export const BASELINE_FLOW_METRICS = 53;
export const BASELINE_METRICS_PER_SOURCE = 26;
export const BASELINE_INTERVAL_SECONDS = 60;

/** The resources polled. */
export interface FleetShape {
  readonly flows: number;
  /** @default 1 */
  readonly sourcesPerFlow?: number;
  /** @default 1 */
  readonly outputsPerFlow?: number;
}

/** A metric selection polled at one interval. */
export interface PollingPlan {
  readonly metrics: readonly Pick<MetricDefinition, 'scope'>[];
  readonly intervalSeconds: number;
}

export interface CostEstimate {
  /** Metrics one poll of one flow requests (its flow, source and output metrics). */
  readonly metricsPerFlowPoll: number;
  readonly pollsPerHour: number;
  readonly metricsRequestedPerHour: number;
  readonly metricsRequestedPerMonth: number;
  readonly usdPerMonth: number;
  readonly usdPerFlowMonth: number;
  /** GetMetricData calls per hour when all flows share cycles (500 queries per call). */
  readonly callsPerHour: number;
}

/** The monthly cost of polling `plan` on `fleet`. */
export function estimateMetricsCost(plan: PollingPlan, fleet: FleetShape): CostEstimate {
  const count = (scope: MetricScope) => plan.metrics.filter((m) => m.scope === scope).length;
  const perFlow =
    count('FLOW') + count('SOURCE') * (fleet.sourcesPerFlow ?? 1) + count('OUTPUT') * (fleet.outputsPerFlow ?? 1);
  return estimate(perFlow, plan.intervalSeconds, fleet.flows);
}

/** The seed's connector: 53 flow metrics + 26 per source, every minute. */
export function baselineCost(fleet: FleetShape): CostEstimate {
  const perFlow = BASELINE_FLOW_METRICS + BASELINE_METRICS_PER_SOURCE * (fleet.sourcesPerFlow ?? 1);
  return estimate(perFlow, BASELINE_INTERVAL_SECONDS, fleet.flows);
}

/** A plan against the baseline: `savingsFactor` is how many times cheaper the plan is. */
export function compareWithBaseline(
  plan: PollingPlan,
  fleet: FleetShape,
): { plan: CostEstimate; baseline: CostEstimate; savingsFactor: number } {
  const planCost = estimateMetricsCost(plan, fleet);
  const baseline = baselineCost(fleet);
  const savingsFactor =
    planCost.usdPerMonth === 0 ? Number.POSITIVE_INFINITY : baseline.usdPerMonth / planCost.usdPerMonth;
  return { plan: planCost, baseline, savingsFactor };
}

function estimate(metricsPerFlowPoll: number, intervalSeconds: number, flows: number): CostEstimate {
  if (!(intervalSeconds > 0)) throw new RangeError('intervalSeconds must be positive');
  if (!(flows >= 0)) throw new RangeError('flows must not be negative');
  const pollsPerHour = 3600 / intervalSeconds;
  const metricsRequestedPerHour = metricsPerFlowPoll * flows * pollsPerHour;
  const metricsRequestedPerMonth = metricsRequestedPerHour * HOURS_PER_MONTH;
  const usdPerMonth = (metricsRequestedPerMonth / 1000) * USD_PER_1000_METRICS;
  return {
    metricsPerFlowPoll,
    pollsPerHour,
    metricsRequestedPerHour,
    metricsRequestedPerMonth,
    usdPerMonth,
    usdPerFlowMonth: flows === 0 ? 0 : usdPerMonth / flows,
    callsPerHour: Math.ceil((metricsPerFlowPoll * flows) / MAX_QUERIES_PER_CALL) * pollsPerHour,
  };
}
