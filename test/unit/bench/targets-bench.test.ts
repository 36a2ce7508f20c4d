import { parseBenchArgs } from '../../../bin/bench/bench-args';
import { formatTargets, parseTargetsArgs, runTargetsBench } from '../../../bin/bench/targets-bench';

describe('targets bench arguments', () => {
  it('selects the targets bench with --targets, and refuses it next to another bench', () => {
    // Act / Assess
    expect(parseBenchArgs(['--targets', '--targets-count', '5']).mode).toBe('targets');
    expect(() => parseBenchArgs(['--targets', '--churn'])).toThrow('separate benches');
  });

  it('defaults to 20 targets of 300 flows over 4 cycles, and reads its own flags', () => {
    // Act
    const defaults = parseTargetsArgs(['--targets']);
    const given = parseTargetsArgs(['--targets', '--targets-count', '3', '--flows-per-target=40', '--cycles', '5']);

    // Assess
    expect(defaults).toEqual({ targetsCount: 20, flowsPerTarget: 300, cycles: 4 });
    expect(given).toEqual({ targetsCount: 3, flowsPerTarget: 40, cycles: 5 });
  });

  it.each([
    [['--targets-count', '0'], '--targets-count'],
    [['--flows-per-target', 'many'], '--flows-per-target'],
    [['--cycles', '2'], '--cycles'],
  ])('refuses %j naming the flag', (argv, flag) => {
    // Act / Assess
    expect(() => parseTargetsArgs(['--targets', ...argv])).toThrow(flag);
  });
});

describe('targets bench', () => {
  it('reports per-target calls, AssumeRole calls per cycle and the wall-time ratio of a small fleet', async () => {
    // Prepare
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);

    // Act
    let figures;
    try {
      figures = await runTargetsBench({
        argv: ['--targets', '--targets-count', '2', '--flows-per-target', '10', '--cycles', '3'],
        json: false,
        log: () => undefined,
      });
    } finally {
      write.mockRestore();
    }

    // Assess: first cycle 1 list + 10 describes + 10 tag reads per target; sessions reused until the margin.
    expect(figures.firstCycle.map((t) => t.calls)).toEqual([21, 21]);
    expect(figures.assumeRolePerCycle).toEqual([2, 0, 0]);
    expect(figures.assumeRoleAfterRefreshMargin).toBe(2);
    expect(figures.ratio).toBeLessThanOrEqual(1.2);
    expect(figures.passed).toBe(true);
    expect(formatTargets(figures)).toContain('AssumeRole calls per cycle: 2, 0, 0');
  });
});
