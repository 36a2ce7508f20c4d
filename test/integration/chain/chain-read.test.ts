/**
 * Reading the chain on dynalite: a seeded 5-hop chain (links stored as chain/link-model.ts defines them) read through
 * the API handler, and an alarm applied by the real ingest with its impacts, listed by GET /alarms through the real
 * GSI1 projection. Region: ap-southeast-2 (this file's own).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { createApiHandler, type ApiHandler } from '../../../lambdas/api/api-handler';
import { createApiDeps } from '../../../lambdas/api/api-wiring';
import { downstreamImpacts, readChain } from '../../../lambdas/chain/chain-graph';
import { LINK_ITEM_TYPE, type LinkType } from '../../../lambdas/chain/link-model';
import { RawRing } from '../../../lambdas/events/event-history';
import { FlowResolver } from '../../../lambdas/events/flow-resolver';
import { ingestMessages, type IngestDeps } from '../../../lambdas/events/ingest';
import { DEFAULT_INGEST_SETTINGS } from '../../../lambdas/events/ingest-config';
import { CountingMetrics } from '../../../lambdas/events/ingest-metrics';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { systemClock } from '../../../lambdas/shared/clock';
import { alarmSk, linkSk, META_SK, resourcePk } from '../../../lambdas/store/keys';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, motoConfig } from '../emulator-env';

const REGION = 'ap-southeast-2';
const ACCOUNT = '123456789012';
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:media-monitor-alarms`;
const VERSION = Date.now() - 60_000;

const FLOW = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-chain-read:ChainFeed`;
const INPUT = `arn:aws:medialive:${REGION}:${ACCOUNT}:input:3001`;
const CHANNEL = `arn:aws:medialive:${REGION}:${ACCOUNT}:channel:4001`;
const PACKAGE_CHANNEL = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:channels/chainfeed`;
const HLS = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:origin_endpoints/chainfeed-hls`;
const DASH = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:origin_endpoints/chainfeed-dash`;

type Item = { pk: string; sk: string } & Record<string, unknown>;

function meta(arn: string, type: string, name: string, status?: string): Item {
  return {
    pk: resourcePk(arn),
    sk: META_SK,
    type,
    arn,
    name,
    ...(status ? { status } : {}),
    account: ACCOUNT,
    region: REGION,
    observedAt: new Date(VERSION).toISOString(),
    version: VERSION,
    gsi1pk: `LIST#${type}#${ACCOUNT}#${REGION}`,
    gsi1sk: `${name}#${arn}`,
  };
}

function link(from: string, to: string, linkType: LinkType, field: string): Item[] {
  const common = {
    type: LINK_ITEM_TYPE,
    account: ACCOUNT,
    region: REGION,
    observedAt: new Date(VERSION).toISOString(),
    version: VERSION,
    linkType,
    declaredBy: from,
    evidence: { field, value: to },
  };
  return [
    {
      ...common,
      pk: resourcePk(from),
      sk: linkSk('DOWN', to, linkType),
      arn: from,
      otherArn: to,
      direction: 'downstream',
    },
    { ...common, pk: resourcePk(to), sk: linkSk('UP', from, linkType), arn: to, otherArn: from, direction: 'upstream' },
  ];
}

function chainItems(): Item[] {
  return [
    meta(FLOW, 'mediaconnect:flow', 'ChainFeed', 'ACTIVE'),
    meta(INPUT, 'medialive:input', 'chain-input', 'ATTACHED'),
    meta(CHANNEL, 'medialive:channel', 'Chain-HD', 'RUNNING'),
    meta(PACKAGE_CHANNEL, 'mediapackage:channel', 'chainfeed'),
    meta(HLS, 'mediapackage:origin-endpoint', 'chainfeed-hls'),
    meta(DASH, 'mediapackage:origin-endpoint', 'chainfeed-dash'),
    ...link(FLOW, INPUT, 'flow-output', 'outputs[].mediaLiveInputArn'),
    ...link(INPUT, CHANNEL, 'input-attachment', 'inputAttachments[].inputId'),
    ...link(CHANNEL, PACKAGE_CHANNEL, 'package-ingest', 'destinations[].mediaPackageChannelIds'),
    ...link(PACKAGE_CHANNEL, HLS, 'origin-endpoint', 'channelId'),
    ...link(PACKAGE_CHANNEL, DASH, 'origin-endpoint', 'channelId'),
    // Neither in the read range nor in the answer: a metrics item with a long series, and an OK alarm.
    { pk: resourcePk(FLOW), sk: 'METRICS#FLOW#x', type: 'mediaconnect:metrics', series: 'x'.repeat(20_000) },
    { pk: resourcePk(FLOW), sk: alarmSk('ChainFeed-old'), type: 'alarm', name: 'ChainFeed-old', state: 'OK' },
  ];
}

/** A CloudWatch alarm notification on the flow (FlowARN dimension), as SNS delivers it into SQS. */
function flowAlarm(alarmName: string, changedAt: number, messageId: string) {
  const message = {
    AlarmName: alarmName,
    AWSAccountId: ACCOUNT,
    NewStateValue: 'ALARM',
    NewStateReason: 'Threshold Crossed: 1 out of the last 1 datapoints [0.0] was less than the threshold (1.0).',
    StateChangeTime: new Date(changedAt).toISOString().replace('Z', '+0000'),
    Region: 'Asia Pacific (Sydney)',
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarmName}`,
    OldStateValue: 'OK',
    Trigger: {
      MetricName: 'SourceBitRate',
      Namespace: 'AWS/MediaConnect',
      StatisticType: 'Statistic',
      Statistic: 'MINIMUM',
      Unit: null,
      Dimensions: [{ value: FLOW, name: 'FlowARN' }],
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    },
  };
  return {
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: TOPIC_ARN,
    Subject: `ALARM: "${alarmName}" in Asia Pacific (Sydney)`,
    Message: JSON.stringify(message),
    Timestamp: new Date(changedAt + 300).toISOString(),
    SignatureVersion: '1',
    Signature: 'c2lnbmF0dXJl',
    SigningCertURL: `https://sns.${REGION}.amazonaws.com/SimpleNotificationService-0.pem`,
    UnsubscribeURL: `https://sns.${REGION}.amazonaws.com/?Action=Unsubscribe`,
  };
}

