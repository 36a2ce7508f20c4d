import * as z from 'zod';
import { ALERT_TYPE, type AlertRecord, type ChannelRecord } from './medialive-model';
import { META_SK, resourcePk } from '../store/keys';
import { describeIssue } from '../events/schema-issues';
import type { AlarmMetric, EventEnvelope, ResourceRef, TypedEvent, Unparsed } from '../events/event-model';
import { alertSk } from '../events/ingest-store';
import {
  AlarmTarget,
  outcomeOf,
  ServiceModule,
  typedEvent,
  unparsedEvent,
  updateStoredResource,
  validArn,
} from '../events/services/service-module';
import { mediaLiveArn } from './arn';
import { mediaLiveChangeCalls } from './medialive-changes';

/**
 * MediaLive events (reference §4) and alarm dimensions (§2: ChannelId, Pipeline, OutputGroupName, InputDeviceId).
 * They update the stored channel (medialive-model.ts) when the poller has stored it, and are recorded in history always:
 * - State Change sets the channel's `status` (the lifecycle field of every `#META` item), `stateChangedAt`,
 *   `stateSource: 'event'` and `pipelinesRunningCount`, and asks for a (coalesced) re-poll of the channel;
 * - Alert writes an `AlertRecord` (`ALERT#<alarm_id>` in the channel's partition, `source: 'event'`), SET and CLEARED
 *   paired on `alarm_id`; a cleared alert expires with the history;
 * - Input Change sets the channel's `activeInput`.
 * Every write is conditional on the event time as the item's version: an event older than the stored poll or event
 * lands in history only.
 */

const text = z.string().max(4_000).optional().catch(undefined);
const pipeline = z
  .union([z.string().max(8), z.number().int().min(0).max(9)])
  .transform(String)
  .optional()
  .catch(undefined);
const channelArnField = z.string().optional().catch(undefined);

const stateChangeSchema = z.looseObject({
  channel_arn: channelArnField,
  state: z.string().regex(/^[A-Z][A-Z_]{1,31}$/),
  message: text,
  pipelines_running_count: z.number().int().min(0).max(2).optional().catch(undefined),
  pipeline,
});
const alertSchema = z.looseObject({
  channel_arn: channelArnField,
  alarm_state: z.enum(['SET', 'CLEARED']),
  alarm_id: z.string().min(1).max(256),
  alert_type: z.string().max(256).optional().catch(undefined),
  pipeline,
  message: text,
});
const inputChangeSchema = z.looseObject({
  channel_arn: channelArnField,
  pipeline,
  message: text,
  active_input_attachment_name: z.string().max(256).optional().catch(undefined),
  active_input_switch_action_name: z.string().max(256).optional().catch(undefined),
});

const DETAIL_TYPES = {
  state: 'MediaLive Channel State Change',
  alert: 'MediaLive Channel Alert',
  inputChange: 'MediaLive Channel Input Change',
} as const;

export const mediaLiveService: ServiceModule = {
  name: 'medialive',
  eventSource: 'aws.medialive',
  namespace: 'AWS/MediaLive',
  detailTypes: Object.values(DETAIL_TYPES),
  parseEvent,
  changeCalls: mediaLiveChangeCalls,
  alarmTargets,
};

/** moto's channel ARNs carry no region or account (reference §8); the demo's events name channels this way. */
const MOTO_CHANNEL_ARN = /^arn:aws:medialive:channel:[0-9a-f]{1,64}$/;

function isChannelArn(value: unknown): value is string {
  if (typeof value === 'string' && MOTO_CHANNEL_ARN.test(value)) return true;
  const parsed = validArn(value);
  return parsed?.service === 'medialive' && parsed.resourceType === 'channel';
}

/** The channel: `detail.channel_arn` when valid (the alert's own channel), else the channel ARN in `resources`. */
function channelOf(envelope: EventEnvelope, fromDetail: string | undefined): string | undefined {
  if (isChannelArn(fromDetail)) return fromDetail;
  return envelope.resources.find(isChannelArn);
}

