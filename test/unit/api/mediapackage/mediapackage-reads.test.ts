import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ACCOUNT, call, createTestApi, REGION, TestApi } from '../api-test-kit';

const ddb = mockClient(DynamoDBDocumentClient);

const CHANNEL_ARN = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:channels/6d582f2bfe8b4bd3bd8a4f2b3e1c0a11`;
const ENDPOINT_ARN = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:origin_endpoints/1f2e3d4c5b6a79880716253443526170`;
const base = { account: ACCOUNT, region: REGION, observedAt: '2025-11-25T09:55:00.000Z', version: 1, hash: 'h' };

const channelMeta = (overrides: Record<string, unknown> = {}) => ({
  ...base,
  pk: `RES#${CHANNEL_ARN}`,
  sk: '#META',
  type: 'mediapackage:channel',
  arn: CHANNEL_ARN,
  id: 'news',
  name: 'news',
  gsi1pk: `LIST#mediapackage:channel#${ACCOUNT}#${REGION}`,
  gsi1sk: `news#${CHANNEL_ARN}`,
  ingestEndpoints: [{ id: 'abc', url: 'https://abc.mediapackage.example/in/v2/x/abc/channel', username: 'u1' }],
  treeHash: 't',
  ...overrides,
});
const endpointMeta = (overrides: Record<string, unknown> = {}) => ({
  ...base,
  pk: `RES#${ENDPOINT_ARN}`,
  sk: '#META',
  type: 'mediapackage:origin-endpoint',
  arn: ENDPOINT_ARN,
  id: 'news-hls',
  name: 'news-hls',
  channelId: 'news',
  packaging: { type: 'HLS', segmentDurationSeconds: 6 },
  ...overrides,
});
const endpointMetrics = {
  ...base,
  pk: `RES#${ENDPOINT_ARN}`,
  sk: 'METRICS#ENDPOINT#news-hls',
  type: 'mediapackage:metrics',
  scope: 'ENDPOINT',
  resourceKey: 'news-hls',
  dimensions: { Channel: 'news', OriginEndpoint: 'news-hls' },
  series: {},
  latest: { 'EgressRequestCount.5xx': { t: 1764064500, v: 3 } },
  lastPolledAt: '2025-11-25T09:59:00.000Z',
};
const linkRef = {
  pk: `LINKKEY#mediapackage-channel:${ACCOUNT}:${REGION}:news`,
  sk: `REF#${ENDPOINT_ARN}#origin-endpoint`,
  type: 'chain:link-index',
  key: `mediapackage-channel:${ACCOUNT}:${REGION}:news`,
  arn: ENDPOINT_ARN,
  entry: 'reference',
  linkType: 'origin-endpoint',
};

const pathOf = (collection: string, arn?: string) =>
  `/mediapackage/${collection}${arn ? `/${encodeURIComponent(arn)}` : ''}`;

/** Answers each Query by its partition key. */
function answerByPk(partitions: Record<string, unknown[]>) {
  ddb.on(QueryCommand).callsFake((input: { ExpressionAttributeValues?: Record<string, unknown> }) => ({
    Items: partitions[String(input.ExpressionAttributeValues?.[':pk'])] ?? [],
  }));
}

describe('MediaPackage v1 read routes', () => {
  let api: TestApi;

  beforeEach(() => {
    ddb.reset();
    api = createTestApi();
  });

  it('lists channels with one GSI1 Query, filtered by Id prefix, hiding tombstones', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [channelMeta()] });

    // Act
    const response = await call(api, { path: '/mediapackage/channels', query: { idPrefix: 'ne' } });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([expect.objectContaining({ arn: CHANNEL_ARN, name: 'news', id: 'news' })]);
    expect(response.body.items[0]).not.toHaveProperty('pk');
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'gsi1',
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeValues: expect.objectContaining({
        ':pk': `LIST#mediapackage:channel#${ACCOUNT}#${REGION}`,
        ':prefix': 'ne',
      }),
    });
  });

  it('returns a channel with its origin endpoints found through the link index', async () => {
    // Prepare
    answerByPk({
      [`RES#${CHANNEL_ARN}`]: [channelMeta()],
      [linkRef.pk]: [linkRef],
      [`RES#${ENDPOINT_ARN}`]: [endpointMeta()],
    });

    // Act
    const response = await call(api, { path: pathOf('channels', CHANNEL_ARN) });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      arn: CHANNEL_ARN,
      id: 'news',
      ingestEndpoints: [{ id: 'abc', username: 'u1' }],
      deleted: false,
      originEndpoints: [expect.objectContaining({ arn: ENDPOINT_ARN, channelId: 'news' })],
    });
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 3);
  });

  it('lists the endpoints of one channel by channelId through the link index, not the whole listing', async () => {
    // Prepare
    answerByPk({ [linkRef.pk]: [linkRef], [`RES#${ENDPOINT_ARN}`]: [endpointMeta()] });

    // Act
    const response = await call(api, { path: '/mediapackage/origin-endpoints', query: { channelId: 'news' } });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([expect.objectContaining({ arn: ENDPOINT_ARN, name: 'news-hls' })]);
    const pks = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.ExpressionAttributeValues?.[':pk']);
    expect(pks).toEqual([linkRef.pk, `RES#${ENDPOINT_ARN}`]);
  });

  it('returns an origin endpoint with its latest metrics per scope', async () => {
    // Prepare
    answerByPk({ [`RES#${ENDPOINT_ARN}`]: [endpointMeta(), endpointMetrics] });

    // Act
    const response = await call(api, { path: pathOf('origin-endpoints', ENDPOINT_ARN) });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      arn: ENDPOINT_ARN,
      packaging: { type: 'HLS' },
      metrics: [
        {
          scope: 'ENDPOINT',
          key: 'news-hls',
          dimensions: { Channel: 'news', OriginEndpoint: 'news-hls' },
          latest: { 'EgressRequestCount.5xx': { t: 1764064500, v: 3 } },
          lastPolledAt: '2025-11-25T09:59:00.000Z',
        },
      ],
    });
  });

  it('answers 404 for an unknown or deleted endpoint, and for a channel ARN given as an endpoint', async () => {
    // Prepare
    answerByPk({ [`RES#${CHANNEL_ARN}`]: [channelMeta({ tombstone: true })] });

    // Act
    const unknown = await call(api, { path: pathOf('origin-endpoints', ENDPOINT_ARN) });
    const deleted = await call(api, { path: pathOf('channels', CHANNEL_ARN) });

    // Assess
    expect(unknown.status).toBe(404);
    expect(deleted.status).toBe(404);
    expect(deleted.body.error.message).toContain('(deleted)');
  });

  it.each([
    ['a MediaLive ARN', pathOf('channels', `arn:aws:medialive:${REGION}:${ACCOUNT}:channel:123`)],
    ['an endpoint ARN for a channel', pathOf('channels', ENDPOINT_ARN)],
    ['a bad channelId', '/mediapackage/origin-endpoints?channelId=bad%20id'],
  ])('answers 400 with a code and message for %s', async (_, path) => {
    // Act
    const [pathname, search] = path.split('?');
    const query = Object.fromEntries(new URLSearchParams(search ?? ''));
    const response = await call(api, { path: pathname!, query });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'ValidationFailed', message: expect.any(String) });
    expect(ddb).not.toHaveReceivedCommand(QueryCommand);
  });
});
