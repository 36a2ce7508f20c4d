import { SteppableClock } from '../../../bin/bench/bench-clock';
import { RssSampler } from '../../../bin/bench/rss-sampler';

describe('steppable clock', () => {
  it('follows its base time and moves forward by what the bench advances', () => {
    // Prepare
    let base = 1_000;
    const clock = new SteppableClock(() => base);

    // Act
    clock.advance(300_000);
    base += 5;

    // Assess
    expect(clock.now()).toBe(301_005);
    expect(clock.offsetMs).toBe(300_000);
  });

  it('refuses to move backwards', () => {
    // Act / Assess
    expect(() => new SteppableClock().advance(-1)).toThrow(RangeError);
  });
});

describe('RSS sampler', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('reports the highest RSS sampled between start and stop, in MB', () => {
    // Prepare
    jest.useFakeTimers();
    const readings = [10, 300, 20].map((mb) => mb * 1024 * 1024);
    let next = 0;
    const sampler = new RssSampler(() => readings[Math.min(next++, readings.length - 1)] as number, 20);

    // Act
    sampler.start(); // reads 10
    jest.advanceTimersByTime(20); // the interval reads 300
    const peak = sampler.stop(); // reads 20

    // Assess
    expect(peak).toBe(300);
  });
});
