/**
 * MediaLive channel actions over the real wire: moto_server (MediaLive) and dynalite, driven through the API's Lambda
 * handler. moto moves a channel's state only when it is described (CREATING→IDLE, STARTING→RUNNING, STOPPING→IDLE), so
 * the refresher here describes the channel and stores its state, standing in for the engine's MediaLive refresher
 * (the API wiring takes it through `refreshers`). Region: ap-southeast-2 (this file's own; moto partitions by region).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import {
  CreateChannelCommand,
  DescribeChannelCommand,
  DescribeChannelResponse,
  MediaLiveClient,
} from '@aws-sdk/client-medialive';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { ApiHandler, createApiHandler } from '../../../lambdas/api/api-handler';
import { createApiDeps } from '../../../lambdas/api/api-wiring';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import type { ResourceRefresher } from '../../../lambdas/polling/refresh';
import { listPk, listSk, META_SK, resourcePk } from '../../../lambdas/store/keys';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, motoConfig } from '../emulator-env';

const REGION = 'ap-southeast-2';
const ACCOUNT = '123456789012';
const METRICS = { metricSet: resolveMetricSet('health'), defaultIntervalSeconds: 300, historyMinutes: 60 };
const log = { warn: () => undefined, error: () => undefined };

/** MediaLive calls that reached moto, by command name. */
const sentToMediaLive: string[] = [];
const mediaLive = new MediaLiveClient({ ...motoConfig(REGION), maxAttempts: 1 });
mediaLive.middlewareStack.add(
  (next, context) => async (args) => {
    sentToMediaLive.push(String(context.commandName));
    return next(args);
  },
  { step: 'initialize', name: 'countMediaLiveCalls' },
);

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function requestTo(handler: ApiHandler) {
  return async (method: string, path: string, role = 'operator'): Promise<Answer> => {
    const event = {
      httpMethod: method,
      path,
      headers: { 'x-mediamon-role': role },
      multiValueHeaders: {},
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
      resource: '/{proxy+}',
      requestContext: { stage: 'v1', requestId: 'it', identity: { userArn: null, caller: null } },
    } as unknown as APIGatewayProxyEvent;
    const result = await handler(event, { awsRequestId: `it-${Math.random()}` } as Context);
    return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
  };
}

/** The channel's `#META` as the inventory writes it (the fields these routes read). */
async function storeChannel(store: StateStore, channel: DescribeChannelResponse): Promise<void> {
  const now = Date.now();
  await store.put({
    pk: resourcePk(channel.Arn!),
    sk: META_SK,
    gsi1pk: listPk('medialive:channel', ACCOUNT, REGION),
    gsi1sk: listSk(channel.Name!, channel.Arn!),
    type: 'medialive:channel',
    arn: channel.Arn!,
    id: channel.Id!,
    name: channel.Name!,
    status: channel.State!,
    channelClass: channel.ChannelClass!,
    account: ACCOUNT,
    region: REGION,
    observedAt: new Date(now).toISOString(),
    version: now,
    hash: 'h',
    treeHash: 't',
  });
}

