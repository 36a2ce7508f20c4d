import type { MetricsPollerOptions } from '../metrics/metrics-config';
import { MetricsPollerDeps, pollMetricsFor } from '../metrics/metrics-poller';
import type { RefreshOptions, RefreshOutcome, ResourceRefresher } from '../polling/refresh';
import { parseArn } from '../shared/arn';
import { targetForArn, targetKey, type TargetRegistry, type WatchedTarget } from '../shared/watched-targets';
import type { ServiceName } from '../store/keys';

/**
 * Re-polls one top-level resource now (a MediaConnect flow, a MediaLive channel, …): re-reads it through its service's
 * refresher and fetches its metrics (`resource-repoller.ts`). Injected, so tests and the bench count calls.
 */
export interface Repoller {
  /**
   * Whether the resource's service has a refresher. A resource without one is recorded as skipped (outcome and log)
   * before any claim is written, never failed.
   */
  covers(arn: string): boolean;
  /** `refresh`: re-read the resource's extras (tags) too, as after a change call (polling/refresh.ts). */
  repoll(arn: string, options?: RefreshOptions): Promise<void>;
}

/** The services whose resources the real-time path may re-poll. */
const SERVICES: ReadonlySet<string> = new Set<ServiceName>([
  'mediaconnect',
  'medialive',
  'mediapackage',
  'mediapackagev2',
]);

/**
 * The service an ARN names (its third field), or undefined when it is not a media service's ARN. Read from the
 * field, not with the strict ARN parser: moto's MediaLive and MediaPackage ARNs carry no region or account
 * (`arn:aws:medialive:channel:<hex>`), and they are re-polled all the same.
 */
export function serviceOfArn(arn: string): ServiceName | undefined {
  const [prefix, partition, service] = arn.split(':', 3);
  if (prefix !== 'arn' || !partition?.startsWith('aws') || service === undefined) return undefined;
  return SERVICES.has(service) ? (service as ServiceName) : undefined;
}

/** The top-level resource types of each service, as an ARN's resource part begins (AWS's form, then moto's). */
const TOP_LEVEL: Readonly<Record<ServiceName, RegExp>> = {
  mediaconnect: /^flow:/,
  medialive: /^(channel|input|inputDevice):/,
  mediapackage: /^(channels\/|origin_endpoints\/|channel:|origin_endpoint:)/,
  // Channel groups, channels and origin endpoints are each polled as a resource of their own.
  mediapackagev2: /^channelGroup\//,
};

/**
 * Whether an ARN names a top-level resource of a media service (a flow, a channel, an input, an input device, an
 * endpoint): what a re-poll re-reads. A child (a source, an output) is not: its owner is re-polled.
 */
export function isRepollTarget(arn: string): boolean {
  const service = serviceOfArn(arn);
  if (!service) return false;
  const fields = arn.split(':');
  // With an account (AWS), the resource part starts at the sixth field; moto's region-less ARNs, at the fourth.
  const resource = /^\d{12}$/.test(fields[4] ?? '') ? fields.slice(5).join(':') : fields.slice(3).join(':');
  return TOP_LEVEL[service].test(resource);
}

/**
 * Fetches the metrics of the given resources now (the targeted metrics poll: it skips resources whose state has no
 * metrics, tombstones and disabled polling). Resolves to how many resources it fetched metrics for.
 */
export type MetricsRepoll = (arns: readonly string[]) => Promise<number>;

/** What a re-poll did, for logs and the benchmark. */
export interface ResourceRepollReport {
  readonly arn: string;
  /** The ARN's service, when it names one. */
  readonly service?: ServiceName;
  /** The refresh's verdict (`created`, `updated`, `unchanged`, `tombstoned`, `not-found`, …), or `no-refresher`. */
  readonly inventory: RefreshOutcome['change'] | 'no-refresher';
  /** Resources whose metrics were fetched (0 when the resource's state has no metrics, or it is gone). */
  readonly metricsPolled: number;
}

export interface ResourceRepollerDeps {
  /** One refresher per service that can be re-polled; a service left out is recorded as `no-refresher`. */
  readonly refreshers: Partial<Record<ServiceName, ResourceRefresher>>;
  /** The metrics re-poll, for every service's resources alike. */
  readonly pollMetrics: MetricsRepoll;
  readonly onReport?: (report: ResourceRepollReport) => void;
}

/** The repoller as the ingest and the API use it: `Repoller` plus the report of each re-poll. */
export interface ResourceRepoller extends Repoller {
  /** Re-polls one resource; resolves to what it did (`no-refresher` without a call when its service has none). */
  repollResource(arn: string, options?: RefreshOptions): Promise<ResourceRepollReport>;
}

/**
 * The real re-poll of one top-level resource: its service's `ResourceRefresher` (describe, diff-write, tombstone when
 * gone), picked by the ARN's service, and then the metrics re-poll of that resource unless the refresh found it gone.
 * A refresher error propagates (the ingest counts it as a failed re-poll); an ARN of a service with no refresher
 * resolves to a `no-refresher` report, never an error.
 */
