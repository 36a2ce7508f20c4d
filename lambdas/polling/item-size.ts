import { marshall } from '@aws-sdk/util-dynamodb';

/**
 * DynamoDB refuses items over 400 KB. Each child of a resource (a flow's output, a channel's pipeline, …) is its own
 * item and the `#META` item holds no child lists, so only free-form arrays AWS returns (media streams, alert messages,
 * …) can grow an item; above this limit they are cut.
 */
export const ITEM_SIZE_LIMIT_BYTES = 350 * 1024;

/** An over-estimate of the stored size: the length of the item's marshalled JSON (type tags included). */
export function estimateItemSize(item: Record<string, unknown>): number {
  return Buffer.byteLength(
    JSON.stringify(marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: false })),
    'utf8',
  );
}

/** The item could not be brought under the limit by cutting its free-form fields. */
export class ItemTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ItemTooLargeError';
  }
}

export interface FittedItem<T> {
  item: T;
  truncated: boolean;
  sizeBytes: number;
}

/**
 * Brings an item under `limit` by halving the largest of its `truncatable` array fields until it fits (non-array
 * truncatable fields are dropped last) and marks it `truncated: true`. Other fields are never touched: if cutting is
 * not enough, `ItemTooLargeError`.
 */
export function fitItemSize<T extends Record<string, unknown>>(
  item: T,
  truncatable: readonly string[],
  limit = ITEM_SIZE_LIMIT_BYTES,
): FittedItem<T> {
  let size = estimateItemSize(item);
  if (size <= limit) return { item, truncated: false, sizeBytes: size };
  const fitted: Record<string, unknown> = { ...item, truncated: true };
  while (size > limit) {
    const field = largestField(fitted, truncatable);
    if (field === undefined)
      throw new ItemTooLargeError(`Item ${String(item.sk ?? '')} is ${size} bytes even without its free-form fields`);
    const value = fitted[field];
    if (Array.isArray(value) && value.length > 1) fitted[field] = value.slice(0, Math.floor(value.length / 2));
    else delete fitted[field];
    size = estimateItemSize(fitted);
  }
  return { item: fitted as T, truncated: true, sizeBytes: size };
}

/** The truncatable field that is largest in JSON, arrays before anything else. */
function largestField(item: Record<string, unknown>, truncatable: readonly string[]): string | undefined {
  const present = truncatable.filter((field) => item[field] !== undefined);
  const arrays = present.filter((field) => Array.isArray(item[field]) && (item[field] as unknown[]).length > 0);
  const candidates = arrays.length ? arrays : present;
  let best: string | undefined;
  let bestSize = -1;
  for (const field of candidates) {
    const size = JSON.stringify(item[field])?.length ?? 0;
    if (size > bestSize) {
      best = field;
      bestSize = size;
    }
  }
  return best;
}
