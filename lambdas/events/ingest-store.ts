import type { ItemKey, StateStore } from '../store/state-store';

/** The store operations the real-time path uses: the real `StateStore`, or an in-memory double in unit tests. */
export type IngestStore = Pick<
  StateStore,
  | 'get'
  | 'put'
  | 'putAll'
  | 'putIfAbsent'
  | 'putIfNewer'
  | 'updateIfNewer'
  | 'queryAll'
  | 'addToSet'
  | 'deleteIfOlder'
  // The change path's records (store/change-path.ts: recordDeliveredCall).
  | 'updateIfFieldNewer'
>;

/** An item as written. */
export type StoreItem = ItemKey & Record<string, unknown>;

/** Partition of the item that links a MediaConnect source or output to its flow. */
export const childParentPk = (childArn: string): string => `CHILD#${childArn}`;
export const PARENT_SK = '#PARENT';

/** Item that records a message was processed (idempotence). */
export const dedupPk = (dedupKey: string): string => `DEDUP#${dedupKey}`;
export const DEDUP_SK = '#';

/** Item that claims a re-poll window of a resource. */
export const repollPk = (resourceArn: string): string => `REPOLL#${resourceArn}`;
export const REPOLL_SK = '#';

/** The last raw bodies of one delivery kind (`sns`, `eventbridge`, `other`), one item per ring slot. */
export const rawRingPk = (kind: string): string => `RAW#${kind}`;
export const rawSlotSk = (slot: number): string => `SLOT#${String(slot).padStart(2, '0')}`;

/** Inputs that could not be applied, one partition per UTC day. */
export const unparsedPk = (isoDay: string): string => `UNPARSED#${isoDay}`;

/** Live health of a flow, source or output from events, one item per aspect, in the flow's partition. */
export const healthSk = (resourceArn: string, aspect: string): string => `HEALTH#${resourceArn}#${aspect}`;

/** A MediaLive channel alert, paired on `alarm_id`, in the channel's partition. */
export const alertSk = (alarmId: string): string => `ALERT#${alarmId}`;

/** Epoch seconds `days` after `nowMs`. */
export const expiresAfterDays = (nowMs: number, days: number): number =>
  Math.floor(nowMs / 1000) + Math.round(days * 86_400);
