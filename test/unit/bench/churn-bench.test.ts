import { parseBenchArgs } from '../../../bin/bench/bench-args';
import {
  ChurnArgsError,
  ChurnBenchFigures,
  formatChurnBench,
  latencyFigures,
  parseChurnArgs,
} from '../../../bin/bench/churn-bench';
import { recordDifferences, seededRandom } from '../../../bin/bench/churn-scenario';

describe('churn bench arguments', () => {
  it('selects the churn bench with --churn, and refuses it next to another bench', () => {
    // Act / Assess
    expect(parseBenchArgs(['--churn', '--changes', '50']).mode).toBe('churn');
    expect(() => parseBenchArgs(['--churn', '--storm'])).toThrow('separate benches');
  });

  it('takes the defaults when no flag of its own is given', () => {
    // Act
    const options = parseChurnArgs({ argv: ['--churn'], json: false });

    // Assess
    expect(options).toMatchObject({
      flows: 100,
      changes: 200,
      drop: 0,
      latencyChanges: 100,
      stormedChanges: 20,
      changeEveryMs: 1600,
      stormFlows: 40,
      json: false,
    });
    expect(Number.isInteger(options.seed)).toBe(true);
  });

  it('reads its own flags and the shared --flows', () => {
    // Act
    const options = parseChurnArgs({
      flows: 20,
      json: true,
      argv: [
        '--churn',
        '--changes=80',
        '--drop',
        '0.1',
        '--seed',
        '42',
        '--latency-changes',
        '10',
        '--storm-flows',
        '5',
      ],
    });

    // Assess
    expect(options).toMatchObject({
      flows: 20,
      changes: 80,
      drop: 0.1,
      seed: 42,
      latencyChanges: 10,
      stormFlows: 5,
      json: true,
    });
  });

  it.each([
    [['--drop', '1'], '--drop'],
    [['--changes', 'many'], '--changes'],
    [['--seed', '-3'], '--seed'],
    [['--change-every-ms', '0'], '--change-every-ms'],
  ])('refuses %j, naming the flag', (argv, flag) => {
    // Act / Assess
    expect(() => parseChurnArgs({ argv: ['--churn', ...argv] })).toThrow(ChurnArgsError);
    expect(() => parseChurnArgs({ argv: ['--churn', ...argv] })).toThrow(flag);
  });
});

describe('churn bench figures', () => {
  it('gives p50, p99 and max by nearest rank', () => {
    // Prepare
    const latencies = Array.from({ length: 200 }, (_, i) => 200 - i); // 1..200, unordered

    // Act
    const figures = latencyFigures(latencies, 2);

    // Assess
    expect(figures).toEqual({ count: 200, p50: 100, p99: 198, max: 200, unseen: 2 });
  });

  it('gives zeros for no latencies, and the one value for one', () => {
    // Act / Assess
    expect(latencyFigures([])).toEqual({ count: 0, p50: 0, p99: 0, max: 0, unseen: 0 });
    expect(latencyFigures([37])).toEqual({ count: 1, p50: 37, p99: 37, max: 37, unseen: 0 });
  });

  it('prints the churn counts, the describe calls and both latency lines, with a verdict per check', () => {
    // Prepare
    const figures: ChurnBenchFigures = {
      seed: 7,
      churn: {
        flows: 100,
        changesMade: 190,
        eventsDropped: 0,
        cycles: 12,
        missed: 0,
        stale: 1,
        staleTags: 0,
        falseTombstones: 0,
        describeFlowCalls: 420,
        describeEveryCycle: 1200,
        differences: ['stale arn:…:flow:1 #META: tags absent ≠ {"a":"b"}'],
      },
      changeToStore: {
        idle: { count: 10, p50: 30, p99: 45, max: 45, unseen: 0 },
        quiet: { count: 100, p50: 40, p99: 120, max: 150, unseen: 0 },
        stormed: { count: 30, p50: 5200, p99: 11000, max: 11200, unseen: 1 },
        stormNotifications: 9000,
      },
      checks: [
        { name: 'stale', target: '0', actual: '1', passed: false },
        { name: 'missed', target: '0', actual: '0', passed: true },
      ],
      passed: false,
    };

    // Act
    const text = formatChurnBench(figures);

    // Assess
    expect(text).toContain('missed 0, stale 1 (tags alone: 0), false tombstones 0');
    expect(text).toContain('DescribeFlow calls  420 (describing every listed flow every cycle: 1200)');
    expect(text).toContain('before the storm         p50 30 ms, p99 45 ms, max 45 ms over 10 changes');
    expect(text).toContain('flows outside the storm  p50 40 ms, p99 120 ms, max 150 ms over 100 changes');
    expect(text).toContain(
      'stormed flows            p50 5200 ms, p99 11000 ms, max 11200 ms over 30 changes, 1 never seen',
    );
    expect(text).toMatch(/FAIL {2}stale +1 \(target 0\)/);
    expect(text).toMatch(/PASS {2}missed +0 \(target 0\)/);
  });
});

describe('churn scenario', () => {
  it('replays the same random sequence for the same seed', () => {
    // Act
    const a = seededRandom(1650005983);
    const b = seededRandom(1650005983);
    const c = seededRandom(1650005984);
    const first = Array.from({ length: 5 }, () => a());

    // Assess
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
    first.forEach((r) => expect(r >= 0 && r < 1).toBe(true));
  });

  it('compares records field by field, whatever the key order, bookkeeping fields aside', () => {
    // Prepare
    const expected = [
      { sk: '#META', name: 'news', tags: { a: '1', b: '2' }, version: 1, lastPolledAt: 'x' },
      { sk: 'OUTPUT#o1', description: 'new' },
      { sk: 'ENTITLEMENT#e1', subscribers: ['1'] },
    ];
    const stored = [
      { sk: '#META', tags: { b: '2', a: '1' }, name: 'news', version: 9, lastPolledAt: 'y', treeHash: 'h' },
      { sk: 'OUTPUT#o1', description: 'old' },
      { sk: 'SOURCE#s1', name: 'gone' },
    ];

    // Act
    const differences = recordDifferences(expected, stored);

    // Assess
    expect(differences).toEqual([
      'OUTPUT#o1: description "old" ≠ "new"',
      'ENTITLEMENT#e1: not stored',
      'SOURCE#s1: stored, not at moto',
    ]);
  });
});
