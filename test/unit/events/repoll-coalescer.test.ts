import { claimRepoll } from '../../../lambdas/events/repoll-coalescer';
import { FLOW_ARN, NOW } from './event-fixtures';
import { IngestTestStore } from './ingest-test-store';

const at = (ms: number) => ({ now: () => ms });

describe('claimRepoll', () => {
  it('claims a resource never re-polled, with a TTL a minute past the window', async () => {
    // Prepare
    const store = new IngestTestStore();

    // Act
    const claimed = await claimRepoll(store, FLOW_ARN, 10, at(NOW));

    // Assess
    expect(claimed).toBe(true);
    expect(store.item(`REPOLL#${FLOW_ARN}`, '#')).toMatchObject({
      windowStart: NOW,
      version: 1,
      expiresAt: Math.ceil((NOW + 10_000) / 1000) + 60,
    });
  });

  it('refuses a second claim within the window and grants one after it', async () => {
    // Prepare
    const store = new IngestTestStore();
    await claimRepoll(store, FLOW_ARN, 10, at(NOW));

    // Act
    const within = await claimRepoll(store, FLOW_ARN, 10, at(NOW + 9_999));
    const after = await claimRepoll(store, FLOW_ARN, 10, at(NOW + 10_000));

    // Assess
    expect([within, after]).toEqual([false, true]);
    expect(store.item(`REPOLL#${FLOW_ARN}`, '#')).toMatchObject({ windowStart: NOW + 10_000, version: 2 });
  });

  it('grants exactly one of many racing claims, on a fresh resource and on an expired window', async () => {
    // Prepare
    const store = new IngestTestStore();

    // Act
    const fresh = await Promise.all(Array.from({ length: 25 }, () => claimRepoll(store, FLOW_ARN, 10, at(NOW))));
    const expired = await Promise.all(
      Array.from({ length: 25 }, (_, i) => claimRepoll(store, FLOW_ARN, 10, at(NOW + 20_000 + i))),
    );

    // Assess
    expect(fresh.filter(Boolean)).toHaveLength(1);
    expect(expired.filter(Boolean)).toHaveLength(1);
  });

  it('claims every time with a window of zero', async () => {
    // Prepare
    const store = new IngestTestStore();

    // Act
    const claims = [await claimRepoll(store, FLOW_ARN, 0, at(NOW)), await claimRepoll(store, FLOW_ARN, 0, at(NOW + 1))];

    // Assess
    expect(claims).toEqual([true, true]);
  });

  it('keeps resources apart', async () => {
    // Prepare
    const store = new IngestTestStore();
    await claimRepoll(store, FLOW_ARN, 10, at(NOW));

    // Act
    const other = await claimRepoll(store, `${FLOW_ARN}-other`, 10, at(NOW));

    // Assess
    expect(other).toBe(true);
  });
});
