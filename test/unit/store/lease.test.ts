import { acquireLease, leaseItemKey } from '../../../lambdas/store/lease';
import { ManualClock } from '../mediaconnect/flow-fixtures';
import { InMemoryInventoryStore } from '../../../bin/bench/in-memory-inventory-store';

const key = { poller: 'mediaconnect-inventory', account: '111122223333', region: 'eu-west-1' };
const MINUTE = 60_000;

describe('acquireLease', () => {
  let store: InMemoryInventoryStore;
  let clock: ManualClock;

  beforeEach(() => {
    store = new InMemoryInventoryStore();
    clock = new ManualClock();
  });

  it('gives the lease to one run and makes a second run skip, counting the skip on the lease', async () => {
    // Act
    const first = await acquireLease(store, clock, key, 4 * MINUTE, 'run-1');
    clock.advance(MINUTE);
    const second = await acquireLease(store, clock, key, 4 * MINUTE, 'run-2');

    // Assess
    expect(first.acquired).toBe(true);
    expect(second).toEqual({
      acquired: false,
      heldBy: 'run-1',
      expiresAt: new Date(clock.now() + 3 * MINUTE).toISOString(),
      skippedPolls: 1,
    });
    expect(first.acquired && (await first.skippedPolls())).toBe(1);
    expect(store.item(leaseItemKey(key).pk, leaseItemKey(key).sk)).toMatchObject({
      owner: 'run-1',
      lastSkippedAt: new Date(clock.now()).toISOString(),
    });
  });

  it('lets the next run take over a lease that has expired', async () => {
    // Prepare
    await acquireLease(store, clock, key, 4 * MINUTE, 'run-1');
    clock.advance(4 * MINUTE + 1);

    // Act
    const next = await acquireLease(store, clock, key, 4 * MINUTE, 'run-2');

    // Assess
    expect(next).toMatchObject({ acquired: true, owner: 'run-2' });
  });

  it('never releases the lease of a newer run that took over an expired one', async () => {
    // Prepare
    const older = await acquireLease(store, clock, key, 4 * MINUTE, 'run-1');
    clock.advance(5 * MINUTE);
    const newer = await acquireLease(store, clock, key, 4 * MINUTE, 'run-2');

    // Act
    if (older.acquired) await older.release();
    const third = await acquireLease(store, clock, key, 4 * MINUTE, 'run-3');

    // Assess
    expect(newer.acquired).toBe(true);
    expect(third).toMatchObject({ acquired: false, heldBy: 'run-2' });
  });

  it('frees the lease on release, so the next run takes it at once', async () => {
    // Prepare
    const first = await acquireLease(store, clock, key, 4 * MINUTE, 'run-1');

    // Act
    if (first.acquired) await first.release();
    const next = await acquireLease(store, clock, key, 4 * MINUTE, 'run-2');

    // Assess
    expect(next).toMatchObject({ acquired: true, owner: 'run-2' });
  });
});
