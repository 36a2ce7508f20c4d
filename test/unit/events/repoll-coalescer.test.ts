import {
  claimRepoll,
  claimRepollWindow,
  releaseTrailingRepoll,
  type RepollClaimStore,
} from '../../../lambdas/events/repoll-coalescer';
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

describe('claimRepollWindow: trailing re-polls', () => {
  const trailing = { markTrailing: true };

  it('marks a live window for its trailing re-poll once: the first refused caller schedules it', async () => {
    // Prepare
    const store = new IngestTestStore();
    const leading = await claimRepollWindow(store, FLOW_ARN, 10, at(NOW), trailing);

    // Act
    const first = await claimRepollWindow(store, FLOW_ARN, 10, at(NOW + 2_000), trailing);
    const second = await claimRepollWindow(store, FLOW_ARN, 10, at(NOW + 4_000), trailing);

    // Assess
    expect(leading).toEqual({ claimed: true, windowStart: NOW });
    expect(first).toMatchObject({ claimed: false, windowStart: NOW, scheduleTrailing: true, trailingScheduled: true });
    expect(second).toEqual({ claimed: false, windowStart: NOW, trailingScheduled: true });
    expect(store.item(`REPOLL#${FLOW_ARN}`, '#')).toMatchObject({ windowStart: NOW, trailing: true });
  });

  it('marks no trailing re-poll unless asked', async () => {
    // Prepare
    const store = new IngestTestStore();
    await claimRepollWindow(store, FLOW_ARN, 10, at(NOW));

    // Act
    const refused = await claimRepollWindow(store, FLOW_ARN, 10, at(NOW + 2_000));

    // Assess
    expect(refused).toEqual({ claimed: false, windowStart: NOW, trailingScheduled: false });
    expect(store.item(`REPOLL#${FLOW_ARN}`, '#')).not.toHaveProperty('trailing');
  });

  it('lets exactly one of many concurrent refused callers schedule the trailing re-poll', async () => {
    // Prepare
    const store = new IngestTestStore();
    await claimRepollWindow(store, FLOW_ARN, 10, at(NOW), trailing);

    // Act: 25 callers read the live window before any of them writes.
    const refused = await Promise.all(
      Array.from({ length: 25 }, (_, i) => claimRepollWindow(store, FLOW_ARN, 10, at(NOW + 1_000 + i), trailing)),
    );

    // Assess
    expect(refused.filter((c) => c.claimed)).toHaveLength(0);
    expect(refused.filter((c) => c.scheduleTrailing)).toHaveLength(1);
    expect(refused.every((c) => c.trailingScheduled)).toBe(true);
  });

  it('keeps the newer window when an older refused caller writes its trailing mark after the newer claim', async () => {
    // Prepare: an older caller reads window 1 as live and is held before its write; window 1 then expires and a
    // newer caller claims window 2, whose leading re-poll covers the older caller's event.
    const store = new IngestTestStore();
    await claimRepollWindow(store, FLOW_ARN, 10, at(NOW), trailing);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    const slowStore: RepollClaimStore = {
      get: async (key) => {
        const item = await store.get(key);
        if (reads++ === 0) await held;
        return item as never;
      },
      putIfAbsent: (item) => store.putIfAbsent(item),
      putIfNewer: (item) => store.putIfNewer(item),
      updateIfNewer: (key, version, fields) => store.updateIfNewer(key, version, fields),
    };

    // Act
    const older = claimRepollWindow(slowStore, FLOW_ARN, 10, at(NOW + 9_000), trailing);
    const newer = await claimRepollWindow(store, FLOW_ARN, 10, at(NOW + 10_000), trailing);
    release();
    const olderClaim = await older;

    // Assess: the older caller's conditional write on window 1 fails; it re-reads, finds window 2 live and unmarked, and
    // marks that one (its event may postdate window 2's leading re-poll). Window 2 keeps its start.
    expect(newer).toEqual({ claimed: true, windowStart: NOW + 10_000 });
    expect(olderClaim).toMatchObject({ claimed: false, windowStart: NOW + 10_000, scheduleTrailing: true });
    expect(store.item(`REPOLL#${FLOW_ARN}`, '#')).toMatchObject({ windowStart: NOW + 10_000, version: 3 });
  });

  it('starts every new window unmarked', async () => {
    // Prepare
    const store = new IngestTestStore();
    await claimRepollWindow(store, FLOW_ARN, 10, at(NOW), trailing);
    await claimRepollWindow(store, FLOW_ARN, 10, at(NOW + 1_000), trailing);

    // Act
    const next = await claimRepollWindow(store, FLOW_ARN, 10, at(NOW + 10_000), trailing);

    // Assess
    expect(next).toEqual({ claimed: true, windowStart: NOW + 10_000 });
    expect(store.item(`REPOLL#${FLOW_ARN}`, '#')).not.toHaveProperty('trailing');
  });

  it('unmarks a window whose trailing re-poll could not be scheduled, so a later caller schedules it', async () => {
    // Prepare
    const store = new IngestTestStore();
    await claimRepollWindow(store, FLOW_ARN, 10, at(NOW), trailing);
    const marked = await claimRepollWindow(store, FLOW_ARN, 10, at(NOW + 1_000), trailing);

    // Act
    const released = await releaseTrailingRepoll(store, FLOW_ARN, marked.markerVersion!);
    const later = await claimRepollWindow(store, FLOW_ARN, 10, at(NOW + 2_000), trailing);

    // Assess
    expect(released).toBe(true);
    expect(later).toMatchObject({ claimed: false, scheduleTrailing: true });
  });
});
