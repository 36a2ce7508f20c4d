import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CHANGE_FEED_LIMIT, changeRangeStart } from '../../../lambdas/api/monitoring/change-queries';
import { changeStamp } from '../../../lambdas/store/change-index';
import { eventSk, eventsPk, META_SK, resourcePk } from '../../../lambdas/store/keys';
import {
  ACCOUNT,
  call,
  createTestApi,
  FLOW_ARN,
  NOW,
  READ_ONLY_SESSION_ARN,
  REGION,
  registryWith,
  SOURCE_ARN,
  TestApi,
} from './api-test-kit';

const ddb = mockClient(DynamoDBDocumentClient);
const B = '222222222222';
const queried = () => ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);

/** An index entry as GSI2 holds it: the table keys, the stamp and `type`. */
function indexEntry(key: { pk: string; sk: string }, atMs: number, type?: string): Record<string, unknown> {
  return { ...key, ...changeStamp(key, atMs), ...(type ? { type } : {}) };
}

describe('GET /changes', () => {
  let api: TestApi;

  beforeEach(() => {
    ddb.reset();
    api = createTestApi();
  });

  it('answers no changes and a cursor at the server time without reading the table when no since is sent', async () => {
    // Act
    const response = await call(api, { path: '/changes' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ changes: [], cursor: new Date(NOW).toISOString(), truncated: false });
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
  });

  it('reads the state and event partitions of the target from the cursor minus the overlap, and decodes the entries', async () => {
    // Prepare
    const since = new Date(NOW - 2_000);
    const meta = { pk: resourcePk(FLOW_ARN), sk: META_SK };
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `CHG#${ACCOUNT}#${REGION}` } })
      .resolves({ Items: [indexEntry(meta, NOW - 500, 'mediaconnect:flow')] });

    // Act
    const response = await call(api, { path: '/changes', query: { since: since.toISOString() } });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.changes).toEqual([
      {
        kind: 'resource',
        arn: FLOW_ARN,
        type: 'mediaconnect:flow',
        account: ACCOUNT,
        region: REGION,
        at: new Date(NOW - 500).toISOString(),
      },
    ]);
    expect(response.body.cursor).toBe(new Date(NOW).toISOString());
    expect(queried()).toEqual(
      ['CHG', 'EVT'].map((partition) =>
        expect.objectContaining({
          IndexName: 'gsi2',
          ExpressionAttributeValues: {
            ':pk': `${partition}#${ACCOUNT}#${REGION}`,
            ':from': '2025-11-25T09:59:48.000Z',
          },
          Limit: CHANGE_FEED_LIMIT,
        }),
      ),
    );
  });

  it('reads back ten seconds before the cursor', () => {
    // Act
    const start = changeRangeStart(new Date('2025-11-25T10:00:05.250Z'));

    // Assess
    expect(start).toBe('2025-11-25T09:59:55.250Z');
  });

  it('merges the targets and their event partitions oldest first and says truncated when a target holds more than one answer', async () => {
    // Prepare
    api.deps.registry = async () => registryWith({ account: B, region: REGION });
    const otherFlow = FLOW_ARN.replace(ACCOUNT, B);
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `EVT#${B}#${REGION}` } }).resolves({
      Items: [indexEntry({ pk: eventsPk(otherFlow), sk: eventSk(new Date(NOW).toISOString(), 'e') }, NOW - 50)],
    });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `CHG#${ACCOUNT}#${REGION}` } }).resolves({
      Items: [indexEntry({ pk: resourcePk(FLOW_ARN), sk: `SOURCE#${SOURCE_ARN}` }, NOW - 100)],
    });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `CHG#${B}#${REGION}` } }).resolves({
      Items: [indexEntry({ pk: resourcePk(otherFlow), sk: 'ALARM#down' }, NOW - 900)],
      LastEvaluatedKey: { pk: 'x', sk: 'y', gsi2pk: 'z', gsi2sk: 'w' },
    });

    // Act
    const response = await call(api, { path: '/changes', query: { since: new Date(NOW - 5_000).toISOString() } });

    // Assess
    expect(response.body.changes.map((c: { kind: string; account: string }) => [c.kind, c.account])).toEqual([
      ['alarm', B],
      ['child', ACCOUNT],
      ['event', B],
    ]);
    expect(response.body.truncated).toBe(true);
  });

  it.each([['yesterday'], ['2025-13-40T00:00:00Z'], ['1700000000']])(
    'refuses the cursor %s with 400 ValidationFailed on since',
    async (since) => {
      // Act
      const response = await call(api, { path: '/changes', query: { since } });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'ValidationFailed', field: 'since' });
      expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
    },
  );

  it('refuses an account the deployment does not watch with 400 NotWatched', async () => {
    // Act
    const response = await call(api, { path: '/changes', query: { account: '999999999999' } });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('NotWatched');
  });

  it('answers the read-only role', async () => {
    // Act
    const response = await call(api, { path: '/changes', userArn: READ_ONLY_SESSION_ARN });

    // Assess
    expect(response.status).toBe(200);
  });
});

