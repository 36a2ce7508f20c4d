import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeFlowCommand, MediaConnectClient, StopFlowCommand } from '@aws-sdk/client-mediaconnect';
import { DescribeInputCommand, MediaLiveClient } from '@aws-sdk/client-medialive';
import { chainComplete, chainExpected, DEMO_MAIN_FLOW, DemoResult, onceSucceeded, runDemo } from '../../../bin/demo';
import { LOCAL_ACCOUNT, LOCAL_CREDENTIALS } from '../../../bin/local/emulators';
import { MEMBER_ACCOUNT, MEMBER_FLOW_NAMES } from '../../../bin/local/member-accounts';
import { fireAlarm, waitFor } from '../../../bin/local/fire-events';
import { postToIngest } from '../../../bin/local/fire';
import { LocalRuntime, scheduledEvent, startLocalRuntime } from '../../../bin/local/runtime';
import { flowStatusChangeEvent, sampleAlarmName } from '../../../bin/local/sample-events';
import { decodeSeries } from '../../../lambdas/metrics/metric-series';
import { createDocumentClient } from '../../../lambdas/shared/clients';
import { alarmSk, GSI1, listPk, META_SK, resourcePk } from '../../../lambdas/store/keys';
import { StateStore } from '../../../lambdas/store/state-store';
import { emulatorEndpoints, motoConfig } from '../emulator-env';

// This file's own region: moto partitions its state by region, so no other test sees these flows.
const REGION = 'us-west-2';

type Item = Record<string, unknown> & { sk: string };

