import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricDataCommandInput,
  MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { decodeSeries } from '../../../lambdas/metrics/metric-series';
import { MetricsPollerOptions } from '../../../lambdas/metrics/metrics-config';
import {
  intervalOf,
  isDue,
  MetricsItem,
  MetricsPollerDeps,
  pollMetrics,
  pollMetricsFor,
} from '../../../lambdas/metrics/metrics-poller';
import { mediaConnectFlowMetrics } from '../../../lambdas/mediaconnect/metric-kind';
import { mediaLiveChannelMetrics } from '../../../lambdas/medialive/metric-kind';
import {
  childSk,
  listPk,
  listSk,
  META_SK,
  metricsSchedulePk,
  metricsSk,
  pollerPk,
  resourcePk,
  STATUS_SK,
} from '../../../lambdas/store/keys';
import { InMemoryStore } from './in-memory-store';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const NOW = Date.parse('2026-03-02T12:00:30.000Z');
const MINUTE = 60_000;

const cloudWatchMock = mockClient(CloudWatchClient);
const cloudWatch = new CloudWatchClient({ region: REGION });

const flowArn = (name: string) => `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-${name}-0abc:${name}`;
const sourceArn = (name: string, n = 0) =>
  `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:source:1-${name}-${n}:${name}Src${n}`;
const outputArn = (name: string, n = 0) =>
  `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:output:1-${name}-${n}:${name}Out${n}`;

interface FlowSeed {
  status?: string;
  polling?: { enabled: boolean; intervalSeconds: number };
  tombstone?: boolean;
  lastPolledAt?: number;
  sources?: number;
  outputs?: number;
}

/** A flow as the inventory poller stores it: `#META` with the GSI1 listing keys, plus its source and output items. */
function seedFlow(store: InMemoryStore, name: string, seed: FlowSeed = {}): string {
  const arn = flowArn(name);
  const base = {
    type: 'mediaconnect:flow',
    account: ACCOUNT,
    region: REGION,
    observedAt: new Date(NOW).toISOString(),
    version: 1,
  };
  store.seed({
    ...base,
    pk: resourcePk(arn),
    sk: META_SK,
    gsi1pk: listPk('mediaconnect:flow', ACCOUNT, REGION),
    gsi1sk: listSk(name, arn),
    arn,
    name,
    status: seed.status ?? 'ACTIVE',
    ...(seed.polling ? { polling: seed.polling } : {}),
    ...(seed.tombstone ? { tombstone: true } : {}),
  });
  for (let i = 0; i < (seed.sources ?? 1); i++) {
    store.seed({
      ...base,
      type: 'mediaconnect:source',
      pk: resourcePk(arn),
      sk: childSk('SOURCE', sourceArn(name, i)),
      arn: sourceArn(name, i),
    });
  }
  for (let i = 0; i < (seed.outputs ?? 1); i++) {
    store.seed({
      ...base,
      type: 'mediaconnect:output',
      pk: resourcePk(arn),
      sk: childSk('OUTPUT', outputArn(name, i)),
      arn: outputArn(name, i),
    });
  }
  if (seed.lastPolledAt !== undefined) {
    store.seed({
      ...base,
      type: 'mediaconnect:metrics',
      pk: resourcePk(arn),
      sk: metricsSk('FLOW', arn),
      gsi1pk: metricsSchedulePk('mediaconnect:flow', ACCOUNT, REGION),
      gsi1sk: arn,
      version: seed.lastPolledAt,
      scope: 'FLOW',
      flowArn: arn,
      resourceArn: arn,
      series: {},
      latest: {},
      lastPolledAt: new Date(seed.lastPolledAt).toISOString(),
    });
  }
  return arn;
}

/** What CloudWatch would answer: one point per minute from StartTime to EndTime, value 1000 × query number + minute. */
function answerEveryMinute(input: GetMetricDataCommandInput, status: MetricDataResult['StatusCode'] = 'Complete') {
  const start = (input.StartTime as Date).getTime();
  const end = (input.EndTime as Date).getTime();
  return {
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => {
      const timestamps: Date[] = [];
      for (let t = start; t < end; t += MINUTE) timestamps.push(new Date(t));
      return { Id: q.Id, Timestamps: timestamps, Values: timestamps.map((_, m) => m), StatusCode: status };
    }),
  };
}

