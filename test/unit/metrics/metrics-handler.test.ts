import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';

const cloudWatchMock = mockClient(CloudWatchClient);
const dynamoMock = mockClient(DynamoDBDocumentClient);

const context = {
  functionName: 'metrics',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:210987654321:function:metrics',
  awsRequestId: 'req-1',
} as unknown as Context;

type Handler = (event: unknown, context: Context) => Promise<Record<string, unknown>>;

/** Loads the handler once, with the environment the stack sets: it reads its config and creates clients at module load. */
function loadHandler(): Handler {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    STATE_TABLE_NAME: 'state',
    METRIC_SET: 'full',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  delete process.env.ACCOUNT_ID;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../lambdas/mediaconnect-metrics/handler') as { handler: Handler }).handler;
}

describe('mediaconnect-metrics handler', () => {
  let handler: Handler;

  beforeAll(() => {
    handler = loadHandler();
  });

  beforeEach(() => {
    cloudWatchMock.reset();
    dynamoMock.reset();
    dynamoMock.on(QueryCommand).resolves({ Items: [] });
    dynamoMock.on(PutCommand).resolves({});
  });

  it('runs a scheduled cycle for the function’s account and region and records it as the poller status', async () => {
    // Act
    const outcome = await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, context);

    // Assess
    expect(outcome).toMatchObject({
      mode: 'scheduled',
      account: '210987654321',
      region: 'eu-west-1',
      metricSet: 'full',
      calls: 0,
    });
    expect(dynamoMock).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'gsi1',
      ExpressionAttributeValues: { ':pk': 'LIST#mediaconnect:flow#210987654321#eu-west-1' },
    });
    expect(dynamoMock).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'state',
      Item: expect.objectContaining({ pk: 'POLLER#mediaconnect-metrics#210987654321#eu-west-1', sk: '#STATUS' }),
    });
    expect(cloudWatchMock).toHaveReceivedCommandTimes(GetMetricDataCommand, 0);
  });

  it('re-polls the flows an event names', async () => {
    // Prepare
    const flowArn = 'arn:aws:mediaconnect:eu-west-1:210987654321:flow:1-abc-def:Named';

    // Act
    const outcome = await handler({ flowArns: [flowArn] }, context);

    // Assess
    expect(outcome).toMatchObject({
      mode: 'targeted',
      account: '210987654321',
      flowsConsidered: 1,
      skipped: { notFound: 1 },
    });
    expect(dynamoMock).toHaveReceivedCommandWith(QueryCommand, {
      ExpressionAttributeValues: { ':pk': `RES#${flowArn}` },
    });
    expect(dynamoMock).toHaveReceivedCommandTimes(PutCommand, 0);
  });

  it('rejects an event whose flowArns are not ARNs', async () => {
    // Act / Assess
    await expect(handler({ flowArns: ['flow-1'] }, context)).rejects.toThrow(/Invalid metrics poll event/);
    expect(dynamoMock).toHaveReceivedCommandTimes(QueryCommand, 0);
  });
});