describe('GET /events/recent', () => {
  let api: TestApi;

  beforeEach(() => {
    ddb.reset();
    api = createTestApi();
  });

  it('reads the newest index entries and then each event, newest written first, with its resource', async () => {
    // Prepare
    const older = { pk: eventsPk(FLOW_ARN), sk: eventSk('2025-11-25T09:00:00.000Z', 'e1') };
    const newer = { pk: eventsPk(SOURCE_ARN), sk: eventSk('2025-11-25T08:00:00.000Z', 'e2') };
    ddb.on(QueryCommand).resolves({ Items: [indexEntry(newer, NOW - 10), indexEntry(older, NOW - 20)] });
    ddb.on(GetCommand, { Key: older }).resolves({ Item: { ...older, kind: 'alarm', summary: 'older' } });
    ddb.on(GetCommand, { Key: newer }).resolves({ Item: { ...newer, kind: 'audit', summary: 'newer' } });

    // Act
    const response = await call(api, { path: '/events/recent', query: { limit: '5' } });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      { time: '2025-11-25T08:00:00.000Z', id: 'e2', resourceArn: SOURCE_ARN, kind: 'audit', summary: 'newer' },
      { time: '2025-11-25T09:00:00.000Z', id: 'e1', resourceArn: FLOW_ARN, kind: 'alarm', summary: 'older' },
    ]);
    expect(queried()[0]).toMatchObject({
      IndexName: 'gsi2',
      ScanIndexForward: false,
      ExpressionAttributeValues: { ':pk': `EVT#${ACCOUNT}#${REGION}` },
    });
  });

  it('keeps an event stored under two resources once, and at most the limit', async () => {
    // Prepare
    const sk = eventSk('2025-11-25T09:00:00.000Z', 'shared');
    const entries = [
      indexEntry({ pk: eventsPk(FLOW_ARN), sk }, NOW - 1),
      indexEntry({ pk: eventsPk(SOURCE_ARN), sk }, NOW - 1),
      indexEntry({ pk: eventsPk(FLOW_ARN), sk: eventSk('2025-11-25T08:00:00.000Z', 'b') }, NOW - 2),
      indexEntry({ pk: eventsPk(FLOW_ARN), sk: eventSk('2025-11-25T07:00:00.000Z', 'c') }, NOW - 3),
    ];
    ddb.on(QueryCommand).resolves({ Items: entries });
    ddb.on(GetCommand).callsFake((input: { Key: Record<string, unknown> }) => ({ Item: { ...input.Key } }));

    // Act
    const response = await call(api, { path: '/events/recent', query: { limit: '2' } });

    // Assess
    expect(response.body.items.map((i: { id: string }) => i.id)).toEqual(['shared', 'b']);
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 2);
  });

  it.each([['0'], ['51'], ['ten']])('refuses limit=%s with 400 ValidationFailed on limit', async (limit) => {
    // Act
    const response = await call(api, { path: '/events/recent', query: { limit } });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'ValidationFailed', field: 'limit' });
  });
});

describe('GET /me', () => {
  it.each([
    ['operator', undefined],
    ['read-only', READ_ONLY_SESSION_ARN],
  ])('answers the %s role and the identity', async (role, userArn) => {
    // Prepare
    const api = createTestApi();

    // Act
    const response = await call(api, { path: '/me', ...(userArn ? { userArn } : {}) });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.role).toBe(role);
    expect(response.body.identityArn).toMatch(/^arn:aws:sts::/);
  });
});