const sentQueries = () =>
  cloudWatchMock.commandCalls(GetMetricDataCommand).flatMap((c) => c.args[0].input.MetricDataQueries ?? []);
const queriedArns = () => new Set(sentQueries().map((q) => q.MetricStat?.Metric?.Dimensions?.[0]?.Value));

describe('the metrics poller on MediaConnect flows', () => {
  let store: InMemoryStore;
  let deps: MetricsPollerDeps;
  let options: MetricsPollerOptions;

  beforeEach(() => {
    cloudWatchMock.reset();
    cloudWatchMock.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => answerEveryMinute(input));
    store = new InMemoryStore(100);
    deps = { cloudWatch, store, clock: { now: () => NOW }, kinds: [mediaConnectFlowMetrics] };
    options = {
      account: ACCOUNT,
      region: REGION,
      metricSet: resolveMetricSet('health'),
      defaultIntervalSeconds: 300,
      historyMinutes: 60,
    };
  });

  it('stores the latest value and every one-minute point per source and output of a due flow', async () => {
    // Prepare
    const arn = seedFlow(store, 'Alpha');

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    expect(cloudWatchMock).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    expect(sentQueries()).toHaveLength(6);
    const source = store.item<MetricsItem>(resourcePk(arn), metricsSk('SOURCE', sourceArn('Alpha')))!;
    expect(Object.keys(source.series).sort()).toEqual([
      'SourceBitRate',
      'SourceConnected',
      'SourceContinuityCounter',
      'SourceNotRecoveredPackets',
    ]);
    // The window is the last 60 whole minutes, between minute boundaries: 60 points, none partial.
    const bitRate = decodeSeries(source.series.SourceBitRate);
    expect(bitRate.t).toHaveLength(60);
    expect(bitRate.t[0]).toBe((Math.floor(NOW / MINUTE) * MINUTE - 60 * MINUTE) / 1000);
    expect(bitRate.t.every((t, i) => i === 0 || t - bitRate.t[i - 1]! === 60)).toBe(true);
    expect(source.latest.SourceBitRate).toEqual({ t: bitRate.t[59], v: 59 });
    const output = store.item<MetricsItem>(resourcePk(arn), metricsSk('OUTPUT', outputArn('Alpha')))!;
    expect(Object.keys(output.latest).sort()).toEqual(['OutputBitrate', 'OutputConnected']);
    const flowItem = store.item<MetricsItem>(resourcePk(arn), metricsSk('FLOW', arn))!;
    expect(flowItem).toMatchObject({
      lastPolledAt: new Date(NOW).toISOString(),
      gsi1pk: metricsSchedulePk('mediaconnect:flow', ACCOUNT, REGION),
      gsi1sk: arn,
      version: NOW,
    });
    expect(outcome).toMatchObject({
      mode: 'scheduled',
      polled: 1,
      calls: 1,
      queries: 6,
      metricsRequested: 6,
      datapointsFetched: 6 * 60,
      datapointsNew: 6 * 60,
      itemsWritten: 3,
      metricResources: { FLOW: 1, SOURCE: 1, OUTPUT: 1 },
      // the listing, the schedule, one partition
      dynamoQueries: 3,
    });
  });

  it('skips flows that are starting, stopping, updating, in standby, tombstoned or disabled', async () => {
    // Prepare
    const active = seedFlow(store, 'Active');
    for (const status of ['STARTING', 'STOPPING', 'UPDATING', 'STANDBY']) seedFlow(store, `Flow${status}`, { status });
    seedFlow(store, 'Gone', { tombstone: true });
    seedFlow(store, 'Off', { polling: { enabled: false, intervalSeconds: 60 } });

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    expect(queriedArns()).toEqual(new Set([sourceArn('Active'), outputArn('Active')]));
    expect(outcome.considered).toBe(7);
    expect(outcome.polled).toBe(1);
    expect(outcome.skipped).toMatchObject({ paused: 4, tombstoned: 1, disabled: 1, notDue: 0 });
    expect(outcome.pausedByStatus).toEqual({ STARTING: 1, STOPPING: 1, UPDATING: 1, STANDBY: 1 });
    expect(store.item(resourcePk(flowArn('FlowSTANDBY')), metricsSk('FLOW', flowArn('FlowSTANDBY')))).toBeUndefined();
    expect(store.item(resourcePk(active), metricsSk('FLOW', active))).toBeDefined();
  });

  it('polls each flow on its own interval, less a small tolerance', async () => {
    // Prepare
    seedFlow(store, 'DefaultRecent', { lastPolledAt: NOW - 200_000 });
    seedFlow(store, 'DefaultDue', { lastPolledAt: NOW - 290_000 });
    seedFlow(store, 'MinuteDue', { polling: { enabled: true, intervalSeconds: 60 }, lastPolledAt: NOW - 50_000 });
    seedFlow(store, 'MinuteRecent', { polling: { enabled: true, intervalSeconds: 60 }, lastPolledAt: NOW - 40_000 });

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    expect(queriedArns()).toEqual(
      new Set([sourceArn('DefaultDue'), outputArn('DefaultDue'), sourceArn('MinuteDue'), outputArn('MinuteDue')]),
    );
    expect(outcome.skipped.notDue).toBe(2);
    expect(outcome.polled).toBe(2);
  });

  it('reports the age of the stalest poll among the flows it may poll, due or not', async () => {
    // Prepare
    seedFlow(store, 'Recent', { lastPolledAt: NOW - 200_000 });
    seedFlow(store, 'Stale', { lastPolledAt: NOW - 900_000 });
    seedFlow(store, 'Off', { polling: { enabled: false, intervalSeconds: 60 }, lastPolledAt: NOW - 9_000_000 });
    seedFlow(store, 'New');

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    expect(outcome.oldestPollAgeSeconds).toBe(900);
  });

  it('fetches since the earliest last poll among due flows, less the overlap, from a minute boundary', async () => {
    // Prepare
    seedFlow(store, 'TenMinutes', { lastPolledAt: NOW - 10 * MINUTE });
    seedFlow(store, 'FiveMinutes', { lastPolledAt: NOW - 5 * MINUTE });

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    const expectedStart = new Date(Math.floor((NOW - 10 * MINUTE - 180_000) / MINUTE) * MINUTE);
    expect(cloudWatchMock).toHaveReceivedCommandWith(GetMetricDataCommand, {
      StartTime: expectedStart,
      EndTime: new Date(Math.floor(NOW / MINUTE) * MINUTE),
      ScanBy: 'TimestampAscending',
    });
    expect(outcome.window).toEqual({
      start: expectedStart.toISOString(),
      end: new Date(Math.floor(NOW / MINUTE) * MINUTE).toISOString(),
    });
  });

  it('ends the window on the minute boundary before now, so the latest point is never a partial minute', async () => {
    // Prepare: the clock reads 12:05:37
    const now = Date.parse('2026-03-02T12:05:37.000Z');
    deps = { ...deps, clock: { now: () => now } };
    const arn = seedFlow(store, 'Alpha', { lastPolledAt: now - 5 * MINUTE });

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    const boundary = Date.parse('2026-03-02T12:05:00.000Z');
    const start = Date.parse('2026-03-02T11:57:00.000Z');
    expect(cloudWatchMock).toHaveReceivedCommandWith(GetMetricDataCommand, {
      StartTime: new Date(start),
      EndTime: new Date(boundary),
    });
    expect(outcome.window).toEqual({ start: new Date(start).toISOString(), end: new Date(boundary).toISOString() });
    const source = store.item<MetricsItem>(resourcePk(arn), metricsSk('SOURCE', sourceArn('Alpha')))!;
    expect(source.latest.SourceBitRate?.t).toBe((boundary - MINUTE) / 1000);
  });

  it('caps the window at the history window for a flow never polled', async () => {
    // Prepare
    seedFlow(store, 'Recent', { lastPolledAt: NOW - 5 * MINUTE });
    seedFlow(store, 'New');

    // Act
    await pollMetrics(deps, options);

    // Assess
    expect(cloudWatchMock).toHaveReceivedCommandWith(GetMetricDataCommand, {
      StartTime: new Date(Math.floor((NOW - 60 * MINUTE) / MINUTE) * MINUTE),
    });
  });

  it('merges new points into the stored history, replacing re-fetched minutes and trimming to the window', async () => {
    // Prepare
    const arn = seedFlow(store, 'Merge', { lastPolledAt: NOW - 5 * MINUTE });
    const minute = (m: number) => (Math.floor(NOW / MINUTE) * MINUTE + m * MINUTE) / 1000;
    store.seed({
      pk: resourcePk(arn),
      sk: metricsSk('SOURCE', sourceArn('Merge')),
      type: 'mediaconnect:metrics',
      version: NOW - 5 * MINUTE,
      series: { SourceBitRate: { t: [minute(-70), minute(-30), minute(-8), minute(-7)], v: [1, 2, 3, -1] } },
    });

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    // Window: 12:00:30 - 5 min - 3 min overlap, aligned down = minute -8; the mock answers 0, 1, 2 … per minute from there.
    // Minute -70 is older than the 60-minute history; minutes -8 and -7 are replaced by the re-fetched values.
    const series = decodeSeries(
      store.item<MetricsItem>(resourcePk(arn), metricsSk('SOURCE', sourceArn('Merge')))!.series.SourceBitRate,
    );
    expect(series.t).toEqual([minute(-30), ...Array.from({ length: 8 }, (_, i) => minute(-8 + i))]);
    expect(series.v).toEqual([2, ...Array.from({ length: 8 }, (_, i) => i)]);
    // 6 metrics × 8 whole minutes, less the 2 minutes SourceBitRate already had.
    expect(outcome.datapointsNew).toBe(6 * 8 - 2);
  });

  it('bin-packs every due flow’s queries into ceil(queries / 500) calls', async () => {
    // Prepare
    for (let i = 0; i < 15; i++) seedFlow(store, `Full${i}`);
    options = { ...options, metricSet: resolveMetricSet('full') };

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    const sizes = cloudWatchMock
      .commandCalls(GetMetricDataCommand)
      .map((c) => c.args[0].input.MetricDataQueries?.length);
    expect(sizes).toEqual([500, 500, 305]);
    expect(outcome).toMatchObject({ calls: 3, queries: 15 * 87, polled: 15, itemsWritten: 15 * 3 });
  });

  it('records a failed call, stores what the other calls returned and keeps the failed flow due', async () => {
    // Prepare
    const first = seedFlow(store, 'AFirst', { lastPolledAt: NOW - 10 * MINUTE });
    const second = seedFlow(store, 'BSecond', { lastPolledAt: NOW - 10 * MINUTE });
    options = { ...options, maxQueriesPerCall: 6 };
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    cloudWatchMock.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      const arns = input.MetricDataQueries?.map((q) => q.MetricStat?.Metric?.Dimensions?.[0]?.Value);
      if (arns?.includes(sourceArn('AFirst'))) throw throttled;
      return answerEveryMinute(input);
    });

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    expect(outcome).toMatchObject({ calls: 2, failedCalls: 1, polled: 1, failed: 1 });
    expect(outcome.errors[0]).toMatch(/call 1\/2 \(6 queries\): ThrottlingException: Rate exceeded/);
    const lastPolled = (arn: string) => store.item<MetricsItem>(resourcePk(arn), metricsSk('FLOW', arn))!.lastPolledAt;
    expect(lastPolled(first)).toBe(new Date(NOW - 10 * MINUTE).toISOString());
    expect(lastPolled(second)).toBe(new Date(NOW).toISOString());
    expect(
      store.item<MetricsItem>(resourcePk(second), metricsSk('SOURCE', sourceArn('BSecond')))?.latest.SourceBitRate,
    ).toBeDefined();
    const status = store.item<{ failedResources: unknown }>(pollerPk('metrics', ACCOUNT, REGION), STATUS_SK);
    expect(status?.failedResources).toEqual({ [first]: new Date(NOW - 10 * MINUTE).toISOString() });
  });

  it('records a flow whose items cannot be written and still stores the other flows', async () => {
    // Prepare
    const broken = seedFlow(store, 'Broken');
    const healthy = seedFlow(store, 'Healthy');
    const putIfNewer = store.putIfNewer.bind(store);
    jest.spyOn(store, 'putIfNewer').mockImplementation(async (item) => {
      if (item.pk === resourcePk(broken) && item.sk.startsWith('METRICS#OUTPUT#'))
        throw new Error('ProvisionedThroughputExceeded');
      return putIfNewer(item);
    });

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    expect(outcome).toMatchObject({ polled: 1, failed: 1 });
    expect(outcome.errors).toEqual([
      expect.stringContaining(`Storing metrics of ${broken}: Error: ProvisionedThroughputExceeded`),
    ]);
    expect(store.item(resourcePk(broken), metricsSk('FLOW', broken))).toBeUndefined();
    expect(store.item<MetricsItem>(resourcePk(healthy), metricsSk('FLOW', healthy))?.lastPolledAt).toBe(
      new Date(NOW).toISOString(),
    );
  });

  it('records queries that end in PartialData and keeps the points that arrived', async () => {
    // Prepare
    const arn = seedFlow(store, 'Partial', { outputs: 0 });
    cloudWatchMock
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => answerEveryMinute(input, 'PartialData'));

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    expect(outcome.incompleteQueries).toEqual({ PartialData: 4 });
    const source = store.item<MetricsItem>(resourcePk(arn), metricsSk('SOURCE', sourceArn('Partial')))!;
    expect(source.incomplete).toEqual({
      SourceBitRate: 'PartialData',
      SourceConnected: 'PartialData',
      SourceContinuityCounter: 'PartialData',
      SourceNotRecoveredPackets: 'PartialData',
    });
    expect(decodeSeries(source.series.SourceBitRate).t).toHaveLength(60);
  });

  it('deletes the metrics of a source that no longer exists', async () => {
    // Prepare
    const arn = seedFlow(store, 'Removed', { lastPolledAt: NOW - 10 * MINUTE });
    const removedSource = sourceArn('Removed', 9);
    store.seed({
      pk: resourcePk(arn),
      sk: metricsSk('SOURCE', removedSource),
      type: 'mediaconnect:metrics',
      version: 1,
      series: {},
    });

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    expect(store.item(resourcePk(arn), metricsSk('SOURCE', removedSource))).toBeUndefined();
    expect(outcome.itemsDeleted).toBe(1);
  });

  it('queries no metric of an output that is only a tombstone', async () => {
    // Prepare: out-1 was removed from the flow; the inventory left a tombstone in its place.
    const arn = seedFlow(store, 'Pruned', { outputs: 2 });
    const removed = outputArn('Pruned', 1);
    store.seed({ pk: resourcePk(arn), sk: childSk('OUTPUT', removed), version: 2, tombstone: true, expiresAt: 1 });

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    expect(queriedArns().has(outputArn('Pruned', 0))).toBe(true);
    expect(queriedArns().has(removed)).toBe(false);
    expect(outcome).toMatchObject({ metricResources: { SOURCE: 1, OUTPUT: 1 } });
  });

  it('leaves items that a newer poll already wrote', async () => {
    // Prepare
    const arn = seedFlow(store, 'Raced');
    store.seed({
      pk: resourcePk(arn),
      sk: metricsSk('SOURCE', sourceArn('Raced')),
      type: 'mediaconnect:metrics',
      version: NOW + 1,
      series: {},
    });

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    expect(outcome.itemsStale).toBe(1);
    expect(store.item<MetricsItem>(resourcePk(arn), metricsSk('SOURCE', sourceArn('Raced')))!.version).toBe(NOW + 1);
  });

  it('writes the cycle outcome as the poller status', async () => {
    // Prepare
    seedFlow(store, 'Status');

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    const status = store.item<{ lastCycle: unknown; gsi1pk: string }>(pollerPk('metrics', ACCOUNT, REGION), STATUS_SK);
    expect(status).toMatchObject({ gsi1pk: 'POLLERS', version: NOW, lastCycle: outcome, failedResources: {} });
  });

  it('makes no call when no flow is due', async () => {
    // Prepare
    seedFlow(store, 'Fresh', { lastPolledAt: NOW - 30_000 });

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    expect(cloudWatchMock).toHaveReceivedCommandTimes(GetMetricDataCommand, 0);
    expect(outcome).toMatchObject({ calls: 0, polled: 0, skipped: { notDue: 1 }, dynamoQueries: 2 });
    expect(outcome.window).toBeUndefined();
  });
});

