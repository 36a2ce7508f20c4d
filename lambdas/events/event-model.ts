import type { ImpactReader } from '../chain/chain-graph';
import type { FlowResolver } from './flow-resolver';
import type { IngestStore } from './ingest-store';

/**
 * The real-time path's domain types. Every entry form (an SQS record, a direct SNS delivery, a bare EventBridge event)
 * becomes a `RawMessage`; parsing turns it into an `AlarmChange` or a `ServiceEvent`, or into an `Unparsed` with a
 * reason. Nothing is dropped: an input is applied, recorded as unparsed, or recognised as a duplicate.
 */

/** One message as it reached the ingest function, before parsing. */
export interface RawMessage {
  /** The delivery's id: the SQS messageId, else the SNS MessageId or EventBridge id, else a hash of the body. */
  readonly id: string;
  /** The body as delivered: an SNS envelope or an EventBridge event, as JSON text. */
  readonly body: string;
  /** Epoch ms at which the function received it. */
  readonly receivedAt: number;
  /** Epoch ms at which the queue first accepted it (SQS SentTimestamp; stable across redeliveries). */
  readonly sentAt?: number;
  /** The region of the queue or function that delivered it: the last resort for a region-less alarm payload. */
  readonly regionHint?: string;
  /** How it arrived. */
  readonly origin: 'sqs' | 'sns' | 'eventbridge' | 'direct';
}

/** How a parsed message travelled; `reconcile` marks a change the alarm reconciliation read from DescribeAlarms. */
export type Channel = 'sns' | 'eventbridge' | 'reconcile';

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** One metric an alarm watches, with its dimensions as a map (SNS lists them, EventBridge maps them). */
export interface AlarmMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat?: string;
  readonly period?: number;
}

/** A CloudWatch alarm state change, from SNS or from EventBridge. */
export interface AlarmChange {
  readonly kind: 'alarm';
  readonly name: string;
  readonly arn?: string;
  readonly account: string;
  readonly region: string;
  readonly state: AlarmStateValue;
  readonly previousState?: string;
  readonly reason?: string;
  readonly description?: string;
  /** ISO-8601 (normalised) time of the state change. */
  readonly changedAt: string;
  /** Epoch ms of the state change: the version of everything written for it. */
  readonly version: number;
  /** The metrics on media namespaces (at least one). */
  readonly metrics: readonly AlarmMetric[];
  readonly threshold?: number;
  readonly comparison?: string;
  readonly treatMissingData?: string;
}

/** A service event from EventBridge (MediaConnect, MediaLive, MediaPackage), before it is typed by its service. */
export interface EventEnvelope {
  readonly id: string;
  readonly source: string;
  readonly detailType: string;
  readonly account: string;
  readonly region: string;
  /** ISO-8601 (normalised). */
  readonly time: string;
  readonly version: number;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

/** Why an input could not be applied. Recorded with its raw body and counted. */
export type UnparsedReason =
  | 'invalid-json'
  | 'unknown-envelope'
  | 'invalid-sns-envelope'
  | 'unsupported-sns-type'
  | 'unexpected-topic'
  | 'invalid-sns-message'
  | 'unknown-sns-message'
  | 'invalid-alarm'
  | 'non-media-alarm'
  | 'invalid-event'
  | 'unknown-source'
  | 'unknown-detail-type'
  | 'invalid-detail';

export interface Unparsed {
  readonly kind: 'unparsed';
  readonly reason: UnparsedReason;
  /** One line on what was wrong (a zod issue path and message), never the body. */
  readonly detail: string;
}

/** Where the message said it came from, for history and dedup. */
export interface Delivery {
  readonly channel: Channel;
  /** The id of the notification or event (SNS MessageId or EventBridge id): redeliveries repeat it. */
  readonly messageId: string;
  readonly topicArn?: string;
}

/** A MediaConnect, MediaLive or MediaPackage resource an event or alarm concerns. */
export interface ResourceRef {
  readonly arn: string;
  /** `flow`, `source`, `output`, `channel`, `origin-endpoint`, `harvest-job`, `alarm`. */
  readonly kind: string;
}

/** An input that parsed: the delivery plus either an alarm change or a typed service event ready to apply. */
export type ParsedMessage =
  | { readonly kind: 'alarm'; readonly delivery: Delivery; readonly alarm: AlarmChange }
  | { readonly kind: 'event'; readonly delivery: Delivery; readonly event: TypedEvent };

/**
 * A service event typed by its service module. `apply` closes over the module's own event type, so the ingest loop
 * treats every service alike.
 */
export interface TypedEvent {
  readonly envelope: EventEnvelope;
  /** `mediaconnect:flow-status`, `medialive:channel-alert`, … */
  readonly type: string;
  /** One line for the history. */
  readonly summary: string;
  /** The parsed detail as stored in history (bounded, no secrets). */
  readonly detail: Readonly<Record<string, unknown>>;
  apply(context: ApplyContext): Promise<ApplyOutcome>;
}

/** What applying one message did. */
export interface ApplyOutcome {
  /** Resources whose history gets this message: the owner first, then the resource itself (source, output, …). */
  readonly affected: readonly ResourceRef[];
  /**
   * Top-level resources to re-poll (a MediaConnect flow, a MediaLive channel, …), coalesced by the caller per resource
   * and window; re-polled through their service's refresher, or recorded as skipped when the service has none.
   */
  readonly repollArns: readonly string[];
  /** State items written (conditional writes that landed). */
  readonly writes: number;
  /** Conditional writes refused because newer state was stored. */
  readonly stale: number;
  /**
   * Resources whose re-poll may read a state still in transition (a delete: AWS deletes asynchronously, the resource
   * reads DELETING for a while): besides the leading re-poll, one trailing re-poll at the end of the window, even when
   * no other event comes. @default none
   */
  readonly settleArns?: readonly string[];
  /** What a CloudTrail change call did besides its re-polls (events/change-events.ts), for the ingest's counters. */
  readonly changeCall?: ChangeCallCounts;
}

/**
 * Why a change call was left alone: it failed (`errorCode`), it reads only, it is not a watched mutating call of its
 * service, or every resource it names is in another account.
 */
export type ChangeIgnoredReason = 'failed' | 'read-only' | 'unwatched' | 'foreign-account';

export interface ChangeCallCounts {
  /** Set when the call changed nothing on purpose: no state write, no history, no re-poll. */
  readonly ignored?: ChangeIgnoredReason;
  /** Resources the call named in another account than the event's, dropped. */
  readonly foreignTargets: number;
  /** A watched call none of whose resources could be read or found (the next sweep catches the change). */
  readonly unresolved: boolean;
}

/** The store and settings an applier writes with (built once per batch by `ingestMessages`). */
export interface ApplyContext {
  readonly store: IngestStore;
  readonly resolver: FlowResolver;
  readonly nowMs: number;
  /** Epoch seconds after which history-like items expire. */
  readonly historyExpiresAt: number;
  /**
   * What a resource affects downstream (chain/chain-graph.ts), recorded on an alarm that enters ALARM (`impacts`).
   * @default none: alarms are stored without impacts
   */
  readonly impacts?: ImpactReader;
  /** Where an applier reports what it could not do but did not fail for (impacts not read). @default silent */
  readonly logger?: { warn(message: string, ...extra: unknown[]): void };
}
