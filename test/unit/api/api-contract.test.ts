import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT,
  apiEvent,
  call,
  lambdaContext,
  createTestApi,
  FLOW_ARN,
  flowMeta,
  flowPath,
  GrantFlowEntitlementsCommand,
  MediaConnectMockTarget,
  MediaConnectStub,
  OPERATOR_SESSION_ARN,
  READ_ONLY_SESSION_ARN,
  REGION,
  StartFlowCommand,
  TestApi,
} from './api-test-kit';

/** Control characters (C0, DEL) and bidi overrides/isolates: none may come back in an error. */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

const ddb = mockClient(DynamoDBDocumentClient);
const mediaConnect: MediaConnectStub = mockClient(MediaConnectMockTarget);

/**
 * DynamoDB's Query over a sorted list: Limit counts evaluated items, and LastEvaluatedKey is returned whenever Limit
 * was reached, even when the last item was the partition's last (which is what makes a trailing empty page).
 */
function dynamoQuery(items: Record<string, unknown>[], sortKey: 'gsi1sk' | 'sk', keys: readonly string[]) {
  return (input: QueryCommandInput) => {
    const start = input.ExclusiveStartKey
      ? items.findIndex((i) => i[sortKey] === input.ExclusiveStartKey![sortKey]) + 1
      : 0;
    const limit = input.Limit ?? items.length;
    const page = items.slice(start, start + limit);
    const reachedLimit = page.length === limit;
    const last = page[page.length - 1];
    return {
      Items: page,
      ...(reachedLimit && last ? { LastEvaluatedKey: Object.fromEntries(keys.map((k) => [k, last[k]])) } : {}),
    };
  };
}

function flowItems(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const arn = FLOW_ARN.replace('AwardsShow', `Flow${i}`);
    return flowMeta({ pk: `RES#${arn}`, arn, name: `Flow${i}`, gsi1sk: `Flow${i}#${arn}` });
  });
}

async function walkPages(api: TestApi, path: string, query: Record<string, string>): Promise<number[]> {
  const sizes: number[] = [];
  let nextToken: string | undefined;
  do {
    const response = await call(api, { path, query: { ...query, ...(nextToken ? { nextToken } : {}) } });
    expect(response.status).toBe(200);
    sizes.push(response.body.items.length);
    nextToken = response.body.nextToken;
  } while (nextToken && sizes.length < 10);
  return sizes;
}

