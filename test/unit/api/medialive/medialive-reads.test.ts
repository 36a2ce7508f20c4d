import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, call, createTestApi, FLOW_ARN, flowMeta, REGION, registryWith, TestApi } from '../api-test-kit';
import {
  CHANNEL_ARN,
  channelMeta,
  channelPartition,
  channelPath,
  DEVICE_ARN,
  INPUT_ARN,
  inputMeta,
  inputPath,
  MOTO_CHANNEL_ARN,
} from './medialive-fixtures';

const ddb = mockClient(DynamoDBDocumentClient);

describe('MediaLive read routes', () => {
  let api: TestApi;

  beforeEach(() => {
    ddb.reset();
    api = createTestApi();
  });

  describe('GET /channels', () => {
    it('lists channels of the deployment account and Region with one GSI1 Query, hiding tombstones', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [channelMeta()] });

      // Act
      const response = await call(api, { path: '/channels' });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual([
        expect.objectContaining({ arn: CHANNEL_ARN, name: 'NewsHD', status: 'IDLE', id: '1234567' }),
      ]);
      expect(response.body.items[0]).not.toHaveProperty('pk');
      expect(response.body.items[0]).not.toHaveProperty('treeHash');
      expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 1);
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        IndexName: 'gsi1',
        Limit: 26,
        FilterExpression: '(attribute_not_exists(#tombstone) OR #tombstone <> :true)',
        ExpressionAttributeValues: { ':pk': `LIST#medialive:channel#${ACCOUNT}#${REGION}`, ':true': true },
      });
    });

    it('filters by account, Region, name prefix and state in the same one Query', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [] });
      api.deps.registry = async () => registryWith({ account: '444455556666', region: 'us-west-2' });

      // Act
      const response = await call(api, {
        path: '/channels',
        query: {
          account: '444455556666',
          region: 'us-west-2',
          namePrefix: 'News',
          status: 'RUNNING',
          limit: '5',
          includeDeleted: 'true',
        },
      });

      // Assess
      expect(response.status).toBe(200);
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        FilterExpression: '#status = :status',
        ExpressionAttributeValues: {
          ':pk': 'LIST#medialive:channel#444455556666#us-west-2',
          ':prefix': 'News',
          ':status': 'RUNNING',
        },
        Limit: 6,
      });
    });

    it('continues a listing from its signed nextToken and refuses it for another route', async () => {
      // Prepare
      const lastKey = { pk: `RES#${CHANNEL_ARN}`, sk: '#META', gsi1pk: 'LIST#x', gsi1sk: `NewsHD#${CHANNEL_ARN}` };
      ddb
        .on(QueryCommand)
        .resolvesOnce({ Items: [channelMeta()], LastEvaluatedKey: lastKey })
        .resolves({ Items: [] });
      const first = await call(api, { path: '/channels', query: { limit: '1' } });

      // Act
      const second = await call(api, { path: '/channels', query: { limit: '1', nextToken: first.body.nextToken } });
      const elsewhere = await call(api, { path: '/inputs', query: { limit: '1', nextToken: first.body.nextToken } });

      // Assess
      expect(second.status).toBe(200);
      expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual(lastKey);
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body.error).toMatchObject({ code: 'InvalidNextToken', field: 'nextToken' });
    });

    it('refuses a state MediaLive does not have with 400 naming the field, without querying', async () => {
      // Act
      const response = await call(api, { path: '/channels', query: { status: 'ACTIVE' } });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'ValidationFailed', field: 'status' });
      expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
    });
  });

  describe('GET /channels/{channelArn}', () => {
    it('returns the channel tree: pipelines with their metrics, attachments, destinations, alerts, alarms, links', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: channelPartition() });

      // Act
      const response = await call(api, { path: channelPath() });

      // Assess
      expect(response.status).toBe(200);
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        ExpressionAttributeValues: { ':pk': `RES#${CHANNEL_ARN}` },
      });
      const tree = response.body;
      expect(tree).toMatchObject({ arn: CHANNEL_ARN, name: 'NewsHD', status: 'RUNNING', deleted: false });
      expect(tree).not.toHaveProperty('pk');
      // Pipeline 1 has no stored PIPELINE# item (moto stores none), but its metrics make it a pipeline of the tree.
      expect(tree.pipelines).toEqual([
        expect.objectContaining({
          pipelineId: '0',
          activeInputAttachmentName: 'primary',
          metrics: {
            latest: {
              ActiveAlerts: { t: expect.any(Number), v: 0 },
              NetworkIn: expect.any(Object),
              FillMsec: expect.any(Object),
            },
            lastPolledAt: '2025-11-25T09:59:30.000Z',
          },
        }),
        {
          pipelineId: '1',
          metrics: expect.objectContaining({ latest: expect.objectContaining({ DroppedFrames: expect.any(Object) }) }),
        },
      ]);
      expect(tree.attachments).toEqual([
        expect.objectContaining({
          name: 'primary',
          inputArn: INPUT_ARN,
          failover: expect.objectContaining({ secondaryInputId: '7654322' }),
        }),
      ]);
      expect(tree.destinations).toEqual([expect.objectContaining({ id: 'hls' })]);
      expect(tree.alerts.map((a: { alarmId: string }) => a.alarmId)).toEqual(['set-1', 'cleared-1']);
      expect(tree.outputGroupMetrics).toEqual([
        { pipelineId: '0', outputGroup: 'HLS Group', metrics: { latest: { Output4xxErrors: expect.any(Object) } } },
      ]);
      expect(tree.alarms).toEqual([expect.objectContaining({ name: 'NewsHD-DroppedFrames', state: 'ALARM' })]);
      expect(tree.links).toEqual({
        self: `/channels/${encodeURIComponent(CHANNEL_ARN)}`,
        events: `/events?resourceArn=${encodeURIComponent(CHANNEL_ARN)}`,
        console: `https://${REGION}.console.aws.amazon.com/medialive/home?region=${REGION}#/channels/1234567`,
      });
    });

    it("accepts moto's region- and account-less channel ARN", async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [channelMeta({ arn: MOTO_CHANNEL_ARN })] });

      // Act
      const response = await call(api, { path: channelPath(MOTO_CHANNEL_ARN) });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ arn: MOTO_CHANNEL_ARN, account: ACCOUNT, region: REGION });
    });

    it.each([
      ['a MediaConnect flow ARN', FLOW_ARN],
      ['an input ARN', INPUT_ARN],
      ['an ARN of another partition form', 'arn:aws:medialive:eu-central-1:123:channel:1'],
      ['an id with a slash', 'arn:aws:medialive:channel:ab/cd'],
      ['not an ARN', 'NewsHD'],
      ['an ARN with a control character', `arn:aws:medialive:channel:ab\u0000cd`],
    ])('answers 400 for %s, without reading the store', async (_case, arn) => {
      // Act
      const response = await call(api, { path: channelPath(arn) });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'ValidationFailed', field: 'channelArn' });
      expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
    });

    it('answers 404 with a code for an unknown channel', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [] });

      // Act
      const response = await call(api, { path: channelPath() });

      // Assess
      expect(response.status).toBe(404);
      expect(response.body.error).toEqual({ code: 'NotFound', message: `Channel ${CHANNEL_ARN} is not known` });
    });

    it('answers 404 for a deleted channel unless deleted ones are asked for', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [channelMeta({ tombstone: true, deletedAt: '2025-11-25T09:00:00Z' })] });

      // Act
      const hidden = await call(api, { path: channelPath() });
      const shown = await call(api, { path: channelPath(), query: { includeDeleted: 'true' } });

      // Assess
      expect(hidden.status).toBe(404);
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({ deleted: true, deletedAt: '2025-11-25T09:00:00Z' });
    });

    it('answers 404 when the ARN names a stored resource of another type', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [inputMeta({ pk: `RES#${CHANNEL_ARN}` })] });

      // Act
      const response = await call(api, { path: channelPath() });

      // Assess
      expect(response.status).toBe(404);
    });

    it('never returns a secret, even one that reached the store', async () => {
      // Prepare
      const [meta, ...children] = channelPartition();
      ddb.on(QueryCommand).resolves({
        Items: [
          { ...meta, password: 'hunter2-meta' },
          ...children.map((item) =>
            item.sk === 'DESTINATION#hls'
              ? {
                  ...item,
                  streamKey: 'live_sk_abc123',
                  settings: { passwordParam: '/medialive/rtmp', username: 'pub' },
                  urls: ['rtmp://pub:s3cr3tPass@ingest.example.com/app'],
                }
              : item,
          ),
        ],
      });

      // Act
      const response = await call(api, { path: channelPath() });

      // Assess
      expect(response.status).toBe(200);
      const text = JSON.stringify(response.body);
      for (const secret of ['hunter2-meta', 'live_sk_abc123', '/medialive/rtmp', 's3cr3tPass'])
        expect(text).not.toContain(secret);
      expect(response.body.destinations[0].settings).toEqual({ username: 'pub' });
    });
  });

  describe('GET /inputs and /inputs/{inputArn}', () => {
    it('lists inputs from their own GSI1 listing', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [inputMeta()] });

      // Act
      const response = await call(api, { path: '/inputs', query: { status: 'ATTACHED' } });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual([
        expect.objectContaining({ arn: INPUT_ARN, name: 'StudioFeed', status: 'ATTACHED', inputType: 'RTMP_PUSH' }),
      ]);
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        ExpressionAttributeValues: {
          ':pk': `LIST#medialive:input#${ACCOUNT}#${REGION}`,
          ':true': true,
          ':status': 'ATTACHED',
        },
      });
    });

    it('returns one input with its alarms and links', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({
        Items: [
          inputMeta(),
          { pk: `RES#${INPUT_ARN}`, sk: 'ALARM#StudioFeed-Loss', name: 'StudioFeed-Loss', state: 'OK' },
        ],
      });

      // Act
      const response = await call(api, { path: inputPath() });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        arn: INPUT_ARN,
        destinations: [{ url: 'rtmp://203.0.113.10:1935/live' }],
        deleted: false,
        alarms: [expect.objectContaining({ name: 'StudioFeed-Loss' })],
        links: { self: inputPath() },
      });
    });

    it('answers 400 for a channel ARN in the input route', async () => {
      // Act
      const response = await call(api, { path: inputPath(CHANNEL_ARN) });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'ValidationFailed', field: 'inputArn' });
    });
  });

  describe('GET /input-devices', () => {
    it('lists input devices, filtered by connection state', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({
        Items: [
          {
            pk: `RES#${DEVICE_ARN}`,
            sk: '#META',
            type: 'medialive:input-device',
            arn: DEVICE_ARN,
            id: 'hd-0123456789abcdef',
            name: 'Stadium Link',
            status: 'CONNECTED',
            deviceType: 'HD',
            account: ACCOUNT,
            region: REGION,
          },
        ],
      });

      // Act
      const response = await call(api, { path: '/input-devices', query: { status: 'CONNECTED' } });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual([expect.objectContaining({ arn: DEVICE_ARN, status: 'CONNECTED' })]);
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        ExpressionAttributeValues: expect.objectContaining({
          ':pk': `LIST#medialive:input-device#${ACCOUNT}#${REGION}`,
        }),
      });
    });
  });

  describe('GET /summary', () => {
    it('counts channels by state, inputs and input devices next to flows', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [] });
      const listing = (type: string) => ({ ExpressionAttributeValues: { ':pk': `LIST#${type}#${ACCOUNT}#${REGION}` } });
      ddb.on(QueryCommand, listing('mediaconnect:flow')).resolves({ Items: [flowMeta({ status: 'ACTIVE' })] });
      ddb.on(QueryCommand, listing('medialive:channel')).resolves({
        Items: [{ status: 'RUNNING' }, { status: 'RUNNING' }, { status: 'IDLE' }, { status: 'IDLE', tombstone: true }],
      });
      ddb
        .on(QueryCommand, listing('medialive:input'))
        .resolves({ Items: [{ status: 'ATTACHED' }, { status: 'DETACHED' }] });
      ddb.on(QueryCommand, listing('medialive:input-device')).resolves({ Items: [{ status: 'CONNECTED' }] });

      // Act
      const response = await call(api, { path: '/summary' });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.resources).toEqual({
        'mediaconnect:flow': { total: 1, byStatus: { ACTIVE: 1 }, deleted: 0 },
        'medialive:channel': { total: 3, byStatus: { RUNNING: 2, IDLE: 1 }, deleted: 1 },
        'medialive:input': { total: 2, byStatus: { ATTACHED: 1, DETACHED: 1 }, deleted: 0 },
        'medialive:input-device': { total: 1, byStatus: { CONNECTED: 1 }, deleted: 0 },
        'mediapackage:channel': { total: 0, byStatus: {}, deleted: 0 },
        'mediapackage:origin-endpoint': { total: 0, byStatus: {}, deleted: 0 },
        'mediapackagev2:channel-group': { total: 0, byStatus: {}, deleted: 0 },
        'mediapackagev2:channel': { total: 0, byStatus: {}, deleted: 0 },
        'mediapackagev2:origin-endpoint': { total: 0, byStatus: {}, deleted: 0 },
      });
      expect(response.body.services.medialive).toEqual({
        total: 6,
        byStatus: { RUNNING: 2, IDLE: 1, ATTACHED: 1, DETACHED: 1, CONNECTED: 1 },
        deleted: 1,
      });
    });
  });
});
