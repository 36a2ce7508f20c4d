import { severityFields } from '../alarms/alarm-severity';
import { alarmPlacementPk, alarmSk, alarmsListPk, PLACEMENT_SK, resourcePk } from '../store/keys';
import type { AlarmChange, AlarmMetric, ApplyContext, ApplyOutcome, Delivery, ResourceRef } from './event-model';
import { impactFields, type ImpactFields } from './impact-fields';
import { resourceArnByName } from './resource-by-name';
import { dedupeRefs, partitionOf } from './services/service-module';
import type { AlarmTarget } from './services/service-module';
import { serviceForNamespace } from './services/service-registry';

/**
 * Applies an alarm state change: one item `ALARM#<alarm name>` in the partition of the resource it concerns (the flow of
 * a source or output, a MediaLive channel, a MediaPackage channel or endpoint), listed on GSI1 as
 * `ALARMS#<account>#<region>` / `<state>#<alarm name>` so the API lists alarms by state with one Query.
 *
 * - The item is written whole, conditional on the alarm's StateChangeTime (its version): deliveries of one state
 *   change land once, and a late ALARM never overwrites a newer OK.
 * - An alarm that returns to OK (or INSUFFICIENT_DATA) keeps its item with that state and a TTL (EVENT_HISTORY_DAYS):
 *   deleting it would also delete the version that fences off late deliveries of the older ALARM.
 * - A source or output whose flow is unknown (not inventoried yet) holds the alarm in its own partition (`unresolved`,
 *   with a TTL of UNRESOLVED_ALARM_HOURS); an alarm without resource dimensions (account-wide) in the alarm's.
 *
 * One placement rule for every state: an alarm's item lives where its dimensions resolve when the change is applied,
 * and every partition it was ever placed in is recorded on its placement record `ALARM#<account>#<region>#<name>` /
 * `#PLACEMENT` (a string set, added to after the item is written, read back in the same request). Each change then
 * removes the alarm's items that are older than the latest change the record knows, wherever they were placed, so an
 * OK closes its ALARM even when the two were placed in different partitions (the ALARM on a source the inventory did
 * not know yet, the OK on its flow). Whichever writer adds to the set last sees every placement and the latest version,
 * whatever the interleaving; an older change that lands in a new partition removes its own item. A change of the
 * same version placed on the flow replaces its unresolved twin (the reconciler moves unresolved items this way).
 *
 * An alarm that enters ALARM records what it affects downstream: `impacts` (the resources the chain shows below its
 * owner, nearest first, at most 50) and `impactsTruncated`, read before the item is written (chain/chain-graph.ts).
 * Reading them changes no write: a failed read stores the alarm without them and logs a warning.
 */

/** How long an alarm item of a source or output whose flow is unknown lives, unless moved to its flow. */
export const UNRESOLVED_ALARM_HOURS = 24;
export const ALARM_ITEM_TYPE = 'alarm';

interface Placement {
  readonly owner: ResourceRef;
  readonly resource: ResourceRef;
  readonly metric: AlarmMetric;
  readonly qualifiers?: Readonly<Record<string, string>>;
  readonly unresolved?: boolean;
}

export const ALARM_PLACEMENT_TYPE = 'alarm-placement';

export async function applyAlarm(context: ApplyContext, alarm: AlarmChange, delivery: Delivery): Promise<ApplyOutcome> {
  const placements = dedupePlacements(await placeAlarm(context, alarm));
  const impacts = await Promise.all(placements.map((placement) => impactsOf(context, alarm, placement)));
  const results = await Promise.all(
    placements.map((placement, i) =>
      context.store.putIfNewer({ ...alarmItem(alarm, delivery, placement, context), ...impacts[i] }),
    ),
  );
  const removed = await removeOtherPlacements(context, alarm, placements);
  const written = results.filter(Boolean).length;
  const affected = dedupeRefs(placements.flatMap((p) => [p.owner, p.resource]));
  return {
    affected,
    repollArns: repollTargets(placements),
    writes: written + removed,
    stale: results.length - written,
  };
}

