import { META_SK } from './keys';

/**
 * A child that AWS no longer has (an output removed from a flow, …) is not deleted: it is replaced by a tombstone item
 * (`tombstone: true`, `version`, `expiresAt`, no content) written with the same version condition as every other
 * write, so a slower writer holding an older observation cannot put the child back. DynamoDB TTL removes it later.
 * Every reader of a resource partition drops these items with `withoutChildTombstones`.
 */

/**
 * How long a child tombstone lives. It must outlast any writer that could still hold an older observation of the
 * child: a Lambda runs 15 minutes at most.
 */
export const CHILD_TOMBSTONE_TTL_SECONDS = 3600;

/** Epoch seconds at which a child tombstone written for an observation at `versionMs` expires. */
export const childTombstoneExpiry = (versionMs: number): number =>
  Math.floor(versionMs / 1000) + CHILD_TOMBSTONE_TTL_SECONDS;

/** Whether an item is a tombstone (a removed child, or the `#META` item of a deleted resource). */
export const isTombstone = (item: object): boolean => (item as { tombstone?: unknown }).tombstone === true;

/**
 * The items of a resource partition (or child Query) without the tombstones of removed children. The `#META` item is
 * kept even when the resource itself is deleted: its readers decide whether to show deleted resources.
 */
export function withoutChildTombstones<T extends { sk: string }>(items: readonly T[]): T[] {
  return items.filter((item) => item.sk === META_SK || !isTombstone(item));
}
