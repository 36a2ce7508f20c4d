import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { FlowRecord } from '../mediaconnect/flow-model';
import { METRICS_PAUSED_STATUSES } from '../mediaconnect/flow-model';
import { tryParseArn } from '../shared/arn';
import type { Clock } from '../shared/clock';
import { describeError } from '../shared/errors';
import { mapWithConcurrency } from '../shared/rate-limiter';
import { canonicalJson } from '../store/content-hash';
import { withoutChildTombstones } from '../store/child-tombstones';
import { GSI1, listPk, META_SK, metricsSchedulePk, metricsSk, resourcePk, StoredItem } from '../store/keys';
import { FailedResources, PollerCycleSummary, writePollerStatus } from '../store/poller-status';
import type { HeldLease } from '../store/lease';
import type { StateStore } from '../store/state-store';
import { MetricScope, metricsOfScope } from './metric-catalog';
import {
  buildMetricTargets,
  fetchMetricData,
  FetchedCall,
  FlowMetricResources,
  MAX_QUERIES_PER_CALL,
  MetricWindow,
  packMetricQueries,
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

export const METRICS_POLLER_NAME = 'mediaconnect-metrics';
export const METRICS_ITEM_TYPE = 'mediaconnect:metrics';

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
}

/** The stored metrics of one flow, source or output (sk `METRICS#<scope>#<arn>` in the flow's partition). */
export interface MetricsItem extends StoredItem {
  type: typeof METRICS_ITEM_TYPE;
  scope: MetricScope;
  flowArn: string;
  resourceArn: string;
  /** Recent one-minute datapoints per metric, ascending, trimmed to the history window; encoded by `encodeSeries`. */
  series: StoredSeriesByMetric;
  latest: Record<string, LatestPoint>;
  /** Metrics whose last fetch did not complete, with CloudWatch's StatusCode (PartialData, InternalError, Forbidden). */
  incomplete?: Record<string, string>;
  /** Flow scope only: when the flow's metrics were last fetched completely (ISO-8601). */
  lastPolledAt?: string;
}

export type SkipReason = 'notDue' | 'disabled' | 'tombstoned' | 'paused' | 'notFound' | 'otherAccountOrRegion';

/** What one metrics poll did. Returned by the handler and stored as the poller's `lastCycle`. */
export interface MetricsPollOutcome extends PollerCycleSummary {
  poller: typeof METRICS_POLLER_NAME;
  /** `scheduled` for a full cycle, `targeted` for `pollMetricsForFlows`. */
  mode: 'scheduled' | 'targeted';
  account: string;
  region: string;
  metricSet: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  flowsConsidered: number;
  flowsPolled: number;
  /** Flows with at least one failed call: what arrived is stored, lastPolledAt stays so the next cycle retries. */
  flowsFailed: number;
  skipped: Record<SkipReason, number>;
  /** The flow statuses behind `skipped.paused`. */
  pausedByStatus: Record<string, number>;
  sources: number;
  outputs: number;
  /** The cycle's one GetMetricData time range; absent when nothing was due. */
  window?: { start: string; end: string };
  calls: number;
  pages: number;
  failedCalls: number;
  /** Distinct (resource, metric) queries. */
  queries: number;
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
  /** Metrics items of sources and outputs that no longer exist. */
  itemsDeleted: number;
  /**
   * DynamoDB Query calls (pages): 2 for the listing and the schedule (full cycle; more when paginated) + 1 per due flow.
   * Read from the store's counters, so it includes other polls that share the store at the same time.
   */
  dynamoQueries: number;
  /**
   * Seconds since the stalest flow the cycle may poll (enabled, not paused or tombstoned, polled before) was last
   * polled: the monitor's own staleness metric. Absent for targeted re-polls and when no such flow exists.
   */
  oldestPollAgeSeconds?: number;
  errors: string[];
}

