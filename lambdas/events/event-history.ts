import { eventSk, eventsPk } from '../store/keys';
import type { Delivery, RawMessage, ResourceRef, Unparsed } from './event-model';
import { isoDay } from './event-time';
import { rawRingPk, rawSlotSk, StoreItem, unparsedPk } from './ingest-store';
import type { RingKind } from './message-parser';
import { RAW_BODY_MAX_CHARS, storableBody, storableRecord, UNPARSED_BODY_MAX_CHARS } from './stored-body';

/**
 * What the real-time path keeps besides state: the event history of each resource, the last raw bodies per delivery
 * kind (the "SNS Debug" view), and the inputs it could not parse. All of it expires (TTL `expiresAt`). These are plain
 * puts with keys of their own, so the ingest loop writes a whole invocation's records in BatchWriteItem calls.
 */

export const EVENT_TYPE = 'event';
export const RAW_MESSAGE_TYPE = 'raw-message';
export const UNPARSED_TYPE = 'unparsed-message';
/** Slot items per delivery kind. */
export const RAW_RING_SIZE = 20;
/** Bodies per slot item: 10 × 4,000 characters keeps an item near 40 KB. */
export const RAW_BODIES_PER_SLOT = 10;

/** One entry of a resource's history. */
export interface HistoryEntry {
  /** `alarm`, `mediaconnect:flow-status`, … */
  readonly kind: string;
  /** ISO time of the change (the alarm's StateChangeTime, the event's time). */
  readonly time: string;
  readonly delivery: Delivery;
  readonly source: string;
  readonly detailType?: string;
  readonly account: string;
  readonly region: string;
  readonly summary: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/**
 * The entry as an item in the history of every affected resource: `EVENTS#<arn>` / `<time>#<change key>`. The key is
 * the change's (`ParseResult.dedupKey`), so a redelivery, or the same alarm change arriving through both SNS and
 * EventBridge, overwrites its entry instead of adding one.
 */
export function historyItems(
  entry: HistoryEntry,
  changeKey: string,
  affected: readonly ResourceRef[],
  receivedAt: number,
  expiresAt: number,
): StoreItem[] {
  const detail = storableRecord(entry.detail);
  const related = affected.map((r) => r.arn);
  return affected.map((resource) => ({
    pk: eventsPk(resource.arn),
    sk: eventSk(entry.time, changeKey.slice(0, 600)),
    type: EVENT_TYPE,
    kind: entry.kind,
    source: entry.source,
    ...(entry.detailType ? { detailType: entry.detailType } : {}),
    via: entry.delivery.channel,
    messageId: entry.delivery.messageId,
    ...(entry.delivery.topicArn ? { topicArn: entry.delivery.topicArn } : {}),
    resourceArn: resource.arn,
    resourceKind: resource.kind,
    ...(related.length > 1 ? { relatedArns: related.filter((arn) => arn !== resource.arn) } : {}),
    account: entry.account,
    region: entry.region,
    summary: entry.summary.slice(0, 500),
    detail,
    receivedAt: new Date(receivedAt).toISOString(),
    expiresAt,
  }));
}

/**
 * The last raw bodies of each delivery kind, as a ring of `RAW_RING_SIZE` slot items (`RAW#<kind>` / `SLOT#nn`), so
 * storage stays bounded however many messages arrive. One slot holds the bodies of one invocation's messages of that
 * kind (at most `RAW_BODIES_PER_SLOT`; more take more slots), so a batch costs one write per kind, not one per
 * message, and the ring always holds at least the last 20 bodies. Each container rotates through the slots from a
 * random start; concurrent containers may overwrite each other's slots (readers sort by `receivedAt`). Bodies are
 * redacted and cut to 4,000 characters.
 */
export class RawRing {
  private next: number;

  constructor(random: () => number = Math.random) {
    this.next = Math.floor(random() * RAW_RING_SIZE);
  }

  /** The slot items for the bodies of one invocation, grouped by kind (one item per 10 bodies of a kind). */
  slotItems(entries: readonly { kind: RingKind; raw: RawMessage }[], expiresAt: number): StoreItem[] {
    const byKind = new Map<RingKind, RawMessage[]>();
    for (const { kind, raw } of entries) byKind.set(kind, [...(byKind.get(kind) ?? []), raw]);
    const items: StoreItem[] = [];
    for (const [kind, raws] of byKind) {
      for (let i = 0; i < raws.length; i += RAW_BODIES_PER_SLOT)
        items.push(this.slotItem(kind, raws.slice(i, i + RAW_BODIES_PER_SLOT), expiresAt));
    }
    return items;
  }

  private slotItem(kind: RingKind, raws: readonly RawMessage[], expiresAt: number): StoreItem {
    const slot = this.next;
    this.next = (this.next + 1) % RAW_RING_SIZE;
    return {
      pk: rawRingPk(kind),
      sk: rawSlotSk(slot),
      type: RAW_MESSAGE_TYPE,
      kind,
      receivedAt: new Date(Math.max(...raws.map((r) => r.receivedAt))).toISOString(),
      messages: raws.map((raw) => {
        const stored = storableBody(raw.body, RAW_BODY_MAX_CHARS);
        return {
          deliveryId: raw.id.slice(0, 256),
          origin: raw.origin,
          receivedAt: new Date(raw.receivedAt).toISOString(),
          body: stored.body,
          truncated: stored.truncated,
          length: stored.length,
        };
      }),
      expiresAt,
    };
  }
}

/**
 * The record of an input that could not be applied, with its (redacted, bounded) body: `UNPARSED#<day>` /
 * `<time>#<key>`. The time is the queue's SentTimestamp when there is one, so a redelivery overwrites rather than
 * duplicates.
 */
export function unparsedItem(
  raw: RawMessage,
  unparsed: Unparsed,
  dedupKey: string,
  ringKind: RingKind,
  expiresAt: number,
): StoreItem {
  const at = raw.sentAt ?? raw.receivedAt;
  const stored = storableBody(raw.body, UNPARSED_BODY_MAX_CHARS);
  return {
    pk: unparsedPk(isoDay(at)),
    sk: `${new Date(at).toISOString()}#${dedupKey.slice(0, 300)}`,
    type: UNPARSED_TYPE,
    reason: unparsed.reason,
    detail: unparsed.detail,
    kind: ringKind,
    deliveryId: raw.id.slice(0, 256),
    origin: raw.origin,
    receivedAt: new Date(raw.receivedAt).toISOString(),
    body: stored.body,
    truncated: stored.truncated,
    length: stored.length,
    expiresAt,
  };
}
