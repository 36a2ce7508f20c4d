import { type CloudWatchClient, type MetricAlarm, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ImpactReader } from '../chain/chain-graph';
import { alarmPlacementKey, applyAlarm } from '../events/alarm-applier';
import { MEDIA_NAMESPACES } from '../events/alarm-parser';
import { historyItems } from '../events/event-history';
import type { AlarmChange, AlarmMetric, AlarmStateValue, ApplyContext, ResourceRef } from '../events/event-model';
import type { FlowResolver } from '../events/flow-resolver';
import { expiresAfterDays, type IngestStore, type StoreItem } from '../events/ingest-store';
import { validArn } from '../events/services/service-module';
import type { Clock } from '../shared/clock';
import { describeError } from '../shared/errors';
import { mapWithConcurrency } from '../shared/rate-limiter';
import { alarmsListPk, GSI1 } from '../store/keys';
import { writePollerStatus } from '../store/poller-status';

/**
 * The alarm reconciliation, run every 15 minutes: CloudWatch is the authority on alarm state, the store holds what the
 * notifications said. A notification can be lost (an alarm deleted while in ALARM publishes nothing; SetAlarmState or
 * an action-less alarm neither), so every run:
 * 1. lists the alarms the store holds in ALARM (one GSI1 Query, `ALARMS#<account>#<region>`, `ALARM#…`);
 * 2. describes them by name, 100 names per DescribeAlarms call (the API's limit), each call taking a token from the
 *    reconciliation's own request budget, so it never competes with the pollers' quota;
 * 3. closes what CloudWatch no longer has in ALARM through the ingest path's own placement rule (`applyAlarm`), versioned
 *    by the alarm's state transition time, so a newer ALARM event applied meanwhile wins; an alarm missing from the
 *    answer (deleted) is removed, versioned by the time of the call, so an alarm recreated and raised since stays;
 * 4. moves an unresolved ALARM (on a source or output whose flow was unknown) to its flow once the inventory knows it;
 * 5. records each fix in the history of the resources concerned, the run on its status item
 *    (`POLLER#alarm-reconcile#<account>#<region>`), and the count of fixes as the `AlarmReconciliationFixes` metric.
 * A failed DescribeAlarms call closes nothing of its batch; it is reported, and the next run tries again.
 */

export const ALARM_RECONCILE_POLLER = 'alarm-reconcile';
/** DescribeAlarms accepts at most 100 AlarmNames. */
export const DESCRIBE_ALARMS_BATCH = 100;
export const RECONCILE_HISTORY_KIND = 'alarm-reconciled';

/** What waits for a request token: a TokenBucket. */
export interface RequestLimiter {
  acquire(): Promise<void>;
}

export type ReconcileMetricName = 'AlarmReconciliationFixes' | 'AlarmReconciliationErrors';

/** Where the reconciliation counts what it did: Powertools Metrics (EMF) in Lambda, a plain counter in tests. */
export interface ReconcileMetrics {
  count(name: ReconcileMetricName, value: number): void;
}

export interface AlarmReconcileDeps {
  readonly store: IngestStore;
  readonly cloudWatch: CloudWatchClient;
  readonly clock: Clock;
  readonly limiter: RequestLimiter;
  readonly resolver: FlowResolver;
  readonly metrics: ReconcileMetrics;
  /** What an alarm's owner affects downstream, recorded when a move re-applies an ALARM. @default none */
  readonly impacts?: ImpactReader;
  /** @default silent */
  readonly logger?: { warn(message: string, ...extra: unknown[]): void };
}

export interface AlarmReconcileOptions {
  readonly account: string;
  readonly region: string;
  /** Days cleared alarms and history records are kept (EVENT_HISTORY_DAYS). */
  readonly eventHistoryDays: number;
  /** Alarms of one batch reconciled at once. @default 10 */
  readonly concurrency?: number;
}

export type AlarmFix = 'closed' | 'deleted' | 'moved';

export interface AlarmReconcileOutcome {
  /** Distinct alarm names the store held in ALARM. */
  readonly activeAlarms: number;
  readonly describeCalls: number;
  /** Closed because CloudWatch has them in OK or INSUFFICIENT_DATA. */
  readonly closed: number;
  /** Removed because CloudWatch no longer has them. */
  readonly deleted: number;
  /** Unresolved items moved to their flow. */
  readonly moved: number;
  readonly errors: readonly string[];
}

