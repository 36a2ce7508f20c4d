import { parseServiceQuota, splitQuota } from '../../../lambdas/shared/service-quota';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT,
  call,
  createTestApi,
  entitlementItem,
  FLOW_ARN,
  flowMeta,
  flowPath,
  NOW,
  OUTPUT_ARN,
  REGION,
  registryWith,
  SOURCE_ARN,
  TestApi,
  MediaConnectMockTarget,
  MediaConnectStub,
} from './api-test-kit';
import { encodeSeriesByMetric } from '../../../lambdas/metrics/metric-series';

const ddb = mockClient(DynamoDBDocumentClient);
const mediaConnect: MediaConnectStub = mockClient(MediaConnectMockTarget);

function flowPartition(): Record<string, unknown>[] {
  const t0 = Math.floor(NOW / 1000) - 180;
  return [
    flowMeta({ status: 'ACTIVE', health: { state: 'HEALTHY' }, polling: { enabled: true, intervalSeconds: 300 } }),
    {
      pk: `RES#${FLOW_ARN}`,
      sk: `ALARM#AwardsShow-SourceBitRate`,
      name: 'AwardsShow-SourceBitRate',
      state: 'ALARM',
      reason: 'Threshold crossed',
    },
    entitlementItem(),
    {
      pk: `RES#${FLOW_ARN}`,
      sk: `METRICS#FLOW#${FLOW_ARN}`,
      scope: 'FLOW',
      resourceArn: FLOW_ARN,
      series: encodeSeriesByMetric({
        BitRate: { t: [t0, t0 + 60, t0 + 120], v: [1e6, 2e6, 3e6] },
        Connected: { t: [t0 + 120], v: [1] },
      }),
      latest: { BitRate: { t: t0 + 120, v: 3e6 }, Connected: { t: t0 + 120, v: 1 } },
      lastPolledAt: '2025-11-25T09:59:30.000Z',
    },
    {
      pk: `RES#${FLOW_ARN}`,
      sk: `METRICS#SOURCE#${SOURCE_ARN}`,
      scope: 'SOURCE',
      resourceArn: SOURCE_ARN,
      // Stored before series were encoded as strings: still read.
      series: { SourceBitRate: { t: [t0, t0 + 120], v: [5, 6] } },
      latest: { SourceBitRate: { t: t0 + 120, v: 6 } },
    },
    {
      pk: `RES#${FLOW_ARN}`,
      sk: `OUTPUT#${OUTPUT_ARN}`,
      arn: OUTPUT_ARN,
      name: 'ToMediaLive',
      flowArn: FLOW_ARN,
      protocol: 'rtp',
      hash: 'o',
      version: 1,
    },
    {
      pk: `RES#${FLOW_ARN}`,
      sk: `SOURCE#${SOURCE_ARN}`,
      arn: SOURCE_ARN,
      name: 'Primary',
      flowArn: FLOW_ARN,
      protocol: 'srt-listener',
      hash: 's',
      version: 1,
    },
  ];
}

