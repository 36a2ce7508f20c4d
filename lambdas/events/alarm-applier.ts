import { alarmSk, alarmsListPk, resourcePk } from '../store/keys';
import type { AlarmChange, AlarmMetric, ApplyContext, ApplyOutcome, Delivery, ResourceRef } from './event-model';
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
 * - A source or output whose flow is unknown (not inventoried yet) holds the alarm in its own partition (`unresolved`);
 *   an alarm without resource dimensions (account-wide) in the alarm's.
 */

export const ALARM_ITEM_TYPE = 'alarm';

interface Placement {
  readonly owner: ResourceRef;
  readonly resource: ResourceRef;
  readonly metric: AlarmMetric;
  readonly qualifiers?: Readonly<Record<string, string>>;
  readonly unresolved?: boolean;
}

export async function applyAlarm(context: ApplyContext, alarm: AlarmChange, delivery: Delivery): Promise<ApplyOutcome> {
  const placements = dedupePlacements(await placeAlarm(context, alarm));
  const results = await Promise.all(
    placements.map((placement) => context.store.putIfNewer(alarmItem(alarm, delivery, placement, context))),
  );
  const written = results.filter(Boolean).length;
  const affected = dedupeRefs(placements.flatMap((p) => [p.owner, p.resource]));
  const repollFlowArns = [...new Set(placements.filter((p) => p.owner.kind === 'flow').map((p) => p.owner.arn))];
  return { affected, repollFlowArns, writes: written, stale: results.length - written };
}

async function placeAlarm(context: ApplyContext, alarm: AlarmChange): Promise<Placement[]> {
  const placements: Placement[] = [];
  for (const metric of alarm.metrics) {
    const targets: AlarmTarget[] = serviceForNamespace(metric.namespace)?.alarmTargets(metric, alarm) ?? [];
    for (const target of targets) {
      const qualifiers =
        target.qualifiers && Object.keys(target.qualifiers).length ? { qualifiers: target.qualifiers } : {};
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
    ...(alarm.state === 'ALARM' ? {} : { expiresAt: context.historyExpiresAt }),
  };
}