/**
 * One scheduled cycle: finds the due flows with two paginated GSI1 Queries (the flow listing and the metrics schedule),
 * polls them, and records the outcome as the poller status. A flow is due when `now - lastPolledAt` is at least its
 * interval (`polling.intervalSeconds`, else the default) minus a small tolerance. Flows that are disabled, tombstoned,
 * or in a paused status (STARTING, STOPPING, UPDATING, STANDBY, DELETING) are skipped.
 */
export async function pollMediaConnectMetrics(
  deps: MetricsPollerDeps,
  options: MetricsPollerOptions,
  /** The poller lease the scheduled cycle holds: the polls it made skip are recorded as `skippedPolls`. */
  lease?: Pick<HeldLease, 'skippedPolls'>,
): Promise<MetricsPollOutcome> {
  const run = new PollRun(deps, options, 'scheduled');
  const [listing, schedule] = await Promise.all([
    deps.store.queryAll<Partial<FlowRecord>>({
      index: GSI1,
      pk: listPk('mediaconnect:flow', options.account, options.region),
    }),
    deps.store.queryAll<{ gsi1sk?: string; lastPolledAt?: string }>({
      index: GSI1,
      pk: metricsSchedulePk('mediaconnect:flow', options.account, options.region),
    }),
  ]);
  const lastPolled = new Map(
    schedule.filter((s) => s.gsi1sk).map((s) => [s.gsi1sk as string, parseTime(s.lastPolledAt)]),
  );
  const tolerance = options.dueToleranceSeconds ?? DEFAULT_DUE_TOLERANCE_SECONDS;
  const due: string[] = [];
  let oldestPolledAt: number | undefined;
  for (const flow of listing) {
    const arn = flow.arn ?? arnFromListSk(flow.gsi1sk);
    if (!arn) continue;
    run.outcome.flowsConsidered++;
    const reason = ineligibility(flow);
    if (reason) run.skip(reason, flow.status);
    else if (!isDue(lastPolled.get(arn), intervalOf(flow, options), run.now, tolerance)) run.skip('notDue');
    else due.push(arn);
    const polledAt = lastPolled.get(arn);
    if (!reason && polledAt !== undefined) oldestPolledAt = Math.min(oldestPolledAt ?? polledAt, polledAt);
  }
  await run.poll(due);
  const outcome = run.finish();
  if (lease) outcome.skippedPolls = await lease.skippedPolls();
  if (oldestPolledAt !== undefined)
    outcome.oldestPollAgeSeconds = Math.max(0, Math.round((run.now - oldestPolledAt) / 1000));
  await writePollerStatus(
    deps.store,
    { poller: METRICS_POLLER_NAME, account: options.account, region: options.region },
    { startedAtMs: run.now, cycle: outcome, failedResources: run.failedFlows },
  );
  return outcome;
}

/**
 * A targeted re-poll of the given flows (the real-time path and the API): the same code path as a cycle, ignoring the
 * interval schedule, but still skipping paused statuses, tombstones and `polling.enabled === false`. It advances each
 * flow's lastPolledAt; it does not touch the poller status.
 */
export async function pollMetricsForFlows(
  deps: MetricsPollerDeps,
  flowArns: readonly string[],
  options: MetricsPollerOptions,
): Promise<MetricsPollOutcome> {
  const run = new PollRun(deps, options, 'targeted');
  const unique = [...new Set(flowArns)];
  run.outcome.flowsConsidered = unique.length;
  await run.poll(unique);
  return run.finish();
}

/** True when a flow is due: never polled, or its interval (less the tolerance) has elapsed. */
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

/** The flow's own interval when the API set a valid one, else the default; within 60 s … 24 h. */
export function intervalOf(
  flow: Pick<FlowRecord, 'polling'>,
  options: Pick<MetricsPollerOptions, 'defaultIntervalSeconds'>,
): number {
  const own = flow.polling?.intervalSeconds;
  const interval = typeof own === 'number' && Number.isFinite(own) && own > 0 ? own : options.defaultIntervalSeconds;
  return Math.min(MAX_METRICS_INTERVAL_SECONDS, Math.max(MIN_METRICS_INTERVAL_SECONDS, interval));
}

