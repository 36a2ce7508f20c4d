import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DescribeFlowCommand, ListFlowsCommand, MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import { Readable } from 'node:stream';
import type { RawMessage } from '../../../lambdas/events/event-model';
import type { IngestResult } from '../../../lambdas/events/ingest';
import type { InventoryCycleOutcome } from '../../../lambdas/polling/inventory-cycle';
import type { MetricsPollOutcome } from '../../../lambdas/metrics/metrics-poller';
import {
  CallTally,
  countCalls,
  createMonitorMetrics,
  ingestLagMs,
  MonitorMetricName,
  MonitorMetricSink,
  MonitorMetricUnit,
  powertoolsSink,
  recordInventoryCycle,
  recordMetricsCycle,
} from '../../../lambdas/shared/monitor-metrics';

interface Recorded {
  name: MonitorMetricName;
  unit: MonitorMetricUnit;
  value: number;
  dimensions?: Readonly<Record<string, string>>;
}

class RecordingSink implements MonitorMetricSink {
  readonly recorded: Recorded[] = [];
  add(name: MonitorMetricName, unit: MonitorMetricUnit, value: number, dimensions?: Readonly<Record<string, string>>) {
    this.recorded.push({ name, unit, value, ...(dimensions ? { dimensions } : {}) });
  }
  value(name: MonitorMetricName, dimensions?: Record<string, string>): number | undefined {
    return this.recorded.find(
      (r) => r.name === name && JSON.stringify(r.dimensions ?? {}) === JSON.stringify(dimensions ?? {}),
    )?.value;
  }
}

/**
 * A MediaConnect client whose HTTP layer answers from a script: the counter is SDK middleware, which
 * aws-sdk-client-mock would bypass, so this test goes through the client's real middleware stack.
 */
function scriptedMediaConnect(answers: { status: number; errorType?: string; body: string }[]): MediaConnectClient {
  return new MediaConnectClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 3,
    requestHandler: {
      handle: async (_request: HttpRequest) => {
        const answer = answers.shift() ?? { status: 200, body: '{}' };
        return {
          response: new HttpResponse({
            statusCode: answer.status,
            headers: {
              'content-type': 'application/json',
              ...(answer.errorType ? { 'x-amzn-errortype': answer.errorType } : {}),
            },
            body: Readable.from([Buffer.from(answer.body)]),
          }),
        };
      },
    },
  });
}

const inventoryOutcome = (overrides: Partial<InventoryCycleOutcome> = {}): InventoryCycleOutcome =>
  ({
    poller: 'mediaconnect-inventory',
    account: '111122223333',
    region: 'eu-west-1',
    startedAt: '2026-03-02T12:00:00.000Z',
    finishedAt: '2026-03-02T12:00:04.000Z',
    durationMs: 4_200,
    errors: [],
    calls: { ListFlows: 1, DescribeFlow: 40 },
    throttles: 0,
    sdkRetries: 0,
    backoffMs: 0,
    listing: 'complete',
    resourcesListed: 40,
    changes: { created: 0, updated: 1, unchanged: 36, revived: 0, tombstoned: 0, failed: 3 },
    failedResources: [],
    inventoryWrites: 1,
    statusWrites: 1,
    truncatedItems: 0,
    warnings: 0,
    degraded: [],
    resourceType: 'mediaconnect:flow',
    ...overrides,
  }) as InventoryCycleOutcome;