describe('pollMetricsFor on MediaConnect flows', () => {
  let store: InMemoryStore;
  let deps: MetricsPollerDeps;
  const options: MetricsPollerOptions = {
    account: ACCOUNT,
    region: REGION,
    metricSet: resolveMetricSet('health'),
    defaultIntervalSeconds: 300,
    historyMinutes: 60,
  };

  beforeEach(() => {
    cloudWatchMock.reset();
    cloudWatchMock.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => answerEveryMinute(input));
    store = new InMemoryStore(100);
    deps = { cloudWatch, store, clock: { now: () => NOW }, kinds: [mediaConnectFlowMetrics] };
  });

  it('re-polls the given flows whatever their schedule, but not paused, disabled, unknown or foreign ones', async () => {
    // Prepare
    const fresh = seedFlow(store, 'JustPolled', { lastPolledAt: NOW - 20_000 });
    const standby = seedFlow(store, 'Standby', { status: 'STANDBY' });
    const disabled = seedFlow(store, 'Disabled', { polling: { enabled: false, intervalSeconds: 300 } });
    const foreign = `arn:aws:mediaconnect:us-east-1:${ACCOUNT}:flow:1-x-y:Elsewhere`;

    // Act
    const outcome = await pollMetricsFor(deps, [fresh, standby, disabled, flowArn('Unknown'), foreign, fresh], options);

    // Assess
    expect(queriedArns()).toEqual(new Set([sourceArn('JustPolled'), outputArn('JustPolled')]));
    expect(outcome).toMatchObject({
      mode: 'targeted',
      considered: 5,
      polled: 1,
      skipped: { paused: 1, disabled: 1, notFound: 1, otherAccountOrRegion: 1 },
      // one partition Query per flow ARN of this account and region; no listing or schedule query
      dynamoQueries: 4,
    });
    expect(store.item<MetricsItem>(resourcePk(fresh), metricsSk('FLOW', fresh))!.lastPolledAt).toBe(
      new Date(NOW).toISOString(),
    );
    expect(store.item(pollerPk('metrics', ACCOUNT, REGION), STATUS_SK)).toBeUndefined();
  });
});

