import * as z from 'zod';
import type { Page, QueryPageOptions, StateStore } from '../../store/state-store';
import { PageTokenCodec, QueryScope } from './page-token';

/** Query parameters every list route takes. */
export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(25)
    .describe('Page size, 1-100. A filtered page may hold fewer.'),
  nextToken: z.string().min(1).max(4096).optional().describe('The `nextToken` of the previous page, unchanged.'),
};

export interface PageRequest {
  limit: number;
  startKey?: Record<string, unknown>;
}

export interface PageResponse<T> {
  items: T[];
  /** Present when there may be more; pass it back with the same filters. */
  nextToken?: string;
}

/** The DynamoDB page for a list request: its size and, when continuing, the verified start key. */
export async function pageRequest(
  codec: PageTokenCodec,
  scope: QueryScope,
  query: { limit: number; nextToken?: string | undefined },
): Promise<PageRequest> {
  return { limit: query.limit, ...(query.nextToken ? { startKey: await codec.decode(scope, query.nextToken) } : {}) };
}

export async function pageResponse<T>(
  codec: PageTokenCodec,
  scope: QueryScope,
  items: T[],
  lastKey: Record<string, unknown> | undefined,
): Promise<PageResponse<T>> {
  return { items, ...(lastKey ? { nextToken: await codec.encode(scope, lastKey) } : {}) };
}

/**
 * One page of a list Query, with a `lastKey` only when there may be more. DynamoDB answers a LastEvaluatedKey whenever
 * the Limit was reached, even on the partition's last item, so a count that is an exact multiple of the limit would
 * end with an empty page. This asks for one item more than the page holds: when it comes back, the page is full and
 * continues after its own last item; when it does not, DynamoDB's key is kept only if a FilterExpression cut the page
 * short (then there may still be more).
 */
export async function queryListPage<T extends Record<string, unknown>>(
  store: Pick<StateStore, 'queryPage'>,
  options: Omit<QueryPageOptions, 'limit' | 'startKey'>,
  page: PageRequest,
): Promise<Page<T>> {
  const result = await store.queryPage<T>({
    ...options,
    limit: page.limit + 1,
    ...(page.startKey ? { startKey: page.startKey } : {}),
  });
  if (result.items.length > page.limit) {
    const items = result.items.slice(0, page.limit);
    return { items, lastKey: keyOf(items[items.length - 1] as T, options.index !== undefined) };
  }
  return result;
}

/** The primary key of an item, plus the index key when the Query ran on GSI1 (what ExclusiveStartKey needs). */
function keyOf(item: Record<string, unknown>, onIndex: boolean): Record<string, unknown> {
  const names = onIndex ? ['pk', 'sk', 'gsi1pk', 'gsi1sk'] : ['pk', 'sk'];
  return Object.fromEntries(names.map((name) => [name, item[name]]));
}
