import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { seriesNameOf, type MetricKind, type MetricResource, type StoredPartition } from '../polling/metric-kind';
import { METRIC_KINDS } from '../registry/metric-kinds';
import { tryParseArn } from '../shared/arn';
import type { Clock } from '../shared/clock';
import { describeError } from '../shared/errors';
import { mapWithConcurrency } from '../shared/rate-limiter';
import { canonicalJson } from '../store/content-hash';
import { withoutChildTombstones } from '../store/child-tombstones';
import {
  GSI1,
  listPk,
  META_SK,
  metricsSchedulePk,
  MetricScope,
  metricsSk,
  resourcePk,
  ResourceType,
  ServiceName,
  StoredItem,
} from '../store/keys';
import { FailedResources, PollerCycleSummary, writePollerStatus } from '../store/poller-status';
import type { HeldLease } from '../store/lease';
import type { StateStore } from '../store/state-store';
import { metricsOfKind } from './metric-catalog';
import { metricDiscovery, type DiscoveryResult, type DiscoveryState, type MetricDiscovery } from './metric-discovery';
import {
  buildMetricTargets,
  fetchMetricData,
  FetchedCall,
  MAX_QUERIES_PER_CALL,
  MetricWindow,
  packMetricQueries,
  ParentMetricResources,
} from './metric-queries';
import {
  boundSeriesSize,
  decodeSeriesByMetric,
  latestPoints,
  LatestPoint,
  mergeSeriesByMetric,
  SeriesByMetric,
  StoredSeriesByMetric,
} from './metric-series';
import { MAX_METRICS_INTERVAL_SECONDS, MetricsPollerOptions, MIN_METRICS_INTERVAL_SECONDS } from './metrics-config';

/** The one metrics poller of an account and region: its status item, lease and EMF service name. */
export const METRICS_POLLER_NAME = 'metrics';

/** The `type` of a metrics item: `mediaconnect:metrics`, `medialive:metrics`, … */
export const metricsItemType = (service: ServiceName): string => `${service}:metrics`;

/** A metrics item stays below this many bytes whatever the settings (DynamoDB's limit is 400 KB). */
export const MAX_METRICS_ITEM_BYTES = 300_000;

const DEFAULT_OVERLAP_SECONDS = 180;
const DEFAULT_DUE_TOLERANCE_SECONDS = 15;
const MAX_RECORDED_ERRORS = 10;

/** The part of the StateStore the poller uses. */
export type MetricsStore = Pick<StateStore, 'stats' | 'queryAll' | 'putIfNewer' | 'delete'>;

export interface MetricsPollerDeps {
  cloudWatch: CloudWatchClient;
  store: MetricsStore;
  clock: Clock;
  logger?: { warn(message: string, ...extra: unknown[]): void };
  /** The resource types polled. @default METRIC_KINDS (every registered service) */
  kinds?: readonly MetricKind[];
  /** Where kinds with `discovery` get ListMetrics' answers. @default the module's cache (`metricDiscovery`) */
  discovery?: MetricDiscovery;
}

/**
 * The stored metrics of one metric resource (a flow, source or output; a channel pipeline or output group), at sk
 * `METRICS#<scope>#<key>` in its parent's partition.
 */
export interface MetricsItem extends StoredItem {
  /** `<service>:metrics` (`metricsItemType`). */
  type: string;
  scope: MetricScope;
  /** The resource whose partition holds the item: the flow, the channel. */
  parentArn: string;
  /** The metric resource's key within the parent and scope: a child ARN, a pipeline `0`, `0:<output group>`. */
  resourceKey: string;
  /** The key, when it is an ARN (MediaConnect's flow, source and output). */
  resourceArn?: string;
  /** The CloudWatch dimensions queried, e.g. `{ ChannelId: '1234', Pipeline: '0' }`. */
  dimensions: Record<string, string>;
  /** Recent one-minute datapoints per metric, ascending, trimmed to the history window; encoded by `encodeSeries`. */
  series: StoredSeriesByMetric;
  latest: Record<string, LatestPoint>;
  /** Metrics whose last fetch did not complete, with CloudWatch's StatusCode (PartialData, InternalError, Forbidden). */
  incomplete?: Record<string, string>;
  /** The parent's first resource only (it carries the schedule): when its metrics were last fetched completely. */
  lastPolledAt?: string;
}

