import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CHANGE_PATH_STATE_SK, changePathPk } from '../../../lambdas/store/keys';
import { ACCOUNT, REGION, sdkFlow } from '../mediaconnect/flow-fixtures';
import { MediaConnectWorld, mockMediaConnect } from '../mediaconnect/mediaconnect-world';

/** The inventory handler picks the rolling sweep's period from the change path and passes it to every cycle. */

const mediaConnectMock = mockMediaConnect();
const dynamoMock = mockClient(DynamoDBDocumentClient);

const context = {
  functionName: 'inventory',
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:inventory`,
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 240_000,
} as unknown as Context;
const scheduled = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };

type Handler = (event: unknown, context: Context) => Promise<{ kinds: { pass: Record<string, unknown> }[] }>;

describe('the inventory handler’s sweep period', () => {
  let handler: Handler;

  beforeAll(() => {
    Object.assign(process.env, {
      AWS_REGION: REGION,
      STATE_TABLE_NAME: 'state',
      ACCOUNT_ID: ACCOUNT,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      CHANGE_EVENTS: 'cloudtrail',
      SWEEP_PERIOD_LIVE_MINUTES: '90',
      INVENTORY_INTERVAL_SECONDS: '600',
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = (require('../../../lambdas/functions/mediaconnect-inventory/handler') as { handler: Handler }).handler;
  });

  afterAll(() => {
    for (const name of ['CHANGE_EVENTS', 'SWEEP_PERIOD_LIVE_MINUTES', 'INVENTORY_INTERVAL_SECONDS'])
      delete process.env[name];
  });

  beforeEach(() => {
    mediaConnectMock.reset();
    dynamoMock.reset();
    new MediaConnectWorld(mediaConnectMock).add(sdkFlow('Alpha')).install();
    dynamoMock.on(GetCommand).resolves({});
    dynamoMock.on(PutCommand).resolves({});
    dynamoMock.on(UpdateCommand).resolves({});
    dynamoMock.on(QueryCommand).resolves({ Items: [] });
  });

  it('sweeps with the live period while change events arrive, reading the change path with one Query', async () => {
    // Prepare
    const now = Date.now();
    dynamoMock.on(QueryCommand, { ExpressionAttributeValues: { ':pk': changePathPk(ACCOUNT, REGION) } }).resolves({
      Items: [
        {
          pk: changePathPk(ACCOUNT, REGION),
          sk: CHANGE_PATH_STATE_SK,
          lastEventAtMs: now - 60_000,
          lastEventAt: new Date(now - 60_000).toISOString(),
        },
      ],
    });

    // Act
    const outcome = await handler(scheduled, context);

    // Assess
    expect(outcome.kinds[0]?.pass).toMatchObject({ periodMs: 90 * 60_000 });
    const pathQueries = dynamoMock
      .commandCalls(QueryCommand)
      .filter((c) => JSON.stringify(c.args[0].input).includes(changePathPk(ACCOUNT, REGION)));
    expect(pathQueries).toHaveLength(1);
  });

  it('sweeps with the short period while no change event has arrived', async () => {
    // Act
    const outcome = await handler(scheduled, context);

    // Assess
    expect(outcome.kinds[0]?.pass).toMatchObject({ periodMs: 5 * 60_000 });
  });
});
