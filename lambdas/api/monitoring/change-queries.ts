import * as z from 'zod';
import { changeOf, changePartition, GSI2 } from '../../store/change-index';
import type { StateStore } from '../../store/state-store';
import { publicView } from '../views';
import type { ChangesResponse, StoreChange } from './change-feed';

export type ChangeQueryStore = Pick<StateStore, 'queryPage' | 'get'>;

/** A target of the feed: one watched account and Region. */
export interface FeedTarget {
  readonly account: string;
  readonly region: string;
}

/**
 * How far before the cursor each poll reads again. The cursor is the API's clock when its query started, but an
 * item's stamp is its writer's clock when the write was sent: a write stamped at t1 may land (and reach the
 * eventually consistent index, typically well under a second) after a poll at t2 > t1 read the index, and writers'
 * clocks differ from the API's by up to a few seconds. Re-reading the last 10 s catches both, at the price of
 * answering a change again in the next one or two polls (clients treat changes as "re-read this", so a repeat is
 * harmless).
 */
export const CHANGE_FEED_OVERLAP_MS = 10_000;

/** At most this many changes per target per answer; more sets `truncated` (the client reloads everything it shows). */
export const CHANGE_FEED_LIMIT = 500;

/** The lower bound of the index range a poll with cursor `since` reads: `since − OVERLAP`, as an index sort key. */
export function changeRangeStart(since: Date, overlapMs = CHANGE_FEED_OVERLAP_MS): string {
  return new Date(since.getTime() - overlapMs).toISOString();
}

/**
 * What changed in the targets since the cursor: one Query per target on its state partition (`CHG#`) of GSI2 and one
 * on its event partition (`EVT#`, so a client refreshes its recent events too), each with `gsi2sk >= since − OVERLAP`
 * and at most CHANGE_FEED_LIMIT items. Without `since` nothing is read: the answer is
 * an empty list and a fresh cursor (a client that just loaded its views starts from there). The cursor is `nowMs`,
 * taken before the queries start, so nothing written while they run is skipped.
 */
export async function readChanges(
  store: ChangeQueryStore,
  targets: readonly FeedTarget[],
  since: Date | undefined,
  nowMs: number,
  limit = CHANGE_FEED_LIMIT,
): Promise<ChangesResponse> {
  const cursor = new Date(nowMs).toISOString();
  if (!since) return { changes: [], cursor, truncated: false };
  const from = changeRangeStart(since);
  const pages = await Promise.all(
    targets.flatMap((target) =>
      (['CHG', 'EVT'] as const).map((partition) =>
        store.queryPage<Record<string, unknown>>({
          index: GSI2,
          pk: changePartition(partition, target.account, target.region),
          skFrom: from,
          limit,
        }),
      ),
    ),
  );
  const changes = pages
    .flatMap((page) => page.items.flatMap((entry) => changeOf(entry) ?? []))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { changes, cursor, truncated: pages.some((page) => page.lastKey !== undefined) };
}

/** The most events `GET /events/recent` answers. */
export const RECENT_EVENTS_MAX = 50;

/**
 * The newest events of the targets, newest written first: one descending Query per target on its `EVT#` partition
 * of GSI2 (the index holds keys only), merged, then one GetItem per event kept. An event written to the history of
 * several resources (a flow and its source) is kept once, under the resource written last. Each item is shown as
 * `GET /events` shows it (`time` and `id` from its key), with its `resourceArn`.
 */
export async function recentEvents(
  store: ChangeQueryStore,
  targets: readonly FeedTarget[],
  limit: number,
): Promise<Record<string, unknown>[]> {
  // Three times the limit: room for events stored under two or three resources without a second round of queries.
  const perTarget = Math.min(limit * 3, 150);
  const pages = await Promise.all(
    targets.map((target) =>
      store.queryPage<Record<string, unknown>>({
        index: GSI2,
        pk: changePartition('EVT', target.account, target.region),
        ascending: false,
        limit: perTarget,
      }),
    ),
  );
  const entries = pages
    .flatMap((page) => page.items)
    .filter((entry) => typeof entry.pk === 'string' && typeof entry.sk === 'string')
    .sort((a, b) => (String(a.gsi2sk) < String(b.gsi2sk) ? 1 : String(a.gsi2sk) > String(b.gsi2sk) ? -1 : 0));
  const seen = new Set<string>();
  const chosen: { pk: string; sk: string }[] = [];
  for (const entry of entries) {
    const sk = entry.sk as string;
    if (seen.has(sk)) continue;
    seen.add(sk);
    chosen.push({ pk: entry.pk as string, sk });
    if (chosen.length >= limit) break;
  }
  const items = await Promise.all(chosen.map((key) => store.get<Record<string, unknown>>(key)));
  // An event that expired (TTL) between the two reads is left out.
  return items.flatMap((item) => (item ? [recentEventView(item)] : []));
}

function recentEventView(item: Record<string, unknown>): Record<string, unknown> {
  const sk = String(item.sk ?? '');
  const cut = sk.indexOf('#');
  const fromKey = cut > 0 ? { time: sk.slice(0, cut), id: sk.slice(cut + 1) } : {};
  const resourceArn = String(item.pk ?? '').slice('EVENTS#'.length);
  return { ...fromKey, resourceArn, ...publicView(item) };
}

const storeChangeSchema = z.object({
  kind: z.enum(['resource', 'child', 'alarm', 'poller', 'event']),
  arn: z.string().optional(),
  type: z.string().optional(),
  poller: z.string().optional(),
  account: z.string(),
  region: z.string(),
  at: z.string(),
}) satisfies z.ZodType<StoreChange>;

/** `GET /changes` answers (for the OpenAPI document). */
export const changesResponseSchema = z.object({
  changes: z.array(storeChangeSchema),
  cursor: z.string().describe('Send as `since` next time.'),
  truncated: z.boolean().describe('More changed than one answer holds: reload everything shown.'),
}) satisfies z.ZodType<ChangesResponse>;

/** `GET /me` answers (for the OpenAPI document). */
export const meResponseSchema = z.object({
  role: z.enum(['read-only', 'operator']),
  identityArn: z.string(),
});

/** `GET /events/recent` answers (for the OpenAPI document). */
export const recentEventsResponseSchema = z.object({
  items: z.array(z.looseObject({ resourceArn: z.string(), time: z.string().optional(), id: z.string().optional() })),
});