export type SkipReason =
  | 'notDue'
  | 'disabled'
  | 'tombstoned'
  | 'paused'
  | 'notFound'
  | 'otherAccountOrRegion'
  /** A targeted re-poll of a resource whose `#META` type no registered MetricKind polls. */
  | 'unknownType';

/** What a poll did for one service's resources (flows, channels). */
export interface ResourceCounts {
  considered: number;
  polled: number;
  /** Resources with at least one failed call or write: what arrived is stored, their schedule stays so they are retried. */
  failed: number;
  skipped: Record<SkipReason, number>;
  /** The lifecycle statuses behind `skipped.paused`. */
  pausedByStatus: Record<string, number>;
  /** Metric resources of the polled resources, by scope (`{ SOURCE: 2, OUTPUT: 3 }`). */
  metricResources: Partial<Record<MetricScope, number>>;
  /** Distinct (metric resource, metric) queries. */
  queries: number;
}

/** What one metrics poll did. Returned by the handler and stored as the poller's `lastCycle`. */
export interface MetricsPollOutcome extends PollerCycleSummary, ResourceCounts {
  poller: typeof METRICS_POLLER_NAME;
  /** `scheduled` for a full cycle, `targeted` for `pollMetricsFor`. */
  mode: 'scheduled' | 'targeted';
  account: string;
  region: string;
  metricSet: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** The same counts per service; the totals above also count ARNs of no known service (`notFound`, `unknownType`). */
  byService: Partial<Record<ServiceName, ResourceCounts>>;
  /** The cycle's one GetMetricData time range; absent when nothing was due. */
  window?: { start: string; end: string };
  calls: number;
  pages: number;
  failedCalls: number;
  /** What CloudWatch bills: queries × pages of each call. */
  metricsRequested: number;
  /** Queries whose final StatusCode was not Complete, by StatusCode. */
  incompleteQueries: Record<string, number>;
  datapointsFetched: number;
  /** Scheduled polls that found this cycle's lease held and did nothing (a scheduled cycle run under a lease). */
  skippedPolls?: number;
  /** Datapoints at timestamps not stored before. */
  datapointsNew: number;
  itemsWritten: number;
  itemsUnchanged: number;
  /** Writes refused because a newer poll had already written the item. */
  itemsStale: number;
  /** Metrics items of metric resources that no longer exist (a removed source, an output group renamed). */
  itemsDeleted: number;
  /**
   * DynamoDB Query calls (pages): per kind 2 for the listing and the schedule (full cycle; more when paginated), + 1 per
   * due resource. Read from the store's counters, so it includes other polls that share the store at the same time.
   */
  dynamoQueries: number;
  /**
   * Seconds since the stalest resource the cycle may poll (enabled, publishing, not tombstoned, polled before) was last
   * polled: the monitor's own staleness metric. Absent for targeted re-polls and when no such resource exists.
   */
  oldestPollAgeSeconds?: number;
  /**
   * Per namespace of a kind with `discovery` that had resources to poll: how its published dimension values were
   * known (`listed` now, `cached`, `stale` after a failed listing, or `failed`: the kind fell back to its stored Ids),
   * the metrics in that listing and the ListMetrics calls made now.
   */
  discovery?: Record<string, { state: DiscoveryState; metrics: number; calls: number }>;
  errors: string[];
}

/** The listing attributes a cycle reads of each resource (GSI1 projects them). */
interface ListedResource {
  arn?: string;
  gsi1sk?: string;
  status?: string;
  tombstone?: boolean;
  polling?: { enabled?: boolean; intervalSeconds?: number };
}

/** One resource to poll, with the kind that polls it. */
interface DueResource {
  kind: MetricKind;
  arn: string;
}

const kindsOf = (deps: MetricsPollerDeps): readonly MetricKind[] => deps.kinds ?? METRIC_KINDS;

