import { growthMbPerHour, parsePs, processTree } from '../../../bin/soak';

describe('the soak script', () => {
  it('finds a process and everything below it in ps output', () => {
    // Prepare
    const ps = [
      '    1     0  1000 init',
      '  100     1 90000 node',
      '  101   100 102400 moto_server',
      '  200     1  5000 other',
      '  102   101  2048 python3',
    ].join('\n');

    // Act
    const tree = processTree(parsePs(ps), 100);

    // Assess
    expect(tree.map((r) => [r.pid, r.command])).toEqual([
      [100, 'node'],
      [101, 'moto_server'],
      [102, 'python3'],
    ]);
  });

  it('reports a flat series as no growth and a rising one in MB per hour', () => {
    // Act
    const flat = growthMbPerHour([0, 1, 2, 3].map((minutes) => ({ minutes, mb: 200 + (minutes % 2) })));
    const rising = growthMbPerHour([0, 10, 20, 30].map((minutes) => ({ minutes, mb: 200 + minutes / 2 })));

    // Assess
    expect(Math.abs(flat)).toBeLessThan(20);
    expect(rising).toBeCloseTo(30);
  });
});
