import * as z from 'zod';
import { mediaConnectChangeCalls } from './mediaconnect-changes';
import { resourcePk } from '../store/keys';
import { describeIssue } from '../events/schema-issues';
import type { ApplyOutcome, EventEnvelope, ResourceRef, TypedEvent, Unparsed } from '../events/event-model';
import { impactFields } from '../events/impact-fields';
import { healthSk } from '../events/ingest-store';
import { storableRecord } from '../events/stored-body';
import {
  AlarmTarget,
  dedupeRefs,
  findArn,
  outcomeOf,
  ServiceModule,
  typedEvent,
  unparsedEvent,
  updateStoredResource,
  validArn,
} from '../events/services/service-module';

/**
 * MediaConnect events (reference §4) and alarm dimensions (§1: FlowARN, SourceARN, OutputARN).
 *
 * - Flow Status Change sets the stored flow's `status` (version = event time, so neither an older event nor an older
 *   poll wins); metrics polling pauses while the status is STARTING or STOPPING (METRICS_PAUSED_STATUSES).
 * - Flow, Source and Output Health, Output Status Change, Alert, Maintenance and Content Quality are stored as
 *   `HEALTH#<resource arn>#<aspect>` items in the flow's partition, one per resource and aspect, each versioned by event
 *   time. The inventory poller replaces child items whole, so health is never stored on them.
 * - A health item that says `unhealthy: true` carries the flow's downstream `impacts` (events/impact-fields.ts).
 * Every MediaConnect event asks for a (coalesced) re-poll of its flow.
 */

export const MEDIACONNECT_HEALTH_TYPE = 'mediaconnect:health';

const status = z
  .string()
  .regex(/^[A-Z][A-Z_]{1,31}$/i)
  .transform((s) => s.toUpperCase());
const optionalStatus = status.optional().catch(undefined);
const tr101Schema = z.record(z.string().max(64), z.unknown()).optional().catch(undefined);
const healthStateSchema = z.looseObject({
  failover_switch: z.boolean().optional().catch(undefined),
  source_state: optionalStatus,
  tr101: tr101Schema,
});

const statusChangeSchema = z.looseObject({ currentStatus: status, previousStatus: optionalStatus });
const healthSchema = z.looseObject({
  unhealthy: z.boolean().optional().catch(undefined),
  current: healthStateSchema,
  previous: healthStateSchema.optional().catch(undefined),
});
const outputHealthSchema = z.looseObject({
  current: z.looseObject({ state: status }),
  previous: z.looseObject({ state: optionalStatus }).optional().catch(undefined),
});
const maintenanceSchema = z.looseObject({ currentStatus: status, previousStatus: optionalStatus });
const alertSchema = z.looseObject({
  errored: z.boolean().optional().catch(undefined),
  'error-code': z.string().max(256).optional().catch(undefined),
  'error-message': z.string().optional().catch(undefined),
});

type HealthState = z.infer<typeof healthStateSchema>;

/** A source's or flow's health as stored: upper-case state, the TR 101 290 flags, the failover switch. */
export type StoredHealth = {
  sourceState?: string;
  failoverSwitch?: boolean;
  unhealthy?: boolean;
  /** Every TR 101 290 flag as reported. */
  tr101?: Record<string, boolean>;
  /** The flags that are set. */
  tr101Errors?: string[];
};

function healthOf(state: HealthState, unhealthy?: boolean): StoredHealth {
  const flags = Object.fromEntries(
    Object.entries(state.tr101 ?? {}).filter((e): e is [string, boolean] => typeof e[1] === 'boolean'),
  );
  const errors = Object.keys(flags).filter((k) => flags[k]);
  return {
    ...(state.source_state ? { sourceState: state.source_state } : {}),
    ...(state.failover_switch !== undefined ? { failoverSwitch: state.failover_switch } : {}),
    ...(unhealthy !== undefined ? { unhealthy } : {}),
    ...(state.tr101 ? { tr101: flags, tr101Errors: errors } : {}),
  };
}

const DETAIL_TYPES = {
  flowStatus: 'MediaConnect Flow Status Change',
  flowHealth: 'MediaConnect Flow Health',
  sourceHealth: 'MediaConnect Source Health',
  outputHealth: 'MediaConnect Output Health',
  outputStatus: 'MediaConnect Output Status Change',
  alert: 'MediaConnect Alert',
  maintenance: 'MediaConnect Flow Maintenance',
  contentQuality: 'MediaConnect Flow Content Quality',
} as const;

export const mediaConnectService: ServiceModule = {
  name: 'mediaconnect',
  eventSource: 'aws.mediaconnect',
  namespace: 'AWS/MediaConnect',
  detailTypes: Object.values(DETAIL_TYPES),
  parseEvent,
  changeCalls: mediaConnectChangeCalls,
  alarmTargets,
};