/**
 * The `impacts` fields of an alarm's item: what its owner feeds, for an alarm entering ALARM on a resolved resource
 * (not an unresolved source or output, nor an account-wide alarm). A failed read is logged and leaves them out.
 */
function impactsOf(context: ApplyContext, alarm: AlarmChange, placement: Placement): Promise<ImpactFields> {
  if (alarm.state !== 'ALARM' || placement.unresolved || placement.owner.kind === 'alarm') return Promise.resolve({});
  return impactFields(context, placement.owner.arn, `alarm ${alarm.name}`);
}

/**
 * The resources an alarm re-polls: the owners its dimensions resolve to (a flow, a MediaLive channel or input device, a
 * MediaPackage channel or endpoint). Not an unresolved source or output (its flow is unknown: nothing to re-read), nor
 * an account-wide alarm's own ARN. An owner whose service has no refresher is skipped by the ingest, not here.
 */
function repollTargets(placements: readonly Placement[]): string[] {
  return [...new Set(placements.filter((p) => !p.unresolved && p.owner.kind !== 'alarm').map((p) => p.owner.arn))];
}

/** The placement record's key of an alarm. */
export const alarmPlacementKey = (account: string, region: string, name: string) => ({
  pk: alarmPlacementPk(account, region, name),
  sk: PLACEMENT_SK,
});

/**
 * Records this change on the alarm's placement record (its version and state when it is the newest; its owners in
 * any case), then removes the alarm's items older than the newest change from every recorded partition this change
 * did not write. Returns how many items it removed.
 */
async function removeOtherPlacements(
  context: ApplyContext,
  alarm: AlarmChange,
  placements: readonly Placement[],
): Promise<number> {
  const key = alarmPlacementKey(alarm.account, alarm.region, alarm.name);
  const resolved = placements.every((p) => !p.unresolved);
  // The record lives as long as the items it tracks: a cleared alarm's, an unresolved ALARM's, a resolved ALARM's.
  const expiresAt =
    alarm.state !== 'ALARM' ? context.historyExpiresAt : resolved ? undefined : unresolvedExpiry(context);
  await context.store.updateIfNewer(
    key,
    alarm.version,
    {
      type: ALARM_PLACEMENT_TYPE,
      account: alarm.account,
      region: alarm.region,
      name: alarm.name,
      state: alarm.state,
      observedAt: alarm.changedAt,
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    },
    expiresAt === undefined ? ['expiresAt'] : [],
  );
  const record = await context.store.addToSet(
    key,
    'owners',
    placements.map((p) => p.owner.arn),
  );
  const latest = typeof record.version === 'number' ? record.version : alarm.version;
  const mine = new Set(placements.map((p) => p.owner.arn));
  const owners = [...((record.owners as Iterable<string> | undefined) ?? [])];
  // This change is the newest: its own items are current. An older one: every item of the alarm may be stale, its own too.
  const targets = latest > alarm.version ? owners : owners.filter((owner) => !mine.has(owner));
  const removed = await Promise.all(
    targets.map((owner) =>
      context.store.deleteIfOlder(
        { pk: resourcePk(owner), sk: alarmSk(alarm.name) },
        latest,
        latest === alarm.version && resolved ? 'unresolved' : undefined,
      ),
    ),
  );
  return removed.filter(Boolean).length;
}

const unresolvedExpiry = (context: ApplyContext): number =>
  Math.floor(context.nowMs / 1000) + UNRESOLVED_ALARM_HOURS * 3600;

