/**
 * Poller status items against dynalite: what the writer stores, and what `/summary` reads back through GSI1, whose
 * INCLUDE projection leaves the failed-resource map out.
 */
import { summarize } from '../../../lambdas/api/monitoring/summary';
import { estimateItemSize } from '../../../lambdas/polling/item-size';
import { pollerStatusKey, writePollerStatus } from '../../../lambdas/store/poller-status';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore } from '../emulator-env';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const T = '2025-03-01T10:00:00.000Z';
const key = { poller: 'mediaconnect-inventory', account: ACCOUNT, region: REGION };
const flowArn = (i: number) => `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-${String(i).padStart(40, '0')}:f${i}`;

describe('poller status against dynalite', () => {
  let store: StateStore;

  beforeAll(async () => {
    ({ store } = await createTestStore('poller-status'));
  });

  it('reports the failed resources of the status item in /summary, read through GSI1', async () => {
    // Prepare
    await writePollerStatus(store, key, {
      startedAtMs: Date.parse(T),
      cycle: { poller: key.poller, startedAt: T, finishedAt: T, durationMs: 10, errors: [] },
      failedResources: { [flowArn(1)]: null, [flowArn(2)]: T },
    });

    // Act
    const summary = await summarize(store, { account: ACCOUNT, region: REGION }, [], Date.parse(T) + 1000);

    // Assess
    expect(summary.pollers).toEqual([expect.objectContaining({ poller: key.poller, failedResources: 2 })]);
  });

  it('stores a status with 20,000 failed resources as one item under 400 KB', async () => {
    // Prepare
    const failedResources = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [flowArn(i), T]));

    // Act
    const written = await writePollerStatus(store, key, {
      startedAtMs: Date.parse(T) + 60_000,
      cycle: { poller: key.poller, startedAt: T, finishedAt: T, durationMs: 10, errors: [] },
      failedResources,
    });
    const item = await store.get<Record<string, unknown>>(pollerStatusKey(key));
    const summary = await summarize(store, { account: ACCOUNT, region: REGION }, [], Date.parse(T) + 61_000);

    // Assess
    expect(written).toBe(true);
    expect(estimateItemSize(item ?? {})).toBeLessThan(400 * 1024);
    expect(summary.pollers[0]).toMatchObject({ failedResources: 20_000 });
  });
});
