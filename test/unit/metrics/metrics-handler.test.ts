import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
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

const cloudWatchMock = mockClient(CloudWatchClient);
const dynamoMock = mockClient(DynamoDBDocumentClient);

const context = {
  functionName: 'metrics',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:210987654321:function:metrics',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 55_000,
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
  return (require('../../../lambdas/functions/metrics/handler') as { handler: Handler }).handler;
}

describe('metrics handler', () => {
  let handler: Handler;

  beforeAll(() => {
    handler = loadHandler();
  });

  beforeEach(() => {
    cloudWatchMock.reset();
    dynamoMock.reset();
    dynamoMock.on(QueryCommand).resolves({ Items: [] });
    dynamoMock.on(PutCommand).resolves({});
    dynamoMock.on(GetCommand).resolves({});
    dynamoMock.on(DeleteCommand).resolves({});
  });

  it('exits at once and records the skip when another scheduled run holds the lease', async () => {
    // Prepare
    dynamoMock
      .on(PutCommand, { Item: { sk: '#LEASE' } })
      .rejects(new ConditionalCheckFailedException({ message: 'held', $metadata: {} }));
    dynamoMock.on(UpdateCommand).resolves({ Attributes: { owner: 'other-run', expiresAtMs: 0, skippedPolls: 2 } });

    // Act
    const outcome = await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, context);

    // Assess
    expect(outcome).toMatchObject({
      skipped: true,
      poller: 'metrics',
      heldBy: 'other-run',
      skippedPolls: 2,
    });
    expect(dynamoMock).toHaveReceivedCommandTimes(QueryCommand, 0);
    expect(dynamoMock).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'POLLER#metrics#210987654321#eu-west-1', sk: '#LEASE' },
    });
  });

  it('holds the lease during a scheduled cycle and releases it afterwards', async () => {
    // Act
    await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, context);

    // Assess
    const lease = { pk: 'POLLER#metrics#210987654321#eu-west-1', sk: '#LEASE' };
    expect(dynamoMock).toHaveReceivedCommandWith(PutCommand, { Item: expect.objectContaining(lease) });
    expect(dynamoMock).toHaveReceivedCommandWith(DeleteCommand, { Key: lease });
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
      Item: expect.objectContaining({ pk: 'POLLER#metrics#210987654321#eu-west-1', sk: '#STATUS' }),
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
      foreignArns: 0,
      targets: [{ mode: 'targeted', account: '210987654321', considered: 1, skipped: { notFound: 1 } }],
    });
    expect(dynamoMock).toHaveReceivedCommandWith(QueryCommand, {
      ExpressionAttributeValues: { ':pk': `RES#${flowArn}` },
    });
    expect(dynamoMock).toHaveReceivedCommandTimes(PutCommand, 0);
  });

  it('re-polls the resources of any service an event names by arns', async () => {
    // Prepare
    const channelArn = 'arn:aws:medialive:eu-west-1:210987654321:channel:4242';
    dynamoMock.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `RES#${channelArn}` } }).resolves({
      Items: [
        {
          pk: `RES#${channelArn}`,
          sk: '#META',
          type: 'medialive:channel',
          arn: channelArn,
          id: '4242',
          status: 'RUNNING',
          channelClass: 'SINGLE_PIPELINE',
          account: '210987654321',
          region: 'eu-west-1',
          version: 1,
        },
      ],
    });
    cloudWatchMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });

    // Act
    const outcome = await handler({ arns: [channelArn] }, context);

    // Assess
    // METRIC_SET=full: the 18 pipeline metrics of pipeline 0
    expect(outcome).toMatchObject({
      mode: 'targeted',
      targets: [{ mode: 'targeted', polled: 1, queries: 18, byService: { medialive: { polled: 1 } } }],
    });
    expect(cloudWatchMock).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    expect(dynamoMock).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: `RES#${channelArn}`, sk: 'METRICS#PIPELINE#0', type: 'medialive:metrics' }),
    });
  });

  it('rejects an event whose flowArns are not ARNs', async () => {
    // Act / Assess
    await expect(handler({ flowArns: ['flow-1'] }, context)).rejects.toThrow(/Invalid metrics poll event/);
    expect(dynamoMock).toHaveReceivedCommandTimes(QueryCommand, 0);
  });
});
