import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { SERVICE_APIS } from '../../../lambdas/api/routes';
import { ACCOUNT, call, createTestApi, NOW, REGION, registryWith, TestApi } from './api-test-kit';

const ddb = mockClient(DynamoDBDocumentClient);

const B = '222222222222';
const C = '333333333333';
const B_READ = `arn:aws:iam::${B}:role/media-monitor/media-monitor-read-${REGION}`;
const C_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:mm/partner-AbCdEf`;
const at = (msAgo: number) => new Date(NOW - msAgo).toISOString();

/** A poller status item as GSI1 `POLLERS` holds it. */
function pollerStatus(poller: string, account: string, cycle: Record<string, unknown>): Record<string, unknown> {
  return { poller, account, region: REGION, lastPolledAt: cycle.startedAt, lastCycle: { poller, ...cycle } };
}

describe('GET /summary across watched targets', () => {
  let api: TestApi;

  beforeEach(() => {
    ddb.reset();
    api = createTestApi();
    api.deps.registry = async () =>
      registryWith(
        {
          account: B,
          region: REGION,
          credentials: { type: 'assume-role', roleArn: B_READ, externalId: 'mm-eu-9f3c' },
          operator: { type: 'assume-role', roleArn: B_READ.replace('read', 'operate') },
          services: ['mediaconnect'],
        },
        { account: C, region: REGION, credentials: { type: 'key-pair', secretArn: C_SECRET } },
      );
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'POLLERS' } }).resolves({
      Items: [
        pollerStatus('mediaconnect-inventory', ACCOUNT, {
          startedAt: at(60_000),
          errors: [],
          listing: 'complete',
          resourceType: 'mediaconnect:flow',
          resourcesListed: 4,
        }),
        pollerStatus('mediaconnect-inventory', B, {
          startedAt: at(90_000),
          errors: [],
          listing: 'complete',
          resourceType: 'mediaconnect:flow',
          resourcesListed: 7,
        }),
        pollerStatus('mediaconnect-inventory', C, {
          startedAt: at(30_000),
          outcome: 'credentials-failed',
          errors: ['ResourceNotFoundException'],
        }),
      ],
    });
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `ALARMS#${B}#${REGION}`, ':prefix': 'ALARM#' } })
      .resolves({ Items: [{ state: 'ALARM' }, { state: 'ALARM' }] });
  });

  it('shows one row per watched target: credential sources, last cycles, counts, alarms, change path', async () => {
    // Act
    const response = await call(api, { path: '/summary' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.account).toBe(ACCOUNT);
    expect(response.body.pollers.map((p: { account: string }) => p.account)).toEqual([ACCOUNT]);
    const rows = response.body.targets as Record<string, unknown>[];
    expect(rows.map((r) => r.account)).toEqual([ACCOUNT, B, C]);
    expect(rows[0]).toMatchObject({
      credentials: { type: 'execution-role' },
      operator: { type: 'execution-role' },
      counts: { 'mediaconnect:flow': 4 },
      pollers: { 'mediaconnect-inventory': { at: at(60_000), outcome: 'ok', errors: [], stale: false } },
      credentialsFailing: false,
    });
    expect(rows[1]).toMatchObject({
      credentials: { type: 'assume-role', roleArn: B_READ },
      services: ['mediaconnect'],
      counts: { 'mediaconnect:flow': 7 },
      activeAlarms: 2,
      changePath: { mode: 'off', status: 'off' },
    });
    expect(rows[2]).toMatchObject({
      credentials: { type: 'key-pair', secretArn: C_SECRET },
      operator: null,
      pollers: {
        'mediaconnect-inventory': { outcome: 'credentials-failed', errors: ['ResourceNotFoundException'] },
      },
      counts: {},
      credentialsFailing: true,
    });
  });

  it('never shows an external id', async () => {
    // Act
    const response = await call(api, { path: '/summary' });

    // Assess
    expect(JSON.stringify(response.body)).not.toContain('mm-eu-9f3c');
  });

  it('costs T + 3 + 2(N - 1) Queries for N targets and T resource types', async () => {
    // Prepare
    const types = SERVICE_APIS.flatMap((s) => s.resourceTypes).length;

    // Act
    await call(api, { path: '/summary' });

    // Assess
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, types + 3 + 2 * (3 - 1));
  });

  it("shows the top-level fields of the target asked for, and only the rows of the account's targets", async () => {
    // Act
    const response = await call(api, { path: '/summary', query: { account: B } });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ account: B, region: REGION, alarms: { active: 0 } });
    expect(response.body.targets.map((r: { account: string }) => r.account)).toEqual([B]);
  });
});
