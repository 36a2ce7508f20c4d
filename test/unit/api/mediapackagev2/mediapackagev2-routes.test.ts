import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, call, createTestApi, REGION, TestApi } from '../api-test-kit';

const ddb = mockClient(DynamoDBDocumentClient);

const GROUP_ARN = `arn:aws:mediapackagev2:${REGION}:${ACCOUNT}:channelGroup/live`;
const CHANNEL_ARN = `${GROUP_ARN}/channel/news`;
const ENDPOINT_ARN = `${CHANNEL_ARN}/originEndpoint/hls-ts`;

const base = (arn: string, type: string, name: string) => ({
  pk: `RES#${arn}`,
  sk: '#META',
  type,
  account: ACCOUNT,
  region: REGION,
  arn,
  name,
  hash: 'h',
  treeHash: 't',
  version: 1,
  gsi1pk: `LIST#${type}#${ACCOUNT}#${REGION}`,
  gsi1sk: `${name}#${arn}`,
});
const channelMeta = (overrides: Record<string, unknown> = {}) => ({
  ...base(CHANNEL_ARN, 'mediapackagev2:channel', 'news'),
  channelName: 'news',
  channelGroupName: 'live',
  channelGroupArn: GROUP_ARN,
  inputType: 'CMAF',
  ingestEndpoints: [
    { id: '1', url: 'https://a-1.ingest.b.mediapackagev2.eu-central-1.amazonaws.com/in/v1/live/1/news/index' },
  ],
  ...overrides,
});
const endpointMeta = () => ({
  ...base(ENDPOINT_ARN, 'mediapackagev2:origin-endpoint', 'hls-ts'),
  originEndpointName: 'hls-ts',
  channelName: 'news',
  channelGroupName: 'live',
  channelArn: CHANNEL_ARN,
  containerType: 'TS',
  hlsManifests: [{ manifestName: 'index', url: 'https://x.egress.y/out/v1/live/news/hls-ts/index.m3u8' }],
});
const metricsItem = (arn: string, scope: string, key: string, value: number) => ({
  pk: `RES#${arn}`,
  sk: `METRICS#${scope}#${key}`,
  latest: { EgressRequestCount: { t: 1_764_064_800, v: value } },
  lastPolledAt: '2025-11-25T10:00:00.000Z',
});
const path = (kind: 'channels' | 'origin-endpoints', arn: string) =>
  `/mediapackagev2/${kind}/${encodeURIComponent(arn)}`;

describe('MediaPackage v2 read routes', () => {
  let api: TestApi;

  beforeEach(() => {
    ddb.reset();
    api = createTestApi();
  });

  it.each([
    ['/mediapackagev2/channel-groups', 'mediapackagev2:channel-group'],
    ['/mediapackagev2/channels', 'mediapackagev2:channel'],
    ['/mediapackagev2/origin-endpoints', 'mediapackagev2:origin-endpoint'],
  ])('lists %s with one GSI1 Query of the deployment account and Region, hiding tombstones', async (route, type) => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [channelMeta()] });

    // Act
    const response = await call(api, { path: route, query: { namePrefix: 'ne' } });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.items[0]).not.toHaveProperty('pk');
    expect(response.body.items[0]).not.toHaveProperty('treeHash');
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      IndexName: 'gsi1',
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      FilterExpression: '(attribute_not_exists(#tombstone) OR #tombstone <> :true)',
      ExpressionAttributeValues: { ':pk': `LIST#${type}#${ACCOUNT}#${REGION}`, ':prefix': 'ne', ':true': true },
    });
  });

  it('refuses a status filter (MediaPackage has no state) with 400', async () => {
    // Act
    const response = await call(api, { path: '/mediapackagev2/channels', query: { status: 'RUNNING' } });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'ValidationFailed', field: 'status' });
  });

  it('answers a channel with its metrics and its origin endpoints with theirs', async () => {
    // Prepare
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `RES#${CHANNEL_ARN}` } })
      .resolves({ Items: [channelMeta(), metricsItem(CHANNEL_ARN, 'CHANNEL', 'news', 7)] });
    ddb.on(QueryCommand, { IndexName: 'gsi1' }).resolves({ Items: [endpointMeta()] });
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `RES#${ENDPOINT_ARN}`, ':prefix': 'METRICS#ENDPOINT#' } })
      .resolves({ Items: [metricsItem(ENDPOINT_ARN, 'ENDPOINT', 'hls-ts', 42)] });

    // Act
    const response = await call(api, { path: path('channels', CHANNEL_ARN) });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      arn: CHANNEL_ARN,
      name: 'news',
      channelGroupName: 'live',
      deleted: false,
      metrics: { latest: { EgressRequestCount: { v: 7 } } },
      originEndpoints: [{ arn: ENDPOINT_ARN, name: 'hls-ts', metrics: { latest: { EgressRequestCount: { v: 42 } } } }],
      links: { chain: `/chains/${encodeURIComponent(CHANNEL_ARN)}` },
    });
    const gsi = ddb.commandCalls(QueryCommand).find((c) => c.args[0].input.IndexName === 'gsi1')!.args[0].input;
    expect(gsi.ExpressionAttributeValues).toMatchObject({
      ':pk': `LIST#mediapackagev2:origin-endpoint#${ACCOUNT}#${REGION}`,
      ':channelPrefix': `${CHANNEL_ARN}/originEndpoint/`,
    });
  });

  it('answers an origin endpoint with its manifests, metrics and a link to its channel', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [endpointMeta(), metricsItem(ENDPOINT_ARN, 'ENDPOINT', 'hls-ts', 3)] });

    // Act
    const response = await call(api, { path: path('origin-endpoints', ENDPOINT_ARN) });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      arn: ENDPOINT_ARN,
      containerType: 'TS',
      hlsManifests: [{ manifestName: 'index' }],
      metrics: { latest: { EgressRequestCount: { v: 3 } } },
      links: { channel: path('channels', CHANNEL_ARN) },
    });
  });

  it('answers 404 for an unknown channel, a tombstoned one, and an endpoint ARN stored as another type', async () => {
    // Prepare
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [] })
      .resolvesOnce({ Items: [channelMeta({ tombstone: true })] })
      .resolves({
        Items: [channelMeta()],
      });

    // Act
    const unknown = await call(api, { path: path('channels', CHANNEL_ARN) });
    const deleted = await call(api, { path: path('channels', CHANNEL_ARN) });
    const wrongType = await call(api, { path: path('origin-endpoints', ENDPOINT_ARN) });

    // Assess
    expect([unknown.status, deleted.status, wrongType.status]).toEqual([404, 404, 404]);
    expect(deleted.body.error.message).toMatch(/deleted/);
  });

  it('answers 400 with a code and message for an ARN of the wrong kind, without reading the table', async () => {
    // Act
    const responses = await Promise.all([
      call(api, { path: path('channels', ENDPOINT_ARN) }),
      call(api, { path: path('origin-endpoints', CHANNEL_ARN) }),
      call(api, { path: path('channels', 'arn:aws:medialive:eu-central-1:111122223333:channel:1') }),
    ]);

    // Assess
    for (const response of responses) {
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        code: 'ValidationFailed',
        message: expect.stringMatching(/MediaPackage v2/),
      });
    }
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