/**
 * One scheduled cycle over every registered kind: per kind, two paginated GSI1 Queries (the resource listing and the
 * metrics schedule) find the due resources; the due resources of all kinds are then polled together, their queries
 * packed into the same GetMetricData calls (⌈total queries / 500⌉ per cycle, not per service). A resource is due when
 * `now - lastPolledAt` is at least its interval (`polling.intervalSeconds`, else the default) minus a small tolerance.
 * Resources that are disabled, tombstoned, or in a status in which their kind publishes no metrics are skipped. A kind
 * of which the selection has no metric at all is not listed. The outcome is recorded as the `metrics` poller status.
 */
export async function pollMetrics(
  deps: MetricsPollerDeps,
  options: MetricsPollerOptions,
  /** The poller lease the scheduled cycle holds: the polls it made skip are recorded as `skippedPolls`. */
  lease?: Pick<HeldLease, 'skippedPolls'>,
): Promise<MetricsPollOutcome> {
  const run = new PollRun(deps, options, 'scheduled');
  const selected = new Set(options.metricSet.metrics);
  const kinds = kindsOf(deps).filter((kind) => kind.catalog.some((m) => selected.has(m)));
  const tolerance = options.dueToleranceSeconds ?? DEFAULT_DUE_TOLERANCE_SECONDS;
  const due: DueResource[] = [];
  let oldestPolledAt: number | undefined;
  // A kind whose listing fails is recorded and left for the next cycle; the other services are still polled.
  const listings = await Promise.all(
    kinds.map((kind) =>
      listKind(deps, options, kind.type).catch((error: unknown) => {
        run.recordError(`Listing ${kind.type}: ${describeError(error)}`);
        return { listing: [], lastPolled: new Map<string, number | undefined>() };
      }),
    ),
  );
  kinds.forEach((kind, k) => {
    const { listing, lastPolled } = listings[k] as Awaited<ReturnType<typeof listKind>>;
    for (const resource of listing) {
      const arn = resource.arn ?? arnFromListSk(resource.gsi1sk);
      if (!arn) continue;
      run.consider(kind.service);
      const reason = ineligibility(resource, kind);
      if (reason) run.skip(kind.service, reason, resource.status);
      else if (!isDue(lastPolled.get(arn), intervalOf(resource, options), run.now, tolerance))
        run.skip(kind.service, 'notDue');
      else due.push({ kind, arn });
      const polledAt = lastPolled.get(arn);
      if (!reason && polledAt !== undefined) oldestPolledAt = Math.min(oldestPolledAt ?? polledAt, polledAt);
    }
  });
  await run.poll(due);
  const outcome = run.finish();
  if (lease) outcome.skippedPolls = await lease.skippedPolls();
  if (oldestPolledAt !== undefined)
    outcome.oldestPollAgeSeconds = Math.max(0, Math.round((run.now - oldestPolledAt) / 1000));
  await writePollerStatus(
    deps.store,
    { poller: METRICS_POLLER_NAME, account: options.account, region: options.region },
    { startedAtMs: run.now, cycle: outcome, failedResources: run.failedResources },
  );
  return outcome;
}

async function listKind(
  deps: MetricsPollerDeps,
  options: MetricsPollerOptions,
  type: ResourceType,
): Promise<{ listing: ListedResource[]; lastPolled: Map<string, number | undefined> }> {
  const [listing, schedule] = await Promise.all([
    deps.store.queryAll<ListedResource>({ index: GSI1, pk: listPk(type, options.account, options.region) }),
    deps.store.queryAll<{ gsi1sk?: string; lastPolledAt?: string }>({
      index: GSI1,
      pk: metricsSchedulePk(type, options.account, options.region),
    }),
  ]);
  const lastPolled = new Map(
    schedule.filter((s) => s.gsi1sk).map((s) => [s.gsi1sk as string, parseTime(s.lastPolledAt)]),
  );
  return { listing, lastPolled };
}

