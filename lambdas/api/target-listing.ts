import * as z from 'zod';
import { targetKey, type TargetRegistry, type WatchedTarget } from '../shared/watched-targets';
import type { Page } from '../store/state-store';
import { InvalidPageTokenError, PageTokenCodec, QueryScope } from './http/page-token';
import type { PageRequest, PageResponse } from './http/pagination';
import { selectTargets, type TargetFilter } from './targets';

/**
 * A list route over every selected target, in target-major order: targets sorted by key, each target's GSI1
 * partition in its own order. A page is filled from the target the cursor names onward, one Query at a time, and
 * never takes more than MAX_QUERIES_PER_PAGE Queries (then it ends short, with a cursor at the next target).
 *
 * The page token holds the target's key and DynamoDB's last key in it (`{t, k}`), signed as before and bound to the
 * route and every filter (`account` and `region` as given: a token of one filter is refused on another).
 */

/** At most this many Queries fill one page (a page over many empty targets ends early, with a cursor). */
export const MAX_QUERIES_PER_PAGE = 10;

const cursorSchema = z.strictObject({
  t: z.string(),
  k: z.record(z.string(), z.unknown()).optional(),
});
type Cursor = z.infer<typeof cursorSchema>;

/** One page of one target's listing. */
export type TargetPageFetch<T> = (target: WatchedTarget, page: PageRequest) => Promise<Page<T>>;

export interface TargetListQuery extends TargetFilter {
  readonly limit: number;
  readonly nextToken?: string | undefined;
}

/** Each row with its target's `account` and `region` (a row that has them keeps its own). */
export type TargetRow<T> = T & { account: string; region: string };

export async function listAcrossTargets<T extends Record<string, unknown>>(
  deps: { registry(): Promise<TargetRegistry>; pageTokens: PageTokenCodec },
  scope: QueryScope,
  query: TargetListQuery,
  fetch: TargetPageFetch<T>,
): Promise<PageResponse<TargetRow<T>>> {
  const targets = selectTargets(await deps.registry(), query);
  const boundScope: QueryScope = { ...scope, account: query.account, region: query.region };
  let cursor: Cursor | undefined;
  if (query.nextToken) {
    const parsed = cursorSchema.safeParse(await deps.pageTokens.decode(boundScope, query.nextToken));
    if (!parsed.success) throw new InvalidPageTokenError('nextToken is from an older listing; start the listing again');
    cursor = parsed.data;
  }
  let index = cursor ? targets.findIndex((t) => targetKey(t) === cursor.t) : 0;
  if (index < 0)
    throw new InvalidPageTokenError(
      `nextToken continues in ${cursor?.t ?? ''}, which this deployment no longer watches; start the listing again`,
    );
  let startKey = cursor?.k;
  const items: TargetRow<T>[] = [];
  let queries = 0;
  const page = async (next: Cursor | undefined): Promise<PageResponse<TargetRow<T>>> => ({
    items,
    ...(next ? { nextToken: await deps.pageTokens.encode(boundScope, next) } : {}),
  });
  while (index < targets.length) {
    const target = targets[index] as WatchedTarget;
    const answer = await fetch(target, { limit: query.limit - items.length, ...(startKey ? { startKey } : {}) });
    queries++;
    for (const row of answer.items) items.push({ account: target.account, region: target.region, ...row });
    const full = items.length >= query.limit || queries >= MAX_QUERIES_PER_PAGE;
    if (answer.lastKey) {
      if (full) return page({ t: targetKey(target), k: answer.lastKey });
      startKey = answer.lastKey;
      continue;
    }
    index++;
    startKey = undefined;
    if (full) return page(index < targets.length ? { t: targetKey(targets[index] as WatchedTarget) } : undefined);
  }
  return page(undefined);
}
