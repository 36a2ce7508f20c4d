import { createHash } from 'node:crypto';
import type { StoreChange, StoreChangeKind } from '../api/monitoring/change-feed';
import { tryParseArn } from '../shared/arn';
import { META_SK, PLACEMENT_SK, STATUS_SK } from './keys';

/**
 * The change index (GSI2): a sparse index of the items a client (the dashboard) shows, keyed by the time they were
 * written, so `GET /changes?since=` reads what changed with one small Query per watched target instead of re-listing.
 *
 * | written item                                   | gsi2pk                      | gsi2sk                      |
 * |------------------------------------------------|-----------------------------|-----------------------------|
 * | resource `#META` (tombstones too), child, link, alarm, alarm placement, poller `#STATUS` | `CHG#<account>#<region>` | `<ISO write time>#<hash of pk, sk>` |
 * | event history `EVENTS#<arn>`                   | `EVT#<account>#<region>`    | `<ISO write time>#<hash of pk, sk>` |
 *
 * - The stamp is the WRITE time (the writer's clock), not the observation time: a poll that lands a change observed a
 *   minute ago must still be after the cursor of a client that polled a second ago.
 * - Metrics items are not stamped: they are rewritten every minute by design, and the feed would carry every flow.
 * - The store stamps every write of these items centrally (state-store.ts); a refused conditional write stamps nothing.
 * - A physical delete leaves no index entry, so every deletion a client must see comes with a stamped write: a removed
 *   child or resource is a tombstone, a cleared alarm keeps its item with its new state, and an alarm removed by the
 *   reconciler updates its placement record.
 * - The hash makes the key unique per item and write time; DynamoDB would accept duplicates, but a unique order keeps
 *   the feed's order stable across pages.
 * - The index projects the table's keys, the stamp and `type` (CHANGE_INDEX_PROJECTION): a change is decoded from the
 *   keys (`changeOf`), and an event is read from the table by its key.
 */
export const GSI2 = 'gsi2';

/** Non-key attributes GSI2 projects: a resource's type, so the feed says what kind of resource changed. */
export const CHANGE_INDEX_PROJECTION = ['type'] as const;

export type ChangePartitionKind = 'CHG' | 'EVT';

export const changePartition = (kind: ChangePartitionKind, account: string, region: string): string =>
  `${kind}#${account}#${region}`;

/** The index attributes of one write. */
export interface ChangeStamp {
  gsi2pk: string;
  gsi2sk: string;
}

/** Child item kinds (keys.ts `ChildKind`) and chain links: items in a resource's partition the feed reports. */
const CHILD_SK_PREFIXES = ['SOURCE#', 'OUTPUT#', 'ENTITLEMENT#', 'PIPELINE#', 'ATTACHMENT#', 'DESTINATION#', 'LINK#'];

interface KeyMeaning {
  kind: StoreChangeKind;
  account: string;
  region: string;
  arn?: string;
  poller?: string;
}

/**
 * What an item key means to the feed, or undefined for an item the feed does not carry (metrics, leases, history
 * rings, dedup records, change-path state, link index, …). Account and region come from the key itself (an ARN, or
 * the `<account>#<region>` a key ends with), so a stamp never needs the item's attributes.
 */
export function keyMeaning(key: { pk: string; sk: string }): KeyMeaning | undefined {
  const { pk, sk } = key;
  if (pk.startsWith('RES#')) {
    const arn = pk.slice('RES#'.length);
    const kind: StoreChangeKind | undefined =
      sk === META_SK
        ? 'resource'
        : sk.startsWith('ALARM#')
          ? 'alarm'
          : CHILD_SK_PREFIXES.some((prefix) => sk.startsWith(prefix))
            ? 'child'
            : undefined;
    return kind ? withArn(kind, arn) : undefined;
  }
  if (pk.startsWith('EVENTS#')) return withArn('event', pk.slice('EVENTS#'.length));
  if (pk.startsWith('ALARM#') && sk === PLACEMENT_SK) {
    const [, account, region] = pk.split('#');
    return account && region ? { kind: 'alarm', account, region } : undefined;
  }
  if (pk.startsWith('POLLER#') && sk === STATUS_SK) {
    const parts = pk.split('#');
    if (parts.length < 4) return undefined;
    const region = parts[parts.length - 1] as string;
    const account = parts[parts.length - 2] as string;
    return { kind: 'poller', account, region, poller: parts.slice(1, -2).join('#') };
  }
  return undefined;
}

function withArn(kind: StoreChangeKind, arn: string): KeyMeaning | undefined {
  const parsed = tryParseArn(arn);
  if (!parsed || !parsed.account || !parsed.region) return undefined;
  return { kind, arn, account: parsed.account, region: parsed.region };
}

/**
 * The change-index attributes a write of `key` at `nowMs` carries, or undefined when the item is not in the feed.
 * Pure: the store calls it for every write it makes (state-store.ts).
 */
export function changeStamp(key: { pk: string; sk: string }, nowMs: number): ChangeStamp | undefined {
  const meaning = keyMeaning(key);
  if (!meaning) return undefined;
  const partition = changePartition(meaning.kind === 'event' ? 'EVT' : 'CHG', meaning.account, meaning.region);
  const unique = createHash('sha256').update(`${key.pk}\u0000${key.sk}`).digest('base64url').slice(0, 12);
  return { gsi2pk: partition, gsi2sk: `${new Date(nowMs).toISOString()}#${unique}` };
}

/** The ISO write time a change-index sort key starts with. */
export const stampTime = (gsi2sk: string): string => gsi2sk.split('#', 1)[0] ?? '';

/** A change as the feed answers it, decoded from an index entry (the table keys, the stamp and `type`). */
export function changeOf(entry: Record<string, unknown>): StoreChange | undefined {
  if (typeof entry.pk !== 'string' || typeof entry.sk !== 'string' || typeof entry.gsi2sk !== 'string')
    return undefined;
  const meaning = keyMeaning({ pk: entry.pk, sk: entry.sk });
  if (!meaning) return undefined;
  return {
    kind: meaning.kind,
    ...(meaning.arn ? { arn: meaning.arn } : {}),
    ...(meaning.kind === 'resource' && typeof entry.type === 'string' ? { type: entry.type } : {}),
    ...(meaning.poller ? { poller: meaning.poller } : {}),
    account: meaning.account,
    region: meaning.region,
    at: stampTime(entry.gsi2sk),
  };
}