describe('API read routes', () => {
  let api: TestApi;

  beforeEach(() => {
    ddb.reset();
    mediaConnect.reset();
    api = createTestApi();
  });

  describe('GET /flows', () => {
    it('lists flows of the deployment account and Region with one GSI1 Query, hiding tombstones', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [flowMeta({ tags: { team: 'news' } })] });

      // Act
      const response = await call(api, { path: '/flows' });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual([
        expect.objectContaining({ arn: FLOW_ARN, name: 'AwardsShow', status: 'STANDBY', tags: { team: 'news' } }),
      ]);
      expect(response.body.items[0]).not.toHaveProperty('pk');
      expect(response.body.nextToken).toBeUndefined();
      expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 1);
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        IndexName: 'gsi1',
        KeyConditionExpression: '#pk = :pk',
        // One more than the page size: it tells a full last page from one with more after it.
        Limit: 26,
        FilterExpression: '(attribute_not_exists(#tombstone) OR #tombstone <> :true)',
        ExpressionAttributeValues: { ':pk': `LIST#mediaconnect:flow#${ACCOUNT}#${REGION}`, ':true': true },
      });
    });

    it('filters by account, Region, name prefix, status and tag in the same one Query', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [] });
      api.deps.registry = async () => registryWith({ account: '444455556666', region: 'us-west-2' });

      // Act
      const response = await call(api, {
        path: '/flows',
        query: {
          account: '444455556666',
          region: 'us-west-2',
          namePrefix: 'Awards',
          status: 'ACTIVE',
          tag: 'team=news=desk',
          limit: '10',
          includeDeleted: 'true',
        },
      });

      // Assess
      expect(response.status).toBe(200);
      expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 1);
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        FilterExpression: '#status = :status AND #tags.#tagKey = :tagValue',
        ExpressionAttributeNames: {
          '#pk': 'gsi1pk',
          '#sk': 'gsi1sk',
          '#status': 'status',
          '#tags': 'tags',
          '#tagKey': 'team',
        },
        ExpressionAttributeValues: {
          ':pk': 'LIST#mediaconnect:flow#444455556666#us-west-2',
          ':prefix': 'Awards',
          ':status': 'ACTIVE',
          ':tagValue': 'news=desk',
        },
        Limit: 11,
      });
    });

    it('filters on a tag key alone with attribute_exists', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [] });

      // Act
      await call(api, { path: '/flows', query: { tag: 'team', includeDeleted: 'true' } });

      // Assess
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, { FilterExpression: 'attribute_exists(#tags.#tagKey)' });
    });

    it('continues a listing from its signed nextToken', async () => {
      // Prepare
      const lastKey = { pk: `RES#${FLOW_ARN}`, sk: '#META', gsi1pk: 'LIST#x', gsi1sk: `AwardsShow#${FLOW_ARN}` };
      ddb
        .on(QueryCommand)
        .resolvesOnce({ Items: [flowMeta()], LastEvaluatedKey: lastKey })
        .resolves({ Items: [] });
      const first = await call(api, { path: '/flows', query: { status: 'STANDBY', limit: '1' } });

      // Act
      const second = await call(api, {
        path: '/flows',
        query: { status: 'STANDBY', limit: '1', nextToken: first.body.nextToken },
      });

      // Assess
      expect(first.body.nextToken).toEqual(expect.any(String));
      expect(second.status).toBe(200);
      expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual(lastKey);
    });

    it('refuses a nextToken replayed with another filter, without querying', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [flowMeta()], LastEvaluatedKey: { pk: 'a', sk: 'b' } });
      const first = await call(api, { path: '/flows', query: { status: 'STANDBY' } });
      ddb.resetHistory();

      // Act
      const replay = await call(api, { path: '/flows', query: { status: 'ACTIVE', nextToken: first.body.nextToken } });

      // Assess
      expect(replay.status).toBe(400);
      expect(replay.body.error).toMatchObject({ code: 'InvalidNextToken', field: 'nextToken' });
      expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
    });

    it.each([
      [{ limit: '0' }, 'limit'],
      [{ limit: '101' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ status: 'RUNNING' }, 'status'],
      [{ account: '1111-2222-3333' }, 'account'],
      [{ region: 'Frankfurt' }, 'region'],
      [{ includeDeleted: 'yes' }, 'includeDeleted'],
      [{ colour: 'red' }, 'colour'],
    ])('refuses the query %j with a 400 naming %s', async (query, field) => {
      // Act
      const response = await call(api, { path: '/flows', query });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe(field);
      expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
    });
  });

  describe('GET /flows/{flowArn}', () => {
    it('assembles the flow tree from one partition Query', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: flowPartition() });

      // Act
      const response = await call(api, { path: flowPath() });

      // Assess
      expect(response.status).toBe(200);
      expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 1);
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, { ExpressionAttributeValues: { ':pk': `RES#${FLOW_ARN}` } });
      const tree = response.body;
      expect(tree).toMatchObject({
        arn: FLOW_ARN,
        name: 'AwardsShow',
        status: 'ACTIVE',
        deleted: false,
        health: { state: 'HEALTHY' },
      });
      expect(tree.sources).toEqual([
        expect.objectContaining({
          arn: SOURCE_ARN,
          protocol: 'srt-listener',
          metrics: { latest: { SourceBitRate: expect.any(Object) } },
        }),
      ]);
      expect(tree.outputs).toEqual([expect.objectContaining({ arn: OUTPUT_ARN, name: 'ToMediaLive' })]);
      expect(tree.outputs[0]).not.toHaveProperty('metrics');
      expect(tree.entitlements).toEqual([
        expect.objectContaining({ name: 'AnyCompany', subscribers: ['444455556666'] }),
      ]);
      expect(tree.metrics).toEqual({
        latest: { BitRate: { t: expect.any(Number), v: 3e6 }, Connected: expect.any(Object) },
        lastPolledAt: '2025-11-25T09:59:30.000Z',
      });
      expect(tree.alarms).toEqual([expect.objectContaining({ name: 'AwardsShow-SourceBitRate', state: 'ALARM' })]);
      expect(tree.links).toEqual({
        self: flowPath(),
        metrics: flowPath(FLOW_ARN, '/metrics'),
        events: `/events?resourceArn=${encodeURIComponent(FLOW_ARN)}`,
        console: `https://${REGION}.console.aws.amazon.com/mediaconnect/home?region=${REGION}#/flows/${encodeURIComponent(FLOW_ARN)}`,
      });
      expect(tree).not.toHaveProperty('treeHash');
    });

    it('leaves the tombstones of removed children out of the flow tree', async () => {
      // Prepare
      const removed = `${OUTPUT_ARN}-removed`;
      const tombstone = { pk: `RES#${FLOW_ARN}`, sk: `OUTPUT#${removed}`, version: 2, tombstone: true, expiresAt: 1 };
      ddb.on(QueryCommand).resolves({ Items: [...flowPartition(), tombstone] });

      // Act
      const response = await call(api, { path: flowPath() });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.outputs).toHaveLength(1);
      expect(response.body.outputs).toEqual([expect.objectContaining({ arn: OUTPUT_ARN })]);
    });

    it('answers 404 for a flow that is not stored', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [] });

      // Act
      const response = await call(api, { path: flowPath() });

      // Assess
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('NotFound');
    });

    it('answers 404 for a tombstoned flow unless deleted flows are asked for', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [flowMeta({ tombstone: true, deletedAt: '2025-11-25T09:00:00Z' })] });

      // Act
      const hidden = await call(api, { path: flowPath() });
      const shown = await call(api, { path: flowPath(), query: { includeDeleted: 'true' } });

      // Assess
      expect(hidden.status).toBe(404);
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({ deleted: true, deletedAt: '2025-11-25T09:00:00Z' });
    });

    it.each([
      ['not an ARN', 'AwardsShow'],
      ['another service', 'arn:aws:medialive:eu-central-1:111122223333:channel:123'],
      ['an output ARN', OUTPUT_ARN],
      ['no account', 'arn:aws:mediaconnect:eu-central-1::flow:1-a:b'],
    ])('refuses %s with a 400 before reading the store', async (_case, arn) => {
      // Act
      const response = await call(api, { path: flowPath(arn) });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'ValidationFailed', field: 'flowArn' });
      expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
    });
  });

  describe('GET /flows/{flowArn}/metrics', () => {
    it('returns stored series filtered by names and since', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: flowPartition() });
      const since = new Date(NOW - 90_000).toISOString();

      // Act
      const response = await call(api, {
        path: flowPath(FLOW_ARN, '/metrics'),
        query: { names: 'BitRate,SourceBitRate', since },
      });

      // Assess
      expect(response.status).toBe(200);
      expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 1);
      const t2 = Math.floor(NOW / 1000) - 60;
      expect(response.body).toEqual({
        flowArn: FLOW_ARN,
        since,
        series: [
          { scope: 'FLOW', resourceArn: FLOW_ARN, metric: 'BitRate', t: [t2], v: [3e6] },
          { scope: 'SOURCE', resourceArn: SOURCE_ARN, metric: 'SourceBitRate', t: [t2], v: [6] },
        ],
      });
    });

    it('refuses a since that is not an ISO date-time', async () => {
      // Act
      const response = await call(api, { path: flowPath(FLOW_ARN, '/metrics'), query: { since: 'yesterday' } });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe('since');
    });
  });

  describe('GET /alarms', () => {
    it('lists alarms of one state with begins_with on the state', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({
        Items: [
          {
            pk: 'x',
            sk: 'y',
            gsi1pk: 'ALARMS#a#r',
            gsi1sk: 'ALARM#n',
            name: 'n',
            state: 'ALARM',
            resourceArn: FLOW_ARN,
          },
        ],
      });

      // Act
      const response = await call(api, { path: '/alarms', query: { state: 'ALARM' } });

      // Assess
      expect(response.status).toBe(200);
      // GSI1 does not project the account, region and type: the store restores them from the listing key.
      expect(response.body.items).toEqual([
        // No severity stored (an item from before severities): the default of an alarm in ALARM.
        {
          name: 'n',
          state: 'ALARM',
          resourceArn: FLOW_ARN,
          type: 'alarm',
          account: 'a',
          region: 'r',
          severity: 'major',
        },
      ]);
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        IndexName: 'gsi1',
        ExpressionAttributeValues: { ':pk': `ALARMS#${ACCOUNT}#${REGION}`, ':prefix': 'ALARM#' },
      });
    });
  });

  describe('GET /events', () => {
    it('lists a resource history newest first from since', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({
        Items: [
          { pk: `EVENTS#${FLOW_ARN}`, sk: '2025-11-25T09:30:00.000Z#evt-1', kind: 'status-change', expiresAt: 1 },
        ],
      });

      // Act
      const response = await call(api, {
        path: '/events',
        query: { resourceArn: FLOW_ARN, since: '2025-11-25T09:00:00+00:00' },
      });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual([{ time: '2025-11-25T09:30:00.000Z', id: 'evt-1', kind: 'status-change' }]);
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        KeyConditionExpression: '#pk = :pk AND #sk >= :from',
        ExpressionAttributeValues: { ':pk': `EVENTS#${FLOW_ARN}`, ':from': '2025-11-25T09:00:00.000Z' },
        ScanIndexForward: false,
      });
    });

    it.each([
      ['a MediaLive channel', 'arn:aws:medialive:channel:3a9c1b7e4f'],
      ['a MediaPackage v1 channel', 'arn:aws:mediapackage:channel:demo-channel'],
    ])("reads the history of %s under moto's region- and account-less ARN", async (_kind, arn) => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [] });

      // Act
      const response = await call(api, { path: '/events', query: { resourceArn: arn } });

      // Assess
      expect(response.status).toBe(200);
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, { ExpressionAttributeValues: { ':pk': `EVENTS#${arn}` } });
    });

    it("refuses a resourceArn that is no ARN with the ARN parser's message", async () => {
      // Act
      const response = await call(api, { path: '/events', query: { resourceArn: 'arn:aws:nothing' } });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'ValidationFailed', field: 'resourceArn' });
      expect(response.body.error.message).toMatch(/^resourceArn: Not a valid ARN/);
    });

    it('requires resourceArn', async () => {
      // Act
      const response = await call(api, { path: '/events' });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ field: 'resourceArn', message: 'resourceArn: is required' });
    });
  });

  describe('GET /summary', () => {
    it('shows the change path broken, with the short sweep period, when a call the API made went unreported', async () => {
      // Prepare
      const pk = `CHANGEPATH#${ACCOUNT}#${REGION}`;
      ddb.on(QueryCommand).resolves({ Items: [] });
      ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': pk } }).resolves({
        Items: [
          {
            pk,
            sk: '#',
            lastEventAtMs: NOW - 40 * 60_000,
            lastEventAt: new Date(NOW - 40 * 60_000).toISOString(),
            lastEventName: 'UpdateFlowOutput',
          },
          {
            pk,
            sk: `CALL#StopFlow#${FLOW_ARN}`,
            eventName: 'StopFlow',
            arn: FLOW_ARN,
            expectedAtMs: NOW - 17 * 60_000,
          },
        ],
      });
      api.deps.changeEvents = 'cloudtrail';
      api.deps.sweepPeriods = { liveMinutes: 120, offMinutes: 10 };

      // Act
      const response = await call(api, { path: '/summary' });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.changePath).toEqual({
        mode: 'cloudtrail',
        status: 'broken',
        lastEventAt: new Date(NOW - 40 * 60_000).toISOString(),
        lastEventName: 'UpdateFlowOutput',
        unconfirmedCalls: 1,
        oldestUnconfirmedAt: new Date(NOW - 17 * 60_000).toISOString(),
        overdue: [`StopFlow ${FLOW_ARN}`],
        sweepPeriodMinutes: 10,
      });
    });

    it('shows the change path live, with the long sweep period, when every call was reported', async () => {
      // Prepare
      const pk = `CHANGEPATH#${ACCOUNT}#${REGION}`;
      ddb.on(QueryCommand).resolves({ Items: [] });
      ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': pk } }).resolves({
        Items: [
          { pk, sk: '#', lastEventAtMs: NOW - 120_000, lastEventAt: new Date(NOW - 120_000).toISOString() },
          {
            pk,
            sk: `CALL#StopFlow#${FLOW_ARN}`,
            eventName: 'StopFlow',
            arn: FLOW_ARN,
            expectedAtMs: NOW - 17 * 60_000,
            confirmedAtMs: NOW - 17 * 60_000 + 4_000,
          },
        ],
      });
      api.deps.changeEvents = 'cloudtrail';

      // Act
      const response = await call(api, { path: '/summary' });

      // Assess
      expect(response.body.changePath).toMatchObject({ status: 'live', unconfirmedCalls: 0, sweepPeriodMinutes: 60 });
    });

    it('shows the change path off, with the short sweep period, in a deployment without it', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [] });

      // Act
      const response = await call(api, { path: '/summary' });

      // Assess
      expect(response.body.changePath).toEqual({
        mode: 'off',
        status: 'off',
        unconfirmedCalls: 0,
        overdue: [],
        sweepPeriodMinutes: 5,
      });
    });

    it('shows how the MediaConnect quota is split between the functions', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [] });
      api.deps.mediaConnectQuota = splitQuota(parseServiceQuota({ concurrency: { api: 2 } }));

      // Act
      const response = await call(api, { path: '/summary' });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.quota).toEqual({
        mediaconnect: {
          account: { rps: 5, burst: 30, margin: 0.9 },
          functions: {
            inventory: { share: 3, instances: 1, rps: 2.7, burst: 16 },
            ingest: { share: 1.5, instances: 2, rps: 0.675, burst: 4 },
            api: { share: 0.5, instances: 2, rps: 0.225, burst: 1 },
          },
          total: { rps: 4.5, burst: 26 },
        },
      });
    });

    it('counts flows by status, alarms by state and reports poller staleness', async () => {
      // Prepare
      ddb.on(QueryCommand).resolves({ Items: [] });
      ddb
        .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `LIST#mediaconnect:flow#${ACCOUNT}#${REGION}` } })
        .resolves({
          Items: [
            { status: 'ACTIVE' },
            { status: 'ACTIVE' },
            { status: 'ERROR' },
            { status: 'STANDBY', tombstone: true },
          ],
        });
      ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `ALARMS#${ACCOUNT}#${REGION}` } }).resolves({
        Items: [{ state: 'ALARM' }, { state: 'OK' }, { state: 'ALARM' }],
      });
      ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'POLLERS' } }).resolves({
        Items: [
          {
            poller: 'metrics',
            account: ACCOUNT,
            region: REGION,
            lastPolledAt: new Date(NOW - 120_000).toISOString(),
            // GSI1 projects lastCycle, not the failedResources map.
            lastCycle: {
              startedAt: new Date(NOW - 120_000).toISOString(),
              finishedAt: new Date(NOW - 119_000).toISOString(),
              durationMs: 1000,
              errors: ['x'],
              failedResourceCount: 1,
              skippedPolls: 2,
            },
          },
          {
            poller: 'mediaconnect-inventory',
            account: ACCOUNT,
            region: REGION,
            lastCycle: {
              startedAt: new Date(NOW - 3_600_000).toISOString(),
              errors: [],
              pass: {
                startedAt: new Date(NOW - 3_900_000).toISOString(),
                complete: false,
                total: 1000,
                remaining: 400,
              },
            },
          },
        ],
      });

      // Act
      const response = await call(api, { path: '/summary' });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        account: ACCOUNT,
        region: REGION,
        generatedAt: new Date(NOW).toISOString(),
        resources: { 'mediaconnect:flow': { total: 3, byStatus: { ACTIVE: 2, ERROR: 1 }, deleted: 1 } },
        services: { mediaconnect: { total: 3, byStatus: { ACTIVE: 2, ERROR: 1 }, deleted: 1 } },
        alarms: { active: 2, byState: { ALARM: 2, OK: 1 } },
      });
      expect(response.body.pollers).toEqual([
        expect.objectContaining({
          poller: 'mediaconnect-inventory',
          progress: {
            complete: false,
            total: 1000,
            remaining: 400,
            passStartedAt: new Date(NOW - 3_900_000).toISOString(),
          },
          ageSeconds: 3600,
          stale: true,
          staleAfterSeconds: 900,
        }),
        expect.objectContaining({
          poller: 'metrics',
          ageSeconds: 120,
          stale: false,
          errors: 1,
          failedResources: 1,
          skippedPolls: 2,
          durationMs: 1000,
          staleAfterSeconds: 180,
        }),
      ]);
      // One listing Query per resource type (a flow; a MediaLive channel, input, input device; a MediaPackage channel,
      // origin endpoint; a MediaPackage v2 channel group, channel, origin endpoint), alarms, pollers, the change path.
      expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 12);
    });
  });

  describe('GET /openapi.json', () => {
    it('serves the OpenAPI document', async () => {
      // Act
      const response = await call(api, { path: '/openapi.json' });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.openapi).toBe('3.1.0');
      expect(Object.keys(response.body.paths)).toContain('/flows/{flowArn}');
      expect(ddb).toHaveReceivedCommandTimes(GetCommand, 0);
    });
  });
});