/** Why a flow is not polled at all (schedule aside), or undefined when it may be. */
export function ineligibility(
  flow: Partial<Pick<FlowRecord, 'status' | 'tombstone' | 'polling'>>,
): SkipReason | undefined {
  if (flow.tombstone) return 'tombstoned';
  if (flow.polling?.enabled === false) return 'disabled';
  if (flow.status && METRICS_PAUSED_STATUSES.has(flow.status)) return 'paused';
  return undefined;
}

interface FlowPartition {
  flowArn: string;
  account: string;
  region: string;
  meta: FlowRecord;
  sourceArns: string[];
  outputArns: string[];
  /** Stored metrics items by sk. */
  stored: Map<string, MetricsItem>;
}

/** Fetched series of one metrics item, before the merge. */
interface FetchedResource {
  scope: MetricScope;
  resourceArn: string;
  series: SeriesByMetric;
  incomplete: Record<string, string>;
}

/** The state of one poll, from reading the flows to writing their items. */
class PollRun {
  readonly now: number;
  readonly outcome: MetricsPollOutcome;
  /** Flows with a failed call → their last complete poll (ISO), or null if there was none. */
  readonly failedFlows: FailedResources = {};
  private readonly queriesBefore: number;

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
      flowsConsidered: 0,
      flowsPolled: 0,
      flowsFailed: 0,
      skipped: { notDue: 0, disabled: 0, tombstoned: 0, paused: 0, notFound: 0, otherAccountOrRegion: 0 },
      pausedByStatus: {},
      sources: 0,
      outputs: 0,
      calls: 0,
      pages: 0,
      failedCalls: 0,
      queries: 0,
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

  skip(reason: SkipReason, status?: string): void {
    this.outcome.skipped[reason]++;
    if (reason === 'paused' && status)
      this.outcome.pausedByStatus[status] = (this.outcome.pausedByStatus[status] ?? 0) + 1;
  }

