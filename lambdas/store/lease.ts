import { randomUUID } from 'node:crypto';
import type { Clock } from '../shared/clock';
import { LEASE_SK, pollerPk } from './keys';
import type { PollerKey } from './poller-status';
import type { StateStore } from './state-store';

/**
 * Leases: at most one scheduled run of a poller per account and region at a time. A run takes the lease item
 * (`POLLER#<poller>#<acct>#<region>`, `#LEASE`) with a conditional put that succeeds only when no lease exists or the
 * one stored has expired; a run that finds it held counts itself on the lease item and exits at once. The holder deletes
 * the item when done, on condition that it is still the owner, so a run that outlived its lease never drops the lease
 * of the run that took over. Any poller (any service) uses these mechanics with its own name.
 */

/** The store operations a lease needs. */
export type LeaseStore = Pick<StateStore, 'get' | 'putLease' | 'countLeaseSkip' | 'deleteLease'>;

/**
 * Added to the invocation's remaining time to give the lease's lifetime: a killed invocation's lease lapses shortly
 * after the invocation would have timed out, and a live one never loses its lease.
 */
export const LEASE_MARGIN_MS = 30_000;

export interface HeldLease {
  readonly acquired: true;
  readonly owner: string;
  readonly expiresAtMs: number;
  /** Polls that found this lease held so far. */
  skippedPolls(): Promise<number>;
  /** Gives the lease up (only if still ours). Safe to call more than once. */
  release(): Promise<void>;
}

export interface LeaseTaken {
  readonly acquired: false;
  /** The other run's owner token and expiry, when the lease item could be read. */
  readonly heldBy?: string;
  readonly expiresAt?: string;
  /** Polls skipped while that run holds the lease, this one included. */
  readonly skippedPolls?: number;
}

export const leaseItemKey = (key: PollerKey): { pk: string; sk: string } => ({
  pk: pollerPk(key.poller, key.account, key.region),
  sk: LEASE_SK,
});

/** Tries to take the lease of `key` for `durationMs`. When another run holds it, records the skip and says who holds it. */
export async function acquireLease(
  store: LeaseStore,
  clock: Clock,
  key: PollerKey,
  durationMs: number,
  owner: string = randomUUID(),
): Promise<HeldLease | LeaseTaken> {
  const now = clock.now();
  const itemKey = leaseItemKey(key);
  const expiresAtMs = now + durationMs;
  const taken = await store.putLease(
    {
      ...itemKey,
      type: 'lease',
      poller: key.poller,
      account: key.account,
      region: key.region,
      owner,
      acquiredAt: new Date(now).toISOString(),
      expiresAtMs,
      // DynamoDB TTL removes a lease nobody released, a day after it lapsed.
      expiresAt: Math.ceil(expiresAtMs / 1000) + 86_400,
    },
    now,
  );
  if (!taken) {
    const held = await store.countLeaseSkip(itemKey, new Date(now).toISOString());
    return {
      acquired: false,
      ...(typeof held?.owner === 'string' ? { heldBy: held.owner } : {}),
      ...(typeof held?.expiresAtMs === 'number' ? { expiresAt: new Date(held.expiresAtMs).toISOString() } : {}),
      ...(typeof held?.skippedPolls === 'number' ? { skippedPolls: held.skippedPolls } : {}),
    };
  }
  let released = false;
  return {
    acquired: true,
    owner,
    expiresAtMs,
    async skippedPolls() {
      const item = await store.get<{ owner?: string; skippedPolls?: number }>(itemKey);
      return item?.owner === owner ? (item.skippedPolls ?? 0) : 0;
    },
    async release() {
      if (released) return;
      released = true;
      await store.deleteLease(itemKey, owner);
    },
  };
}

/** What a scheduled poll returns when another run held the lease: it did nothing. */
export interface SkippedPoll extends Omit<LeaseTaken, 'acquired'>, PollerKey {
  readonly skipped: true;
  readonly reason: 'lease held';
}

/**
 * Runs `work` holding the lease of `key`, and releases it afterwards whatever happens. When another run holds it,
 * `work` does not run: the skip is counted on the lease item and returned.
 */
export async function runLeased<T>(
  store: LeaseStore,
  clock: Clock,
  key: PollerKey,
  durationMs: number,
  work: (lease: HeldLease) => Promise<T>,
): Promise<T | SkippedPoll> {
  const lease = await acquireLease(store, clock, key, durationMs);
  if (!lease.acquired) {
    return {
      ...key,
      skipped: true,
      reason: 'lease held',
      ...(lease.heldBy !== undefined ? { heldBy: lease.heldBy } : {}),
      ...(lease.expiresAt !== undefined ? { expiresAt: lease.expiresAt } : {}),
      ...(lease.skippedPolls !== undefined ? { skippedPolls: lease.skippedPolls } : {}),
    };
  }
  try {
    return await work(lease);
  } finally {
    await lease.release();
  }
}

export const isSkippedPoll = (outcome: unknown): outcome is SkippedPoll =>
  typeof outcome === 'object' && outcome !== null && (outcome as { skipped?: unknown }).skipped === true;
