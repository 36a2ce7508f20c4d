import * as z from 'zod';
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
export function pageRequest(
  codec: PageTokenCodec,
  scope: QueryScope,
  query: { limit: number; nextToken?: string | undefined },
): PageRequest {
  return { limit: query.limit, ...(query.nextToken ? { startKey: codec.decode(scope, query.nextToken) } : {}) };
}

export function pageResponse<T>(
  codec: PageTokenCodec,
  scope: QueryScope,
  items: T[],
  lastKey: Record<string, unknown> | undefined,
): PageResponse<T> {
  return { items, ...(lastKey ? { nextToken: codec.encode(scope, lastKey) } : {}) };
}
