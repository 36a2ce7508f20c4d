import * as z from 'zod';
import { looksLikeSnsAlarm, parseEventBridgeAlarm, parseSnsAlarm } from './alarm-parser';
import { CLOUDTRAIL_DETAIL_TYPE } from './change-calls';
import { parseChangeEvent } from './change-events';
import type { Delivery, EventEnvelope, ParsedMessage, RawMessage, Unparsed } from './event-model';
import { parseEventTime } from './event-time';
import { describeIssue, isRecord } from './schema-issues';
import { serviceForEventSource } from './services/service-registry';

/**
 * Classifies and parses one queue body. A body is either an SNS envelope (SNS → SQS with raw delivery off; its
 * `Message` is a CloudWatch alarm or, rarely, an EventBridge event routed through SNS) or an EventBridge event
 * (EventBridge → SQS). Whatever fails is an `Unparsed` with a reason; nothing here throws.
 */

export interface ParseSettings {
  /** Topics whose notifications are accepted; empty accepts any topic. */
  readonly expectedTopicArns: ReadonlySet<string>;
}

/** The kind of delivery, naming the raw-message ring it is kept in. */
export type RingKind = 'sns' | 'eventbridge' | 'other';

export interface ParseResult {
  /**
   * Identifies one change across redeliveries and across channels: for a parsed alarm `alarm:<account>:<region>:<name>:
   * <state>:<state change ms>` (CloudWatch sends the same change through SNS and through EventBridge); for a parsed
   * service event `eb:<event id>` (direct, or routed through SNS); else `sns:<MessageId>`, `eb:<event id>` or
   * `msg:<delivery id>`.
   */
  readonly dedupKey: string;
  readonly ringKind: RingKind;
  readonly outcome: ParsedMessage | Unparsed;
  /**
   * The account and Region the message is from: a parsed alarm's, a parsed event's envelope's, or the well-formed
   * `account` and `region` of an EventBridge event that did not parse. The ingest drops a message from an account and
   * Region it does not watch before it writes anything. Undefined: no origin is known (it is kept as today).
   */
  readonly origin?: MessageOrigin;
}

export interface MessageOrigin {
  readonly account: string;
  readonly region: string;
}

const MAX_ID = 256;

const snsEnvelopeSchema = z.looseObject({
  Type: z.string().max(64),
  MessageId: z.string().min(1).max(MAX_ID),
  TopicArn: z.string().min(1).max(1_024),
  // Subject is null for some publishers; the URL fields are `…URL` over SQS/HTTP and `…Url` in Lambda deliveries.
  Subject: z.string().nullish().catch(undefined),
  Message: z.string(),
  Timestamp: z.string().optional().catch(undefined),
  SigningCertURL: z.string().optional().catch(undefined),
  SigningCertUrl: z.string().optional().catch(undefined),
  UnsubscribeURL: z.string().optional().catch(undefined),
  UnsubscribeUrl: z.string().optional().catch(undefined),
});

const eventBridgeSchema = z.looseObject({
  version: z.string().optional().catch(undefined),
  id: z.string().min(1).max(MAX_ID),
  'detail-type': z.string().min(1).max(256),
  source: z.string().min(1).max(256),
  account: z.string().regex(/^\d{12}$/),
  time: z.string(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/),
  resources: z.array(z.string().max(2_048)).max(100).default([]),
  detail: z.record(z.string(), z.unknown()),
});

const looksLikeSnsEnvelope = (value: Record<string, unknown>): boolean =>
  typeof value.Type === 'string' && ('TopicArn' in value || 'Message' in value);
const looksLikeEventBridge = (value: Record<string, unknown>): boolean =>
  'detail-type' in value || ('source' in value && 'detail' in value);

/** Parses one raw message. `nowMs` bounds credible event times. */
export function parseMessage(raw: RawMessage, settings: ParseSettings, nowMs: number): ParseResult {
  const result = parseBody(raw, settings, nowMs);
  const changeKey = changeKeyOf(result.outcome);
  const origin = originOf(result.outcome) ?? result.origin;
  return { ...result, ...(changeKey ? { dedupKey: changeKey } : {}), ...(origin ? { origin } : {}) };
}

/** Where a parsed message is from: the alarm's account and Region, or the event envelope's. */
function originOf(outcome: ParsedMessage | Unparsed): MessageOrigin | undefined {
  if (outcome.kind === 'alarm') return { account: outcome.alarm.account, region: outcome.alarm.region };
  if (outcome.kind === 'event')
    return { account: outcome.event.envelope.account, region: outcome.event.envelope.region };
  return undefined;
}

const ACCOUNT_FIELD = /^\d{12}$/;
const REGION_FIELD = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** The `account` and `region` of an EventBridge body, when both are well-formed (whether or not the rest parses). */
function bodyOrigin(body: Record<string, unknown>): MessageOrigin | undefined {
  const { account, region } = body;
  return typeof account === 'string' &&
    ACCOUNT_FIELD.test(account) &&
    typeof region === 'string' &&
    REGION_FIELD.test(region)
    ? { account, region }
    : undefined;
}

/** The key of the change a parsed message carries, the same whichever way it was delivered. */
function changeKeyOf(outcome: ParsedMessage | Unparsed): string | undefined {
  if (outcome.kind === 'alarm') {
    const a = outcome.alarm;
    return `alarm:${a.account}:${a.region}:${a.name}:${a.state}:${a.version}`;
  }
  if (outcome.kind === 'event') return `eb:${outcome.event.envelope.id}`;
  return undefined;
}