function parseEvent(envelope: EventEnvelope): TypedEvent | Unparsed {
  const flowArn = findArn(envelope.resources, 'mediaconnect', 'flow');
  if (!flowArn) return unparsedEvent('invalid-event', 'resources holds no MediaConnect flow ARN');
  const flow: ResourceRef = { arn: flowArn, kind: 'flow' };
  const detail = envelope.detail;
  switch (envelope.detailType) {
    case DETAIL_TYPES.flowStatus: {
      const parsed = statusChangeSchema.safeParse(detail);
      if (!parsed.success) return unparsedEvent('invalid-detail', describeIssue(parsed.error));
      const { currentStatus, previousStatus } = parsed.data;
      return typedEvent(
        envelope,
        'mediaconnect:flow-status',
        `Flow status ${previousStatus ?? '?'} → ${currentStatus}`,
        { currentStatus, ...(previousStatus ? { previousStatus } : {}) },
        async (context) => {
          const result = await updateStoredResource(context, flowArn, envelope.version, {
            status: currentStatus,
            statusChangedAt: envelope.time,
            statusSource: 'event',
            observedAt: envelope.time,
          });
          return outcomeOf(result, [flow], [flowArn]);
        },
      );
    }
    case DETAIL_TYPES.flowHealth: {
      const parsed = healthSchema.safeParse(detail);
      if (!parsed.success) return unparsedEvent('invalid-detail', describeIssue(parsed.error));
      const health = healthOf(parsed.data.current, parsed.data.unhealthy);
      return healthEvent(
        envelope,
        'mediaconnect:flow-health',
        `Flow ${summariseHealth(health)}`,
        flow,
        flow,
        'connectivity',
        health,
      );
    }
    case DETAIL_TYPES.sourceHealth: {
      const sourceArn = findArn(envelope.resources, 'mediaconnect', 'source');
      if (!sourceArn) return unparsedEvent('invalid-event', 'Source Health without a source ARN in resources');
      const parsed = healthSchema.safeParse(detail);
      if (!parsed.success) return unparsedEvent('invalid-detail', describeIssue(parsed.error));
      const health = healthOf(parsed.data.current, parsed.data.unhealthy);
      const source: ResourceRef = { arn: sourceArn, kind: 'source' };
      return healthEvent(
        envelope,
        'mediaconnect:source-health',
        `Source ${summariseHealth(health)}`,
        flow,
        source,
        'connectivity',
        health,
      );
    }
    case DETAIL_TYPES.outputHealth: {
      const outputArn = findArn(envelope.resources, 'mediaconnect', 'output');
      if (!outputArn) return unparsedEvent('invalid-event', 'Output Health without an output ARN in resources');
      const parsed = outputHealthSchema.safeParse(detail);
      if (!parsed.success) return unparsedEvent('invalid-detail', describeIssue(parsed.error));
      const health = {
        state: parsed.data.current.state,
        ...(parsed.data.previous?.state ? { previousState: parsed.data.previous.state } : {}),
      };
      const output: ResourceRef = { arn: outputArn, kind: 'output' };
      return healthEvent(
        envelope,
        'mediaconnect:output-health',
        `Output ${health.previousState ?? '?'} → ${health.state}`,
        flow,
        output,
        'connectivity',
        health,
      );
    }
    case DETAIL_TYPES.outputStatus: {
      const outputArn = findArn(envelope.resources, 'mediaconnect', 'output');
      if (!outputArn) return unparsedEvent('invalid-event', 'Output Status Change without an output ARN in resources');
      const parsed = statusChangeSchema.safeParse(detail);
      if (!parsed.success) return unparsedEvent('invalid-detail', describeIssue(parsed.error));
      const health = {
        status: parsed.data.currentStatus,
        ...(parsed.data.previousStatus ? { previousStatus: parsed.data.previousStatus } : {}),
      };
      const output: ResourceRef = { arn: outputArn, kind: 'output' };
      return healthEvent(
        envelope,
        'mediaconnect:output-status',
        `Output ${health.previousStatus ?? '?'} → ${health.status}`,
        flow,
        output,
        'status',
        health,
      );
    }
    case DETAIL_TYPES.alert: {
      const parsed = alertSchema.safeParse(detail);
      if (!parsed.success) return unparsedEvent('invalid-detail', describeIssue(parsed.error));
      const alert = {
        errored: parsed.data.errored ?? true,
        ...(parsed.data['error-code'] ? { errorCode: parsed.data['error-code'] } : {}),
        ...(parsed.data['error-message'] ? { errorMessage: parsed.data['error-message'].slice(0, 2_000) } : {}),
      };
      const summary = `Alert ${alert.errored ? '' : 'cleared '}${alert.errorCode ?? ''}: ${alert.errorMessage ?? ''}`;
      // An alert may name an output or source besides the flow: it is recorded on that resource's history too.
      const others = envelope.resources.filter((r) => r !== flowArn && validArn(r)?.service === 'mediaconnect');
      return healthEvent(envelope, 'mediaconnect:alert', summary, flow, flow, 'alert', alert, others);
    }
    case DETAIL_TYPES.maintenance: {
      const parsed = maintenanceSchema.safeParse(detail);
      if (!parsed.success) return unparsedEvent('invalid-detail', describeIssue(parsed.error));
      const maintenance = {
        status: parsed.data.currentStatus,
        ...(parsed.data.previousStatus ? { previousStatus: parsed.data.previousStatus } : {}),
      };
      return healthEvent(
        envelope,
        'mediaconnect:maintenance',
        `Maintenance ${maintenance.status}`,
        flow,
        flow,
        'maintenance',
        maintenance,
      );
    }
    case DETAIL_TYPES.contentQuality: {
      // No sample of this detail-type exists in the reference: stored as it comes, bounded.
      const quality = storableRecord(detail);
      return healthEvent(
        envelope,
        'mediaconnect:content-quality',
        'Content quality changed',
        flow,
        flow,
        'content-quality',
        quality,
      );
    }
    default:
      return unparsedEvent(
        'unknown-detail-type',
        `unsupported MediaConnect detail-type "${envelope.detailType.slice(0, 100)}"`,
      );
  }
}

