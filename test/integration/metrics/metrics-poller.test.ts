/**
 * The metrics poller over the real wire: moto_server (MediaConnect + CloudWatch) and dynalite. MediaConnect flows are
 * created on moto and stored by the inventory poller; a MediaLive channel partition is seeded in the store as the
 * MediaLive inventory stores it.
 * Region: ap-south-1 (this file's own; moto partitions state by region).
 */
import { CloudWatchClient, MetricDatum, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateFlowCommand,
  DescribeFlowCommand,
  Flow,
  MediaConnectClient,
  StartFlowCommand,
} from '@aws-sdk/client-mediaconnect';
import { mediaConnectFlowMetrics } from '../../../lambdas/mediaconnect/metric-kind';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { decodeSeries } from '../../../lambdas/metrics/metric-series';
import { MetricsPollerOptions } from '../../../lambdas/metrics/metrics-config';
import { MetricsItem, pollMetrics, pollMetricsFor } from '../../../lambdas/metrics/metrics-poller';
import { parseArn } from '../../../lambdas/shared/arn';
import { pollMediaConnectInventory } from '../../../lambdas/mediaconnect/flow-cycle';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { listPk, listSk, META_SK, metricsSk, pollerPk, resourcePk, STATUS_SK } from '../../../lambdas/store/keys';
import { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, motoConfig } from '../emulator-env';

const REGION = 'ap-south-1';
const ACCOUNT = '123456789012';
const MINUTE = 60_000;

const mediaConnect = new MediaConnectClient(motoConfig(REGION));
// moto cannot read the gzip bodies the SDK sends for PutMetricData requests over 10 KB.
const cloudWatch = new CloudWatchClient({ ...motoConfig(REGION), disableRequestCompression: true });

/** Creates a flow with one source and the given outputs; starts it and describes it until moto reports ACTIVE. */
async function createFlow(name: string, outputs: number, start: boolean): Promise<Flow> {
  const created = await mediaConnect.send(
    new CreateFlowCommand({
      Name: name,
      AvailabilityZone: `${REGION}a`,
      Source: { Name: `${name}-src`, Protocol: 'srt-listener', IngestPort: 5000, WhitelistCidr: '10.0.0.0/16' },
      Outputs: Array.from({ length: outputs }, (_, i) => ({
        Name: `${name}-out${i}`,
        Protocol: 'srt-caller',
        Destination: '10.0.1.1',
        Port: 6000 + i,
      })),
    }),
  );
  const flowArn = created.Flow!.FlowArn!;
  if (!start) return created.Flow!;
  await mediaConnect.send(new StartFlowCommand({ FlowArn: flowArn }));
  for (let attempt = 0; attempt < 10; attempt++) {
    const { Flow: flow } = await mediaConnect.send(new DescribeFlowCommand({ FlowArn: flowArn }));
    if (flow?.Status === 'ACTIVE') return flow;
  }
  throw new Error(`flow ${name} did not become ACTIVE`);
}

/** Stores the region's flows with the inventory poller, as the deployed inventory function would. */
async function storeInventory(store: StateStore, now: number): Promise<void> {
  const outcome = await pollMediaConnectInventory(
    { client: mediaConnect, store, clock: { now: () => now }, limiter: new TokenBucket(50, 100) },
    { accountId: ACCOUNT, sweepPerCycle: 0 },
  );
  expect(outcome.failedFlows).toEqual([]);
}

/** One datapoint 5 s into each of the minutes `minutes` (negative: before `base`). */
function datapoints(
  name: string,
  dimension: string,
  arn: string,
  base: number,
  minutes: number[],
  value: (m: number) => number,
): MetricDatum[] {
  return minutes.map((m) => ({
    MetricName: name,
    Dimensions: [{ Name: dimension, Value: arn }],
    Timestamp: new Date(base + m * MINUTE + 5_000),
    Value: value(m),
    Unit: 'None',
  }));
}

const LAST_TEN_MINUTES = Array.from({ length: 10 }, (_, i) => i - 10); // -10 … -1
const bitRate = (m: number) => 5_000_000 + (m + 10) * 1_000;
const epochSeconds = (base: number, minutes: number[]) => minutes.map((m) => (base + m * MINUTE) / 1000);