/** An active alarm item as GSI1 projects it. */
interface ActiveAlarmItem {
  pk: string;
  sk: string;
  name?: string;
  gsi1sk: string;
  version: number;
  resourceArn?: string;
  parentArn?: string;
}

interface Fix {
  readonly fix: AlarmFix;
  readonly name: string;
  readonly state: string;
  readonly version: number;
  readonly affected: readonly ResourceRef[];
  readonly summary: string;
}

export async function reconcileAlarms(
  deps: AlarmReconcileDeps,
  options: AlarmReconcileOptions,
): Promise<AlarmReconcileOutcome> {
  const startedAt = deps.clock.now();
  const context: ApplyContext = {
    store: deps.store,
    resolver: deps.resolver,
    nowMs: startedAt,
    historyExpiresAt: expiresAfterDays(startedAt, options.eventHistoryDays),
    ...(deps.impacts ? { impacts: deps.impacts } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  };
  const items = await deps.store.queryAll<ActiveAlarmItem>({
    index: GSI1,
    pk: alarmsListPk(options.account, options.region),
    skPrefix: 'ALARM#',
  });
  const byName = new Map<string, ActiveAlarmItem[]>();
  for (const item of items) {
    const name = item.name ?? item.gsi1sk.slice('ALARM#'.length);
    byName.set(name, [...(byName.get(name) ?? []), item]);
  }
  const names = [...byName.keys()];
  const fixes: Fix[] = [];
  const errors: string[] = [];
  let describeCalls = 0;
  for (let start = 0; start < names.length; start += DESCRIBE_ALARMS_BATCH) {
    const batch = names.slice(start, start + DESCRIBE_ALARMS_BATCH);
    let described: Map<string, MetricAlarm>;
    // Taken before the call: whatever changed after it is newer than what the answer says.
    const describedAt = deps.clock.now();
    try {
      const calls = { count: 0 };
      described = await describeAlarms(deps, batch, calls);
      describeCalls += calls.count;
    } catch (error) {
      describeCalls++;
      errors.push(`DescribeAlarms (${batch.length} names from ${batch[0]}): ${describeError(error)}`);
      continue;
    }
    const batchFixes = await mapWithConcurrency(batch, options.concurrency ?? 10, async (name) => {
      try {
        return await reconcileOne(context, options, name, byName.get(name) ?? [], described.get(name), describedAt);
      } catch (error) {
        errors.push(`${name}: ${describeError(error)}`);
        return undefined;
      }
    });
    fixes.push(...batchFixes.filter((f): f is Fix => f !== undefined));
  }
  await recordFixes(deps, context, options, fixes, startedAt, errors);
  const count = (fix: AlarmFix) => fixes.filter((f) => f.fix === fix).length;
  const outcome: AlarmReconcileOutcome = {
    activeAlarms: names.length,
    describeCalls,
    closed: count('closed'),
    deleted: count('deleted'),
    moved: count('moved'),
    errors,
  };
  const finishedAt = deps.clock.now();
  await writePollerStatus(
    deps.store,
    { poller: ALARM_RECONCILE_POLLER, account: options.account, region: options.region },
    {
      startedAtMs: startedAt,
      cycle: {
        poller: ALARM_RECONCILE_POLLER,
        startedAt: new Date(startedAt).toISOString(),
        finishedAt: new Date(finishedAt).toISOString(),
        durationMs: finishedAt - startedAt,
        ...outcome,
        errors: errors.slice(0, 20),
        fixes: fixes.slice(0, 50).map((f) => ({ fix: f.fix, name: f.name, state: f.state })),
      },
      failedResources: {},
    },
  );
  deps.metrics.count('AlarmReconciliationFixes', fixes.length);
  deps.metrics.count('AlarmReconciliationErrors', errors.length);
  return outcome;
}

/** The named alarms as CloudWatch has them now (metric alarms; a name it does not return no longer exists). */
async function describeAlarms(
  deps: AlarmReconcileDeps,
  names: readonly string[],
  calls: { count: number },
): Promise<Map<string, MetricAlarm>> {
  const found = new Map<string, MetricAlarm>();
  await deps.limiter.acquire();
  for await (const page of paginateDescribeAlarms(
    { client: deps.cloudWatch, pageSize: DESCRIBE_ALARMS_BATCH },
    { AlarmNames: [...names] },
  )) {
    calls.count++;
    for (const alarm of page.MetricAlarms ?? []) if (alarm.AlarmName) found.set(alarm.AlarmName, alarm);
    if (page.NextToken) await deps.limiter.acquire();
  }
  return found;
}

async function reconcileOne(
  context: ApplyContext,
  options: AlarmReconcileOptions,
  name: string,
  items: readonly ActiveAlarmItem[],
  described: MetricAlarm | undefined,
  describedAt: number,
): Promise<Fix | undefined> {
  const change = described ? alarmChangeOf(described, options) : undefined;
  if (!described || !change) return removeAlarm(context, options, name, items, describedAt, described);
  const delivery = { channel: 'reconcile' as const, messageId: `reconcile:${context.nowMs}` };
  if (change.state !== 'ALARM') {
    const outcome = await applyAlarm(context, change, delivery);
    if (outcome.writes === 0) return undefined;
    return {
      fix: 'closed',
      name,
      state: change.state,
      version: change.version,
      affected: withItemsOf(outcome.affected, items),
      summary: `Alarm ${name} closed by reconciliation: CloudWatch has it in ${change.state}`,
    };
  }
  const unresolved = items.filter(isUnresolved);
  if (unresolved.length === 0) return undefined;
  // Same change, same version (or a newer one CloudWatch reports): placed on the flow, it replaces the unresolved twin.
  const version = Math.max(change.version, ...unresolved.map((i) => i.version));
  const outcome = await applyAlarm(context, { ...change, version }, delivery);
  const flows = outcome.affected.filter((r) => r.kind === 'flow');
  if (flows.length === 0) return undefined;
  return {
    fix: 'moved',
    name,
    state: change.state,
    version,
    affected: withItemsOf(outcome.affected, items),
    summary: `Alarm ${name} moved to its flow ${flows.map((f) => f.arn).join(', ')}`,
  };
}

/**
 * An alarm CloudWatch no longer has (or that no longer watches a media metric): its placement record is fenced at
 * `describedAt` and its items older than that are removed, wherever they are.
 */
async function removeAlarm(
  context: ApplyContext,
  options: AlarmReconcileOptions,
  name: string,
  items: readonly ActiveAlarmItem[],
  describedAt: number,
  described: MetricAlarm | undefined,
): Promise<Fix | undefined> {
  const key = alarmPlacementKey(options.account, options.region, name);
  const state = described ? 'NOT_MEDIA' : 'DELETED';
  await context.store.updateIfNewer(key, describedAt, {
    type: 'alarm-placement',
    account: options.account,
    region: options.region,
    name,
    state,
    observedAt: new Date(describedAt).toISOString(),
    expiresAt: context.historyExpiresAt,
  });
  const removed = await Promise.all(items.map((item) => context.store.deleteIfOlder(item, describedAt)));
  const gone = items.filter((_, i) => removed[i]);
  if (gone.length === 0) return undefined;
  return {
    fix: 'deleted',
    name,
    state,
    version: describedAt,
    affected: withItemsOf([], gone),
    summary: described
      ? `Alarm ${name} removed by reconciliation: it no longer watches a media metric`
      : `Alarm ${name} removed by reconciliation: CloudWatch no longer has it`,
  };
}

/** The resources whose history gets a fix: the ones the change touched and the ones its items were on. */
function withItemsOf(affected: readonly ResourceRef[], items: readonly ActiveAlarmItem[]): ResourceRef[] {
  const refs = [...affected];
  for (const item of items) {
    for (const arn of [item.parentArn, item.resourceArn]) {
      if (arn && !refs.some((r) => r.arn === arn)) refs.push({ arn, kind: validArn(arn)?.resourceType ?? 'resource' });
    }
  }
  return refs;
}

/** An item on a source or output whose flow was unknown: it sits in the child's own partition. */
function isUnresolved(item: ActiveAlarmItem): boolean {
  const kind = item.resourceArn ? validArn(item.resourceArn)?.resourceType : undefined;
  return (kind === 'source' || kind === 'output') && item.parentArn === item.resourceArn;
}

const STATES: readonly AlarmStateValue[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

/**
 * A described metric alarm as the change the ingest path would apply, or undefined when it watches no media metric.
 * Its version is the last state transition (what a notification's StateChangeTime reports); StateUpdatedTimestamp,
 * which also moves when only the reason changes, stands in where the transition time is missing (moto).
 */
export function alarmChangeOf(alarm: MetricAlarm, where: { account: string; region: string }): AlarmChange | undefined {
  const state = STATES.find((s) => s === alarm.StateValue);
  const changedAt = alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp;
  if (!alarm.AlarmName || !state || !changedAt) return undefined;
  const metrics = metricsOf(alarm).filter((m) => MEDIA_NAMESPACES.has(m.namespace));
  if (metrics.length === 0) return undefined;
  return {
    kind: 'alarm',
    name: alarm.AlarmName,
    ...(alarm.AlarmArn ? { arn: alarm.AlarmArn } : {}),
    account: where.account,
    region: where.region,
    state,
    ...(alarm.StateReason ? { reason: alarm.StateReason.slice(0, 1_000) } : {}),
    ...(alarm.AlarmDescription ? { description: alarm.AlarmDescription.slice(0, 1_000) } : {}),
    changedAt: changedAt.toISOString(),
    version: changedAt.getTime(),
    metrics,
    ...(alarm.Threshold !== undefined ? { threshold: alarm.Threshold } : {}),
    ...(alarm.ComparisonOperator ? { comparison: alarm.ComparisonOperator } : {}),
    ...(alarm.TreatMissingData ? { treatMissingData: alarm.TreatMissingData } : {}),
  };
}

function metricsOf(alarm: MetricAlarm): AlarmMetric[] {
  const dimensionsOf = (dims: readonly { Name?: string; Value?: string }[] | undefined) =>
    Object.fromEntries((dims ?? []).flatMap((d) => (d.Name && d.Value ? [[d.Name, d.Value]] : [])));
  if (alarm.Namespace && alarm.MetricName) {
    const stat = alarm.Statistic ?? alarm.ExtendedStatistic;
    return [
      {
        namespace: alarm.Namespace,
        metricName: alarm.MetricName,
        dimensions: dimensionsOf(alarm.Dimensions),
        ...(stat ? { stat } : {}),
        ...(alarm.Period ? { period: alarm.Period } : {}),
      },
    ];
  }
  return (alarm.Metrics ?? []).flatMap((query) => {
    const metric = query.MetricStat?.Metric;
    if (!metric?.Namespace || !metric.MetricName) return [];
    return [
      {
        namespace: metric.Namespace,
        metricName: metric.MetricName,
        dimensions: dimensionsOf(metric.Dimensions),
        ...(query.MetricStat?.Stat ? { stat: query.MetricStat.Stat } : {}),
        ...(query.MetricStat?.Period ? { period: query.MetricStat.Period } : {}),
      },
    ];
  });
}

/** One history record per fix, on every resource it concerns, in BatchWriteItem calls. */
async function recordFixes(
  deps: AlarmReconcileDeps,
  context: ApplyContext,
  options: AlarmReconcileOptions,
  fixes: readonly Fix[],
  startedAt: number,
  errors: string[],
): Promise<void> {
  const records = new Map<string, StoreItem>();
  for (const fix of fixes) {
    const items = historyItems(
      {
        kind: RECONCILE_HISTORY_KIND,
        time: new Date(fix.version).toISOString(),
        delivery: { channel: 'reconcile', messageId: `reconcile:${startedAt}` },
        source: 'media-monitor',
        detailType: 'Alarm Reconciliation',
        account: options.account,
        region: options.region,
        summary: fix.summary,
        detail: { alarmName: fix.name, fix: fix.fix, state: fix.state, previousState: 'ALARM' },
      },
      `reconcile:${fix.name}:${fix.fix}:${fix.version}`,
      fix.affected,
      startedAt,
      context.historyExpiresAt,
    );
    for (const item of items) records.set(`${item.pk}\u0000${item.sk}`, item);
  }
  if (records.size === 0) return;
  try {
    const unwritten = await deps.store.putAll([...records.values()]);
    if (unwritten.length > 0) errors.push(`${unwritten.length} history record(s) of fixes not written`);
  } catch (error) {
    errors.push(`history records of fixes: ${describeError(error)}`);
  }
}

/** Counts in memory. */
export class CountingReconcileMetrics implements ReconcileMetrics {
  readonly counts: Partial<Record<ReconcileMetricName, number>> = {};

  count(name: ReconcileMetricName, value: number): void {
    this.counts[name] = (this.counts[name] ?? 0) + value;
  }

  get(name: ReconcileMetricName): number {
    return this.counts[name] ?? 0;
  }
}

/**
 * Counts into a Powertools `Metrics` instance (namespace `MediaMonitor`); the handler's `logMetrics` middleware
 * flushes them as EMF. Zero is published too: a run that fixed nothing is a data point, not a gap.
 */
export function powertoolsReconcileMetrics(metrics: Metrics): ReconcileMetrics {
  return {
    count(name, value) {
      metrics.addMetric(name, MetricUnit.Count, value);
    },
  };
}