describe('npm run demo -- --once, and the local runtime, against the emulators', () => {
  const tableName = `it-demo-${Math.random().toString(36).slice(2, 8)}`;
  const printed: string[] = [];
  let result: DemoResult;
  let store: StateStore;

  beforeAll(async () => {
    const { moto, dynamodb } = emulatorEndpoints();
    result = await runDemo({
      once: true,
      region: REGION,
      motoEndpoint: moto,
      dynamodbEndpoint: dynamodb,
      tableName,
      historyMinutes: 10,
      write: (text) => printed.push(text),
    });
    store = new StateStore(createDocumentClient({ endpoint: dynamodb, region: REGION }), tableName);
  }, 180_000);

  const partition = (flowArn: string) => store.queryAll<Item>({ pk: resourcePk(flowArn) });

  it('seeds at least 12 flows, runs one inventory and one metrics cycle, and prints every flow', () => {
    // Assess
    expect(result.flowArns.length).toBeGreaterThanOrEqual(12);
    expect(result.inventory).toMatchObject({ ok: true });
    expect(result.metrics).toMatchObject({ ok: true });
    expect(onceSucceeded(result)).toBe(true);
    const tree = printed.join('');
    result.view.flows.forEach((f) => expect(tree).toContain(f.name));
    expect(tree).toMatch(/flows 1\d \(\d+ active/);
  });

  it('watches a second account through assume-role and stores its same-named flows apart, under that account', async () => {
    // Prepare
    const member = result.member!;
    const listed = (account: string) =>
      store.queryAll<{ arn: string; name: string; account?: string }>({
        index: GSI1,
        pk: listPk('mediaconnect:flow', account, REGION),
      });

    // Act
    const [own, theirs] = await Promise.all([listed(LOCAL_ACCOUNT), listed(MEMBER_ACCOUNT)]);
    const elsewhere = await new MediaConnectClient(motoConfig(REGION))
      .send(new DescribeFlowCommand({ FlowArn: member.flows[0]!.arn }))
      .then(
        () => 'found',
        (error: Error) => error.name,
      );

    // Assess
    expect(member.account).toBe(MEMBER_ACCOUNT);
    expect(theirs.map((f) => f.name).sort()).toEqual([...MEMBER_FLOW_NAMES].sort());
    expect(theirs.map((f) => f.arn).sort()).toEqual(member.flows.map((f) => f.arn).sort());
    theirs.forEach((f) => expect(f.arn).toContain(`:${MEMBER_ACCOUNT}:flow:`));
    for (const name of MEMBER_FLOW_NAMES) {
      const mine = own.find((f) => f.name === name);
      const other = theirs.find((f) => f.name === name);
      expect(mine?.arn).toContain(`:${LOCAL_ACCOUNT}:flow:`);
      expect(other?.arn).not.toBe(mine?.arn);
    }
    const meta = await store.queryAll<Item>({ pk: resourcePk(member.flows[0]!.arn) });
    expect(meta.find((i) => i.sk === META_SK)).toMatchObject({ account: MEMBER_ACCOUNT, region: REGION });
    // moto filed the member's flows in the member account: the default account's credentials do not see them.
    expect(elsewhere).toBe('NotFoundException');
    expect(printed.join('')).toContain(`account ${MEMBER_ACCOUNT} · watched · 3 flows, 2 active`);
  });

  it('polls the member’s metrics in the member account: its live flows show a bitrate, the same-named own ones too', () => {
    // Assess
    const live = result.member!.flows.filter((f) => f.blueprint.start);
    for (const seeded of live) {
      const theirs = result.view.flows.find((f) => f.arn === seeded.arn);
      const mine = result.view.flows.find((f) => f.name === seeded.name && f.account === LOCAL_ACCOUNT);
      expect(theirs?.sources.some((s) => s.bitrate !== undefined)).toBe(true);
      expect(mine?.sources.some((s) => s.bitrate !== undefined)).toBe(true);
    }
  });

  it('stores every seeded flow with its sources, outputs and entitlements, encryption references included', async () => {
    // Act
    const listed = await store.queryAll<{ arn: string; name: string; status: string }>({
      index: GSI1,
      pk: listPk('mediaconnect:flow', LOCAL_ACCOUNT, REGION),
    });
    const sportsFeed = listed.find((f) => f.name === 'Sports-Feed-A')!;
    const news = listed.find((f) => f.name === 'NewsHD-Primary')!;
    const [sportsItems, newsItems] = await Promise.all([partition(sportsFeed.arn), partition(news.arn)]);

    // Assess
    expect(listed.map((f) => f.arn).sort()).toEqual([...result.flowArns].sort());
    expect(new Set(listed.map((f) => f.status))).toEqual(new Set(['ACTIVE', 'STANDBY']));
    expect(sportsItems.filter((i) => i.sk.startsWith('SOURCE#'))).toHaveLength(2);
    expect(sportsItems.find((i) => i.sk === META_SK)).toMatchObject({
      sourceFailoverConfig: expect.objectContaining({ failoverMode: 'FAILOVER' }),
    });
    expect(newsItems.filter((i) => i.sk.startsWith('OUTPUT#'))).toHaveLength(3);
    const entitlements = newsItems.filter((i) => i.sk.startsWith('ENTITLEMENT#'));
    expect(entitlements.map((e) => e.encryption)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          keyType: 'static-key',
          secretArn: expect.stringContaining(`:${REGION}:${LOCAL_ACCOUNT}:secret:`),
        }),
        expect.objectContaining({
          keyType: 'speke',
          url: expect.stringMatching(/^https:/),
          resourceId: 'news-hd-archive',
          deviceId: expect.any(String),
        }),
      ]),
    );
  });

  it('stores bitrate history for the sources of active flows and none for flows in standby', async () => {
    // Act
    const withHistory = await Promise.all(
      result.view.flows.map(async (flow) => {
        const items = await partition(flow.arn);
        const sourceMetrics = items.filter((i) => i.sk.startsWith('METRICS#SOURCE#'));
        const points = sourceMetrics.map(
          (m) => decodeSeries((m.series as Record<string, unknown> | undefined)?.SourceBitRate).t.length,
        );
        return { status: flow.status, points: Math.min(...points, Number.POSITIVE_INFINITY) };
      }),
    );

    // Assess
    const active = withHistory.filter((f) => f.status === 'ACTIVE');
    expect(active.length).toBeGreaterThanOrEqual(8);
    active.forEach((f) => expect(f.points).toBeGreaterThanOrEqual(9));
    withHistory.filter((f) => f.status === 'STANDBY').forEach((f) => expect(f.points).toBe(Number.POSITIVE_INFINITY));
    const radio = result.view.flows.find((f) => f.name === 'Radio-Simulcast');
    expect(radio?.sources[0]).toMatchObject({ connected: false, bitrate: 0 });
  });

  describe('signal chain', () => {
    it('raises a source alarm on the main flow and prints its chain, waiting for links until MediaPackage is polled', () => {
      // Assess
      expect(result.alarmRaised).toMatchObject({ ok: true });
      const tree = printed.join('');
      expect(tree).toContain(`Signal chain · ${DEMO_MAIN_FLOW}`);
      expect(tree).toMatch(/! mediamonitor-Newsroom-Encoder-source-disconnected-\w{8}\s+NewsHD-Primary/);
      if (chainExpected()) {
        // After integration: the whole chain, and the alarm's impact down to the origin endpoints.
        expect(chainComplete(result.view.chain)).toBe(true);
        expect(tree).toMatch(/└─ package channel news-hd-origin/);
        expect(tree).toMatch(/affects: .*News-HD.*news-hd-(hls|dash)/);
      } else {
        expect(result.view.chain?.state).toMatchObject({ kind: 'waiting' });
        expect(tree).toContain('chain: waiting for links');
      }
    });
  });

  describe('MediaLive', () => {
    it('starts the news channel through moto’s states and leaves the weather channel idle', () => {
      // Assess: moto moves a channel only on DescribeChannel (CREATING → IDLE, STARTING → RUNNING).
      const channels = Object.fromEntries(result.mediaLive.channels.map((c) => [c.name, c]));
      expect(channels['News-HD']).toMatchObject({
        state: 'RUNNING',
        statesSeen: ['CREATING', 'IDLE', 'STARTING', 'RUNNING'],
        pipelines: ['0', '1'],
      });
      expect(channels['Weather-Web']).toMatchObject({ state: 'IDLE', statesSeen: ['CREATING', 'IDLE'] });
      expect(result.mediaLive.inputs.map((i) => i.type).sort()).toEqual(['MEDIACONNECT', 'RTMP_PUSH', 'URL_PULL']);
    });

    it('feeds the MediaConnect input from both NewsHD flows, whose outputs name the input', async () => {
      // Prepare
      const mediaLive = new MediaLiveClient(motoConfig(REGION));
      const mediaConnect = new MediaConnectClient(motoConfig(REGION));
      const input = result.mediaLive.inputs.find((i) => i.type === 'MEDIACONNECT')!;
      const primary = result.view.flows.find((f) => f.name === 'NewsHD-Primary')!;
      const backup = result.view.flows.find((f) => f.name === 'NewsHD-Backup')!;

      // Act
      const described = await mediaLive.send(new DescribeInputCommand({ InputId: input.id }));
      const flow = await mediaConnect.send(new DescribeFlowCommand({ FlowArn: primary.arn }));

      // Assess
      expect(described.MediaConnectFlows?.map((f) => f.FlowArn)).toEqual([primary.arn, backup.arn]);
      expect(flow.Flow?.Outputs?.find((o) => o.Name === 'MediaLive-News-A')?.Description).toContain(input.arn);
      mediaLive.destroy();
      mediaConnect.destroy();
    });

    it('backfills AWS/MediaLive health by ChannelId and Pipeline, and HTTP errors by output group', async () => {
      // Prepare
      const cloudWatch = new CloudWatchClient(motoConfig(REGION));
      const news = result.mediaLive.channels.find((c) => c.name === 'News-HD')!;
      const query = (id: string, metric: string, dims: Record<string, string>, stat: string) => ({
        Id: id,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/MediaLive',
            MetricName: metric,
            Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
          },
          Period: 60,
          Stat: stat,
        },
      });

      // Act
      const answer = await cloudWatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(Date.now() - 15 * 60_000),
          EndTime: new Date(),
          MetricDataQueries: [
            query('net', 'NetworkIn', { ChannelId: news.id, Pipeline: '1' }, 'Average'),
            query('http', 'Output4xxErrors', { ChannelId: news.id, Pipeline: '0', OutputGroupName: 'HLS-CDN' }, 'Sum'),
          ],
        }),
      );

      // Assess
      const values = (id: string) => answer.MetricDataResults?.find((r) => r.Id === id)?.Values ?? [];
      expect(values('net').length).toBeGreaterThanOrEqual(9);
      values('net').forEach((v) => expect(v).toBeGreaterThan(10));
      expect(values('http').length).toBeGreaterThanOrEqual(9);
      cloudWatch.destroy();
    });

    // Needs the MediaLive inventory function (lambdas/functions/medialive-inventory) and the metrics engine's
    // MediaLive kind: until they are in the tree, the demo reports the function as not loadable and shows no channel.
    it('shows the running channel in the tree, linked to the flow output that feeds it, and no URL password', () => {
      // Assess
      const news = result.view.channels?.find((c) => c.name === 'News-HD');
      expect(news).toMatchObject({ status: 'RUNNING', channelClass: 'STANDARD' });
      expect(news?.pipelines.map((p) => p.id)).toEqual(['0', '1']);
      expect(news?.pipelines[0]?.health.networkInMbps).toBeGreaterThan(10);
      expect(news?.inputs[0]?.feeds.map((f) => `${f.flowName}/${f.outputName}`)).toEqual([
        'NewsHD-Primary/MediaLive-News-A',
        'NewsHD-Backup/MediaLive-News-B',
      ]);
      const tree = printed.join('');
      expect(tree).toContain('↳ MediaLive input NewsHD-MediaConnect → channel News-HD RUNNING');
      expect(tree).toMatch(/channels 2 \(1 running, 1 other\) · inputs 3/);
      expect(tree).toContain('Partner-HLS-Pull');
      expect(tree).not.toContain('pW-7hx2Lq');
    });
  });

  describe('Lambda Invoke API', () => {
    let runtime: LocalRuntime;
    let lambda: LambdaClient;

    beforeAll(async () => {
      const { moto, dynamodb } = emulatorEndpoints();
      runtime = await startLocalRuntime({
        region: REGION,
        account: LOCAL_ACCOUNT,
        tableName,
        dynamodbEndpoint: dynamodb,
        awsEndpoint: moto,
        credentials: LOCAL_CREDENTIALS,
        invokePort: 0,
        apiPort: false,
        schedules: false,
      });
      lambda = new LambdaClient({
        endpoint: runtime.invokeApi.url,
        region: REGION,
        credentials: LOCAL_CREDENTIALS,
        maxAttempts: 1,
      });
    });

    afterAll(async () => {
      lambda.destroy();
      await runtime.stop();
    });

    it('applies a Flow Status Change delivered to event-ingest: the stored flow leaves ACTIVE and settles in STANDBY', async () => {
      // Prepare
      const flow = result.view.flows.find((f) => f.name === 'Studio-Return')!;
      const mediaConnect = new MediaConnectClient(motoConfig(REGION));
      await mediaConnect.send(new StopFlowCommand({ FlowArn: flow.arn }));
      const event = flowStatusChangeEvent(flow.arn, 'ACTIVE', 'STOPPING', { region: REGION, account: LOCAL_ACCOUNT });

      // Act
      const response = await lambda.send(
        new InvokeCommand({ FunctionName: 'event-ingest', Payload: Buffer.from(JSON.stringify(event)) }),
      );

      // Assess
      expect(response.StatusCode).toBe(200);
      expect(response.FunctionError).toBeUndefined();
      const settled = await waitFor(
        async () =>
          (await store.get<{ status: string }>({ pk: resourcePk(flow.arn), sk: META_SK }))?.status === 'STANDBY',
        Date.now(),
        15_000,
      );
      expect(settled).toBeDefined();
      expect((await mediaConnect.send(new DescribeFlowCommand({ FlowArn: flow.arn }))).Flow?.Status).toBe('STANDBY');
      mediaConnect.destroy();
    });

    it('stores the alarm of an SNS notification posted to event-ingest, the way fire.ts posts it', async () => {
      // Prepare
      const flow = result.view.flows.find((f) => f.name === 'Sports-Feed-A')!;
      const source = flow.sources.find((s) => s.name === 'Stadium-Backup')!;
      const subject = { flowArn: flow.arn, flowName: flow.name, sourceArn: source.arn, sourceName: source.name };
      const deps = {
        region: REGION,
        account: LOCAL_ACCOUNT,
        store,
        deliver: (event: unknown) => postToIngest(runtime.invokeApi.url, event),
      };

      // Act
      const fired = await fireAlarm(deps, subject, 'source-disconnected', 'ALARM');

      // Assess
      expect(fired).toMatchObject({ ok: true, storedAfterMs: expect.any(Number) });
      const alarm = await store.get<Record<string, unknown>>({
        pk: resourcePk(flow.arn),
        sk: alarmSk(sampleAlarmName(source.arn, 'source-disconnected')),
      });
      expect(alarm).toMatchObject({ state: 'ALARM', resourceArn: source.arn, metricName: 'SourceConnected' });
    });

    it('returns a poller result as the invocation payload', async () => {
      // Prepare
      const event = scheduledEvent('media-monitor-inventory-schedule', REGION, LOCAL_ACCOUNT);

      // Act
      const response = await lambda.send(
        new InvokeCommand({ FunctionName: 'mediaconnect-inventory', Payload: Buffer.from(JSON.stringify(event)) }),
      );

      // Assess
      expect(response.FunctionError).toBeUndefined();
      expect(JSON.parse(Buffer.from(response.Payload!).toString('utf8'))).toMatchObject({
        poller: 'mediaconnect-inventory',
        region: REGION,
        // The service's answer sums its kinds; MediaConnect's one kind keeps its own outcome, flowsListed included.
        kinds: [expect.objectContaining({ poller: 'mediaconnect-inventory', flowsListed: result.flowArns.length })],
      });
    });

    it('reports an unhandled handler error as Lambda does', async () => {
      // Act
      const response = await lambda.send(
        new InvokeCommand({
          FunctionName: 'mediaconnect-metrics',
          Payload: Buffer.from('{"flowArns":["not-an-arn"]}'),
        }),
      );

      // Assess
      expect(response.StatusCode).toBe(200);
      expect(response.FunctionError).toBe('Unhandled');
      expect(JSON.parse(Buffer.from(response.Payload!).toString('utf8'))).toMatchObject({
        errorType: 'ValidationError',
      });
    });

    it('answers ResourceNotFoundException for a function it does not have', async () => {
      // Act / Assess
      await expect(
        lambda.send(new InvokeCommand({ FunctionName: 'no-such-function', Payload: Buffer.from('{}') })),
      ).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
    });
  });
});
