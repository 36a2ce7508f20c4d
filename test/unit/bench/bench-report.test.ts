import { channelCostFigures } from '../../../bin/bench/bench-channels';
import {
  allPassed,
  BenchFigures,
  callsByService,
  CycleFigures,
  evaluateTargets,
  formatReport,
  minimumGetMetricDataCalls,
  quotaFloorMs,
  table,
  TargetCheck,
} from '../../../bin/bench/bench-report';

const noWrites = { inventory: 0, metrics: 0, alarm: 0, pollerStatus: 0, event: 0, other: 0 };

function cycleFigures(overrides: Partial<CycleFigures> & Pick<CycleFigures, 'id'>): CycleFigures {
  return {
    wallMs: 1000,
    cpu: { benchMs: 500, motoMs: 2000, dynaliteMs: 300 },
    calls: {},
    retries: 0,
    failures: {},
    itemsWritten: noWrites,
    conditionalWritesRefused: 0,
    peakRssMb: 120,
    outcome: {},
    ...overrides,
  };
}

/** A 1,000-flow run that meets every target. */
function passingFigures(): BenchFigures {
  return {
    flows: 1000,
    shape: { sourcesPerFlow: 2, outputsPerFlow: 3, entitlementsPerFlow: 2 },
    metricSet: 'health',
    intervalSeconds: 300,
    historyMinutes: 60,
    mediaConnectRate: { benchRps: 'unlimited', productionRps: 5, productionBurst: 30 },
    seeding: { durationMs: 40_000, datapoints: 210, flowsWithDatapoints: 5 },
    cycles: [
      cycleFigures({
        id: 'inventory-first',
        wallMs: 200_000,
        calls: { 'MediaConnect.ListFlows': 1, 'MediaConnect.DescribeFlow': 1000, 'DynamoDB.PutItem': 8001 },
        itemsWritten: { ...noWrites, inventory: 8000, pollerStatus: 1 },
        flowsPolled: 1000,
        reportedInventoryWrites: 8000,
      }),
      cycleFigures({
        id: 'metrics-first',
        calls: { 'CloudWatch.GetMetricData': 28, 'DynamoDB.Query': 1002 },
        itemsWritten: { ...noWrites, metrics: 6000, pollerStatus: 1 },
        flowsPolled: 1000,
        queries: 14_000,
      }),
      cycleFigures({
        id: 'inventory-steady',
        calls: { 'MediaConnect.ListFlows': 1, 'MediaConnect.DescribeFlow': 1000 },
        itemsWritten: { ...noWrites, pollerStatus: 1 },
        flowsPolled: 1000,
        reportedInventoryWrites: 0,
      }),
      cycleFigures({
        id: 'metrics-steady',
        calls: { 'CloudWatch.GetMetricData': 28 },
        itemsWritten: { ...noWrites, metrics: 1000 },
        flowsPolled: 1000,
        queries: 14_000,
      }),
    ],
    memory: {
      peakRssMb: 180.4,
      inventoryPeakRssMb: 180.4,
      metricsPeakRssMb: 150,
      inventoryStartRssMb: 90,
      metricsStartRssMb: 85.5,
      benchProcessPeakRssMb: 260,
    },
    bundles: [
      {
        name: 'mediaconnect-inventory',
        entry: 'lambdas/functions/mediaconnect-inventory/handler.ts',
        status: 'built',
        bytes: 480_000,
        bytesWithoutSdk: 120_000,
      },
      {
        name: 'api',
        entry: 'lambdas/functions/api/handler.ts',
        status: 'built',
        bytes: 500_000,
        bytesWithoutSdk: 150_000,
      },
    ],
    cost: {
      plan: { metricsPerFlowPoll: 14, pollsPerHour: 12, metricsPerFlowHour: 168, usdPerFlowMonth: 1.2264 },
      baseline: { metricsPerFlowPoll: 105, pollsPerHour: 60, metricsPerFlowHour: 6300, usdPerFlowMonth: 45.99 },
      baselineSingleSource: {
        metricsPerFlowPoll: 79,
        pollsPerHour: 60,
        metricsPerFlowHour: 4740,
        usdPerFlowMonth: 34.602,
      },
      savingsFactor: 37.5,
      savingsFactorSingleSource: 28.21,
      measuredQueriesPerFlowPoll: 14,
    },
    totalMs: 400_000,
  };
}

