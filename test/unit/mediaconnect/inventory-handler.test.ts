import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ACCOUNT, flowArn, REGION, sdkFlow } from './flow-fixtures';
import { DescribeFlowCommand, ListFlowsCommand, MediaConnectWorld, mockMediaConnect } from './mediaconnect-world';

const mediaConnectMock = mockMediaConnect();
const dynamoMock = mockClient(DynamoDBDocumentClient);

const context = {
  functionName: 'inventory',
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:inventory`,
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 240_000,
} as unknown as Context;
const scheduled = {
  version: '0',
  id: 'e-1',
  source: 'aws.events',
  'detail-type': 'Scheduled Event',
  account: ACCOUNT,
  region: REGION,
  time: '2025-03-01T10:00:00Z',
  resources: [],
  detail: {},
};

type Handler = (event: unknown, context: Context) => Promise<Record<string, unknown>>;

/** Loads the handler once with the environment the stack sets: it reads config and creates clients at module load. */
function loadHandler(): Handler {
  Object.assign(process.env, {
    AWS_REGION: REGION,
    STATE_TABLE_NAME: 'state',
    ACCOUNT_ID: ACCOUNT,
    DESCRIBE_CONCURRENCY: '2',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../lambdas/functions/mediaconnect-inventory/handler') as { handler: Handler }).handler;
}

describe('mediaconnect-inventory handler', () => {
  let handler: Handler;

  beforeAll(() => {
    handler = loadHandler();
  });

  beforeEach(() => {
    mediaConnectMock.reset();
    dynamoMock.reset();
    new MediaConnectWorld(mediaConnectMock).add(sdkFlow('Alpha')).install();
    dynamoMock.on(QueryCommand).resolves({ Items: [] });
    dynamoMock.on(GetCommand).resolves({});
    dynamoMock.on(PutCommand).resolves({});
    dynamoMock.on(UpdateCommand).resolves({});
  });

  it('publishes the cycle as EMF metrics in the MediaMonitor namespace', async () => {
    // Prepare
    const written: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });

    // Act
    try {
      await handler(scheduled, context);
    } finally {
      write.mockRestore();
    }

    // Assess
    const emf = written
      .flatMap((w) => w.split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(emf).toContainEqual(
      expect.objectContaining({
        service: 'mediaconnect-inventory',
        poller: 'mediaconnect-inventory',
        PollCompleted: 1,
        ResourcesPolled: 1,
        ResourcesFailed: 0,
        IncompleteListing: 0,
      }),
    );
  });

  it('runs one inventory cycle per scheduled event and returns its outcome', async () => {
    // Act
    const outcome = await handler(scheduled, context);

    // Assess
    expect(outcome).toMatchObject({
      poller: 'mediaconnect-inventory',
      account: ACCOUNT,
      region: REGION,
      listing: 'complete',
      changes: { created: 1 },
    });
    expect(dynamoMock).toHaveReceivedCommandWith(QueryCommand, {
      TableName: 'state',
      IndexName: 'gsi1',
      ExpressionAttributeValues: { ':pk': `LIST#mediaconnect:flow#${ACCOUNT}#${REGION}` },
    });
    expect(dynamoMock).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: `RES#${flowArn('Alpha')}`, sk: '#META' },
    });
    expect(dynamoMock).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: `POLLER#mediaconnect-inventory#${ACCOUNT}#${REGION}`, sk: '#STATUS' }),
    });
  });

  it('takes the poller lease for the cycle and releases it afterwards', async () => {
    // Act
    await handler(scheduled, context);

    // Assess
    const lease = { pk: `POLLER#mediaconnect-inventory#${ACCOUNT}#${REGION}`, sk: '#LEASE' };
    expect(dynamoMock).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ ...lease, expiresAtMs: expect.any(Number) }),
      ConditionExpression: 'attribute_not_exists(pk) OR #expires < :now',
    });
    expect(dynamoMock).toHaveReceivedCommandWith(DeleteCommand, { Key: lease });
  });

  it('exits at once and records the skip when another run holds the lease', async () => {
    // Prepare
    dynamoMock
      .on(PutCommand, { Item: { sk: '#LEASE' } })
      .rejects(new ConditionalCheckFailedException({ message: 'held', $metadata: {} }));
    dynamoMock.on(UpdateCommand).resolves({ Attributes: { owner: 'other-run', expiresAtMs: 0, skippedPolls: 1 } });

    // Act
    const outcome = await handler(scheduled, context);

    // Assess
    expect(outcome).toMatchObject({ skipped: true, reason: 'lease held', heldBy: 'other-run', skippedPolls: 1 });
    expect(mediaConnectMock).toHaveReceivedCommandTimes(ListFlowsCommand, 0);
    expect(dynamoMock).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: `POLLER#mediaconnect-inventory#${ACCOUNT}#${REGION}`, sk: '#LEASE' },
      UpdateExpression: 'ADD #skipped :one SET #at = :at',
    });
    expect(dynamoMock).toHaveReceivedCommandTimes(DeleteCommand, 0);
  });

  it('starts no DescribeFlow call that could outlast the invocation, and records the flows left for the next one', async () => {
    // Prepare
    const almostOut = { ...context, getRemainingTimeInMillis: () => 5_000 } as Context;

    // Act
    const outcome = await handler(scheduled, almostOut);

    // Assess
    expect(mediaConnectMock).toHaveReceivedCommandTimes(DescribeFlowCommand, 0);
    expect(outcome).toMatchObject({ listing: 'complete', pass: { complete: false, total: 1, remaining: 1 } });
    expect(dynamoMock).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ sk: '#STATUS', pass: expect.objectContaining({ complete: false }) }),
    });
  });

  it('rejects an event that is not an EventBridge schedule, before calling AWS', async () => {
    // Act
    const run = handler({ flowArns: [flowArn('Alpha')] }, context);

    // Assess
    await expect(run).rejects.toThrow(/Expected an EventBridge scheduled event/);
    expect(mediaConnectMock).toHaveReceivedCommandTimes(ListFlowsCommand, 0);
    expect(mediaConnectMock).toHaveReceivedCommandTimes(DescribeFlowCommand, 0);
  });
});
