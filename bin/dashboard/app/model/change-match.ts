import type { StoreChange, StoreChangeKind } from '../../../../lambdas/api/monitoring/change-feed';

/**
 * Predicates for `useLiveQuery`'s `refreshOn`: which store changes make a view read again. Pure (unit-tested).
 * A view asks for the narrowest predicate that still covers what it shows, so an open dashboard reads little.
 */
export type ChangeMatcher = (change: StoreChange) => boolean;

/** A change of one of these kinds (`alarm`, `poller`, `event`, `resource`, `child`). */
export const ofKind =
  (...kinds: StoreChangeKind[]): ChangeMatcher =>
  (change) =>
    kinds.includes(change.kind);

/** Any change of the resource itself or of what belongs to it (its children, alarms and events carry its ARN). */
export const ofResource =
  (arn: string): ChangeMatcher =>
  (change) =>
    change.arn === arn;

/** A change of a resource of this stored type (`mediaconnect:flow`), or of its children. */
export const ofType =
  (type: string): ChangeMatcher =>
  (change) =>
    change.type === type && (change.kind === 'resource' || change.kind === 'child');

/** Matches when any of the matchers does. */
export const anyOf =
  (...matchers: ChangeMatcher[]): ChangeMatcher =>
  (change) =>
    matchers.some((match) => match(change));

/** The overview's counts: a resource appearing, changing status or being tombstoned. */
export const resourceCountsChanged: ChangeMatcher = ofKind('resource');
/** The overview's alarms and the alarms view. */
export const alarmsChanged: ChangeMatcher = ofKind('alarm');
/** The overview's pollers. */
export const pollersChanged: ChangeMatcher = ofKind('poller');
/** The overview's recent events. */
export const eventsChanged: ChangeMatcher = ofKind('event');
