import { estimateItemSize } from '../../../lambdas/polling/item-size';
import {
  carryForwardFailures,
  effectiveLastPolledAt,
  MAX_STORED_FAILED_RESOURCES,
  writePollerStatus,
} from '../../../lambdas/store/poller-status';
import { InMemoryInventoryStore } from '../../../bin/bench/in-memory-inventory-store';

const T1 = '2025-03-01T10:00:00.000Z';
const T2 = '2025-03-01T10:05:00.000Z';
const T3 = '2025-03-01T10:10:00.000Z';
const A = 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-a:A';
const B = 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-b:B';

describe('effectiveLastPolledAt', () => {
  it('is the last cycle start for a flow that cycle polled', () => {
    // Act
    const at = effectiveLastPolledAt({ arn: A, lastPolledAt: T1 }, { lastPolledAt: T3, failedResources: {} });

    // Assess
    expect(at).toBe(T3);
  });

  it('is the carried-forward last success for a flow the last cycle failed to poll', () => {
    // Act
    const failed = effectiveLastPolledAt(
      { arn: A, lastPolledAt: T1 },
      { lastPolledAt: T3, failedResources: { [A]: T2 } },
    );
    const never = effectiveLastPolledAt({ arn: B }, { lastPolledAt: T3, failedResources: { [B]: null } });

    // Assess
    expect(failed).toBe(T2);
    expect(never).toBeUndefined();
  });

  it('prefers a newer refresh stored on the flow, and keeps a tombstone’s own time', () => {
    // Act
    const refreshed = effectiveLastPolledAt({ arn: A, lastPolledAt: T3 }, { lastPolledAt: T2, failedResources: {} });
    const tombstone = effectiveLastPolledAt(
      { arn: A, lastPolledAt: T1, tombstone: true },
      { lastPolledAt: T3, failedResources: {} },
    );
    const noStatus = effectiveLastPolledAt({ arn: A, lastPolledAt: T1 }, undefined);

    // Assess
    expect([refreshed, tombstone, noStatus]).toEqual([T3, T1, T1]);
  });
});

describe('carryForwardFailures', () => {
  it('keeps an earlier failure’s time, takes the previous cycle for a first failure, and null for a flow never polled', () => {
    // Prepare
    const previous = { lastPolledAt: T2, failedResources: { [A]: T1 } };

    // Act
    const failed = carryForwardFailures(previous, [
      { arn: A, known: true, lastPolledAt: T1 },
      { arn: B, known: true },
      { arn: 'new', known: false },
    ]);

    // Assess
    expect(failed).toEqual({ [A]: T1, [B]: T2, new: null });
  });
});

describe('writePollerStatus', () => {
  it('writes one status item per poller, account and region, listed under POLLERS, and never an older cycle over a newer', async () => {
    // Prepare
    const store = new InMemoryInventoryStore();
    const key = { poller: 'mediaconnect-metrics', account: '111122223333', region: 'eu-west-1' };
    const cycle = (startedAt: string) => ({
      poller: key.poller,
      startedAt,
      finishedAt: startedAt,
      durationMs: 0,
      errors: [],
    });

    // Act
    const newer = await writePollerStatus(store, key, {
      startedAtMs: Date.parse(T2),
      cycle: cycle(T2),
      failedResources: {},
    });
    const older = await writePollerStatus(store, key, {
      startedAtMs: Date.parse(T1),
      cycle: cycle(T1),
      failedResources: {},
    });

    // Assess
    expect([newer, older]).toEqual([true, false]);
    expect(store.item('POLLER#mediaconnect-metrics#111122223333#eu-west-1', '#STATUS')).toMatchObject({
      type: 'poller',
      gsi1pk: 'POLLERS',
      gsi1sk: 'mediaconnect-metrics#111122223333#eu-west-1',
      lastCycle: { startedAt: T2 },
      lastPolledAt: T2,
      version: Date.parse(T2),
    });
  });
});

describe('writePollerStatus with many failures', () => {
  it('stays under 400 KB with 20,000 failed resources, keeping the stalest and counting them all', async () => {
    // Prepare
    const store = new InMemoryInventoryStore();
    const key = { poller: 'mediaconnect-inventory', account: '111122223333', region: 'eu-west-1' };
    const failedResources: Record<string, string | null> = {};
    for (let i = 0; i < 20_000; i++)
      failedResources[`arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-${String(i).padStart(40, '0')}:flow-${i}`] =
        i === 19_999 ? null : new Date(Date.parse(T3) - i * 1000).toISOString();
    const stalest = Object.keys(failedResources)[19_998] as string;
    const neverPolled = Object.keys(failedResources)[19_999] as string;
    const freshest = Object.keys(failedResources)[0] as string;

    // Act
    await writePollerStatus(store, key, {
      startedAtMs: Date.parse(T3),
      cycle: { poller: key.poller, startedAt: T3, finishedAt: T3, durationMs: 0, errors: [] },
      failedResources,
    });

    // Assess
    const item = store.item<Record<string, unknown>>(
      'POLLER#mediaconnect-inventory#111122223333#eu-west-1',
      '#STATUS',
    ) as Record<string, unknown> & { failedResources: Record<string, string | null> };
    expect(estimateItemSize(item)).toBeLessThan(400 * 1024);
    expect(Object.keys(item.failedResources)).toHaveLength(MAX_STORED_FAILED_RESOURCES);
    expect(item.failedResources).toHaveProperty([neverPolled], null);
    expect(item.failedResources).toHaveProperty([stalest]);
    expect(item.failedResources).not.toHaveProperty([freshest]);
    expect(item).toMatchObject({ failedResourcesTruncated: true, lastCycle: { failedResourceCount: 20_000 } });
  });

  it('does not claim the cycle start for a resource left out of a truncated failure map', () => {
    // Act
    const left = effectiveLastPolledAt(
      { arn: B, lastPolledAt: T1 },
      { lastPolledAt: T3, failedResources: { [A]: T2 }, failedResourcesTruncated: true },
    );
    const kept = effectiveLastPolledAt(
      { arn: A, lastPolledAt: T1 },
      { lastPolledAt: T3, failedResources: { [A]: T2 }, failedResourcesTruncated: true },
    );

    // Assess
    expect([left, kept]).toEqual([T1, T2]);
  });
});
