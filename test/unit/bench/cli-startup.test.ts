import { parseBenchArgs } from '../../../bin/bench/bench-args';
import { CliBenchResult, formatCliBench, percentile } from '../../../bin/bench/cli-startup';

describe('CLI startup bench', () => {
  it('is selected with --cli, leaving --runs to it', () => {
    // Act
    const options = parseBenchArgs(['--cli', '--runs', '20']);

    // Assess
    expect(options.mode).toBe('cli');
    expect(() => parseBenchArgs(['--cli', '--api'])).toThrow('pick one');
  });

  it('takes percentiles by nearest rank', () => {
    // Prepare
    const walls = [120, 100, 400, 110, 130, 105, 115, 125, 135, 140];

    // Act / Assess
    expect(percentile(walls, 0.5)).toBe(120);
    expect(percentile(walls, 0.9)).toBe(140);
    expect(percentile([7], 0.9)).toBe(7);
  });

  it('prints each command with its median, p90 and CPU, and the verdict on wall time where CPU is not measured', () => {
    // Prepare
    const result: CliBenchResult = {
      passed: false,
      targetMs: 300,
      loadAverage1m: 3.25,
      timings: [
        { name: 'node -e 0', runs: 10, wallMedianMs: 41.2, wallP90Ms: 50, cpuMeanMs: 30 },
        { name: 'mediamon flows (local API)', runs: 10, wallMedianMs: 320.4, wallP90Ms: 400 },
      ],
    };

    // Act
    const text = formatCliBench(result);

    // Assess
    expect(text.split('\n')).toEqual([
      'CLI startup, 10 runs each (load average 3.3)',
      'command                      median      p90      CPU',
      'node -e 0                     41 ms    50 ms    30 ms',
      'mediamon flows (local API)   320 ms   400 ms        -',
      'FAIL  mediamon flows against the local API starts and answers in 320 ms median wall, target under 300 ms',
    ]);
  });

  it('judges the target on CPU time where it is measured', () => {
    // Prepare
    const result: CliBenchResult = {
      passed: true,
      targetMs: 300,
      loadAverage1m: 21.5,
      timings: [{ name: 'mediamon flows (local API)', runs: 15, wallMedianMs: 669, wallP90Ms: 804, cpuMeanMs: 139 }],
    };

    // Act
    const verdict = formatCliBench(result).split('\n').at(-1);

    // Assess
    expect(verdict).toBe(
      'PASS  mediamon flows against the local API starts and answers in 139 ms CPU, target under 300 ms',
    );
  });
});
