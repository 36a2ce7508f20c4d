import type { MetricDefinition, MetricKind } from '../polling/metric-kind';
import type { MetricScope } from '../store/keys';
import { MetricSelection, metricsOfKind } from './metric-catalog';
import { MAX_QUERIES_PER_CALL } from './metric-queries';

/**
 * What metrics polling costs. GetMetricData is billed per metric requested ($0.01 per 1,000, no free tier), not per
 * datapoint or per call, so cost = metrics per poll × polls. The baseline is a monitor that polls every metric every
 * minute: for MediaConnect the seed's connector (53 flow metrics and 26 per source), for MediaLive every catalog
 * metric of both pipelines and of each output group.
 */
export const USD_PER_1000_METRICS = 0.01;
/** AWS pricing pages count a month as 730 hours. */
export const HOURS_PER_MONTH = 730;
export const BASELINE_FLOW_METRICS = 53;
export const BASELINE_METRICS_PER_SOURCE = 26;
export const BASELINE_INTERVAL_SECONDS = 60;

/** How many metric resources of each scope one resource has: a flow with 2 sources is `{ FLOW: 1, SOURCE: 2, … }`. */
export type ResourceShape = Partial<Record<MetricScope, number>>;

/** The resources polled (MediaConnect flows). */
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

/** The same estimate for any kind of resource (a flow, a channel). */
export interface ResourceCostEstimate {
  /** Metrics one poll of one resource requests. */
  readonly metricsPerResourcePoll: number;
  readonly pollsPerHour: number;
  readonly metricsRequestedPerHour: number;
  readonly metricsRequestedPerMonth: number;
  readonly usdPerMonth: number;
  readonly usdPerResourceMonth: number;
  /** GetMetricData calls per hour if these resources alone filled the cycles (500 queries per call). */
  readonly callsPerHour: number;
}

/** Metrics one poll of one resource of `shape` requests under `plan`. */
export function metricsPerResourcePoll(plan: Pick<PollingPlan, 'metrics'>, shape: ResourceShape): number {
  return plan.metrics.reduce((sum, m) => sum + (shape[m.scope] ?? 0), 0);
}

/** The monthly cost of polling `plan` on `resources` resources of `shape`. */
export function estimateResourceCost(plan: PollingPlan, shape: ResourceShape, resources: number): ResourceCostEstimate {
  return estimate(metricsPerResourcePoll(plan, shape), plan.intervalSeconds, resources);
}

/**
 * One kind's cost per resource-month against its baseline (`kind.baselineMetrics`, else its whole catalog, every
 * minute): what the bench prints per service. `savingsFactor` is how many times cheaper the selection is.
 */
export function compareKindWithBaseline(
  kind: MetricKind,
  selection: MetricSelection,
  intervalSeconds: number,
  shape: ResourceShape,
  resources: number,
): { plan: ResourceCostEstimate; baseline: ResourceCostEstimate; savingsFactor: number } {
  const scopes = [...new Set(kind.catalog.map((m) => m.scope))];
  const metrics = scopes.flatMap((scope) => metricsOfKind(selection, kind, scope));
  const plan = estimateResourceCost({ metrics, intervalSeconds }, shape, resources);
  const baseline = estimateResourceCost(
    { metrics: kind.baselineMetrics ?? kind.catalog, intervalSeconds: BASELINE_INTERVAL_SECONDS },
    shape,
    resources,
  );
  return { plan, baseline, savingsFactor: savings(baseline.usdPerMonth, plan.usdPerMonth) };
}

/** The monthly cost of polling `plan` on a MediaConnect `fleet`. */
export function estimateMetricsCost(plan: PollingPlan, fleet: FleetShape): CostEstimate {
  return asFlowEstimate(estimateResourceCost(plan, flowShape(fleet), fleet.flows));
}

/** The seed's connector: 53 flow metrics + 26 per source, every minute. */
export function baselineCost(fleet: FleetShape): CostEstimate {
  const perFlow = BASELINE_FLOW_METRICS + BASELINE_METRICS_PER_SOURCE * (fleet.sourcesPerFlow ?? 1);
  return asFlowEstimate(estimate(perFlow, BASELINE_INTERVAL_SECONDS, fleet.flows));
}

/** A plan against the baseline on a MediaConnect fleet: `savingsFactor` is how many times cheaper the plan is. */
export function compareWithBaseline(
  plan: PollingPlan,
  fleet: FleetShape,
): { plan: CostEstimate; baseline: CostEstimate; savingsFactor: number } {
  const planCost = estimateMetricsCost(plan, fleet);
  const baseline = baselineCost(fleet);
  return { plan: planCost, baseline, savingsFactor: savings(baseline.usdPerMonth, planCost.usdPerMonth) };
}

const flowShape = (fleet: FleetShape): ResourceShape => ({
  FLOW: 1,
  SOURCE: fleet.sourcesPerFlow ?? 1,
  OUTPUT: fleet.outputsPerFlow ?? 1,
});

const savings = (baselineUsd: number, planUsd: number): number =>
  planUsd === 0 ? Number.POSITIVE_INFINITY : baselineUsd / planUsd;

function asFlowEstimate(e: ResourceCostEstimate): CostEstimate {
  return {
    metricsPerFlowPoll: e.metricsPerResourcePoll,
    pollsPerHour: e.pollsPerHour,
    metricsRequestedPerHour: e.metricsRequestedPerHour,
    metricsRequestedPerMonth: e.metricsRequestedPerMonth,
    usdPerMonth: e.usdPerMonth,
    usdPerFlowMonth: e.usdPerResourceMonth,
    callsPerHour: e.callsPerHour,
  };
}

function estimate(metricsPerPoll: number, intervalSeconds: number, resources: number): ResourceCostEstimate {
  if (!(intervalSeconds > 0)) throw new RangeError('intervalSeconds must be positive');
  if (!(resources >= 0)) throw new RangeError('the number of resources must not be negative');
  const pollsPerHour = 3600 / intervalSeconds;
  const metricsRequestedPerHour = metricsPerPoll * resources * pollsPerHour;
  const metricsRequestedPerMonth = metricsRequestedPerHour * HOURS_PER_MONTH;
  const usdPerMonth = (metricsRequestedPerMonth / 1000) * USD_PER_1000_METRICS;
  return {
    metricsPerResourcePoll: metricsPerPoll,
    pollsPerHour,
    metricsRequestedPerHour,
    metricsRequestedPerMonth,
    usdPerMonth,
    usdPerResourceMonth: resources === 0 ? 0 : usdPerMonth / resources,
    callsPerHour: Math.ceil((metricsPerPoll * resources) / MAX_QUERIES_PER_CALL) * pollsPerHour,
  };
}
