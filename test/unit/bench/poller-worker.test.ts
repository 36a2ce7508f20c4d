import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SteppableClock } from '../../../bin/bench/bench-clock';
import { AwsCallCounter } from '../../../bin/bench/call-counter';
import { runCycle } from '../../../bin/bench/poller-worker';
import { bundlePollerWorker, startPollerWorker } from '../../../bin/bench/poller-workers';

describe('poller worker cycle', () => {
  it('runs the poll with the clock moved to the requested offset, and counts only that cycle', async () => {
    // Prepare
    const counter = new AwsCallCounter();
    const clock = new SteppableClock();
    const seenOffsets: number[] = [];
    const poller = {
      counter,
      clock,
      poll: async () => {
        seenOffsets.push(clock.offsetMs);
        counter.recordCall('MediaConnect.DescribeFlow');
        counter.recordWrites(['inventory']);
        return { flows: 1 };
      },
      destroy: () => undefined,
    };
    counter.recordCall('MediaConnect.ListFlows');

    // Act
    const first = await runCycle(poller, 0);
    const second = await runCycle(poller, 300_000);
    const third = await runCycle(poller, 300_000);

    // Assess
    expect(seenOffsets).toEqual([0, 300_000, 300_000]);
    expect(first.counts.calls).toEqual({ 'MediaConnect.DescribeFlow': 1 });
    expect(third.counts.itemsWritten.inventory).toBe(1);
    expect(second.outcome).toEqual({ flows: 1 });
    expect(second.peakRssMb).toBeGreaterThan(10);
    expect(second.maxRssMb).toBeGreaterThanOrEqual(second.peakRssMb - 1);
    expect(second.cpuMs).toBeGreaterThanOrEqual(0);
  });
});

describe('poller worker process', () => {
  let workDir: string;

  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'bench-worker-'));
  });

  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('starts from its bundle without tsx, reports its idle RSS, and stops when asked', async () => {
    // Prepare
    const bundle = await bundlePollerWorker(workDir);
    const config = {
      poller: 'metrics' as const,
      motoEndpoint: 'http://127.0.0.1:9',
      dynamoEndpoint: 'http://127.0.0.1:9',
      tableName: 'bench',
      region: 'eu-west-1',
      account: '123456789012',
      metricSet: 'health' as const,
    };

    // Act
    const worker = await startPollerWorker(bundle, config);
    const stopped = worker.stop();

    // Assess
    await expect(stopped).resolves.toBeUndefined();
    expect(worker.pid).toEqual(expect.any(Number));
    expect(worker.startRssMb).toBeGreaterThan(10);
    await expect(worker.poll(0)).rejects.toThrow('metrics worker is not running');
  }, 60_000);
});
