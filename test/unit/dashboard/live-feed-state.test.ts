import type { StoreChange } from '../../../lambdas/api/monitoring/change-feed';
import {
  ChangeDeduplicator,
  DEDUP_WINDOW_MS,
  feedHealthText,
  pollDelayMs,
  readAnswer,
  reloadAfterHidden,
} from '../../../bin/dashboard/app/model/live-feed-state';

const change = (arn: string, at: string, kind: StoreChange['kind'] = 'resource'): StoreChange => ({
  kind,
  arn,
  type: 'mediaconnect:flow',
  account: '111122223333',
  region: 'eu-west-1',
  at,
});

describe('pollDelayMs', () => {
  it('polls every 2 s and backs off 2, 4, 8, 16, 30 s after failures', () => {
    // Prepare / Act
    const delays = [0, 1, 2, 3, 4, 5, 6, 20].map(pollDelayMs);

    // Assess
    expect(delays).toEqual([2000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});

describe('ChangeDeduplicator', () => {
  it('delivers a change repeated in the next answers only once', () => {
    // Prepare
    const dedup = new ChangeDeduplicator();
    const a = change('arn:a', '2026-12-02T10:00:00.000Z');
    const b = change('arn:b', '2026-12-02T10:00:01.000Z');

    // Act
    const first = dedup.fresh([a]);
    const second = dedup.fresh([a, b]);
    const third = dedup.fresh([a, b]);

    // Assess
    expect([first, second, third]).toEqual([[a], [b], []]);
  });

  it('delivers a new write of the same item (a later time) again', () => {
    // Prepare
    const dedup = new ChangeDeduplicator();
    dedup.fresh([change('arn:a', '2026-12-02T10:00:00.000Z')]);

    // Act
    const again = dedup.fresh([change('arn:a', '2026-12-02T10:00:05.000Z')]);

    // Assess
    expect(again).toHaveLength(1);
  });

  it('forgets changes older than its window behind the newest', () => {
    // Prepare
    const dedup = new ChangeDeduplicator();
    const start = Date.parse('2026-12-02T10:00:00.000Z');
    for (let i = 0; i < 100; i++) dedup.fresh([change(`arn:${i}`, new Date(start + i * 1000).toISOString())]);

    // Act
    dedup.fresh([change('arn:late', new Date(start + 99_000 + DEDUP_WINDOW_MS).toISOString())]);

    // Assess: only what lies within the window of the newest change is remembered.
    expect(dedup.size).toBe(2);
  });
});

describe('readAnswer', () => {
  it('takes the cursor of the first answer and delivers nothing from it', () => {
    // Prepare
    const dedup = new ChangeDeduplicator();

    // Act
    const outcome = readAnswer(
      { changes: [change('arn:a', '2026-12-02T10:00:00.000Z')], cursor: 'c1', truncated: false },
      dedup,
      true,
    );

    // Assess
    expect(outcome).toEqual({ cursor: 'c1', changes: [], reloadAll: false });
  });

  it('asks for a reload of everything when the answer is truncated', () => {
    // Prepare
    const dedup = new ChangeDeduplicator();

    // Act
    const outcome = readAnswer(
      { changes: [change('arn:a', '2026-12-02T10:00:00.000Z')], cursor: 'c2', truncated: true },
      dedup,
      false,
    );

    // Assess
    expect(outcome).toEqual({ cursor: 'c2', changes: [], reloadAll: true });
  });

  it('delivers the new changes of a later answer, oldest first', () => {
    // Prepare
    const dedup = new ChangeDeduplicator();
    const a = change('arn:a', '2026-12-02T10:00:00.000Z');
    const b = change('arn:b', '2026-12-02T10:00:01.000Z', 'alarm');
    readAnswer({ changes: [a], cursor: 'c1', truncated: false }, dedup, false);

    // Act
    const outcome = readAnswer({ changes: [a, b], cursor: 'c2', truncated: false }, dedup, false);

    // Assess
    expect(outcome).toEqual({ cursor: 'c2', changes: [b], reloadAll: false });
  });
});

describe('reloadAfterHidden and feedHealthText', () => {
  it('reloads after more than a minute hidden, not after less', () => {
    // Prepare
    const now = 1_000_000;

    // Act
    const answers = [
      reloadAfterHidden(now - 61_000, now),
      reloadAfterHidden(now - 59_000, now),
      reloadAfterHidden(undefined, now),
    ];

    // Assess
    expect(answers).toEqual([true, false, false]);
  });

  it('says how fresh the feed is, or when it retries', () => {
    // Prepare
    const now = Date.parse('2026-12-02T10:00:00.000Z');

    // Act
    const texts = [
      feedHealthText({ state: 'live', updatedAt: now - 3000 }, now),
      feedHealthText({ state: 'reconnecting', failures: 3, retryAt: now + 7600, message: 'down' }, now),
      feedHealthText({ state: 'connecting' }, now),
    ];

    // Assess
    expect(texts).toEqual(['Live · updated 3 s ago', 'Reconnecting… (retry in 8 s)', 'Connecting…']);
  });
});