describe('MediaLive channel actions against moto and dynalite', () => {
  let store: StateStore;
  let call: ReturnType<typeof requestTo>;
  let channel: DescribeChannelResponse;
  let channelPath: string;
  /** What each refresh saw at moto. */
  const refreshedStates: string[] = [];

  beforeAll(async () => {
    ({ store } = await createTestStore('medialive-api'));
    const refreshChannel: ResourceRefresher = async (arn) => {
      const described = await mediaLive.send(new DescribeChannelCommand({ ChannelId: arn.split(':').pop() }));
      refreshedStates.push(described.State!);
      await store.doc.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: { pk: resourcePk(arn), sk: META_SK },
          UpdateExpression: 'SET #status = :status, #version = :version',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: { ':status': described.State, ':version': Date.now() },
        }),
      );
      return {
        arn,
        change: 'updated',
        writes: 1,
        calls: { DescribeChannel: 1 },
        throttles: 0,
        sdkRetries: 0,
        backoffMs: 0,
      };
    };
    const deps = createApiDeps({
      store,
      mediaConnect: new MediaConnectClient(motoConfig(REGION)),
      mediaLive,
      cloudWatch: new CloudWatchClient(motoConfig(REGION)),
      clock: { now: () => Date.now() },
      account: ACCOUNT,
      region: REGION,
      tokenSecret: 'integration-test-token-secret',
      metrics: METRICS,
      mediaLiveRps: 50,
      mediaLiveBurst: 100,
      // Every refused action may re-read the channel (no coalescing window between these sequential requests).
      repollWindowSeconds: 0,
      refreshers: { medialive: refreshChannel },
    });
    call = requestTo(createApiHandler(deps, { log, roleHeaderEnabled: true }));
    const created = await mediaLive.send(
      new CreateChannelCommand({ Name: 'MotoNews', ChannelClass: 'SINGLE_PIPELINE', InputAttachments: [] }),
    );
    // moto answers CREATING, and moves the channel to IDLE on its first DescribeChannel.
    channel = await mediaLive.send(new DescribeChannelCommand({ ChannelId: created.Channel!.Id! }));
    await storeChannel(store, channel);
    channelPath = `/channels/${encodeURIComponent(channel.Arn!)}`;
  });

  beforeEach(() => {
    sentToMediaLive.length = 0;
    refreshedStates.length = 0;
  });

  it("lists and describes the stored channel under moto's region-less ARN", async () => {
    // Act
    const list = await call('GET', '/channels');
    const tree = await call('GET', channelPath);

    // Assess
    expect(channel.Arn).toMatch(/^arn:aws:medialive:channel:[0-9a-f]+$/);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ arn: channel.Arn, name: 'MotoNews', status: 'IDLE' })]);
    expect(tree.status).toBe(200);
    expect(tree.body).toMatchObject({ arn: channel.Arn, account: ACCOUNT, region: REGION, pipelines: [], alerts: [] });
  });

  it('refuses the read-only role before calling MediaLive', async () => {
    // Act
    const response = await call('POST', `${channelPath}/start`, 'read-only');

    // Assess
    expect(response.status).toBe(403);
    expect(sentToMediaLive).toEqual([]);
  });

  it('starts the IDLE channel with one StartChannel; the refresh finds it RUNNING at moto', async () => {
    // Act
    const response = await call('POST', `${channelPath}/start`);
    const stored = await call('GET', channelPath);

    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ channelArn: channel.Arn, action: 'start', state: 'STARTING', refreshed: true });
    expect(sentToMediaLive).toEqual(['StartChannelCommand', 'DescribeChannelCommand']);
    // moto resolves STARTING to RUNNING on the first DescribeChannel after the start.
    expect(refreshedStates).toEqual(['RUNNING']);
    expect(stored.body.status).toBe('RUNNING');
  });

  it('answers 409 ChannelAlreadyRunning to a second start, after one re-read', async () => {
    // Act
    const response = await call('POST', `${channelPath}/start`);

    // Assess
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('ChannelAlreadyRunning');
    expect(sentToMediaLive).toEqual(['DescribeChannelCommand']);
  });

  it('sends one StopChannel for two concurrent stops', async () => {
    // Act
    const answers = await Promise.all([call('POST', `${channelPath}/stop`), call('POST', `${channelPath}/stop`)]);

    // Assess
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    expect(answers.find((a) => a.status === 409)?.body.error.code).toMatch(
      /^(ChannelActionInProgress|ChannelAlreadyIdle)$/,
    );
    expect(sentToMediaLive.filter((name) => name === 'StopChannelCommand')).toHaveLength(1);
    expect((await call('GET', channelPath)).body.status).toBe('IDLE');
  });

  it('decides on the state moto reports now: a stored STOPPING that is IDLE at moto can be started', async () => {
    // Prepare
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: { pk: resourcePk(channel.Arn!), sk: META_SK },
        UpdateExpression: 'SET #status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': 'STOPPING' },
      }),
    );

    // Act
    const response = await call('POST', `${channelPath}/start`);

    // Assess
    expect(response.status).toBe(202);
    expect(refreshedStates[0]).toBe('IDLE');
    expect(sentToMediaLive).toEqual(['DescribeChannelCommand', 'StartChannelCommand', 'DescribeChannelCommand']);
  });

  it('answers 404 for a channel the store does not know, without calling MediaLive', async () => {
    // Act
    const response = await call(
      'POST',
      `/channels/${encodeURIComponent('arn:aws:medialive:channel:0123456789abcdef')}/start`,
    );

    // Assess
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NotFound');
    expect(sentToMediaLive).toEqual([]);
  });
});