/**
 * A targeted re-poll of the given resources of any registered type (the real-time path and the API): the kind is
 * found by the `#META` item's `type`. The same code path as a cycle, ignoring the interval schedule, but still
 * skipping resources that publish no metrics in their status, tombstones and `polling.enabled === false`; a type no
 * kind polls is skipped as `unknownType`. It advances each resource's lastPolledAt; it does not touch the poller
 * status.
 */
export async function pollMetricsFor(
  deps: MetricsPollerDeps,
  arns: readonly string[],
  options: MetricsPollerOptions,
): Promise<MetricsPollOutcome> {
  const run = new PollRun(deps, options, 'targeted');
  await run.pollByArn([...new Set(arns)]);
  return run.finish();
}

/** True when a resource is due: never polled, or its interval (less the tolerance) has elapsed. */
export function isDue(
  lastPolledAtMs: number | undefined,
  intervalSeconds: number,
  nowMs: number,
  toleranceSeconds: number,
): boolean {
  if (lastPolledAtMs === undefined) return true;
  const elapsed = nowMs - lastPolledAtMs;
  // A lastPolledAt in the future (clock skew, a bad write) must not stop polling forever.
  if (elapsed < -intervalSeconds * 1000) return true;
  return elapsed >= (intervalSeconds - toleranceSeconds) * 1000;
}

/** The resource's own interval when the API set a valid one, else the default; within 60 s … 24 h. */
export function intervalOf(
  resource: Pick<ListedResource, 'polling'>,
  options: Pick<MetricsPollerOptions, 'defaultIntervalSeconds'>,
): number {
  const own = resource.polling?.intervalSeconds;
  const interval = typeof own === 'number' && Number.isFinite(own) && own > 0 ? own : options.defaultIntervalSeconds;
  return Math.min(MAX_METRICS_INTERVAL_SECONDS, Math.max(MIN_METRICS_INTERVAL_SECONDS, interval));
}

/** Why a resource is not polled at all (schedule aside), or undefined when it may be. */
export function ineligibility(
  resource: Pick<ListedResource, 'status' | 'tombstone' | 'polling'>,
  kind: Pick<MetricKind, 'publishesMetrics'>,
): SkipReason | undefined {
  if (resource.tombstone) return 'tombstoned';
  if (resource.polling?.enabled === false) return 'disabled';
  if (!kind.publishesMetrics(resource.status)) return 'paused';
  return undefined;
}

/** A resource partition read for a poll: its `#META`, its metric resources and its stored metrics items. */
interface PolledPartition {
  kind: MetricKind;
  parentArn: string;
  resources: MetricResource[];
  /** Stored metrics items by sk. */
  stored: Map<string, MetricsItem>;
}

/** Fetched series of one metrics item, before the merge. */
interface FetchedResource {
  series: SeriesByMetric;
  incomplete: Record<string, string>;
}

const emptyCounts = (): ResourceCounts => ({
  considered: 0,
  polled: 0,
  failed: 0,
  skipped: {
    notDue: 0,
    disabled: 0,
    tombstoned: 0,
    paused: 0,
    notFound: 0,
    otherAccountOrRegion: 0,
    unknownType: 0,
  },
  pausedByStatus: {},
  metricResources: {},
  queries: 0,
});

/** The metrics item of a partition's first resource, which carries the schedule (`lastPolledAt`). */
const scheduleSk = (partition: PolledPartition): string | undefined => {
  const first = partition.resources[0];
  return first ? metricsSk(first.scope, first.key) : undefined;
};

/** The state of one poll, from reading the resources to writing their items. */
class PollRun {
  readonly now: number;
  readonly outcome: MetricsPollOutcome;
  /** Resources with a failed call → their last complete poll (ISO), or null if there was none. */
  readonly failedResources: FailedResources = {};
  private readonly queriesBefore: number;
  /** One discovery per namespace per poll, shared by every partition of the kinds that use it. */
  private readonly discoveries = new Map<string, Promise<DiscoveryResult>>();