function parseEvent(envelope: EventEnvelope): TypedEvent | Unparsed {
  switch (envelope.detailType) {
    case DETAIL_TYPES.state: {
      const parsed = stateChangeSchema.safeParse(envelope.detail);
      if (!parsed.success) return unparsedEvent('invalid-detail', describeIssue(parsed.error));
      const d = parsed.data;
      const channelArn = channelOf(envelope, d.channel_arn);
      if (!channelArn) return unparsedEvent('invalid-event', 'no MediaLive channel ARN in detail or resources');
      const channel: ResourceRef = { arn: channelArn, kind: 'channel' };
      const detail = {
        state: d.state,
        ...(d.message ? { message: d.message } : {}),
        ...(d.pipelines_running_count !== undefined ? { pipelinesRunningCount: d.pipelines_running_count } : {}),
        ...(d.pipeline ? { pipeline: d.pipeline } : {}),
      };
      return typedEvent(
        envelope,
        'medialive:channel-state',
        `Channel ${d.state}${d.message ? `: ${d.message}` : ''}`,
        detail,
        async (context) => {
          const fields: Partial<ChannelRecord> = {
            status: d.state,
            stateChangedAt: envelope.time,
            stateSource: 'event',
            observedAt: envelope.time,
            ...(d.pipelines_running_count !== undefined ? { pipelinesRunningCount: d.pipelines_running_count } : {}),
          };
          const result = await updateStoredResource(context, channelArn, envelope.version, fields);
          // Re-polled whether or not the event landed: the re-read is what the next state is (DELETED tombstones it).
          return outcomeOf(result, [channel], [channelArn]);
        },
      );
    }
    case DETAIL_TYPES.alert: {
      const parsed = alertSchema.safeParse(envelope.detail);
      if (!parsed.success) return unparsedEvent('invalid-detail', describeIssue(parsed.error));
      const d = parsed.data;
      const channelArn = channelOf(envelope, d.channel_arn);
      if (!channelArn) return unparsedEvent('invalid-event', 'no MediaLive channel ARN in detail or resources');
      const channel: ResourceRef = { arn: channelArn, kind: 'channel' };
      const detail = {
        alarmState: d.alarm_state,
        alarmId: d.alarm_id,
        ...(d.alert_type ? { alertType: d.alert_type } : {}),
        ...(d.pipeline ? { pipeline: d.pipeline } : {}),
        ...(d.message ? { message: d.message } : {}),
      };
      return typedEvent(
        envelope,
        'medialive:channel-alert',
        `Alert ${d.alarm_state} ${d.alert_type ?? d.alarm_id}`,
        detail,
        async (context) => {
          const stored = await context.store.get<{ tombstone?: boolean }>({ pk: resourcePk(channelArn), sk: META_SK });
          if (!stored || stored.tombstone === true) return outcomeOf('missing', [channel]);
          const set = d.alarm_state === 'SET';
          // One item per alarm_id: SET opens it, CLEARED closes it; the version keeps a late SET from reopening it.
          const alert: Omit<AlertRecord, 'pk' | 'sk' | 'version'> = {
            type: ALERT_TYPE,
            account: envelope.account,
            region: envelope.region,
            observedAt: envelope.time,
            channelArn,
            alarmId: d.alarm_id,
            state: d.alarm_state,
            ...(d.alert_type ? { alertType: d.alert_type } : {}),
            ...(d.pipeline ? { pipeline: d.pipeline } : {}),
            ...(d.message ? { message: d.message } : {}),
            ...(set ? { setAt: envelope.time } : { clearedAt: envelope.time, expiresAt: context.historyExpiresAt }),
            source: 'event',
          };
          const written = await context.store.updateIfNewer(
            { pk: resourcePk(channelArn), sk: alertSk(d.alarm_id) },
            envelope.version,
            alert,
            set ? ['clearedAt', 'expiresAt'] : [],
          );
          return outcomeOf(written, [channel]);
        },
      );
    }
    case DETAIL_TYPES.inputChange: {
      const parsed = inputChangeSchema.safeParse(envelope.detail);
      if (!parsed.success) return unparsedEvent('invalid-detail', describeIssue(parsed.error));
      const d = parsed.data;
      const channelArn = channelOf(envelope, d.channel_arn);
      if (!channelArn) return unparsedEvent('invalid-event', 'no MediaLive channel ARN in detail or resources');
      const activeInput: NonNullable<ChannelRecord['activeInput']> = {
        ...(d.pipeline ? { pipeline: d.pipeline } : {}),
        ...(d.active_input_attachment_name ? { attachmentName: d.active_input_attachment_name } : {}),
        ...(d.active_input_switch_action_name ? { switchActionName: d.active_input_switch_action_name } : {}),
        at: envelope.time,
      };
      const detail = { activeInput: { ...activeInput, ...(d.message ? { message: d.message } : {}) } };
      const summary = `Active input ${d.active_input_attachment_name ?? '?'}${d.pipeline ? ` on pipeline ${d.pipeline}` : ''}`;
      return typedEvent(envelope, 'medialive:channel-input-change', summary, detail, async (context) => {
        const result = await updateStoredResource(context, channelArn, envelope.version, { activeInput });
        return outcomeOf(result, [{ arn: channelArn, kind: 'channel' }]);
      });
    }
    default:
      return unparsedEvent(
        'unknown-detail-type',
        `unsupported MediaLive detail-type "${envelope.detailType.slice(0, 100)}"`,
      );
  }
}

/** ChannelId (+ Pipeline, OutputGroupName, …) names a channel; InputDeviceId an input device. */
function alarmTargets(metric: AlarmMetric, where: { account: string; region: string }): AlarmTarget[] {
  const dims = metric.dimensions;
  const qualifiers = Object.fromEntries(
    Object.entries(dims).filter(([name]) => name !== 'ChannelId' && name !== 'InputDeviceId'),
  );
  const targets: AlarmTarget[] = [];
  if (dims.ChannelId && /^[\w-]{1,128}$/.test(dims.ChannelId)) {
    const channel: ResourceRef = {
      arn: mediaLiveArn('channel', dims.ChannelId, where.account, where.region),
      kind: 'channel',
    };
    targets.push({ resource: channel, owner: channel, qualifiers });
  }
  if (dims.InputDeviceId && /^[\w-]{1,128}$/.test(dims.InputDeviceId)) {
    const device: ResourceRef = {
      arn: mediaLiveArn('inputDevice', dims.InputDeviceId, where.account, where.region),
      kind: 'input-device',
    };
    targets.push({ resource: device, owner: device, qualifiers });
  }
  return targets;
}
