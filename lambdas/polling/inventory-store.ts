import type { StateStore } from '../store/state-store';

/** The store operations the inventory engine and the services' kinds use (the real `StateStore`, or a fake in unit tests). */
export type InventoryStore = Pick<
  StateStore,
  | 'get'
  | 'queryAll'
  | 'putIfNewer'
  | 'updateIfNewer'
  | 'delete'
  | 'tombstoneIfNewer'
  | 'claimTree'
  | 'commitTree'
  | 'abandonTree'
  | 'updateIfVersion'
>;