function parseBody(raw: RawMessage, settings: ParseSettings, nowMs: number): ParseResult {
  const fallbackKey = `msg:${raw.id}`;
  let body: unknown;
  try {
    body = JSON.parse(raw.body);
  } catch {
    return { dedupKey: fallbackKey, ringKind: 'other', outcome: unparsed('invalid-json', 'the body is not JSON') };
  }
  if (!isRecord(body))
    return {
      dedupKey: fallbackKey,
      ringKind: 'other',
      outcome: unparsed('unknown-envelope', 'the body is not a JSON object'),
    };
  if (looksLikeSnsEnvelope(body)) return parseSnsEnvelope(body, raw, settings, nowMs);
  if (looksLikeEventBridge(body)) {
    const id = typeof body.id === 'string' && body.id.length > 0 && body.id.length <= MAX_ID ? body.id : undefined;
    const origin = bodyOrigin(body);
    return {
      dedupKey: id ? `eb:${id}` : fallbackKey,
      ringKind: 'eventbridge',
      outcome: parseEventBridgeEvent(body, 'eventbridge', nowMs),
      ...(origin ? { origin } : {}),
    };
  }
  return {
    dedupKey: fallbackKey,
    ringKind: 'other',
    outcome: unparsed('unknown-envelope', 'neither an SNS envelope nor an EventBridge event'),
  };
}

function parseSnsEnvelope(
  body: Record<string, unknown>,
  raw: RawMessage,
  settings: ParseSettings,
  nowMs: number,
): ParseResult {
  const parsed = snsEnvelopeSchema.safeParse(body);
  if (!parsed.success) {
    const id =
      typeof body.MessageId === 'string' && body.MessageId.length <= MAX_ID && body.MessageId
        ? body.MessageId
        : undefined;
    return {
      dedupKey: id ? `sns:${id}` : `msg:${raw.id}`,
      ringKind: 'sns',
      outcome: unparsed('invalid-sns-envelope', describeIssue(parsed.error)),
    };
  }
  const envelope = parsed.data;
  const result = (outcome: ParsedMessage | Unparsed): ParseResult => ({
    dedupKey: `sns:${envelope.MessageId}`,
    ringKind: 'sns',
    outcome,
  });
  // A SubscriptionConfirmation is never confirmed from here: subscriptions are made by the stack.
  if (envelope.Type !== 'Notification')
    return result(unparsed('unsupported-sns-type', `SNS message type ${envelope.Type}`));
  if (settings.expectedTopicArns.size > 0 && !settings.expectedTopicArns.has(envelope.TopicArn)) {
    return result(
      unparsed('unexpected-topic', `topic ${envelope.TopicArn.slice(0, 300)} is not in EXPECTED_TOPIC_ARNS`),
    );
  }
  let message: unknown;
  try {
    message = JSON.parse(envelope.Message);
  } catch {
    return result(unparsed('invalid-sns-message', 'Message is not JSON'));
  }
  const delivery: Delivery = { channel: 'sns', messageId: envelope.MessageId, topicArn: envelope.TopicArn };
  if (looksLikeSnsAlarm(message)) {
    const alarm = parseSnsAlarm(
      message,
      { topicArn: envelope.TopicArn, ...(raw.regionHint ? { regionHint: raw.regionHint } : {}) },
      nowMs,
    );
    return result(alarm.kind === 'unparsed' ? alarm : { kind: 'alarm', delivery, alarm });
  }
  if (isRecord(message) && looksLikeEventBridge(message)) {
    const event = parseEventBridgeEvent(message, 'sns', nowMs, delivery);
    return result(event);
  }
  return result(unparsed('unknown-sns-message', 'Message is neither a CloudWatch alarm nor an EventBridge event'));
}

/** An EventBridge event (direct, or inside an SNS notification, whose MessageId then identifies it). */
function parseEventBridgeEvent(
  body: Record<string, unknown>,
  channel: Delivery['channel'],
  nowMs: number,
  snsDelivery?: Delivery,
): ParsedMessage | Unparsed {
  const parsed = eventBridgeSchema.safeParse(body);
  if (!parsed.success) return unparsed('invalid-event', describeIssue(parsed.error));
  const e = parsed.data;
  const time = parseEventTime(e.time, nowMs);
  if (!time) return unparsed('invalid-event', 'time is not a valid time');
  const envelope: EventEnvelope = {
    id: e.id,
    source: e.source,
    detailType: e['detail-type'],
    account: e.account,
    region: e.region,
    time: time.iso,
    version: time.ms,
    resources: e.resources,
    detail: e.detail,
  };
  const delivery: Delivery = snsDelivery ?? { channel, messageId: e.id };
  if (e.source === 'aws.cloudwatch') {
    if (e['detail-type'] !== 'CloudWatch Alarm State Change')
      return unparsed('unknown-detail-type', `unsupported CloudWatch detail-type "${e['detail-type'].slice(0, 100)}"`);
    const alarm = parseEventBridgeAlarm(envelope, nowMs);
    return alarm.kind === 'unparsed' ? alarm : { kind: 'alarm', delivery, alarm };
  }
  const service = serviceForEventSource(e.source);
  if (!service) return unparsed('unknown-source', `unsupported event source "${e.source.slice(0, 100)}"`);
  // CloudTrail's calls are the engine's to type (change-events.ts); the service's own detail-types stay its module's.
  const event =
    e['detail-type'] === CLOUDTRAIL_DETAIL_TYPE && service.changeCalls
      ? parseChangeEvent(service.name, service.changeCalls, envelope, nowMs)
      : service.parseEvent(envelope);
  return 'kind' in event ? event : { kind: 'event', delivery, event };
}

function unparsed(reason: Unparsed['reason'], detail: string): Unparsed {
  return { kind: 'unparsed', reason, detail: detail.slice(0, 300) };
}
