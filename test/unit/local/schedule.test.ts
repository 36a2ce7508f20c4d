import { RepeatingTask } from '../../../bin/local/schedule';

describe('repeating task', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs on its interval and never overlaps itself', async () => {
    // Prepare
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const release: (() => void)[] = [];
    const task = new RepeatingTask('t', 1_000, () => {
      runs++;
      running++;
      maxRunning = Math.max(maxRunning, running);
      return new Promise<void>((resolve) =>
        release.push(() => {
          running--;
          resolve();
        }),
      );
    });

    // Act
    task.start();
    await jest.advanceTimersByTimeAsync(1_000);
    await jest.advanceTimersByTimeAsync(5_000);
    const whileRunning = runs;
    release.shift()?.();
    await jest.advanceTimersByTimeAsync(1_000);
    task.stop();

    // Assess
    expect(whileRunning).toBe(1);
    expect(runs).toBe(2);
    expect(maxRunning).toBe(1);
  });

  it('joins a run in progress when run now, and records the last error', async () => {
    // Prepare
    let calls = 0;
    const task = new RepeatingTask('t', 60_000, async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error('boom');
    });

    // Act
    const first = task.runNow();
    const second = task.runNow();
    const both = Promise.allSettled([first, second]);
    await jest.advanceTimersByTimeAsync(10);
    const results = await both;

    // Assess
    expect(calls).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(task.state).toMatchObject({ runs: 1, running: false, lastError: 'Error: boom' });
  });
});
