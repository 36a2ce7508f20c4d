/** Leases against dynalite: the conditional put, skip counting and owner-conditional release over the wire. */
import { systemClock } from '../../../lambdas/shared/clock';
import { acquireLease, leaseItemKey } from '../../../lambdas/store/lease';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore } from '../emulator-env';

const key = { poller: 'mediaconnect-inventory', account: '111122223333', region: 'eu-west-1' };

describe('leases against dynalite', () => {
  let store: StateStore;

  beforeAll(async () => {
    ({ store } = await createTestStore('lease'));
  });

  it('lets one of two concurrent runs take the lease and makes the other skip', async () => {
    // Act
    const runs = await Promise.all([
      acquireLease(store, systemClock, key, 60_000, 'run-a'),
      acquireLease(store, systemClock, key, 60_000, 'run-b'),
    ]);

    // Assess
    const winner = runs.find((r) => r.acquired);
    const loser = runs.find((r) => !r.acquired);
    expect(winner).toBeDefined();
    expect(loser).toMatchObject({ acquired: false, skippedPolls: 1 });
    expect(winner?.acquired && (await winner.skippedPolls())).toBe(1);
    if (winner?.acquired) await winner.release();
  });

  it('interleaves an older and a newer run: the older one’s late release leaves the newer lease in place', async () => {
    // Prepare: the older run's lease has lapsed (it outlived its timeout), the newer run takes it over.
    const older = await acquireLease(store, systemClock, key, 1, 'older');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newer = await acquireLease(store, systemClock, key, 60_000, 'newer');

    // Act
    if (older.acquired) await older.release();
    const third = await acquireLease(store, systemClock, key, 60_000, 'third');

    // Assess
    expect([older.acquired, newer.acquired]).toEqual([true, true]);
    expect(third).toMatchObject({ acquired: false, heldBy: 'newer' });
    expect(await store.get(leaseItemKey(key))).toMatchObject({ owner: 'newer', skippedPolls: 1 });
    if (newer.acquired) await newer.release();
    expect(await store.get(leaseItemKey(key))).toBeUndefined();
  });
});
