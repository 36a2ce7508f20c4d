import type { MetricKind } from '../polling/metric-kind';
import { METRIC_KINDS } from '../registry/metric-kinds';
import { tryParseArn } from '../shared/arn';
import { ConfigError } from '../shared/env';
import {
  findTarget,
  targetForArn,
  targetKey,
  type TargetRegistry,
  type WatchedTarget,
} from '../shared/watched-targets';
import { MetricSetError, resolveMetricSet } from './metric-catalog';
import type { MetricsPollerOptions } from './metrics-config';
import { serviceOfArn } from './metrics-poller';

/** The resources of one re-poll that one watched target holds: polled with that target's CloudWatch client. */
export interface TargetArns {
  readonly target: WatchedTarget;
  readonly arns: readonly string[];
}

/**
 * The ARNs of a re-poll grouped by the watched target that holds each (its account and Region: metrics live in the
 * resource's account, so each group is read with its target's credentials), in the order the targets first appear.
 * `foreign` holds the ARNs of no watched target (an unwatched account or Region): nothing can read their metrics.
 * moto's MediaLive and MediaPackage v1 ARNs name no account: `targetForArn` places them; an ARN of no registered
 * service goes to the target its account and Region name, else the deployment's own, whose poll skips it.
 */
export function groupArnsByTarget(
  registry: TargetRegistry,
  arns: readonly string[],
  kinds: readonly MetricKind[] = METRIC_KINDS,
): { groups: TargetArns[]; foreign: string[] } {
  const groups = new Map<string, { target: WatchedTarget; arns: string[] }>();
  const foreign: string[] = [];
  for (const arn of new Set(arns)) {
    const service = serviceOfArn(arn, kinds);
    const parsed = tryParseArn(arn);
    const target = service
      ? targetForArn(registry, arn, service)
      : parsed?.account && parsed.region
        ? findTarget(registry, { account: parsed.account, region: parsed.region })
        : findTarget(registry, registry.deployment);
    if (!target) {
      foreign.push(arn);
      continue;
    }
    const key = targetKey(target);
    const group = groups.get(key) ?? { target, arns: [] };
    group.arns.push(arn);
    groups.set(key, group);
  }
  return { groups: [...groups.values()], foreign };
}

/**
 * The metrics poller's options for one target: its account and Region (they name the listing, schedule and status
 * partitions) and its metric set when it overrides the deployment's.
 */
export function metricsOptionsFor(
  target: WatchedTarget,
  settings: Omit<MetricsPollerOptions, 'account' | 'region'>,
  kinds: readonly MetricKind[] = METRIC_KINDS,
): MetricsPollerOptions {
  let metricSet = settings.metricSet;
  if (target.metricSet !== undefined) {
    try {
      metricSet = resolveMetricSet(target.metricSet, kinds);
    } catch (error) {
      if (!(error instanceof MetricSetError)) throw error;
      throw new ConfigError(`Invalid metric set of target ${targetKey(target)}: ${error.message}`);
    }
  }
  return { ...settings, metricSet, account: target.account, region: target.region };
}

/** The metric kinds of the services the target watches: the others are neither listed nor polled for it. */
export function metricKindsFor(target: WatchedTarget, kinds: readonly MetricKind[] = METRIC_KINDS): MetricKind[] {
  return kinds.filter((kind) => target.services.includes(kind.service));
}