  constructor(
    private readonly deps: MetricsPollerDeps,
    private readonly options: MetricsPollerOptions,
    mode: MetricsPollOutcome['mode'],
  ) {
    this.now = deps.clock.now();
    this.queriesBefore = deps.store.stats.queries;
    this.outcome = {
      poller: METRICS_POLLER_NAME,
      mode,
      account: options.account,
      region: options.region,
      metricSet: options.metricSet.name,
      startedAt: new Date(this.now).toISOString(),
      finishedAt: new Date(this.now).toISOString(),
      durationMs: 0,
      ...emptyCounts(),
      byService: {},
      calls: 0,
      pages: 0,
      failedCalls: 0,
      metricsRequested: 0,
      incompleteQueries: {},
      datapointsFetched: 0,
      datapointsNew: 0,
      itemsWritten: 0,
      itemsUnchanged: 0,
      itemsStale: 0,
      itemsDeleted: 0,
      dynamoQueries: 0,
      errors: [],
    };
  }

  /** Applies `change` to the totals and to the service's counts: every counter goes through here. */
  private tally(service: ServiceName | undefined, change: (counts: ResourceCounts) => void): void {
    change(this.outcome);
    if (service) change((this.outcome.byService[service] ??= emptyCounts()));
  }

  /** One more resource considered. */
  consider(service: ServiceName | undefined): void {
    this.tally(service, (c) => c.considered++);
  }

  skip(service: ServiceName | undefined, reason: SkipReason, status?: string): void {
    this.tally(service, (c) => {
      c.skipped[reason]++;
      if (reason === 'paused' && status) c.pausedByStatus[status] = (c.pausedByStatus[status] ?? 0) + 1;
    });
  }

  /** Targeted: skips another account's or region's ARN without a read, then polls the rest. */
  async pollByArn(arns: readonly string[]): Promise<void> {
    const toRead: string[] = [];
    for (const arn of arns) {
      const service = serviceOfArn(arn, kindsOf(this.deps));
      this.consider(service);
      const parsed = tryParseArn(arn);
      // The CloudWatch client is regional: another account's or region's resource has no metrics here. ARNs that don't
      // parse (moto's MediaLive ARNs carry no region or account) are read: the `#META` item's type, account and region
      // decide.
      if (parsed && (parsed.account !== this.options.account || parsed.region !== this.options.region))
        this.skip(service, 'otherAccountOrRegion');
      else toRead.push(arn);
    }
    await this.poll(toRead.map((arn) => ({ arn })));
  }

  /**
   * Reads each resource's partition, re-checks eligibility on the fresh `#META`, fetches the metrics of all of them
   * in shared calls and stores them.
   */
  async poll(resources: readonly (Partial<DueResource> & { arn: string })[]): Promise<void> {
    const concurrency = this.options.storeConcurrency ?? 8;
    const partitions = await mapWithConcurrency(resources, concurrency, (r) => this.readPartition(r.arn, r.kind));
    const eligible = partitions.filter((p): p is PolledPartition => p !== undefined);
    if (eligible.length === 0) return;

    const window = this.windowFor(eligible);
    this.outcome.window = { start: window.start.toISOString(), end: window.end.toISOString() };
    const parents: ParentMetricResources[] = eligible.map((p) => ({
      kind: p.kind,
      parentArn: p.parentArn,
      resources: p.resources,
    }));
    const targets = buildMetricTargets(parents, this.options.metricSet);
    const serviceOf = new Map(eligible.map((p) => [p.parentArn, p.kind.service]));
    for (const target of targets) this.tally(serviceOf.get(target.parentArn), (c) => c.queries++);
    const calls = packMetricQueries(targets, this.options.maxQueriesPerCall ?? MAX_QUERIES_PER_CALL);
    const { fetched, failedParents } = await this.fetchAll(calls, window);

    const historyStart = alignToMinute(this.now - this.options.historyMinutes * 60_000) / 1000;
    await mapWithConcurrency(eligible, concurrency, (partition) =>
      this.storePartition(
        partition,
        fetched.get(partition.parentArn) ?? new Map(),
        failedParents.has(partition.parentArn),
        historyStart,
      ),
    );
  }

