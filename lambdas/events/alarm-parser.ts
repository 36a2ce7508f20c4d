import * as z from 'zod';
import { tryParseArn } from '../shared/arn';
import type { AlarmChange, AlarmMetric, AlarmStateValue, EventEnvelope, Unparsed } from './event-model';
import { parseEventTime } from './event-time';
import { describeIssue, isRecord } from './schema-issues';
import { SERVICE_MODULES } from './services/service-registry';

/**
 * CloudWatch alarm state changes in both shapes (reference §5):
 * - the SNS notification `Message` (a JSON string): `Trigger.Dimensions` as a list of lower-case `{name, value}`,
 *   metric-math alarms with `Trigger.Metrics[]`, the region only as a display name (taken from `AlarmArn`);
 * - the EventBridge `CloudWatch Alarm State Change` event: `configuration.metrics[].metricStat.metric.dimensions` as a map.
 * Only alarms on at least one media-service metric are applied; the rest are recorded as unparsed.
 */

/** The namespaces of the registered services: AWS/MediaConnect, AWS/MediaLive, AWS/MediaPackage. */
export const MEDIA_NAMESPACES: ReadonlySet<string> = new Set(SERVICE_MODULES.map((m) => m.namespace));

const ALARM_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
const MAX_REASON = 1_000;

/** Where an alarm came from when its payload lacks a region or account (older payloads have no AlarmArn). */
export interface AlarmOrigin {
  readonly topicArn?: string;
  readonly regionHint?: string;
}

const optionalString = z.string().nullish().catch(undefined);
const optionalNumber = z.number().nullish().catch(undefined);
const dimensionValue = z.string().min(1).max(1024);

/** `{name, value}` as CloudWatch writes it in SNS messages; upper-case keys tolerated. */
const dimensionSchema = z.looseObject({
  name: z.string().max(255).optional(),
  value: dimensionValue.optional(),
  Name: z.string().max(255).optional(),
  Value: dimensionValue.optional(),
});
const dimensionListSchema = z.array(dimensionSchema).max(30);

const snsMathMetricSchema = z.looseObject({
  Id: z.string().optional(),
  MetricStat: z
    .looseObject({
      Metric: z.looseObject({
        Namespace: z.string().max(255).nullish(),
        MetricName: z.string().max(255).nullish(),
        Dimensions: dimensionListSchema.nullish(),
      }),
      Period: optionalNumber,
      Stat: optionalString,
    })
    .nullish(),
  Expression: optionalString,
});

const snsTriggerSchema = z.looseObject({
  MetricName: z.string().max(255).nullish(),
  Namespace: z.string().max(255).nullish(),
  Statistic: optionalString,
  ExtendedStatistic: optionalString,
  Dimensions: dimensionListSchema.nullish(),
  Metrics: z.array(snsMathMetricSchema).max(100).nullish(),
  Period: optionalNumber,
  Threshold: optionalNumber,
  ComparisonOperator: optionalString,
  TreatMissingData: optionalString,
});

export const snsAlarmMessageSchema = z.looseObject({
  AlarmName: z.string().min(1).max(255),
  AlarmDescription: optionalString,
  AWSAccountId: optionalString,
  NewStateValue: z.enum(ALARM_STATES),
  NewStateReason: optionalString,
  StateChangeTime: z.string(),
  AlarmArn: optionalString,
  OldStateValue: optionalString,
  Trigger: snsTriggerSchema.nullish(),
});

const ebMetricSchema = z.looseObject({
  id: z.string().optional(),
  metricStat: z
    .looseObject({
      metric: z.looseObject({
        namespace: z.string().max(255).nullish(),
        name: z.string().max(255).nullish(),
        dimensions: z.record(z.string().max(255), dimensionValue).nullish(),
      }),
      period: optionalNumber,
      stat: optionalString,
    })
    .nullish(),
  expression: optionalString,
});

export const eventBridgeAlarmDetailSchema = z.looseObject({
  alarmName: z.string().min(1).max(255),
  state: z.looseObject({ value: z.enum(ALARM_STATES), reason: optionalString, timestamp: z.string() }),
  previousState: z.looseObject({ value: optionalString }).nullish().catch(undefined),
  configuration: z
    .looseObject({
      description: optionalString,
      metrics: z.array(ebMetricSchema).max(100).nullish(),
    })
    .nullish(),
});

/** True when a parsed JSON value looks like a CloudWatch alarm notification (it may still fail validation). */
export function looksLikeSnsAlarm(value: unknown): boolean {
  return isRecord(value) && 'AlarmName' in value && ('NewStateValue' in value || 'Trigger' in value);
}

