import { pollerView } from '../../../lambdas/api/monitoring/poller-view';
import { sweepLine } from '../../../bin/cli/commands';

const NOW = Date.parse('2026-12-02T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('the rolling sweep in /summary', () => {
  it('shows the period, due time, lag and the oldest description’s age from the stored cycle’s pass', () => {
    // Prepare
    const item = {
      poller: 'mediaconnect-inventory',
      account: '111122223333',
      region: 'eu-west-1',
      lastCycle: {
        startedAt: iso(NOW - 60_000),
        errors: [],
        pass: {
          startedAt: iso(NOW - 20 * 60_000),
          complete: false,
          total: 1000,
          remaining: 640,
          periodMs: 3_600_000,
          dueBy: iso(NOW + 35 * 60_000),
          behind: false,
          oldestDescribedAt: iso(NOW - 62 * 60_000),
          firstCompleteAt: iso(NOW - 3 * 3_600_000),
        },
      },
    };

    // Act
    const view = pollerView(item, NOW);

    // Assess
    expect(view.progress).toEqual({
      complete: false,
      total: 1000,
      remaining: 640,
      passStartedAt: iso(NOW - 20 * 60_000),
      periodMinutes: 60,
      dueBy: iso(NOW + 35 * 60_000),
      behind: false,
      oldestDescribedAt: iso(NOW - 62 * 60_000),
      oldestDescriptionAgeSeconds: 62 * 60,
      firstCompleteAt: iso(NOW - 3 * 3_600_000),
    });
  });

  it('reads one short CLI line from it: progress, period, oldest age, and BEHIND when the period is not kept', () => {
    // Act
    const steady = sweepLine({
      complete: false,
      total: 1000,
      remaining: 640,
      periodMinutes: 60,
      firstCompleteAt: 'x',
      oldestDescriptionAgeSeconds: 3_720,
    });
    const behind = sweepLine({ complete: false, total: 5000, remaining: 3700, periodMinutes: 5, behind: true });
    const unpaced = sweepLine({ complete: true, total: 12, remaining: 0 });

    // Assess
    expect(steady).toBe('640/1000 left of 60 min, oldest 62 min');
    expect(behind).toBe('3700/5000 left of 5 min, first picture pending, BEHIND');
    expect(unpaced).toBe('12 done');
    expect(sweepLine(undefined)).toBe('-');
  });
});
