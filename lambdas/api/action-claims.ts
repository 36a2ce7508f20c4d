import { randomUUID } from 'node:crypto';
import type { Clock } from '../shared/clock';
import type { StateStore } from '../store/state-store';

/** A held claim on one action: release it when the action is over. */
export interface ActionClaim {
  release(): Promise<void>;
}

/**
 * Claims an action for one caller, through the store's lease mechanism: a Put on `CLAIM#<what>` / `#` conditioned on
 * the claim being absent or expired, so of any number of racing callers exactly one gets it (DynamoDB serializes
 * conditional writes on one item). Resolves to undefined when someone else holds it. The claim expires after
 * `ttlSeconds` (and TTL deletes it later), so a caller that died while holding it blocks others only that long;
 * `release` deletes it only while it is still this caller's.
 */
export async function claimAction(
  store: Pick<StateStore, 'putLease' | 'deleteLease'>,
  what: string,
  ttlSeconds: number,
  clock: Clock,
): Promise<ActionClaim | undefined> {
  const key = { pk: `CLAIM#${what}`, sk: '#' };
  const owner = randomUUID();
  const now = clock.now();
  const expiresAtMs = now + ttlSeconds * 1000;
  const claimed = await store.putLease(
    {
      ...key,
      type: 'action-claim',
      owner,
      claimedAt: new Date(now).toISOString(),
      expiresAtMs,
      expiresAt: Math.ceil(expiresAtMs / 1000),
    },
    now,
  );
  if (!claimed) return undefined;
  return {
    // False when it expired and another caller took it over: that claim is theirs to release.
    release: async () => void (await store.deleteLease(key, owner)),
  };
}