/** The alarm change in an SNS notification's `Message`, or why it cannot be applied. */
export function parseSnsAlarm(message: unknown, origin: AlarmOrigin, nowMs: number): AlarmChange | Unparsed {
  const parsed = snsAlarmMessageSchema.safeParse(message);
  if (!parsed.success) return unparsed('invalid-alarm', describeIssue(parsed.error));
  const m = parsed.data;
  const time = parseEventTime(m.StateChangeTime, nowMs);
  if (!time) return unparsed('invalid-alarm', 'StateChangeTime is not a valid time');
  const alarmArn = tryParseArn(m.AlarmArn ?? '');
  const topicArn = tryParseArn(origin.topicArn ?? '');
  const region = alarmArn?.region || topicArn?.region || origin.regionHint;
  const accountId = /^\d{12}$/.test(m.AWSAccountId ?? '') ? m.AWSAccountId : undefined;
  const account = accountId ?? (alarmArn?.account || topicArn?.account || undefined);
  if (!region || !account)
    return unparsed('invalid-alarm', 'no region or account (no AlarmArn, TopicArn or queue region)');

  const trigger = m.Trigger;
  const metrics: AlarmMetric[] = [];
  if (trigger?.Namespace && trigger.MetricName) {
    metrics.push(
      metricOf(
        trigger.Namespace,
        trigger.MetricName,
        dimensionMap(trigger.Dimensions),
        trigger.Statistic ?? trigger.ExtendedStatistic,
        trigger.Period,
      ),
    );
  }
  for (const entry of trigger?.Metrics ?? []) {
    const metric = entry.MetricStat?.Metric;
    if (metric?.Namespace && metric.MetricName) {
      metrics.push(
        metricOf(
          metric.Namespace,
          metric.MetricName,
          dimensionMap(metric.Dimensions),
          entry.MetricStat?.Stat,
          entry.MetricStat?.Period,
        ),
      );
    }
  }
  const media = metrics.filter((metric) => MEDIA_NAMESPACES.has(metric.namespace));
  if (media.length === 0) return unparsed('non-media-alarm', nonMediaDetail(metrics));
  return {
    kind: 'alarm',
    name: m.AlarmName,
    ...(m.AlarmArn && alarmArn ? { arn: m.AlarmArn } : {}),
    account,
    region,
    state: m.NewStateValue as AlarmStateValue,
    ...(m.OldStateValue ? { previousState: m.OldStateValue.slice(0, 32) } : {}),
    ...(m.NewStateReason ? { reason: m.NewStateReason.slice(0, MAX_REASON) } : {}),
    ...(m.AlarmDescription ? { description: m.AlarmDescription.slice(0, MAX_REASON) } : {}),
    changedAt: time.iso,
    version: time.ms,
    metrics: media,
    ...(trigger?.Threshold !== undefined && trigger.Threshold !== null ? { threshold: trigger.Threshold } : {}),
    ...(trigger?.ComparisonOperator ? { comparison: trigger.ComparisonOperator.slice(0, 64) } : {}),
    ...(trigger?.TreatMissingData ? { treatMissingData: normaliseTreatMissingData(trigger.TreatMissingData) } : {}),
  };
}

/** The alarm change in an EventBridge `CloudWatch Alarm State Change` event, or why it cannot be applied. */
export function parseEventBridgeAlarm(envelope: EventEnvelope, nowMs: number): AlarmChange | Unparsed {
  const parsed = eventBridgeAlarmDetailSchema.safeParse(envelope.detail);
  if (!parsed.success) return unparsed('invalid-detail', describeIssue(parsed.error));
  const d = parsed.data;
  const time = parseEventTime(d.state.timestamp, nowMs);
  if (!time) return unparsed('invalid-detail', 'state.timestamp is not a valid time');
  const metrics: AlarmMetric[] = [];
  for (const entry of d.configuration?.metrics ?? []) {
    const metric = entry.metricStat?.metric;
    if (metric?.namespace && metric.name) {
      metrics.push(
        metricOf(
          metric.namespace,
          metric.name,
          { ...(metric.dimensions ?? {}) },
          entry.metricStat?.stat,
          entry.metricStat?.period,
        ),
      );
    }
  }
  const media = metrics.filter((metric) => MEDIA_NAMESPACES.has(metric.namespace));
  if (media.length === 0) return unparsed('non-media-alarm', nonMediaDetail(metrics));
  const alarmArn = envelope.resources.find((r) => tryParseArn(r)?.service === 'cloudwatch');
  return {
    kind: 'alarm',
    name: d.alarmName,
    ...(alarmArn ? { arn: alarmArn } : {}),
    account: envelope.account,
    region: envelope.region,
    state: d.state.value as AlarmStateValue,
    ...(d.previousState?.value ? { previousState: d.previousState.value.slice(0, 32) } : {}),
    ...(d.state.reason ? { reason: d.state.reason.slice(0, MAX_REASON) } : {}),
    ...(d.configuration?.description ? { description: d.configuration.description.slice(0, MAX_REASON) } : {}),
    changedAt: time.iso,
    version: time.ms,
    metrics: media,
  };
}

/** `"- TreatMissingData:                    missing"` (seen in the wild) → `missing`. */
export function normaliseTreatMissingData(value: string): string {
  return value
    .replace(/^\s*-?\s*TreatMissingData:\s*/i, '')
    .trim()
    .slice(0, 32);
}

function metricOf(
  namespace: string,
  metricName: string,
  dimensions: Record<string, string>,
  stat?: string | null,
  period?: number | null,
): AlarmMetric {
  return {
    namespace,
    metricName,
    dimensions,
    ...(stat ? { stat: stat.slice(0, 32) } : {}),
    ...(typeof period === 'number' ? { period } : {}),
  };
}

function dimensionMap(dimensions: z.infer<typeof dimensionListSchema> | null | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const d of dimensions ?? []) {
    const name = d.name ?? d.Name;
    const value = d.value ?? d.Value;
    if (name && value) map[name] = value;
  }
  return map;
}

function nonMediaDetail(metrics: readonly AlarmMetric[]): string {
  const namespaces = [...new Set(metrics.map((m) => m.namespace))];
  return namespaces.length
    ? `alarm on ${namespaces.join(', ').slice(0, 200)}, not a media namespace`
    : 'alarm has no metric (composite or unknown shape)';
}

function unparsed(reason: Unparsed['reason'], detail: string): Unparsed {
  return { kind: 'unparsed', reason, detail };
}
