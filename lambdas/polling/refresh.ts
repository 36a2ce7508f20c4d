import type { CallStats } from './request-budget';

/** What re-reading one resource from AWS did (the real-time re-poll, and the refresh after an operator action). */
export interface RefreshOutcome extends CallStats {
  arn: string;
  /** `not-found`: neither AWS nor the store knows the resource; nothing was written. */
  change: 'created' | 'updated' | 'unchanged' | 'revived' | 'tombstoned' | 'not-found';
  /** Inventory items written or deleted. */
  writes: number;
  /** A non-fatal problem: part of the description was unreadable, or the kind's `afterSync` failed or degraded. */
  warning?: string;
}

/**
 * Re-reads one top-level resource of a service (a flow, a channel, an input) through the same path as the inventory
 * cycle: describe, diff, conditional writes; a resource AWS no longer has is tombstoned. Throws for other errors
 * (throttled, forbidden), leaving the store as is. Each service's refresher is built by the engine from its
 * `ServiceInventory` (see `inventory-refresh.ts`).
 */
export type ResourceRefresher = (arn: string, options?: RefreshOptions) => Promise<RefreshOutcome>;

export interface RefreshOptions {
  /**
   * Make the kind's extra reads (`enrich`: MediaConnect's tags) even when the description is unchanged: the refresh
   * follows a change call that may have changed only them (TagResource). @default false
   */
  readonly refresh?: boolean;
}