  finish(): MetricsPollOutcome {
    const finished = this.deps.clock.now();
    this.outcome.finishedAt = new Date(finished).toISOString();
    this.outcome.durationMs = finished - this.now;
    this.outcome.dynamoQueries = this.deps.store.stats.queries - this.queriesBefore;
    return this.outcome;
  }

  /** The kind is the listing's in a cycle; a targeted re-poll finds it by the `#META` item's `type`. */
  private async readPartition(arn: string, listedKind: MetricKind | undefined): Promise<PolledPartition | undefined> {
    let items: ({ sk: string } & Record<string, unknown>)[];
    try {
      items = await this.deps.store.queryAll({ pk: resourcePk(arn) });
    } catch (error) {
      this.tally(listedKind?.service ?? serviceOfArn(arn, kindsOf(this.deps)), (c) => c.failed++);
      this.failedResources[arn] = null;
      this.recordError(`Reading ${arn}: ${describeError(error)}`);
      return undefined;
    }
    const meta = items.find((i) => i.sk === META_SK) as (StoredPartition['meta'] & ListedResource) | undefined;
    const service = listedKind?.service ?? serviceOfArn(arn, kindsOf(this.deps));
    if (!meta) {
      this.skip(service, 'notFound');
      return undefined;
    }
    const kind = listedKind ?? kindsOf(this.deps).find((k) => k.type === meta.type);
    if (!kind) {
      this.skip(service, 'unknownType');
      return undefined;
    }
    if (
      (typeof meta.account === 'string' && meta.account !== this.options.account) ||
      (typeof meta.region === 'string' && meta.region !== this.options.region)
    ) {
      this.skip(kind.service, 'otherAccountOrRegion');
      return undefined;
    }
    const reason = ineligibility(meta, kind);
    if (reason) {
      this.skip(kind.service, reason, meta.status);
      return undefined;
    }
    const live = withoutChildTombstones(items);
    const children = live.filter((i) => i.sk !== META_SK && !i.sk.startsWith('METRICS#'));
    const discovered = kind.discovery ? (await this.discover(kind.discovery)).discovered : undefined;
    const resources = kind.metricResources({ meta: { ...meta, arn: meta.arn ?? arn }, children }, discovered);
    const stored = new Map(
      items.filter((i) => i.sk.startsWith('METRICS#')).map((i) => [i.sk, i as unknown as MetricsItem]),
    );
    this.tally(kind.service, (c) => {
      for (const r of resources) c.metricResources[r.scope] = (c.metricResources[r.scope] ?? 0) + 1;
    });
    return { kind, parentArn: arn, resources, stored };
  }

  /** The namespace's published metrics, listed (or taken from the cache) once per poll; the outcome records how. */
  private discover(discovery: NonNullable<MetricKind['discovery']>): Promise<DiscoveryResult> {
    let pending = this.discoveries.get(discovery.namespace);
    if (!pending) {
      const where = { namespace: discovery.namespace, account: this.options.account, region: this.options.region };
      pending = (this.deps.discovery ?? metricDiscovery)
        .discover(this.deps.cloudWatch, where, this.now, discovery.ttlMinutes)
        .then((result) => {
          (this.outcome.discovery ??= {})[discovery.namespace] = {
            state: result.state,
            metrics: result.metrics,
            calls: result.calls,
          };
          if (result.error) {
            const fallback =
              result.state === 'stale' ? 'using the previous listing' : 'dimension values fall back to the stored Ids';
            this.recordError(`ListMetrics ${discovery.namespace}: ${result.error}; ${fallback}`);
          }
          return result;
        });
      this.discoveries.set(discovery.namespace, pending);
    }
    return pending;
  }