const withCycle = (figures: BenchFigures, id: CycleFigures['id'], change: Partial<CycleFigures>): BenchFigures => ({
  ...figures,
  cycles: figures.cycles.map((c) => (c.id === id ? { ...c, ...change } : c)),
});

const verdictOf = (checks: readonly TargetCheck[], target: RegExp): string | undefined =>
  checks.find((c) => target.test(c.target))?.verdict;

describe('bench targets', () => {
  it('passes a run that meets every target', () => {
    // Act
    const checks = evaluateTargets(passingFigures());

    // Assess
    expect(checks.filter((c) => c.verdict !== 'PASS')).toEqual([]);
    expect(allPassed(checks)).toBe(true);
  });

  it('fails a first inventory pass with an invocation over its timeout, or one that never completed', () => {
    // Prepare
    const invocations = [
      { wallMs: 58_000, described: 250, remaining: 50 },
      { wallMs: 12_000, described: 50, remaining: 0 },
    ];
    const within = {
      ...passingFigures(),
      firstPass: { timeoutSeconds: 60, invocations, complete: true, totalMs: 70_000, inventoryItemsWritten: 1_000_000 },
    };
    const over = {
      ...within,
      firstPass: { ...within.firstPass, invocations: [{ wallMs: 61_000, described: 300, remaining: 0 }] },
    };
    const incomplete = { ...within, firstPass: { ...within.firstPass, complete: false } };

    // Act
    const verdicts = [within, over, incomplete].map(
      (figures) => evaluateTargets(figures).find((c) => c.target.startsWith('First inventory pass'))?.verdict,
    );

    // Assess
    expect(verdicts).toEqual(['PASS', 'FAIL', 'FAIL']);
    expect(verdictOf(evaluateTargets(within), /First inventory pass stores every flow/)).toBe('PASS');
    expect(formatReport(within, evaluateTargets(within))).toContain(
      'First inventory pass under a 60 s timeout: 2 invocation(s)',
    );
  });

  it('takes ceil(M/500) as the minimum GetMetricData calls', () => {
    // Act / Assess
    expect(minimumGetMetricDataCalls(14_000)).toBe(28);
    expect(minimumGetMetricDataCalls(14_001)).toBe(29);
    expect(minimumGetMetricDataCalls(1)).toBe(1);
  });

  it('fails a metrics cycle that makes more GetMetricData calls than the minimum', () => {
    // Prepare
    const figures = withCycle(passingFigures(), 'metrics-steady', { calls: { 'CloudWatch.GetMetricData': 29 } });

    // Act
    const checks = evaluateTargets(figures);

    // Assess
    expect(verdictOf(checks, /GetMetricData calls .*metrics #2/)).toBe('FAIL');
    expect(verdictOf(checks, /GetMetricData calls .*metrics #1/)).toBe('PASS');
    expect(allPassed(checks)).toBe(false);
  });

  it('fails a metrics cycle that queried nothing rather than passing it vacuously', () => {
    // Prepare
    const figures = withCycle(passingFigures(), 'metrics-first', { queries: 0, calls: {} });

    // Act
    const check = evaluateTargets(figures).find((c) => /GetMetricData calls .*metrics #1/.test(c.target));

    // Assess
    expect(check).toMatchObject({ verdict: 'FAIL', note: 'no queries: nothing was polled' });
  });

  it('fails a steady-state inventory cycle that wrote an inventory item, on the wire or by its own count', () => {
    // Prepare
    const wrote = withCycle(passingFigures(), 'inventory-steady', { itemsWritten: { ...noWrites, inventory: 1 } });
    const reported = withCycle(passingFigures(), 'inventory-steady', { reportedInventoryWrites: 3 });

    // Act / Assess
    expect(verdictOf(evaluateTargets(wrote), /steady-state inventory/)).toBe('FAIL');
    expect(verdictOf(evaluateTargets(reported), /steady-state inventory/)).toBe('FAIL');
  });

  it('fails a peak RSS above 256 MB, and marks a run below 1,000 flows as indicative', () => {
    // Prepare
    const heavy = {
      ...passingFigures(),
      memory: {
        peakRssMb: 256.5,
        inventoryPeakRssMb: 200,
        metricsPeakRssMb: 256.5,
        inventoryStartRssMb: 90,
        metricsStartRssMb: 90,
        benchProcessPeakRssMb: 300,
      },
    };
    const small = { ...passingFigures(), flows: 200 };

    // Act
    const heavyCheck = evaluateTargets(heavy).find((c) => /Peak RSS/.test(c.target));
    const smallCheck = evaluateTargets(small).find((c) => /Peak RSS/.test(c.target));

    // Assess
    expect(heavyCheck?.verdict).toBe('FAIL');
    expect(heavyCheck?.note).toBeUndefined();
    expect(smallCheck).toMatchObject({ verdict: 'PASS', note: expect.stringContaining('--flows 1000') });
  });

  it('fails a bundle over 500 KB, skips a missing handler and fails one that does not build', () => {
    // Prepare
    const figures: BenchFigures = {
      ...passingFigures(),
      bundles: [
        {
          name: 'event-ingest',
          entry: 'lambdas/functions/event-ingest/handler.ts',
          status: 'built',
          bytes: 500_001,
          bytesWithoutSdk: 1,
        },
        { name: 'api', entry: 'lambdas/functions/api/handler.ts', status: 'missing' },
        {
          name: 'mediaconnect-metrics',
          entry: 'lambdas/functions/metrics/handler.ts',
          status: 'failed',
          error: 'Could not resolve "x"',
        },
      ],
    };

    // Act
    const checks = evaluateTargets(figures);

    // Assess
    expect(verdictOf(checks, /Bundle event-ingest/)).toBe('FAIL');
    expect(verdictOf(checks, /Bundle api/)).toBe('SKIP');
    expect(checks.find((c) => /Bundle mediaconnect-metrics/.test(c.target))).toMatchObject({
      verdict: 'FAIL',
      note: 'Could not resolve "x"',
    });
  });

  it('treats skipped checks as not failing the run', () => {
    // Act / Assess
    expect(
      allPassed([
        { target: 't', measured: 'm', verdict: 'SKIP' },
        { target: 'u', measured: 'n', verdict: 'PASS' },
      ]),
    ).toBe(true);
  });

  it('judges the cost target against the stricter of the two baselines', () => {
    // Prepare
    const figures = {
      ...passingFigures(),
      cost: { ...passingFigures().cost, savingsFactor: 25, savingsFactorSingleSource: 19.9 },
    };

    // Act / Assess
    expect(verdictOf(evaluateTargets(figures), /cheaper per flow-month/)).toBe('FAIL');
  });

  it('skips the cost target for a run that polls another metric set than the default', () => {
    // Prepare
    const figures = {
      ...passingFigures(),
      metricSet: 'full',
      cost: { ...passingFigures().cost, savingsFactor: 4.1, savingsFactorSingleSource: 3.1 },
    };

    // Act
    const check = evaluateTargets(figures).find((c) => /cheaper per flow-month/.test(c.target));

    // Assess
    expect(check).toMatchObject({ verdict: 'SKIP', measured: '4.1x (3.1x against 79 metrics/flow)' });
  });

  it('fails the run when a metrics cycle did not poll every flow, or a call failed', () => {
    // Prepare
    const partial = withCycle(passingFigures(), 'metrics-steady', { flowsPolled: 999 });
    const failing = withCycle(passingFigures(), 'inventory-first', { failures: { 'MediaConnect.DescribeFlow': 2 } });

    // Act
    const partialChecks = evaluateTargets(partial);
    const failingChecks = evaluateTargets(failing);

    // Assess
    expect(verdictOf(partialChecks, /metrics #2 .* polls every flow/)).toBe('FAIL');
    expect(failingChecks.find((c) => /No AWS call failed/.test(c.target))).toMatchObject({
      verdict: 'FAIL',
      measured: 'inventory #1 (first): MediaConnect.DescribeFlow ×2',
    });
  });

  it('reports the calls moto does not implement apart, without failing the run, and still fails a real failure', () => {
    // Prepare
    const figures = withCycle(passingFigures(), 'inventory-first', {
      failures: { 'MediaLive.ListInputDevices': 1, 'MediaConnect.DescribeFlow': 1 },
    });

    // Act
    const checks = evaluateTargets(figures);

    // Assess
    expect(checks.find((c) => /No AWS call failed/.test(c.target))).toMatchObject({
      verdict: 'FAIL',
      measured: 'inventory #1 (first): MediaConnect.DescribeFlow ×1',
    });
    expect(checks.find((c) => /moto does not implement/.test(c.target))).toMatchObject({
      verdict: 'SKIP',
      measured: 'inventory #1 (first): MediaLive.ListInputDevices ×1',
    });
  });

  it('fails the run when the first inventory cycle stored fewer than 8 items per flow', () => {
    // Prepare
    const figures = withCycle(passingFigures(), 'inventory-first', { itemsWritten: { ...noWrites, inventory: 7999 } });

    // Act / Assess
    expect(verdictOf(evaluateTargets(figures), /First inventory cycle stores/)).toBe('FAIL');
  });
});

describe('bench report', () => {
  it('prints calls by operation per cycle, the GetMetricData minimum, memory, bundles, cost and verdicts', () => {
    // Prepare
    const figures = withCycle(passingFigures(), 'metrics-steady', { calls: { 'CloudWatch.GetMetricData': 30 } });
    const checks = evaluateTargets(figures);

    // Act
    const report = formatReport(figures, checks);

    // Assess
    const lines = report.split('\n');
    expect(
      lines
        .find((l) => l.includes('MediaConnect.DescribeFlow'))
        ?.trim()
        .split(/\s{2,}/),
    ).toEqual(['MediaConnect.DescribeFlow', '1,000', '0', '1,000', '0']);
    expect(report).toContain('metrics #2 (due again): 30 calls, minimum ceil(14,000/500) = 28');
    expect(report).toContain(
      'inventory #2 (steady): 0 inventory items (all writes: pollerStatus 1; the poller reports 0)',
    );
    expect(report).toContain(
      'inventory poller 180.4 MB (90.0 MB idle before its first cycle), metrics poller 150.0 MB (85.5 MB idle)',
    );
    expect(report).toContain('the bench process itself, with tsx and the seeding: 260.0 MB');
    expect(report).toContain('180.4 MB at 1,000 flows (inventory 180.4, metrics 150.0)');
    expect(report).toMatch(/mediaconnect-inventory\s+480\.0 KB\s+120\.0 KB/);
    expect(report).toMatch(/this configuration \(health, every 300 s\)\s+14\s+12\s+168\s+\$1\.23/);
    expect(report).toContain('37.5x cheaper than the baseline (28.2x against 79 per flow)');
    expect(lines.some((l) => /^\s+FAIL\s+GetMetricData calls = ceil\(M\/500\), metrics #2/.test(l))).toBe(true);
    expect(lines[lines.length - 1]).toBe('1 check(s) FAILED. Total bench time 400.0 s.');
  });

  it('shows beside each inventory cycle how long its MediaConnect calls take at the production quota', () => {
    // Prepare
    const figures = passingFigures();

    // Act
    const lines = formatReport(figures, evaluateTargets(figures)).split('\n');

    // Assess
    // inventory #2: 1,001 calls, 30 in the burst, the rest at 5/s: 194.2 s, longer than its 1 s on moto
    expect(lines.find((l) => l.includes('inventory #2 (steady)') && l.includes('MB'))).toMatch(/1\.00 s\s+>= 194\.2 s/);
    // inventory #1 took longer than the floor: the wall time stands
    expect(lines.find((l) => l.includes('inventory #1 (first)') && l.includes('MB'))).toMatch(/200\.0 s\s+>= 200\.0 s/);
    expect(lines.find((l) => l.includes('metrics #1 (first)') && l.includes('MB'))).toMatch(/1\.00 s\s+-\s/);
    expect(lines[1]).toContain('MediaConnect pacing: no limit (production quota 5 req/s, burst 30)');
    expect(lines.find((l) => l.includes('metrics #1 (first)') && l.includes('MB'))).toContain('0.5 / 2.0 / 0.3 s');
  });

  it('computes the quota floor after the burst', () => {
    // Act / Assess
    expect(quotaFloorMs(30, 5, 30)).toBe(0);
    expect(quotaFloorMs(401, 5, 30)).toBe(74_200);
  });

  it('says so when every target is met', () => {
    // Prepare
    const figures = passingFigures();

    // Act
    const report = formatReport(figures, evaluateTargets(figures));

    // Assess
    expect(report.split('\n').pop()).toBe('All targets met. Total bench time 400.0 s.');
  });

  it('aligns table columns, numbers to the right', () => {
    // Act
    const rows = table(
      [
        ['op', 'calls'],
        ['ListFlows', '1'],
        ['GetMetricData', '28'],
      ],
      new Set([1]),
    );

    // Assess
    expect(rows).toEqual(['op             calls', 'ListFlows          1', 'GetMetricData     28']);
  });

  it('refuses a row with more or fewer cells than the header', () => {
    // Act / Assess
    expect(() =>
      table([
        ['a', 'b'],
        ['1', '2', '3'],
      ]),
    ).toThrow('table row 1 has 3 cells, the header 2');
  });
});

describe('bench report with MediaLive channels', () => {
  const withChannels = (inventoryUnavailable?: string): BenchFigures => {
    const base = passingFigures();
    return {
      ...base,
      cycles: [
        ...base.cycles,
        cycleFigures({
          id: 'medialive-inventory-first',
          calls: { 'MediaLive.ListChannels': 2, 'MediaLive.DescribeChannel': 200, 'DynamoDB.PutItem': 1801 },
          itemsWritten: { ...noWrites, inventory: 1800, pollerStatus: 1 },
        }),
        cycleFigures({
          id: 'medialive-inventory-steady',
          calls: { 'MediaLive.ListChannels': 2, 'MediaLive.DescribeChannel': 200 },
          itemsWritten: { ...noWrites, pollerStatus: 1 },
        }),
      ],
      channels: {
        count: 200,
        shape: { pipelines: 2, outputGroups: 2, inputsPerChannel: 1 },
        seeding: { durationMs: 30_000 },
        listing: { pages: 2, durationMs: 400 },
        cost: channelCostFigures(300),
        ...(inventoryUnavailable ? { inventoryUnavailable } : {}),
      },
    };
  };

  it('sums each cycle’s calls by service', () => {
    // Act / Assess
    expect(
      callsByService({ calls: { 'MediaLive.ListChannels': 2, 'MediaLive.DescribeChannel': 200, 'DynamoDB.Query': 5 } }),
    ).toEqual({ MediaLive: 202, DynamoDB: 5 });
  });

  it('judges MediaLive’s steady-state writes and whether its cycles ran', () => {
    // Prepare
    const figures = withChannels();
    const writing = {
      ...figures,
      cycles: figures.cycles.map((c) =>
        c.id === 'medialive-inventory-steady' ? { ...c, itemsWritten: { ...noWrites, inventory: 3 } } : c,
      ),
    };

    // Act
    const checks = evaluateTargets(figures);
    const failing = evaluateTargets(writing);

    // Assess
    expect(verdictOf(checks, /Zero steady-state inventory writes, MediaLive/)).toBe('PASS');
    expect(verdictOf(failing, /Zero steady-state inventory writes, MediaLive/)).toBe('FAIL');
    expect(checks.some((c) => /per channel-month/.test(c.target))).toBe(false);
    expect(verdictOf(checks, /MediaLive inventory cycles ran/)).toBe('PASS');
    expect(allPassed(checks)).toBe(true);
  });

  it('fails the run, with the reason, when the MediaLive inventory cycles could not run', () => {
    // Act
    const checks = evaluateTargets(withChannels('the MediaLive inventory poller is not wired'));

    // Assess
    const check = checks.find((c) => /MediaLive inventory cycles ran/.test(c.target));
    expect(check).toMatchObject({ verdict: 'FAIL', measured: 'the MediaLive inventory poller is not wired' });
  });

  it('prints calls by service per cycle, the channel seeding and listing, and the cost per channel-month', () => {
    // Prepare
    const figures = withChannels();

    // Act
    const report = formatReport(figures, evaluateTargets(figures));

    // Assess
    const lines = report.split('\n');
    const header = lines.findIndex((l) => l === 'AWS calls by service');
    expect(lines[header + 1]).toMatch(/service\s+inventory #1 \(first\).*medialive-inventory #2 \(steady\)/);
    expect(lines.find((l) => l.trimStart().startsWith('MediaLive '))).toMatch(
      /^\s+MediaLive\s+0\s+0\s+0\s+0\s+202\s+202$/,
    );
    expect(report).toContain('MediaLive: 200 channels x (2 pipelines, 2 output groups, 1 input)');
    expect(report).toContain('one ListChannels pass: 2 pages of 100 in 0.40 s');
    expect(report).toMatch(/health set \(default\), every 300 s\s+28\s+12\s+\$2\.45/);
    expect(report).toMatch(/baseline: every channel metric, every 60 s\s+48\s+60\s+\$21\.02/);
    expect(report).toContain('8.6x cheaper than the baseline');
    expect(report).toMatch(/medialive-inventory #2 \(steady\): 0 inventory items/);
  });
});