  /** Reads each flow's partition, re-checks eligibility on the fresh `#META`, fetches all metrics and stores them. */
  async poll(flowArns: readonly string[]): Promise<void> {
    const concurrency = this.options.storeConcurrency ?? 8;
    const partitions = await mapWithConcurrency(flowArns, concurrency, (arn) => this.readPartition(arn));
    const eligible = partitions.filter((p): p is FlowPartition => p !== undefined);
    if (eligible.length === 0) return;

    const window = this.windowFor(eligible);
    this.outcome.window = { start: window.start.toISOString(), end: window.end.toISOString() };
    const resources: FlowMetricResources[] = eligible.map((p) => ({
      flowArn: p.flowArn,
      sourceArns: p.sourceArns,
      outputArns: p.outputArns,
    }));
    const calls = packMetricQueries(
      buildMetricTargets(resources, this.options.metricSet),
      this.options.maxQueriesPerCall ?? MAX_QUERIES_PER_CALL,
    );
    const { fetched, failedFlows } = await this.fetchAll(calls, window);

    const historyStart = alignToMinute(this.now - this.options.historyMinutes * 60_000) / 1000;
    await mapWithConcurrency(eligible, concurrency, (partition) =>
      this.storeFlow(
        partition,
        fetched.get(partition.flowArn) ?? new Map(),
        failedFlows.has(partition.flowArn),
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

  private async readPartition(flowArn: string): Promise<FlowPartition | undefined> {
    const arn = tryParseArn(flowArn);
    if (!arn || arn.service !== 'mediaconnect' || arn.resourceType !== 'flow') {
      this.skip('notFound');
      return undefined;
    }
    if (arn.account !== this.options.account || arn.region !== this.options.region) {
      // The CloudWatch client is regional: another account's or region's flow has no metrics here.
      this.skip('otherAccountOrRegion');
      return undefined;
    }
    let items: ({ sk: string } & Record<string, unknown>)[];
    try {
      items = await this.deps.store.queryAll({ pk: resourcePk(flowArn) });
    } catch (error) {
      this.outcome.flowsFailed++;
      this.failedFlows[flowArn] = null;
      this.recordError(`Reading ${flowArn}: ${describeError(error)}`);
      return undefined;
    }
    const meta = items.find((i) => i.sk === META_SK) as FlowRecord | undefined;
    if (!meta) {
      this.skip('notFound');
      return undefined;
    }
    const reason = ineligibility(meta);
    if (reason) {
      this.skip(reason, meta.status);
      return undefined;
    }
    const childArns = (prefix: string) =>
      withoutChildTombstones(items.filter((i) => i.sk.startsWith(prefix))).map((i) => i.sk.slice(prefix.length));
    const stored = new Map(
      items.filter((i) => i.sk.startsWith('METRICS#')).map((i) => [i.sk, i as unknown as MetricsItem]),
    );
    const sourceArns = childArns('SOURCE#');
    const outputArns = childArns('OUTPUT#');
    this.outcome.sources += sourceArns.length;
    this.outcome.outputs += outputArns.length;
    return { flowArn, account: arn.account, region: arn.region, meta, sourceArns, outputArns, stored };
  }

  /**
   * One window for the whole cycle, since StartTime is per call and calls pack many flows: from the earliest start any
   * flow needs (its lastPolledAt less the overlap, never before the history window) to the last minute boundary, both
   * aligned to the minute: the minute in progress is left out, so the latest point is never a partial minute.
   * A flow polled recently gets older points again; that costs datapoint quota, not money (billing is per metric).
   */
  private windowFor(partitions: readonly FlowPartition[]): MetricWindow {
    const historyStart = this.now - this.options.historyMinutes * 60_000;
    const overlap = (this.options.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS) * 1000;
    const starts = partitions.map((p) => {
      const last = parseTime(p.stored.get(metricsSk('FLOW', p.flowArn))?.lastPolledAt);
      return last === undefined ? historyStart : Math.max(historyStart, last - overlap);
    });
    return { start: new Date(alignToMinute(Math.min(...starts))), end: new Date(alignToMinute(this.now)) };
  }

  private async fetchAll(
    calls: ReturnType<typeof packMetricQueries>,
    window: MetricWindow,
  ): Promise<{ fetched: Map<string, Map<string, FetchedResource>>; failedFlows: Set<string> }> {
    const fetched = new Map<string, Map<string, FetchedResource>>();
    const failedFlows = new Set<string>();
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
        call.targets.forEach((target) => failedFlows.add(target.flowArn));
        return undefined;
      }
    });
    calls.forEach((call, index) => {
      const answer: FetchedCall | undefined = answers[index];
      this.outcome.queries += call.queries.length;
      if (!answer) return;
      this.outcome.pages += answer.pages;
      this.outcome.metricsRequested += call.queries.length * answer.pages;
      answer.messages.forEach((m) => this.recordError(`GetMetricData call ${index + 1}: ${m}`));
      for (const [id, target] of call.targets) {
        const result = answer.results.get(id);
        const byResource = fetched.get(target.flowArn) ?? new Map<string, FetchedResource>();
        fetched.set(target.flowArn, byResource);
        const sk = metricsSk(target.scope, target.resourceArn);
        const resource = byResource.get(sk) ?? {
          scope: target.scope,
          resourceArn: target.resourceArn,
          series: {},
          incomplete: {},
        };
        byResource.set(sk, resource);
        const status = result?.status ?? 'Missing';
        if (status !== 'Complete') {
          resource.incomplete[target.metric.name] = status;
          this.outcome.incompleteQueries[status] = (this.outcome.incompleteQueries[status] ?? 0) + 1;
        }
        if (result && result.series.t.length > 0) {
          resource.series[target.metric.name] = result.series;
          this.outcome.datapointsFetched += result.series.t.length;
        }
      }
    });
    return { fetched, failedFlows };
  }