describe('metrics poller against moto and dynalite', () => {
  let store: StateStore;
  let tableName: string;
  // A minute boundary: the datapoints sit in the ten minutes before it.
  const base = Math.floor(Date.now() / MINUTE) * MINUTE;
  const options: MetricsPollerOptions = {
    account: ACCOUNT,
    region: REGION,
    metricSet: resolveMetricSet('health'),
    defaultIntervalSeconds: 300,
    historyMinutes: 60,
  };

  beforeAll(async () => {
    ({ store, tableName } = await createTestStore('metrics'));
  });

  afterAll(() => {
    mediaConnect.destroy();
    cloudWatch.destroy();
  });

  it('stores every one-minute point since the last poll, and the latest value, per source and output', async () => {
    // Prepare
    const active = await createFlow('MetricsItActive', 2, true);
    await createFlow('MetricsItStandby', 1, false);
    await storeInventory(store, base - 20 * MINUTE);
    const source = active.Sources?.[0]?.SourceArn ?? active.Source!.SourceArn!;
    const [output0, output1] = active.Outputs!.map((o) => o.OutputArn!);
    expect(parseArn(source).resourceType).toBe('source');
    await cloudWatch.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/MediaConnect',
        MetricData: [
          ...datapoints('SourceBitRate', 'SourceARN', source, base, LAST_TEN_MINUTES, bitRate),
          ...datapoints('SourceConnected', 'SourceARN', source, base, LAST_TEN_MINUTES, () => 1),
          ...datapoints('SourceNotRecoveredPackets', 'SourceARN', source, base, LAST_TEN_MINUTES, (m) =>
            m === -3 ? 42 : 0,
          ),
          ...datapoints('OutputBitrate', 'OutputARN', output0!, base, LAST_TEN_MINUTES, (m) => 4_000_000 + m),
          ...datapoints('OutputConnected', 'OutputARN', output1!, base, LAST_TEN_MINUTES, (m) => (m === -1 ? 0 : 1)),
        ],
      }),
    );
    // The first cycle runs 6 minutes ago, the second now, 30 s into the minute.
    const firstCycle = base - 6 * MINUTE + 30_000;
    const secondCycle = base + 30_000;
    const deps = (now: number) => ({ cloudWatch, store, clock: { now: () => now }, kinds: [mediaConnectFlowMetrics] });

    // Act
    const first = await pollMetrics(deps(firstCycle), options);
    const afterFirst = await store.get<MetricsItem>({
      pk: resourcePk(active.FlowArn!),
      sk: metricsSk('SOURCE', source),
    });
    const second = await pollMetrics(deps(secondCycle), options);

    // Assess
    expect(first).toMatchObject({
      polled: 1,
      skipped: { paused: 1 },
      pausedByStatus: { STANDBY: 1 },
      calls: 1,
      queries: 4 + 2 * 2,
    });
    // The first cycle ran 30 s into minute -6: that minute was still partial, so it ends at minute -7.
    expect(decodeSeries(afterFirst!.series.SourceBitRate)).toEqual({
      t: epochSeconds(base, [-10, -9, -8, -7]),
      v: [-10, -9, -8, -7].map(bitRate),
    });

    // Second window: 6 minutes ago less the 3-minute overlap, i.e. from minute -9; merged with minute -10 from the first.
    expect(second.window?.start).toBe(new Date(base - 9 * MINUTE).toISOString());
    const sourceItem = await store.get<MetricsItem>({
      pk: resourcePk(active.FlowArn!),
      sk: metricsSk('SOURCE', source),
    });
    expect(decodeSeries(sourceItem!.series.SourceBitRate)).toEqual({
      t: epochSeconds(base, LAST_TEN_MINUTES),
      v: LAST_TEN_MINUTES.map(bitRate),
    });
    expect(sourceItem!.latest.SourceBitRate).toEqual({ t: (base - MINUTE) / 1000, v: bitRate(-1) });
    expect(sourceItem!.latest.SourceConnected).toEqual({ t: (base - MINUTE) / 1000, v: 1 });
    expect(decodeSeries(sourceItem!.series.SourceNotRecoveredPackets).v).toEqual(
      LAST_TEN_MINUTES.map((m) => (m === -3 ? 42 : 0)),
    );
    expect(sourceItem!.series.SourceContinuityCounter).toBeUndefined();
    const out0 = await store.get<MetricsItem>({ pk: resourcePk(active.FlowArn!), sk: metricsSk('OUTPUT', output0!) });
    expect(decodeSeries(out0!.series.OutputBitrate).t).toEqual(epochSeconds(base, LAST_TEN_MINUTES));
    expect(out0!.latest.OutputBitrate).toEqual({ t: (base - MINUTE) / 1000, v: 3_999_999 });
    const out1 = await store.get<MetricsItem>({ pk: resourcePk(active.FlowArn!), sk: metricsSk('OUTPUT', output1!) });
    expect(out1!.latest.OutputConnected).toEqual({ t: (base - MINUTE) / 1000, v: 0 });
    const flowItem = await store.get<MetricsItem>({
      pk: resourcePk(active.FlowArn!),
      sk: metricsSk('FLOW', active.FlowArn!),
    });
    expect(flowItem!.lastPolledAt).toBe(new Date(secondCycle).toISOString());
    // Six new minutes (-6 … -1) for each of the five metrics that have data.
    expect(second).toMatchObject({
      polled: 1,
      skipped: { notDue: 0 },
      dynamoQueries: 3,
      failedCalls: 0,
      incompleteQueries: {},
    });
    expect(second.datapointsNew).toBe(5 * 6);
    const status = await store.get<{ lastCycle: { startedAt: string } }>({
      pk: pollerPk('metrics', ACCOUNT, REGION),
      sk: STATUS_SK,
    });
    expect(status?.lastCycle.startedAt).toBe(new Date(secondCycle).toISOString());
    expect(tableName).toMatch(/^it-metrics-/);
  });

  it('re-polls one flow on demand, by FlowARN, without waiting for its interval', async () => {
    // Prepare
    const flow = await createFlow('MetricsItOnDemand', 0, true);
    await storeInventory(store, base - 15 * MINUTE);
    await cloudWatch.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/MediaConnect',
        MetricData: datapoints('BitRate', 'FlowARN', flow.FlowArn!, base, LAST_TEN_MINUTES, bitRate),
      }),
    );
    const deps = { cloudWatch, store, clock: { now: () => base + 10_000 }, kinds: [mediaConnectFlowMetrics] };
    const flowLevel = { ...options, metricSet: resolveMetricSet('FLOW:BitRate') };

    // Act
    const first = await pollMetricsFor(deps, [flow.FlowArn!], flowLevel);
    const again = await pollMetricsFor(deps, [flow.FlowArn!], flowLevel);

    // Assess
    expect(first).toMatchObject({ mode: 'targeted', polled: 1, queries: 1, datapointsNew: 10 });
    const item = await store.get<MetricsItem>({ pk: resourcePk(flow.FlowArn!), sk: metricsSk('FLOW', flow.FlowArn!) });
    expect(decodeSeries(item!.series.BitRate)).toEqual({
      t: epochSeconds(base, LAST_TEN_MINUTES),
      v: LAST_TEN_MINUTES.map(bitRate),
    });
    // The same instant again: the write carries no newer version, so the stored item stays as it is.
    expect(again).toMatchObject({ polled: 1, datapointsNew: 0, itemsStale: 1 });
  });
});