describe('the monitor metrics', () => {
  it('publishes an inventory cycle: completed, duration, resources polled and failed, and a complete listing', () => {
    // Prepare
    const sink = new RecordingSink();

    // Act
    recordInventoryCycle(sink, inventoryOutcome());

    // Assess
    expect(sink.recorded).toEqual([
      { name: 'PollCompleted', unit: MetricUnit.Count, value: 1 },
      { name: 'PollDuration', unit: MetricUnit.Milliseconds, value: 4_200 },
      { name: 'ResourcesPolled', unit: MetricUnit.Count, value: 40 },
      { name: 'ResourcesFailed', unit: MetricUnit.Count, value: 3 },
      { name: 'IncompleteListing', unit: MetricUnit.Count, value: 0 },
    ]);
  });

  it('publishes 1 for an incomplete listing', () => {
    // Prepare
    const sink = new RecordingSink();

    // Act
    recordInventoryCycle(sink, inventoryOutcome({ listing: 'incomplete' }));

    // Assess
    expect(sink.value('IncompleteListing')).toBe(1);
  });

  it('counts a scheduled metrics cycle as completed, with the age of the oldest poll, but not a targeted re-poll', () => {
    // Prepare
    const scheduled = new RecordingSink();
    const targeted = new RecordingSink();
    const outcome = {
      mode: 'scheduled',
      durationMs: 900,
      polled: 12,
      failed: 2,
      oldestPollAgeSeconds: 340,
    } as MetricsPollOutcome;

    // Act
    recordMetricsCycle(scheduled, outcome);
    recordMetricsCycle(targeted, { ...outcome, mode: 'targeted' });

    // Assess
    expect(scheduled.value('PollCompleted')).toBe(1);
    expect(scheduled.value('ResourcesPolled')).toBe(12);
    expect(scheduled.value('ResourcesFailed')).toBe(2);
    expect(scheduled.value('OldestPollAge')).toBe(340);
    expect(targeted.value('PollCompleted')).toBeUndefined();
    expect(targeted.value('PollDuration')).toBe(900);
  });

  it('counts calls, throttles and SDK retries per operation of an SDK client, once per logical request', async () => {
    // Prepare
    const tally = new CallTally();
    const throttled = { status: 429, errorType: 'TooManyRequestsException', body: '{"message":"slow down"}' };
    // ListFlows: two 503s retried by the SDK, then an answer; DescribeFlow: throttled 3 times (all attempts), then once fine.
    const client = countCalls(
      scriptedMediaConnect([
        { status: 503, errorType: 'ServiceUnavailableException', body: '{"message":"busy"}' },
        { status: 503, errorType: 'ServiceUnavailableException', body: '{"message":"busy"}' },
        { status: 200, body: '{"flows":[]}' },
        throttled,
        throttled,
        throttled,
        { status: 200, body: '{}' },
      ]),
      tally,
    );
    const sink = new RecordingSink();

    // Act
    await client.send(new ListFlowsCommand({}));
    await expect(client.send(new DescribeFlowCommand({ FlowArn: 'arn:a' }))).rejects.toThrow('slow down');
    await client.send(new DescribeFlowCommand({ FlowArn: 'arn:a' }));
    tally.drainTo(sink);
    const afterDrain = new RecordingSink();
    tally.drainTo(afterDrain);

    // Assess
    expect(sink.value('ApiCalls', { operation: 'ListFlows' })).toBe(1);
    expect(sink.value('ApiRetries', { operation: 'ListFlows' })).toBe(2);
    expect(sink.value('ApiThrottles', { operation: 'ListFlows' })).toBe(0);
    expect(sink.value('ApiCalls', { operation: 'DescribeFlow' })).toBe(2);
    expect(sink.value('ApiThrottles', { operation: 'DescribeFlow' })).toBe(1);
    expect(afterDrain.recorded).toEqual([]);
  });

  it('measures ingest lag from the queue accepting a message to its state being visible, the worst of the batch', () => {
    // Prepare
    const messages: RawMessage[] = [
      { id: 'a', body: '{}', receivedAt: 10_000, sentAt: 9_000, origin: 'sqs' },
      { id: 'b', body: '{}', receivedAt: 10_000, origin: 'sns' },
      { id: 'c', body: '{}', receivedAt: 10_000, sentAt: 1_000, origin: 'sqs' },
    ];
    const result = {
      outcomes: [
        { id: 'a', result: 'applied', visibleAt: 10_050, repollArns: [] },
        { id: 'b', result: 'applied', visibleAt: 10_400, repollArns: [] },
        { id: 'c', result: 'failed', repollArns: [] },
      ],
      repolls: { requested: 0, issued: 0, coalesced: 0, failed: 0 },
    } as unknown as IngestResult;

    // Act
    const lag = ingestLagMs(messages, result);

    // Assess
    expect(lag).toBe(1_050);
  });

  it('publishes plain metrics with the service and poller dimensions, and per-operation ones as single metrics', () => {
    // Prepare
    const metrics = createMonitorMetrics('mediaconnect-inventory', 'mediaconnect-inventory');
    const single = { addDimensions: jest.fn(), addMetric: jest.fn() };
    jest.spyOn(metrics, 'singleMetric').mockReturnValue(single as unknown as Metrics);
    const sink = powertoolsSink(metrics);

    // Act
    sink.add('PollCompleted', MetricUnit.Count, 1);
    sink.add('ApiCalls', MetricUnit.Count, 7, { operation: 'DescribeFlow' });
    const emf = metrics.serializeMetrics();

    // Assess
    expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'MediaMonitor',
      Dimensions: [expect.arrayContaining(['service', 'poller'])],
      Metrics: [{ Name: 'PollCompleted', Unit: 'Count' }],
    });
    expect(emf).toMatchObject({
      service: 'mediaconnect-inventory',
      poller: 'mediaconnect-inventory',
      PollCompleted: 1,
    });
    expect(single.addDimensions).toHaveBeenCalledWith({ operation: 'DescribeFlow' });
    expect(single.addMetric).toHaveBeenCalledWith('ApiCalls', MetricUnit.Count, 7);
  });
});