describe('API contract', () => {
  let api: TestApi;

  beforeEach(() => {
    ddb.reset();
    mediaConnect.reset();
    api = createTestApi();
  });

  describe('pagination', () => {
    it.each([
      [4, 2, [2, 2]],
      [5, 2, [2, 2, 1]],
      [3, 3, [3]],
      [0, 3, [0]],
    ])('pages %i flows by %i without a trailing empty page', async (count, limit, expected) => {
      // Prepare
      ddb.on(QueryCommand).callsFake(dynamoQuery(flowItems(count), 'gsi1sk', ['pk', 'sk', 'gsi1pk', 'gsi1sk']));

      // Act
      const sizes = await walkPages(api, '/flows', { limit: String(limit) });

      // Assess
      expect(sizes).toEqual(expected);
    });

    it('pages an event history of exactly two pages without a trailing empty page', async () => {
      // Prepare
      const events = Array.from({ length: 4 }, (_, i) => ({
        pk: `EVENTS#${FLOW_ARN}`,
        sk: `2025-11-25T09:0${9 - i}:00.000Z#evt-${i}`,
        kind: 'status-change',
      }));
      ddb.on(QueryCommand).callsFake(dynamoQuery(events, 'sk', ['pk', 'sk']));

      // Act
      const sizes = await walkPages(api, '/events', { resourceArn: FLOW_ARN, limit: '2' });

      // Assess
      expect(sizes).toEqual([2, 2]);
    });
  });

  describe('validation messages', () => {
    it.each([
      [{ limit: 'abc' }, 'limit', /number/],
      [{ limit: '2.5' }, 'limit', /int/],
      [{ limit: '0' }, 'limit', />=\s*1/],
      [{ limit: '500' }, 'limit', /<=\s*100/],
    ])('says what is wrong with the query %j', async (query, field, reason) => {
      // Act
      const response = await call(api, { path: '/flows', query });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe(field);
      expect(response.body.error.message).toMatch(reason);
      expect(response.body.error.message).not.toMatch(/required/);
    });

    it.each([
      [15.5, /int/],
      ['15', /number/],
      [150, /<=\s*100/],
      [-1, />=\s*0/],
    ])('says what is wrong with a subscriber fee of %j', async (fee, reason) => {
      // Act
      const response = await call(api, {
        method: 'POST',
        path: flowPath(FLOW_ARN, '/entitlements'),
        body: { name: 'AnyCompany', subscribers: ['444455556666'], dataTransferSubscriberFeePercent: fee },
      });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe('dataTransferSubscriberFeePercent');
      expect(response.body.error.message).toMatch(reason);
      expect(response.body.error.message).not.toMatch(/required/);
      expect(mediaConnect).toHaveReceivedCommandTimes(GrantFlowEntitlementsCommand, 0);
    });

    it('still says a missing field is required', async () => {
      // Act
      const response = await call(api, {
        method: 'POST',
        path: flowPath(FLOW_ARN, '/entitlements'),
        body: { subscribers: ['444455556666'] },
      });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ field: 'name', message: 'name: is required' });
    });
  });

  describe('ARN path parameters', () => {
    const suffixes: [string, string][] = [
      ['a NUL character', '\u0000'],
      ['a line feed', '\n'],
      ['an escape character', '\u001b[31m'],
      ['a DEL character', '\u007f'],
      ['a right-to-left override', '\u202e'],
      ['a left-to-right isolate', '\u2066'],
      ['a fragment', '#section'],
      ['a query', '?x=1'],
      ['a literal percent-escape (double encoding)', '%00'],
      ['a space', ' Show'],
    ];

    it.each(suffixes)('refuses a flow ARN with %s with a 400, never a 404', async (_, suffix) => {
      // Prepare
      ddb.on(GetCommand).resolves({});
      ddb.on(QueryCommand).resolves({ Items: [] });

      // Act
      const response = await call(api, { path: flowPath(`${FLOW_ARN}${suffix}`) });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'ValidationFailed', field: 'flowArn' });
      expect(response.body.error.message).not.toMatch(UNSAFE_CHARACTERS);
      expect(ddb.calls()).toHaveLength(0);
    });

    it('refuses an entitlement ARN with a control character on an action with a 400', async () => {
      // Prepare
      ddb.on(PutCommand).resolves({});
      const entitlementArn = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:entitlement:1-aa-bb:Any\u0000Company`;

      // Act
      const response = await call(api, {
        method: 'DELETE',
        path: `${flowPath(FLOW_ARN)}/entitlements/${encodeURIComponent(entitlementArn)}`,
      });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe('entitlementArn');
      expect(response.body.error.message).not.toMatch(UNSAFE_CHARACTERS);
      expect(mediaConnect.calls()).toHaveLength(0);
    });

    it('refuses a resourceArn query with a control character without echoing it', async () => {
      // Act
      const response = await call(api, { path: '/events', query: { resourceArn: `${FLOW_ARN}\u001b[2J` } });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe('resourceArn');
      expect(response.body.error.message).not.toMatch(UNSAFE_CHARACTERS);
    });

    it('does not echo control characters of an unknown route', async () => {
      // Act
      const response = await call(api, { path: '/nowhere\u001b[2J\u202e' });

      // Assess
      expect(response.status).toBe(404);
      expect(response.body.error.message).not.toMatch(UNSAFE_CHARACTERS);
    });
  });

  describe('authorization is default-deny', () => {
    beforeEach(() => {
      ddb.on(QueryCommand).resolves({ Items: [] });
      ddb.on(GetCommand).resolves({ Item: flowMeta() });
      ddb.on(PutCommand).resolves({});
      mediaConnect.on(StartFlowCommand).resolves({ Status: 'STARTING' });
    });

    it.each([
      ['a session of another role of the account', `arn:aws:sts::${ACCOUNT}:assumed-role/AdminRole/eve`],
      ['an IAM user', `arn:aws:iam::${ACCOUNT}:user/eve`],
      ['the account root', `arn:aws:iam::${ACCOUNT}:root`],
      [
        'a role named like the operator in another account',
        `arn:aws:sts::999988887777:assumed-role/MediaMonitorOperator/eve`,
      ],
      ['no identity at all', null],
    ])('refuses %s on reads and actions with 403', async (_, userArn) => {
      // Act
      const read = await call(api, { path: '/flows', userArn });
      const act = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/start'), userArn });

      // Assess
      expect(read.status).toBe(403);
      expect(act.status).toBe(403);
      expect(act.body.error.code).toBe('Forbidden');
      expect(mediaConnect.calls()).toHaveLength(0);
      expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
    });

    it('admits the operator role by its ARN to act, and the read-only role to read only', async () => {
      // Act
      const operator = await call(api, {
        method: 'POST',
        path: flowPath(FLOW_ARN, '/start'),
        userArn: OPERATOR_SESSION_ARN,
      });
      const readOnlyRead = await call(api, { path: '/flows', userArn: READ_ONLY_SESSION_ARN });
      const readOnlyAct = await call(api, {
        method: 'POST',
        path: flowPath(FLOW_ARN, '/stop'),
        userArn: READ_ONLY_SESSION_ARN,
      });

      // Assess
      expect(operator.status).toBe(202);
      expect(readOnlyRead.status).toBe(200);
      expect(readOnlyAct.status).toBe(403);
    });

    it('admits no operator when the deployment names no operator role', async () => {
      // Prepare
      const unconfigured = createTestApi({ operatorRoleArn: undefined });

      // Act
      const response = await call(unconfigured, {
        method: 'POST',
        path: flowPath(FLOW_ARN, '/start'),
        userArn: OPERATOR_SESSION_ARN,
      });

      // Assess
      expect(response.status).toBe(403);
      expect(mediaConnect.calls()).toHaveLength(0);
    });

    it('refuses a duplicated role header in the local runtime with 400', async () => {
      // Prepare
      const local = createTestApi({ roleHeaderEnabled: true });
      const event = apiEvent({ method: 'POST', path: flowPath(FLOW_ARN, '/start'), userArn: null });
      event.headers = { 'x-mediamon-role': 'read-only', 'X-Mediamon-Role': 'operator' };
      event.multiValueHeaders = { 'x-mediamon-role': ['read-only'], 'X-Mediamon-Role': ['operator'] };
      const single = apiEvent({ method: 'POST', path: flowPath(FLOW_ARN, '/start'), userArn: null });
      single.headers = { 'x-mediamon-role': 'operator' };
      single.multiValueHeaders = { 'x-mediamon-role': ['read-only', 'operator'] };

      // Act
      const twoNames = await local.handler(event, lambdaContext);
      const twoValues = await local.handler(single, lambdaContext);

      // Assess
      expect(twoNames.statusCode).toBe(400);
      expect(JSON.parse(twoNames.body).error).toMatchObject({ code: 'ValidationFailed', field: 'x-mediamon-role' });
      expect(twoValues.statusCode).toBe(400);
      expect(mediaConnect.calls()).toHaveLength(0);
    });
  });
});