async function placeAlarm(context: ApplyContext, alarm: AlarmChange): Promise<Placement[]> {
  const placements: Placement[] = [];
  for (const metric of alarm.metrics) {
    const targets: AlarmTarget[] = serviceForNamespace(metric.namespace)?.alarmTargets(metric, alarm) ?? [];
    for (const target of targets) {
      const qualifiers =
        target.qualifiers && Object.keys(target.qualifiers).length ? { qualifiers: target.qualifiers } : {};
      const named = target.byName ? await resourceByName(context, alarm, target.byName) : undefined;
      if (named) {
        placements.push({ owner: named, resource: named, metric, ...qualifiers });
        continue;
      }
      if (target.owner) {
        placements.push({ owner: target.owner, resource: target.resource, metric, ...qualifiers });
        continue;
      }
      const flowArn = target.childKind
        ? await context.resolver.flowOf(target.resource.arn, target.childKind)
        : undefined;
      placements.push(
        flowArn
          ? { owner: { arn: flowArn, kind: 'flow' }, resource: target.resource, metric, ...qualifiers }
          : {
              owner: target.resource,
              resource: target.resource,
              metric,
              ...qualifiers,
              unresolved: target.childKind !== undefined,
            },
      );
    }
  }
  if (placements.length === 0) {
    const first = alarm.metrics[0] as AlarmMetric;
    const self: ResourceRef = {
      arn:
        alarm.arn ?? `arn:${partitionOf(alarm.region)}:cloudwatch:${alarm.region}:${alarm.account}:alarm:${alarm.name}`,
      kind: 'alarm',
    };
    placements.push({ owner: self, resource: self, metric: first });
  }
  return placements;
}

/** The one live resource listed under `name` as the alarm's resource, or undefined when none or several are. */
async function resourceByName(
  context: ApplyContext,
  where: { account: string; region: string },
  byName: NonNullable<AlarmTarget['byName']>,
): Promise<ResourceRef | undefined> {
  const arn = await resourceArnByName(context.store, where, byName);
  return arn ? { arn, kind: byName.kind } : undefined;
}

/** One item per owner: a metric-math alarm over two sources of one flow is one alarm of that flow. */
function dedupePlacements(placements: readonly Placement[]): Placement[] {
  const byOwner = new Map<string, Placement>();
  for (const p of placements) if (!byOwner.has(p.owner.arn)) byOwner.set(p.owner.arn, p);
  return [...byOwner.values()];
}

function alarmItem(alarm: AlarmChange, delivery: Delivery, placement: Placement, context: ApplyContext) {
  const { owner, resource, metric } = placement;
  return {
    pk: resourcePk(owner.arn),
    sk: alarmSk(alarm.name),
    type: ALARM_ITEM_TYPE,
    account: alarm.account,
    region: alarm.region,
    observedAt: alarm.changedAt,
    version: alarm.version,
    gsi1pk: alarmsListPk(alarm.account, alarm.region),
    gsi1sk: `${alarm.state}#${alarm.name}`,
    name: alarm.name,
    ...(alarm.arn ? { alarmArn: alarm.arn } : {}),
    state: alarm.state,
    ...(alarm.previousState ? { previousState: alarm.previousState } : {}),
    ...(alarm.reason ? { reason: alarm.reason } : {}),
    ...(alarm.description ? { description: alarm.description } : {}),
    ...severityFields(alarm),
    since: alarm.changedAt,
    namespace: metric.namespace,
    metricName: metric.metricName,
    dimensions: { ...metric.dimensions },
    ...(metric.stat ? { stat: metric.stat } : {}),
    ...(alarm.metrics.length > 1 ? { metricNames: [...new Set(alarm.metrics.map((m) => m.metricName))] } : {}),
    ...(alarm.threshold !== undefined ? { threshold: alarm.threshold } : {}),
    ...(alarm.comparison ? { comparison: alarm.comparison } : {}),
    ...(alarm.treatMissingData ? { treatMissingData: alarm.treatMissingData } : {}),
    resourceArn: resource.arn,
    resourceKind: resource.kind,
    parentArn: owner.arn,
    ownerKind: owner.kind,
    ...(owner.kind === 'flow' ? { flowArn: owner.arn } : {}),
    ...(placement.qualifiers ? { qualifiers: placement.qualifiers } : {}),
    ...(placement.unresolved ? { unresolved: true } : {}),
    via: delivery.channel,
    messageId: delivery.messageId,
    ...(alarm.state !== 'ALARM'
      ? { expiresAt: context.historyExpiresAt }
      : placement.unresolved
        ? { expiresAt: unresolvedExpiry(context) }
        : {}),
  };
}
