import { InMemoryInventoryStore } from '../../../bin/bench/in-memory-inventory-store';
import { POLLERS_LIST_PK } from '../../../lambdas/store/keys';
import {
  PollerStatus,
  readPollerStatus,
  writeCredentialsFailedStatus,
  writePollerStatus,
} from '../../../lambdas/store/poller-status';

/** A cycle whose target's credentials failed records it on the poller status, next to the polled cycles' writes. */

const key = { poller: 'mediaconnect-inventory', account: '333333333333', region: 'eu-west-1' };
const T0 = Date.parse('2026-12-02T06:00:00Z');
const FLOW = 'arn:aws:mediaconnect:eu-west-1:333333333333:flow:1-abc:Alpha';

function polledCycle(startedAtMs: number) {
  return {
    startedAtMs,
    cycle: {
      poller: key.poller,
      startedAt: new Date(startedAtMs).toISOString(),
      finishedAt: new Date(startedAtMs + 2_000).toISOString(),
      durationMs: 2_000,
      errors: [],
      listing: 'complete',
    },
    failedResources: { [FLOW]: new Date(startedAtMs - 300_000).toISOString() },
    pass: { startedAt: new Date(startedAtMs).toISOString(), complete: true },
  };
}

const failed = (startedAtMs: number, failure = 'AccessDenied') => ({
  startedAtMs,
  finishedAtMs: startedAtMs + 40,
  failure,
});

describe('writeCredentialsFailedStatus', () => {
  let store: InMemoryInventoryStore;

  beforeEach(() => {
    store = new InMemoryInventoryStore();
  });

  it('sets the cycle to credentials-failed and keeps the last polled cycle’s poll time, failures and pass', async () => {
    // Prepare
    await writePollerStatus(store, key, polledCycle(T0));

    // Act
    const landed = await writeCredentialsFailedStatus(store, key, failed(T0 + 300_000));

    // Assess
    expect(landed).toBe(true);
    const status = await readPollerStatus(store, key);
    expect(status).toMatchObject({
      poller: key.poller,
      account: key.account,
      region: key.region,
      version: T0 + 300_000,
      gsi1pk: POLLERS_LIST_PK,
      gsi1sk: `${key.poller}#${key.account}#${key.region}`,
      lastPolledAt: new Date(T0).toISOString(),
      failedResources: { [FLOW]: new Date(T0 - 300_000).toISOString() },
      pass: { startedAt: new Date(T0).toISOString(), complete: true },
      lastCycle: {
        outcome: 'credentials-failed',
        errors: ['AccessDenied'],
        startedAt: new Date(T0 + 300_000).toISOString(),
        durationMs: 40,
      },
    });
  });

  it('creates a listed status for a target that was never polled', async () => {
    // Act
    await writeCredentialsFailedStatus(store, key, failed(T0, 'ResourceNotFoundException'));

    // Assess
    const status = await readPollerStatus(store, key);
    expect(status?.lastCycle).toMatchObject({ outcome: 'credentials-failed', errors: ['ResourceNotFoundException'] });
    expect(status?.lastPolledAt).toBeUndefined();
    expect(status?.gsi1pk).toBe(POLLERS_LIST_PK);
  });

  it('is refused by a newer polled cycle that wrote first, and refuses an older polled cycle that writes later', async () => {
    // Prepare: cycle A (polled, started T0+300 s) and B (credentials failed, started T0+600 s) overlap; then C
    // (credentials failed, started T0 but slow) and D (polled, started T0+100 s) land last.
    await writePollerStatus(store, key, polledCycle(T0 + 300_000));
    await writeCredentialsFailedStatus(store, key, failed(T0 + 600_000));

    // Act
    const olderFailure = await writeCredentialsFailedStatus(store, key, failed(T0));
    const olderPoll = await writePollerStatus(store, key, polledCycle(T0 + 100_000));

    // Assess
    expect(olderFailure).toBe(false);
    expect(olderPoll).toBe(false);
    const status = (await readPollerStatus(store, key)) as PollerStatus;
    expect(status.version).toBe(T0 + 600_000);
    expect(status.lastCycle).toMatchObject({ outcome: 'credentials-failed' });
    expect(status.lastPolledAt).toBe(new Date(T0 + 300_000).toISOString());
  });

  it('gives way to the next polled cycle, which replaces the failure', async () => {
    // Prepare
    await writeCredentialsFailedStatus(store, key, failed(T0));

    // Act
    const landed = await writePollerStatus(store, key, polledCycle(T0 + 300_000));

    // Assess
    expect(landed).toBe(true);
    const status = (await readPollerStatus(store, key)) as PollerStatus;
    expect(status.lastCycle).not.toHaveProperty('outcome');
    expect(status.lastCycle.errors).toEqual([]);
    expect(status.lastPolledAt).toBe(new Date(T0 + 300_000).toISOString());
  });
});