  /**
   * One window for the whole cycle, since StartTime is per call and calls pack many resources: from the earliest start
   * any resource needs (its lastPolledAt less the overlap, never before the history window) to the last minute
   * boundary, both aligned to the minute: the minute in progress is left out, so the latest point is never a partial
   * minute. A resource polled recently gets older points again; that costs datapoint quota, not money (billing is per
   * metric).
   */
  private windowFor(partitions: readonly PolledPartition[]): MetricWindow {
    const historyStart = this.now - this.options.historyMinutes * 60_000;
    const overlap = (this.options.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS) * 1000;
    const starts = partitions.map((p) => {
      const sk = scheduleSk(p);
      const last = parseTime(sk ? p.stored.get(sk)?.lastPolledAt : undefined);
      return last === undefined ? historyStart : Math.max(historyStart, last - overlap);
    });
    return { start: new Date(alignToMinute(Math.min(...starts))), end: new Date(alignToMinute(this.now)) };
  }

  private async fetchAll(
    calls: ReturnType<typeof packMetricQueries>,
    window: MetricWindow,
  ): Promise<{ fetched: Map<string, Map<string, FetchedResource>>; failedParents: Set<string> }> {
    const fetched = new Map<string, Map<string, FetchedResource>>();
    const failedParents = new Set<string>();
    this.outcome.calls = calls.length;
    const answers = await mapWithConcurrency(calls, this.options.callConcurrency ?? 4, async (call, index) => {
      try {
        return await fetchMetricData(this.deps.cloudWatch, call, window);
      } catch (error) {
        // Adaptive retry has already backed off on throttles; one failed call must not fail the cycle.
        this.outcome.failedCalls++;
        this.recordError(
          `GetMetricData call ${index + 1}/${calls.length} (${call.queries.length} queries): ${describeError(error)}`,
        );
        call.targets.forEach((target) => failedParents.add(target.parentArn));
        return undefined;
      }
    });
    calls.forEach((call, index) => {
      const answer: FetchedCall | undefined = answers[index];
      if (!answer) return;
      this.outcome.pages += answer.pages;
      this.outcome.metricsRequested += call.queries.length * answer.pages;
      answer.messages.forEach((m) => this.recordError(`GetMetricData call ${index + 1}: ${m}`));
      for (const [id, target] of call.targets) {
        const result = answer.results.get(id);
        const byResource = fetched.get(target.parentArn) ?? new Map<string, FetchedResource>();
        fetched.set(target.parentArn, byResource);
        const sk = metricsSk(target.resource.scope, target.resource.key);
        const resource = byResource.get(sk) ?? { series: {}, incomplete: {} };
        byResource.set(sk, resource);
        const status = result?.status ?? 'Missing';
        if (status !== 'Complete') {
          resource.incomplete[seriesNameOf(target.metric)] = status;
          this.outcome.incompleteQueries[status] = (this.outcome.incompleteQueries[status] ?? 0) + 1;
        }
        if (result && result.series.t.length > 0) {
          resource.series[seriesNameOf(target.metric)] = result.series;
          this.outcome.datapointsFetched += result.series.t.length;
        }
      }
    });
    return { fetched, failedParents };
  }

  /**
   * Merges and writes the resource's metrics items, and deletes those of metric resources that are gone. A store error
   * fails this resource only: it is recorded, and the resource stays due.
   */
  private async storePartition(
    partition: PolledPartition,
    fetched: Map<string, FetchedResource>,
    callFailed: boolean,
    historyStart: number,
  ): Promise<void> {
    let failed = callFailed;
    try {
      await this.writeItems(partition, fetched, callFailed, historyStart);
    } catch (error) {
      failed = true;
      this.recordError(`Storing metrics of ${partition.parentArn}: ${describeError(error)}`);
    }
    if (failed) {
      this.tally(partition.kind.service, (c) => c.failed++);
      const sk = scheduleSk(partition);
      this.failedResources[partition.parentArn] = (sk ? partition.stored.get(sk)?.lastPolledAt : undefined) ?? null;
    } else this.tally(partition.kind.service, (c) => c.polled++);
  }