describe('metrics poller on a MediaLive channel against moto and dynalite', () => {
  let store: StateStore;
  const base = Math.floor(Date.now() / MINUTE) * MINUTE;
  // moto's MediaLive ids are hex and its ARNs carry no region or account; the dimension values are this test's own,
  // since moto ignores the namespace when dimensions are given.
  const channelId = `it${Math.random().toString(16).slice(2, 10)}`;
  const channelArn = `arn:aws:medialive:channel:${channelId}`;
  const options: MetricsPollerOptions = {
    account: ACCOUNT,
    region: REGION,
    metricSet: resolveMetricSet('health'),
    defaultIntervalSeconds: 300,
    historyMinutes: 60,
  };

  /** One datapoint 5 s into each of the last ten minutes, with the given dimensions. */
  const channelPoints = (name: string, dimensions: Record<string, string>, value: (m: number) => number) =>
    LAST_TEN_MINUTES.map((m) => ({
      MetricName: name,
      Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
      Timestamp: new Date(base + m * MINUTE + 5_000),
      Value: value(m),
    }));

  beforeAll(async () => {
    ({ store } = await createTestStore('metrics-medialive'));
    await store.putIfNewer({
      pk: resourcePk(channelArn),
      sk: META_SK,
      gsi1pk: listPk('medialive:channel', ACCOUNT, REGION),
      gsi1sk: listSk('LiveNews', channelArn),
      type: 'medialive:channel',
      account: ACCOUNT,
      region: REGION,
      observedAt: new Date(base - 20 * MINUTE).toISOString(),
      version: base - 20 * MINUTE,
      arn: channelArn,
      id: channelId,
      name: 'LiveNews',
      status: 'RUNNING',
      channelClass: 'STANDARD',
      encoder: {
        outputGroups: [
          { name: 'hls-main', type: 'HLS', outputCount: 2 },
          { name: 'udp-contrib', type: 'UDP', outputCount: 1 },
        ],
        video: [],
      },
      hash: 'h',
    });
  });

  it('stores each pipeline’s and each HTTP output group’s metrics, queried by ChannelId, Pipeline and group', async () => {
    // Prepare
    await cloudWatch.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/MediaLive',
        MetricData: [
          ...channelPoints('NetworkIn', { ChannelId: channelId, Pipeline: '0' }, (m) => 5 + m / 10),
          ...channelPoints('NetworkIn', { ChannelId: channelId, Pipeline: '1' }, () => 7),
          ...channelPoints('FillMsec', { ChannelId: channelId, Pipeline: '1' }, (m) => (m === -2 ? 1500 : 0)),
          ...channelPoints(
            'Output4xxErrors',
            { ChannelId: channelId, Pipeline: '0', OutputGroupName: 'hls-main' },
            (m) => (m === -4 ? 3 : 0),
          ),
        ],
      }),
    );
    const deps = { cloudWatch, store, clock: { now: () => base + 30_000 } };

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    // 10 health metrics × 2 pipelines + 2 × the HLS group on 2 pipelines; the UDP group gets none.
    expect(outcome).toMatchObject({
      calls: 1,
      queries: 24,
      polled: 1,
      byService: { medialive: { considered: 1, polled: 1, metricResources: { PIPELINE: 2, OUTPUT_GROUP: 2 } } },
      failedCalls: 0,
    });
    const item = (sk: string) => store.get<MetricsItem>({ pk: resourcePk(channelArn), sk });
    const pipeline0 = await item(metricsSk('PIPELINE', '0'));
    const pipeline1 = await item(metricsSk('PIPELINE', '1'));
    const hls0 = await item(metricsSk('OUTPUT_GROUP', '0:hls-main'));
    expect(pipeline0).toMatchObject({
      type: 'medialive:metrics',
      scope: 'PIPELINE',
      parentArn: channelArn,
      resourceKey: '0',
      dimensions: { ChannelId: channelId, Pipeline: '0' },
      gsi1sk: channelArn,
      lastPolledAt: new Date(base + 30_000).toISOString(),
    });
    expect(decodeSeries(pipeline0!.series.NetworkIn).v).toEqual(LAST_TEN_MINUTES.map((m) => 5 + m / 10));
    expect(pipeline1!.latest.NetworkIn).toEqual({ t: (base - MINUTE) / 1000, v: 7 });
    expect(decodeSeries(pipeline1!.series.FillMsec).v).toContain(1500);
    expect(pipeline1!.lastPolledAt).toBeUndefined();
    expect(decodeSeries(hls0!.series.Output4xxErrors).v).toEqual(LAST_TEN_MINUTES.map((m) => (m === -4 ? 3 : 0)));
    expect(await item(metricsSk('OUTPUT_GROUP', '0:udp-contrib'))).toBeUndefined();
  });

  it('re-polls the channel by its ARN, which carries no region or account on moto', async () => {
    // Prepare
    const deps = { cloudWatch, store, clock: { now: () => base + 45_000 } };

    // Act
    const outcome = await pollMetricsFor(deps, [channelArn], options);

    // Assess
    expect(outcome).toMatchObject({ mode: 'targeted', polled: 1, calls: 1, byService: { medialive: { polled: 1 } } });
    const pipeline0 = await store.get<MetricsItem>({ pk: resourcePk(channelArn), sk: metricsSk('PIPELINE', '0') });
    expect(pipeline0?.lastPolledAt).toBe(new Date(base + 45_000).toISOString());
  });
});