function requestTo(handler: ApiHandler) {
  return async (path: string, query?: Record<string, string>) => {
    const event = {
      httpMethod: 'GET',
      path,
      headers: { 'x-mediamon-role': 'read-only' },
      multiValueHeaders: {},
      queryStringParameters: query ?? null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
      resource: '/{proxy+}',
      requestContext: { stage: 'v1', requestId: 'it', identity: { userArn: null, caller: null } },
    } as unknown as APIGatewayProxyEvent;
    const result = await handler(event, { awsRequestId: `it-${Math.random()}` } as Context);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: result.statusCode, body: JSON.parse(result.body) as any };
  };
}

describe('the chain on dynalite', () => {
  let store: StateStore;
  let call: ReturnType<typeof requestTo>;

  beforeAll(async () => {
    ({ store } = await createTestStore('chain'));
    for (const item of chainItems()) await store.put(item);
    const deps = createApiDeps({
      store,
      mediaConnect: new MediaConnectClient(motoConfig(REGION)),
      cloudWatch: new CloudWatchClient(motoConfig(REGION)),
      clock: systemClock,
      account: ACCOUNT,
      region: REGION,
      tokenSecret: 'integration-test-token-secret',
      metrics: { metricSet: resolveMetricSet('health'), defaultIntervalSeconds: 300, historyMinutes: 60 },
    });
    call = requestTo(
      createApiHandler(deps, { log: { warn: () => undefined, error: () => undefined }, roleHeaderEnabled: true }),
    );
  });

  it('answers GET /chains/{arn} for a 5-hop chain from a flow, every node and edge, in one Query per node', async () => {
    // Prepare
    const queriesBefore = store.stats.queries;

    // Act
    const response = await call(`/chains/${encodeURIComponent(FLOW)}`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.nodes.map((n: { name: string; depth: number }) => [n.name, n.depth])).toEqual([
      ['ChainFeed', 0],
      ['chain-input', 1],
      ['Chain-HD', 2],
      ['chainfeed', 3],
      ['chainfeed-dash', 4],
      ['chainfeed-hls', 4],
    ]);
    expect(response.body.nodes[0]).toMatchObject({ status: 'ACTIVE', alarms: [], monitored: true });
    expect(response.body.edges.map((e: { types: string[] }) => e.types[0])).toEqual([
      'flow-output',
      'input-attachment',
      'package-ingest',
      'origin-endpoint',
      'origin-endpoint',
    ]);
    expect(response.body.truncated).toBe(false);
    expect(response.body.reads).toBe(6);
    expect(store.stats.queries - queriesBefore).toBe(6);
  });

  it('reads at most 2 Queries per node on every hop, in both directions from the channel', async () => {
    // Prepare
    const queriesBefore = store.stats.queries;

    // Act
    const graph = await readChain(store, CHANNEL);

    // Assess
    const byDepth = new Map<number, number>();
    for (const node of graph.nodes) byDepth.set(node.depth, (byDepth.get(node.depth) ?? 0) + 1);
    expect([...byDepth.entries()].sort(([a], [b]) => a - b)).toEqual([
      [-2, 1],
      [-1, 1],
      [0, 1],
      [1, 1],
      [2, 2],
    ]);
    expect(graph.reads).toBe(store.stats.queries - queriesBefore);
    expect(graph.reads).toBeLessThanOrEqual(2 * graph.nodes.length);
    expect(graph.reads).toBe(graph.nodes.length);
  });

  it('stores the impacts of an alarm applied on the flow, and GET /alarms lists them through GSI1', async () => {
    // Prepare
    const deps: IngestDeps = {
      store,
      clock: systemClock,
      repoller: { covers: () => false, repoll: async () => undefined },
      metrics: new CountingMetrics(),
      settings: { ...DEFAULT_INGEST_SETTINGS, expectedTopicArns: new Set([TOPIC_ARN]) },
      resolver: new FlowResolver(store, systemClock),
      rawRing: new RawRing(),
      impacts: (arn) => downstreamImpacts(store, arn),
    };
    const body = JSON.stringify(flowAlarm('ChainFeed-bitrate-low', Date.now() - 1000, 'm-chain-1'));

    // Act
    const result = await ingestMessages(deps, [{ id: 'sqs-1', body, receivedAt: Date.now(), origin: 'sqs' }]);
    const alarms = await call('/alarms', { state: 'ALARM', account: ACCOUNT, region: REGION });
    const chain = await call(`/chains/${encodeURIComponent(HLS)}`, { direction: 'upstream' });

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', kind: 'alarm' });
    const stored = await store.get<Record<string, unknown>>({
      pk: resourcePk(FLOW),
      sk: alarmSk('ChainFeed-bitrate-low'),
    });
    const expected = [
      { arn: INPUT, type: 'medialive:input', name: 'chain-input', depth: 1 },
      { arn: CHANNEL, type: 'medialive:channel', name: 'Chain-HD', depth: 2 },
      { arn: PACKAGE_CHANNEL, type: 'mediapackage:channel', name: 'chainfeed', depth: 3 },
      { arn: DASH, type: 'mediapackage:origin-endpoint', name: 'chainfeed-dash', depth: 4 },
      { arn: HLS, type: 'mediapackage:origin-endpoint', name: 'chainfeed-hls', depth: 4 },
    ];
    expect(stored).toMatchObject({ state: 'ALARM', impacts: expected });
    expect(stored).not.toHaveProperty('impactsTruncated');
    expect(alarms.status).toBe(200);
    expect(alarms.body.items).toEqual([
      expect.objectContaining({ name: 'ChainFeed-bitrate-low', state: 'ALARM', impacts: expected }),
    ]);
    expect(chain.body.nodes.find((n: { arn: string }) => n.arn === FLOW)).toMatchObject({
      depth: -4,
      alarms: [expect.objectContaining({ name: 'ChainFeed-bitrate-low', state: 'ALARM' })],
    });
  });
});