  private async writeItems(
    partition: PolledPartition,
    fetched: Map<string, FetchedResource>,
    failed: boolean,
    historyStart: number,
  ): Promise<void> {
    const wanted = new Map<string, MetricResource>();
    partition.resources.forEach((resource, index) => {
      const sk = metricsSk(resource.scope, resource.key);
      // The first resource carries the schedule, so it is always written; the others when the selection has metrics
      // in their scope, or an item to age out.
      if (
        index === 0 ||
        metricsOfKind(this.options.metricSet, partition.kind, resource.scope).length > 0 ||
        partition.stored.has(sk)
      ) {
        wanted.set(sk, resource);
      }
    });
    const first = scheduleSk(partition);

    // The schedule item (which advances lastPolledAt) goes last, so a failure before it leaves the resource due.
    for (const [sk, resource] of [...wanted].reverse()) {
      await this.writeItem(partition, sk, resource, sk === first, fetched.get(sk), failed, historyStart);
    }
    for (const sk of partition.stored.keys()) {
      if (wanted.has(sk)) continue;
      await this.deps.store.delete({ pk: resourcePk(partition.parentArn), sk });
      this.outcome.itemsDeleted++;
    }
  }

  private async writeItem(
    partition: PolledPartition,
    sk: string,
    resource: MetricResource,
    carriesSchedule: boolean,
    fetched: FetchedResource | undefined,
    failed: boolean,
    historyStart: number,
  ): Promise<void> {
    const stored = partition.stored.get(sk);
    const { series: merged, added } = mergeSeriesByMetric(
      decodeSeriesByMetric(stored?.series),
      fetched?.series ?? {},
      historyStart,
    );
    const { series: bounded, stored: series } = boundSeriesSize(merged, MAX_METRICS_ITEM_BYTES - 10_000);
    this.outcome.datapointsNew += added;
    const incomplete = fetched && Object.keys(fetched.incomplete).length > 0 ? fetched.incomplete : undefined;
    const advancesSchedule = carriesSchedule && !failed;
    const unchanged =
      stored !== undefined &&
      canonicalJson(stored.series) === canonicalJson(series) &&
      canonicalJson(stored.incomplete) === canonicalJson(incomplete);
    if (unchanged && !advancesSchedule) {
      this.outcome.itemsUnchanged++;
      return;
    }
    const lastPolledAt = advancesSchedule ? new Date(this.now).toISOString() : stored?.lastPolledAt;
    const item: MetricsItem = {
      pk: resourcePk(partition.parentArn),
      sk,
      type: metricsItemType(partition.kind.service),
      account: this.options.account,
      region: this.options.region,
      observedAt: new Date(this.now).toISOString(),
      version: this.now,
      scope: resource.scope,
      parentArn: partition.parentArn,
      resourceKey: resource.key,
      ...(resource.key.startsWith('arn:') ? { resourceArn: resource.key } : {}),
      dimensions: { ...resource.dimensions },
      series,
      latest: latestPoints(bounded),
      ...(incomplete ? { incomplete } : {}),
      ...(carriesSchedule
        ? {
            gsi1pk: metricsSchedulePk(partition.kind.type, this.options.account, this.options.region),
            gsi1sk: partition.parentArn,
            ...(lastPolledAt ? { lastPolledAt } : {}),
          }
        : {}),
    };
    if (await this.deps.store.putIfNewer(item as MetricsItem & Record<string, unknown>)) this.outcome.itemsWritten++;
    else this.outcome.itemsStale++;
  }

  recordError(message: string): void {
    this.deps.logger?.warn(message);
    if (this.outcome.errors.length < MAX_RECORDED_ERRORS) this.outcome.errors.push(message);
  }
}

/** The service of an ARN when a registered kind belongs to it. */
export function serviceOfArn(arn: string, kinds: readonly MetricKind[] = METRIC_KINDS): ServiceName | undefined {
  const service = arn.split(':')[2];
  return kinds.find((k) => k.service === service)?.service;
}

/** The ARN out of a listing sort key `<name>#<arn>` (names may contain `#`, ARNs start with `arn:`). */
function arnFromListSk(listSk: string | undefined): string | undefined {
  const at = listSk?.indexOf('#arn:') ?? -1;
  return listSk && at >= 0 ? listSk.slice(at + 1) : undefined;
}

const alignToMinute = (ms: number): number => Math.floor(ms / 60_000) * 60_000;

function parseTime(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}