/**
 * An event whose state is a health item: `HEALTH#<resource>#<aspect>` in the flow's partition, written when newer
 * than the stored one. A source's or output's flow is remembered for alarms that name the child alone.
 */
function healthEvent(
  envelope: EventEnvelope,
  type: string,
  summary: string,
  flow: ResourceRef,
  resource: ResourceRef,
  aspect: string,
  health: Record<string, unknown>,
  alsoAffected: readonly string[] = [],
): TypedEvent {
  return typedEvent(
    envelope,
    type,
    summary,
    { [aspect === 'connectivity' ? 'health' : aspect]: health },
    async (context) => {
      if (resource.kind === 'source' || resource.kind === 'output') {
        await context.resolver.remember(resource.arn, resource.kind === 'source' ? 'SOURCE' : 'OUTPUT', flow.arn);
      }
      // Health that turns unhealthy records what the flow feeds downstream, as an alarm entering ALARM does.
      const impacts = health.unhealthy === true ? await impactFields(context, flow.arn, `${type} of ${flow.arn}`) : {};
      const written = await context.store.putIfNewer({
        ...impacts,
        pk: resourcePk(flow.arn),
        sk: healthSk(resource.arn, aspect),
        type: MEDIACONNECT_HEALTH_TYPE,
        account: envelope.account,
        region: envelope.region,
        observedAt: envelope.time,
        version: envelope.version,
        resourceArn: resource.arn,
        resourceKind: resource.kind,
        flowArn: flow.arn,
        aspect,
        health,
        since: envelope.time,
        eventType: type,
        eventId: envelope.id,
        // Health not refreshed by an event within the history window is no longer current; metrics remain authoritative.
        expiresAt: context.historyExpiresAt,
      });
      const affected = dedupeRefs([
        flow,
        resource,
        ...alsoAffected.map((arn) => ({ arn, kind: validArn(arn)?.resourceType ?? 'resource' })),
      ]);
      return outcomeOf(written, affected, [flow.arn]) satisfies ApplyOutcome;
    },
  );
}

function summariseHealth(health: StoredHealth): string {
  const parts = [health.sourceState ?? 'health changed'];
  if (health.unhealthy !== undefined) parts.push(health.unhealthy ? 'unhealthy' : 'healthy');
  if (health.tr101Errors?.length) parts.push(`TR 101 290: ${health.tr101Errors.join(', ')}`);
  if (health.failoverSwitch) parts.push('failover switch');
  return parts.join(', ');
}

/** FlowARN, SourceARN and OutputARN dimensions. A source or output without FlowARN needs its flow looked up. */
function alarmTargets(metric: { dimensions: Readonly<Record<string, string>> }): AlarmTarget[] {
  const dims = metric.dimensions;
  const flowArn =
    typeof dims.FlowARN === 'string' && validArn(dims.FlowARN)?.resourceType === 'flow' ? dims.FlowARN : undefined;
  const flow: ResourceRef | undefined = flowArn ? { arn: flowArn, kind: 'flow' } : undefined;
  const targets: AlarmTarget[] = [];
  for (const [dimension, kind, childKind] of [
    ['SourceARN', 'source', 'SOURCE'],
    ['OutputARN', 'output', 'OUTPUT'],
  ] as const) {
    const arn = dims[dimension];
    if (typeof arn === 'string' && validArn(arn)?.resourceType === kind) {
      targets.push({ resource: { arn, kind }, ...(flow ? { owner: flow } : { childKind }) });
    }
  }
  if (targets.length === 0 && flow) targets.push({ resource: flow, owner: flow });
  const az = dims.AvailabilityZone;
  return az ? targets.map((t) => ({ ...t, qualifiers: { AvailabilityZone: az } })) : targets;
}