  /** Merges and writes the flow's metrics items, and deletes those of sources and outputs that are gone. */
  /**
   * Merges and writes the flow's metrics items, and deletes those of sources and outputs that are gone. A store error
   * fails this flow only: it is recorded, and the flow stays due.
   */
  private async storeFlow(
    partition: FlowPartition,
    fetched: Map<string, FetchedResource>,
    callFailed: boolean,
    historyStart: number,
  ): Promise<void> {
    let failed = callFailed;
    try {
      await this.writeFlowItems(partition, fetched, callFailed, historyStart);
    } catch (error) {
      failed = true;
      this.recordError(`Storing metrics of ${partition.flowArn}: ${describeError(error)}`);
    }
    if (failed) {
      this.outcome.flowsFailed++;
      this.failedFlows[partition.flowArn] =
        partition.stored.get(metricsSk('FLOW', partition.flowArn))?.lastPolledAt ?? null;
    } else this.outcome.flowsPolled++;
  }

  private async writeFlowItems(
    partition: FlowPartition,
    fetched: Map<string, FetchedResource>,
    failed: boolean,
    historyStart: number,
  ): Promise<void> {
    const wanted = new Map<string, { scope: MetricScope; resourceArn: string }>();
    const want = (scope: MetricScope, arns: readonly string[]) =>
      arns.forEach((resourceArn) => {
        const sk = metricsSk(scope, resourceArn);
        if (scope === 'FLOW' || metricsOfScope(this.options.metricSet, scope).length > 0 || partition.stored.has(sk)) {
          wanted.set(sk, { scope, resourceArn });
        }
      });
    want('FLOW', [partition.flowArn]);
    want('SOURCE', partition.sourceArns);
    want('OUTPUT', partition.outputArns);

    // The flow-scope item (which advances lastPolledAt) goes last, so a failure before it leaves the flow due.
    for (const [sk, { scope, resourceArn }] of [...wanted].reverse()) {
      await this.writeItem(partition, sk, scope, resourceArn, fetched.get(sk), failed, historyStart);
    }
    for (const sk of partition.stored.keys()) {
      if (wanted.has(sk)) continue;
      await this.deps.store.delete({ pk: resourcePk(partition.flowArn), sk });
      this.outcome.itemsDeleted++;
    }
  }

  private async writeItem(
    partition: FlowPartition,
    sk: string,
    scope: MetricScope,
    resourceArn: string,
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
    const advancesSchedule = scope === 'FLOW' && !failed;
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
      pk: resourcePk(partition.flowArn),
      sk,
      type: METRICS_ITEM_TYPE,
      account: partition.account,
      region: partition.region,
      observedAt: new Date(this.now).toISOString(),
      version: this.now,
      scope,
      flowArn: partition.flowArn,
      resourceArn,
      series,
      latest: latestPoints(bounded),
      ...(incomplete ? { incomplete } : {}),
      ...(scope === 'FLOW'
        ? {
            gsi1pk: metricsSchedulePk('mediaconnect:flow', partition.account, partition.region),
            gsi1sk: partition.flowArn,
            ...(lastPolledAt ? { lastPolledAt } : {}),
          }
        : {}),
    };
    if (await this.deps.store.putIfNewer(item as MetricsItem & Record<string, unknown>)) this.outcome.itemsWritten++;
    else this.outcome.itemsStale++;
  }

  private recordError(message: string): void {
    this.deps.logger?.warn(message);
    if (this.outcome.errors.length < MAX_RECORDED_ERRORS) this.outcome.errors.push(message);
  }
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
