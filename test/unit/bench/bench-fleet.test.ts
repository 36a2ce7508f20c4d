import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateFlowCommand,
  DescribeFlowCommand,
  MediaConnectClient,
  StartFlowCommand,
  TagResourceCommand,
} from '@aws-sdk/client-mediaconnect';
import { AwsStub, mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  BENCH_FLOW_SHAPE,
  benchDatapoints,
  benchFlowName,
  benchFlowRequest,
  defaultDatapointFlows,
  putBenchDatapoints,
  seedBenchFleet,
  SeededBenchFlow,
} from '../../../bin/bench/bench-fleet';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';

// The pinned MediaConnect client is built on older @smithy/types than aws-sdk-client-mock's; the casts only bridge types.
type AnyStub = AwsStub<object, { $metadata: object; [member: string]: unknown }, object>;
const mediaConnectMock = mockClient(MediaConnectClient as never) as unknown as AnyStub;
const mc = <T>(command: T) => command as never;
const cloudWatchMock = mockClient(CloudWatchClient);
const mediaConnect = new MediaConnectClient({ region: 'us-east-1' });
const cloudWatch = new CloudWatchClient({ region: 'us-east-1' });

const ARN = (i: number) => `arn:aws:mediaconnect:us-east-1:123456789012:flow:${i}abc:${benchFlowName(i)}`;
const NOW = Date.parse('2026-03-02T12:00:30.000Z');

function flow(i: number): SeededBenchFlow {
  return {
    arn: ARN(i),
    sourceArns: [`${ARN(i)}:source:primary`, `${ARN(i)}:source:backup`],
    outputArns: [1, 2, 3].map((o) => `${ARN(i)}:output:${o}`),
  };
}

describe('bench fleet', () => {
  beforeEach(() => {
    mediaConnectMock.reset();
    cloudWatchMock.reset();
  });

  it('asks for 2 failover sources, 3 outputs and 2 entitlements in one CreateFlow', () => {
    // Act
    const request = benchFlowRequest(7);

    // Assess
    expect(request.Name).toBe('bench-00007');
    expect(request.Sources).toHaveLength(BENCH_FLOW_SHAPE.sourcesPerFlow);
    expect(request.Outputs).toHaveLength(BENCH_FLOW_SHAPE.outputsPerFlow);
    expect(request.Entitlements).toHaveLength(BENCH_FLOW_SHAPE.entitlementsPerFlow);
    expect(request.SourceFailoverConfig?.State).toBe('ENABLED');
    expect(new Set(request.Outputs?.map((o) => o.Name)).size).toBe(3);
  });

  it('creates, tags, starts and describes each flow, and returns its source and output ARNs', async () => {
    // Prepare
    let created = 0;
    mediaConnectMock.on(mc(CreateFlowCommand)).callsFake(() => ({ Flow: { FlowArn: ARN(++created) } }));
    mediaConnectMock.on(mc(TagResourceCommand)).resolves({});
    mediaConnectMock.on(mc(StartFlowCommand)).resolves({ Status: 'STARTING' });
    mediaConnectMock.on(mc(DescribeFlowCommand)).callsFake((input: { FlowArn: string }) => ({
      Flow: {
        FlowArn: input.FlowArn,
        Status: 'ACTIVE',
        Sources: [{ SourceArn: `${input.FlowArn}:s1` }, { SourceArn: `${input.FlowArn}:s2` }],
        Outputs: [
          { OutputArn: `${input.FlowArn}:o1` },
          { OutputArn: `${input.FlowArn}:o2` },
          { OutputArn: `${input.FlowArn}:o3` },
        ],
      },
    }));

    // Act
    const fleet = await seedBenchFleet(mediaConnect, 3, 2);

    // Assess
    expect(fleet.flows).toHaveLength(3);
    expect(fleet.flows.map((f) => f.sourceArns.length + f.outputArns.length)).toEqual([5, 5, 5]);
    expect(mediaConnectMock).toHaveReceivedCommandTimes(mc(CreateFlowCommand), 3);
    expect(mediaConnectMock).toHaveReceivedCommandTimes(mc(TagResourceCommand), 3);
    expect(mediaConnectMock).toHaveReceivedCommandTimes(mc(StartFlowCommand), 3);
    expect(mediaConnectMock).toHaveReceivedCommandTimes(mc(DescribeFlowCommand), 3);
    expect(mediaConnectMock).toHaveReceivedCommandWith(mc(TagResourceCommand), { ResourceArn: ARN(1) });
  });

  it('fails when a started flow does not become ACTIVE', async () => {
    // Prepare
    mediaConnectMock.on(mc(CreateFlowCommand)).resolves({ Flow: { FlowArn: ARN(1) } });
    mediaConnectMock.on(mc(DescribeFlowCommand)).resolves({ Flow: { FlowArn: ARN(1), Status: 'STARTING' } });

    // Act / Assess
    await expect(seedBenchFleet(mediaConnect, 1)).rejects.toThrow('bench-00001 is STARTING after StartFlow');
  });

  it('gives the first flows one datum per selected metric, resource and minute, on whole past minutes', () => {
    // Prepare
    const flows = [flow(1), flow(2), flow(3)];

    // Act
    const datums = benchDatapoints(flows, resolveMetricSet('health'), { flows: 2, minutes: 3, now: NOW });

    // Assess
    // health: 4 metrics × 2 sources + 2 metrics × 3 outputs = 14 per flow and minute
    expect(datums).toHaveLength(2 * 14 * 3);
    expect(datums.some((d) => d.Dimensions?.[0]?.Value?.startsWith(ARN(3)))).toBe(false);
    const times = new Set(datums.map((d) => (d.Timestamp as Date).toISOString()));
    expect([...times].sort()).toEqual([
      '2026-03-02T11:57:30.000Z',
      '2026-03-02T11:58:30.000Z',
      '2026-03-02T11:59:30.000Z',
    ]);
    expect(datums.find((d) => d.MetricName === 'SourceConnected')).toMatchObject({
      Dimensions: [{ Name: 'SourceARN', Value: `${ARN(1)}:source:primary` }],
      Value: 1,
      Unit: 'None',
    });
  });

  it('gives as many flows datapoints as fit in about 210 datums per feed, at least one', () => {
    // Act / Assess
    // health: 14 per flow-minute × 3 minutes = 42 per flow → 5 flows; full: 129 × 3 = 387 → still 1 flow
    expect(defaultDatapointFlows(resolveMetricSet('health'), 3)).toBe(5);
    expect(defaultDatapointFlows(resolveMetricSet('full'), 3)).toBe(1);
  });

  it('puts datapoints in batches of 500', async () => {
    // Prepare
    cloudWatchMock.on(PutMetricDataCommand).resolves({});
    const datums = benchDatapoints([flow(1), flow(2)], resolveMetricSet('full'), { flows: 2, minutes: 3, now: NOW });

    // Act
    const calls = await putBenchDatapoints(cloudWatch, datums);

    // Assess
    // full: 53 flow + 26 × 2 sources + 8 × 3 outputs = 129 per flow and minute; 774 datums
    expect(datums).toHaveLength(774);
    expect(calls).toBe(2);
    expect(cloudWatchMock).toHaveReceivedCommandTimes(PutMetricDataCommand, 2);
    expect(cloudWatchMock).toHaveReceivedNthCommandWith(1, PutMetricDataCommand, { Namespace: 'AWS/MediaConnect' });
    const sizes = cloudWatchMock.commandCalls(PutMetricDataCommand).map((c) => c.args[0].input.MetricData?.length);
    expect(sizes.sort()).toEqual([274, 500]);
  });
});
