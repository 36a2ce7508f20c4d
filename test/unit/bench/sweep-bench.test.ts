import { BenchArgsError, parseBenchArgs } from '../../../bin/bench/bench-args';
import { largestGaps, parseSweepArgs, simulateSweep } from '../../../bin/bench/sweep-bench';

const MINUTE = 60_000;

describe('the sweep bench', () => {
  it('is selected by --sweep and takes its own flags, with defaults', () => {
    // Act
    const options = parseBenchArgs(['--sweep', '--hours', '2']);
    const own = parseSweepArgs(['--sweep', '--hours', '2', '--large-flows', '800']);
    const defaults = parseSweepArgs([]);

    // Assess
    expect(options.mode).toBe('sweep');
    expect(own).toEqual({ steadyFlows: 1000, largeFlows: 800, hours: 2 });
    expect(defaults).toEqual({ steadyFlows: 1000, largeFlows: 5000, hours: 4 });
  });

  it('refuses a bad flag value and another bench beside it', () => {
    // Act
    const tooMany = () => parseSweepArgs(['--large-flows', '50000']);
    const notANumber = () => parseSweepArgs(['--hours', 'many']);
    const twoBenches = () => parseBenchArgs(['--sweep', '--storm']);

    // Assess
    expect(tooMany).toThrow(/--large-flows/);
    expect(notANumber).toThrow(RangeError);
    expect(twoBenches).toThrow(BenchArgsError);
  });

  it('measures gaps from the describes it recorded', () => {
    // Prepare
    const describes = [
      { arn: 'a', atMs: 0 },
      { arn: 'b', atMs: 10 * MINUTE },
      { arn: 'a', atMs: 50 * MINUTE },
      { arn: 'b', atMs: 80 * MINUTE },
    ];

    // Act
    const gaps = largestGaps(describes, ['a', 'b'], 10 * MINUTE, 90 * MINUTE, 60);

    // Assess: after the picture, a: 50 → 90 (40 min); b: 10 → 80 (70 min, over) → 90. Across it, a waited 50 min.
    expect(gaps).toEqual({ largest: 70 * MINUTE, over: 1, catchUp: 50 * MINUTE });
    expect(largestGaps(describes, ['a'], undefined, 90 * MINUTE, 60)).toEqual({
      largest: null,
      over: 1,
      catchUp: null,
    });
  });

  it('computes its figures from the calls the simulated cycles made: twice the flows, twice the describes', async () => {
    // Act
    const small = await simulateSweep({ flows: 60, periodMinutes: 60, hours: 2 });
    const large = await simulateSweep({ flows: 120, periodMinutes: 60, hours: 2 });

    // Assess
    expect(small.cycles).toBe(24);
    expect(small.listCalls).toBe(24);
    expect(small.tagCalls).toBe(60);
    expect(small.firstCompleteAfterMs).not.toBeNull();
    expect(small.flowsOverPeriod).toBe(0);
    // 60 flows every 55 minutes: about 65 an hour; the first cycle described all of them as new.
    expect(small.steadyDescribesPerHour).toBeGreaterThanOrEqual(60);
    expect(small.steadyDescribesPerHour).toBeLessThanOrEqual(72);
    expect(large.steadyDescribesPerHour).toBeGreaterThanOrEqual(2 * small.steadyDescribesPerHour - 6);
    expect(large.describes).toBeGreaterThan(small.describes);
  });
});