export function createResourceRepoller(deps: ResourceRepollerDeps): ResourceRepoller {
  const refresherOf = (arn: string): ResourceRefresher | undefined => {
    const service = serviceOfArn(arn);
    return service ? deps.refreshers[service] : undefined;
  };
  const repollResource = async (arn: string, options?: RefreshOptions): Promise<ResourceRepollReport> => {
    const service = serviceOfArn(arn);
    const refresh = refresherOf(arn);
    let report: ResourceRepollReport;
    if (!refresh) {
      report = { arn, ...(service ? { service } : {}), inventory: 'no-refresher', metricsPolled: 0 };
    } else {
      const refreshed = await refresh(arn, options);
      const gone = refreshed.change === 'tombstoned' || refreshed.change === 'not-found';
      const metricsPolled = gone ? 0 : await deps.pollMetrics([arn]);
      report = { arn, ...(service ? { service } : {}), inventory: refreshed.change, metricsPolled };
    }
    deps.onReport?.(report);
    return report;
  };
  return {
    covers: (arn) => refresherOf(arn) !== undefined,
    repollResource,
    async repoll(arn, options) {
      await repollResource(arn, options);
    },
  };
}

/**
 * `pollMetricsFor` (any registered service) as the metrics re-poll, in the account of `options.account`, or each
 * batch's first ARN's own when unset. One account and Region: `targetMetricsRepoll` gives one of these per target.
 */
export function metricsRepoll(
  metrics: MetricsPollerDeps,
  options: Omit<MetricsPollerOptions, 'account' | 'region'> & { account?: string; region: string },
): MetricsRepoll {
  return async (arns) => {
    const first = arns[0];
    if (first === undefined) return 0;
    const account = options.account || parseArn(first).account;
    const outcome = await pollMetricsFor(metrics, arns, { ...options, account, region: options.region });
    return outcome.polled;
  };
}

/** The watched targets, as `TargetRegistrySource.get` reads them (cached). */
export type RegistryReader = () => Promise<TargetRegistry>;

/**
 * The watched target a resource is re-polled in (`targetForArn`: its ARN's account and Region; moto's account-less
 * ARNs, the one target of the Region that watches the service), or undefined when no watched target holds it, or the
 * one that does does not watch its service.
 */
export function repollTargetOf(registry: TargetRegistry, arn: string): WatchedTarget | undefined {
  const service = serviceOfArn(arn);
  if (!service) return undefined;
  const target = targetForArn(registry, arn, service);
  return target?.services.includes(service) ? target : undefined;
}

/** A re-poll asked for a resource no watched target holds: nothing may read it (the ingest filters these first). */
export class UnwatchedResourceError extends Error {
  constructor(readonly arn: string) {
    super(`${arn.slice(0, 300)} is in no watched target`);
    this.name = 'UnwatchedResourceError';
  }
}

/**
 * One memo per watched target (`<account>#<region>`): what `build` makes for a target (its refresher, its metrics
 * re-poll) is made on first use and kept for the container's life, like its clients and budget.
 */
function perTarget<T>(build: (target: WatchedTarget) => T): (target: WatchedTarget) => T {
  const built = new Map<string, T>();
  return (target) => {
    const key = targetKey(target);
    let value = built.get(key);
    if (value === undefined) {
      value = build(target);
      built.set(key, value);
    }
    return value;
  };
}

/**
 * A service's refresher for a deployment that watches many targets: each resource is re-read through the refresher of
 * its own target (`repollTargetOf`), which `build` makes once per target with that target's client (its read
 * credentials, its Region), its budget (the ingest's share of that account's quota) and `accountId = target.account`.
 * A resource of no watched target throws `UnwatchedResourceError` before any call; a target's credential failure
 * (TargetCredentialsError) fails that resource's re-poll only.
 */
export function targetRefresher(
  registry: RegistryReader,
  build: (target: WatchedTarget) => ResourceRefresher,
): ResourceRefresher {
  const refresherOf = perTarget(build);
  return async (arn, options) => {
    const target = repollTargetOf(await registry(), arn);
    if (!target) throw new UnwatchedResourceError(arn);
    return refresherOf(target)(arn, options);
  };
}

/**
 * The metrics re-poll for many targets: the ARNs are grouped by their target, and each group is polled by that
 * target's own re-poll (`build`, once per target: its CloudWatch client, its account and Region, its metric set).
 * ARNs of no watched target are left out (the ingest never asks for them). Resolves to the resources polled in all.
 */
export function targetMetricsRepoll(
  registry: RegistryReader,
  build: (target: WatchedTarget) => MetricsRepoll,
): MetricsRepoll {
  const repollOf = perTarget(build);
  return async (arns) => {
    const known = await registry();
    const groups = new Map<string, { target: WatchedTarget; arns: string[] }>();
    for (const arn of arns) {
      const target = repollTargetOf(known, arn);
      if (!target) continue;
      const group = groups.get(targetKey(target)) ?? { target, arns: [] };
      group.arns.push(arn);
      groups.set(targetKey(target), group);
    }
    let polled = 0;
    for (const group of groups.values()) polled += await repollOf(group.target)(group.arns);
    return polled;
  };
}