const channelArn = (id: string) => `arn:aws:medialive:${REGION}:${ACCOUNT}:channel:${id}`;

/** A MediaLive channel as its inventory stores it: `#META` with the listing keys, an HLS and a UDP output group. */
function seedChannel(store: InMemoryStore, id: string, seed: { status?: string; channelClass?: string } = {}): string {
  const arn = channelArn(id);
  store.seed({
    pk: resourcePk(arn),
    sk: META_SK,
    gsi1pk: listPk('medialive:channel', ACCOUNT, REGION),
    gsi1sk: listSk(`Channel${id}`, arn),
    type: 'medialive:channel',
    account: ACCOUNT,
    region: REGION,
    observedAt: new Date(NOW).toISOString(),
    version: 1,
    arn,
    id,
    name: `Channel${id}`,
    status: seed.status ?? 'RUNNING',
    channelClass: seed.channelClass ?? 'STANDARD',
    encoder: {
      outputGroups: [
        { name: 'hls', type: 'HLS', outputCount: 2 },
        { name: 'udp', type: 'UDP', outputCount: 1 },
      ],
      video: [],
    },
  });
  return arn;
}

describe('the metrics poller across services', () => {
  let store: InMemoryStore;
  let deps: MetricsPollerDeps;
  const options: MetricsPollerOptions = {
    account: ACCOUNT,
    region: REGION,
    metricSet: resolveMetricSet('health'),
    defaultIntervalSeconds: 300,
    historyMinutes: 60,
  };

  beforeEach(() => {
    cloudWatchMock.reset();
    cloudWatchMock.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => answerEveryMinute(input));
    store = new InMemoryStore(1000);
    deps = { cloudWatch, store, clock: { now: () => NOW }, kinds: [mediaConnectFlowMetrics, mediaLiveChannelMetrics] };
  });

  it('packs the due flows and channels of a cycle into ceil(total queries / 500) calls, not calls per service', async () => {
    // Prepare: 1,010 flows × 6 health queries = 6,060 (13 calls alone); 10 channels × 24 = 240 (1 call alone).
    for (let i = 0; i < 1010; i++) seedFlow(store, `Fleet${i}`);
    for (let i = 0; i < 10; i++) seedChannel(store, String(5000 + i));
    cloudWatchMock.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
      MetricDataResults: (input.MetricDataQueries ?? []).map((q) => ({ Id: q.Id, StatusCode: 'Complete' })),
    }));

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    const calls = cloudWatchMock.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.MetricDataQueries ?? []);
    expect(calls).toHaveLength(Math.ceil((6060 + 240) / 500));
    expect(calls.map((queries) => queries.length)).toEqual([...Array<number>(12).fill(500), 300]);
    const namespacesOfLast = new Set(calls[12]!.map((q) => q.MetricStat?.Metric?.Namespace));
    expect(namespacesOfLast).toEqual(new Set(['AWS/MediaConnect', 'AWS/MediaLive']));
    expect(outcome).toMatchObject({
      calls: 13,
      queries: 6300,
      considered: 1020,
      polled: 1020,
      byService: {
        mediaconnect: { considered: 1010, polled: 1010, queries: 6060 },
        medialive: { considered: 10, polled: 10, queries: 240, metricResources: { PIPELINE: 20, OUTPUT_GROUP: 20 } },
      },
      // the flow listing (2 pages of 1,000), the flow schedule, the channel listing and schedule; one partition each
      dynamoQueries: 3 + 2 + 1020,
    });
  });

  it('skips a channel that is not RUNNING as paused, and stores a running one’s pipelines and output groups', async () => {
    // Prepare
    const running = seedChannel(store, '7001');
    seedChannel(store, '7002', { status: 'IDLE' });
    seedChannel(store, '7003', { status: 'STARTING' });

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    expect(outcome.byService.medialive).toMatchObject({
      considered: 3,
      polled: 1,
      skipped: { paused: 2 },
      pausedByStatus: { IDLE: 1, STARTING: 1 },
    });
    const stored = [...store.items.values()].filter((i) => i.pk === resourcePk(running) && i.sk.startsWith('METRICS#'));
    expect(stored.map((i) => i.sk).sort()).toEqual([
      'METRICS#OUTPUT_GROUP#0:hls',
      'METRICS#OUTPUT_GROUP#1:hls',
      'METRICS#PIPELINE#0',
      'METRICS#PIPELINE#1',
    ]);
    expect(store.item<MetricsItem>(resourcePk(running), metricsSk('PIPELINE', '0'))).toMatchObject({
      type: 'medialive:metrics',
      parentArn: running,
      resourceKey: '0',
      gsi1pk: metricsSchedulePk('medialive:channel', ACCOUNT, REGION),
      gsi1sk: running,
      lastPolledAt: new Date(NOW).toISOString(),
    });
    expect(store.item<MetricsItem>(resourcePk(running), metricsSk('PIPELINE', '1'))?.gsi1pk).toBeUndefined();
  });

  it('re-polls a channel by its ARN, finding its kind from the stored type', async () => {
    // Prepare
    const arn = seedChannel(store, '8001', { channelClass: 'SINGLE_PIPELINE' });

    // Act
    const outcome = await pollMetricsFor(deps, [arn], options);

    // Assess
    expect(outcome).toMatchObject({
      mode: 'targeted',
      polled: 1,
      queries: 10 + 2,
      byService: { medialive: { polled: 1, metricResources: { PIPELINE: 1, OUTPUT_GROUP: 1 } } },
    });
    const dimensions = sentQueries().map((q) => q.MetricStat?.Metric?.Dimensions);
    expect(dimensions).toContainEqual([
      { Name: 'ChannelId', Value: '8001' },
      { Name: 'Pipeline', Value: '0' },
    ]);
    expect(dimensions.some((d) => d?.some((x) => x.Name === 'Pipeline' && x.Value === '1'))).toBe(false);
    expect(store.item<MetricsItem>(resourcePk(arn), metricsSk('PIPELINE', '0'))?.lastPolledAt).toBe(
      new Date(NOW).toISOString(),
    );
  });

  it('skips a resource whose stored type no registered kind polls', async () => {
    // Prepare
    const input = `arn:aws:medialive:${REGION}:${ACCOUNT}:input:9001`;
    const packager = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:channels/abc`;
    for (const [arn, type] of [
      [input, 'medialive:input'],
      [packager, 'mediapackage:channel'],
    ] as const) {
      store.seed({ pk: resourcePk(arn), sk: META_SK, type, arn, account: ACCOUNT, region: REGION, version: 1 });
    }

    // Act
    const outcome = await pollMetricsFor(deps, [input, packager], options);

    // Assess
    expect(cloudWatchMock).toHaveReceivedCommandTimes(GetMetricDataCommand, 0);
    expect(outcome).toMatchObject({ considered: 2, polled: 0, skipped: { unknownType: 2 } });
    expect(outcome.byService.medialive).toMatchObject({ considered: 1, skipped: { unknownType: 1 } });
  });

  it('records a service whose listing fails and still polls the other services', async () => {
    // Prepare
    const flow = seedFlow(store, 'StillPolled');
    seedChannel(store, '9201');
    const queryAll = store.queryAll.bind(store);
    jest.spyOn(store, 'queryAll').mockImplementation(async (query) => {
      if (query.pk === listPk('medialive:channel', ACCOUNT, REGION)) throw new Error('InternalServerError');
      return queryAll(query);
    });

    // Act
    const outcome = await pollMetrics(deps, options);

    // Assess
    expect(outcome.errors).toEqual([expect.stringContaining('Listing medialive:channel: Error: InternalServerError')]);
    expect(outcome.byService.mediaconnect).toMatchObject({ polled: 1 });
    expect(store.item<MetricsItem>(resourcePk(flow), metricsSk('FLOW', flow))?.lastPolledAt).toBe(
      new Date(NOW).toISOString(),
    );
  });

  it('lists no kind of which the selection has no metric', async () => {
    // Prepare
    seedChannel(store, '9101');
    const flowOnly = { ...options, metricSet: resolveMetricSet('SOURCE:SourceBitRate') };

    // Act
    const outcome = await pollMetrics(deps, flowOnly);

    // Assess
    expect(outcome.byService.medialive).toBeUndefined();
    expect(outcome.dynamoQueries).toBe(2);
  });
});

describe('the schedule', () => {
  it('treats a never-polled flow as due and a recently polled one as not', () => {
    // Act / Assess
    expect(isDue(undefined, 300, NOW, 15)).toBe(true);
    expect(isDue(NOW - 284_000, 300, NOW, 15)).toBe(false);
    expect(isDue(NOW - 285_000, 300, NOW, 15)).toBe(true);
    expect(isDue(NOW + 3_600_000, 300, NOW, 15)).toBe(true);
  });

  it('uses the flow’s own interval, bounded to 60 s … 24 h, else the default', () => {
    // Act / Assess
    expect(intervalOf({}, { defaultIntervalSeconds: 300 })).toBe(300);
    expect(intervalOf({ polling: { enabled: true, intervalSeconds: 120 } }, { defaultIntervalSeconds: 300 })).toBe(120);
    expect(intervalOf({ polling: { enabled: true, intervalSeconds: 5 } }, { defaultIntervalSeconds: 300 })).toBe(60);
    expect(intervalOf({ polling: { enabled: true, intervalSeconds: 1e9 } }, { defaultIntervalSeconds: 300 })).toBe(
      86_400,
    );
  });
});
