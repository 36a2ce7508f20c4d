/**
 * The change feed (`GET /changes?since=`): what changed in the state table since a cursor, so a client (the
 * dashboard) re-reads only what changed instead of re-listing the estate. CONTRACT: the shapes below are fixed; the
 * change index and the route are built in lambdas/store/change-index.ts and monitoring/routes.ts.
 */

/** What kind of stored item changed. Metrics items are not in the feed: they change every minute by design. */
export type StoreChangeKind = 'resource' | 'child' | 'alarm' | 'poller' | 'event';

export interface StoreChange {
  kind: StoreChangeKind;
  /** The top-level resource the item belongs to (a child's, an alarm's, an event's parent); absent for pollers. */
  arn?: string;
  /** The resource's type (`mediaconnect:flow`, …) when known. */
  type?: string;
  /** The poller's name, for `kind: 'poller'`. */
  poller?: string;
  account: string;
  region: string;
  /** When the item was written (ISO 8601, ms). */
  at: string;
}

export interface ChangesResponse {
  /** Oldest first. The same change may appear in two consecutive answers (the query overlaps by a few seconds). */
  changes: StoreChange[];
  /** Send as `since` next time. Opaque. */
  cursor: string;
  /** More changed than one answer holds: the client should reload everything it shows. */
  truncated: boolean;
}

/** `GET /me`: who the API takes the caller for, so a client shows operator actions only to the operator. */
export interface MeResponse {
  role: 'read-only' | 'operator';
  identityArn: string;
}
