import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeChannelCommand, MediaLiveClient, NotFoundException } from '@aws-sdk/client-medialive';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeFlowCommand, mockMediaConnect, notFound } from '../mediaconnect/mediaconnect-world';
import { CHANNEL_ARN, fixture, FLOW_ARN, TOPIC_ARN } from './event-fixtures';

const dynamoMock = mockClient(DynamoDBDocumentClient);
const mediaConnectMock = mockMediaConnect();
const cloudWatchMock = mockClient(CloudWatchClient);
const sqsMock = mockClient(SQSClient);
const mediaLiveMock = mockClient(MediaLiveClient);
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/ingest';

const context = {
  functionName: 'event-ingest',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:ingest',
  awsRequestId: 'r-1',
} as unknown as Context;
type Handler = (event: unknown, context: Context) => Promise<SQSBatchResponse>;

/** Loads the handler once with the environment the stack sets; it reads config and creates clients at module load. */
function loadHandler(): Handler {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    STATE_TABLE_NAME: 'state',
    ACCOUNT_ID: '111122223333',
    EXPECTED_TOPIC_ARNS: TOPIC_ARN,
    EVENT_HISTORY_DAYS: '7',
    REPOLL_WINDOW_SECONDS: '10',
    INGEST_QUEUE_URL: QUEUE_URL,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    // Metrics go to the global console in dev mode, where the test reads the EMF documents.
    POWERTOOLS_DEV: 'true',
    POWERTOOLS_METRICS_DISABLED: 'false',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../lambdas/functions/event-ingest/handler') as { handler: Handler }).handler;
}

const sqsRecord = (messageId: string, body: unknown) => ({
  messageId,
  receiptHandle: 'rh',
  body: typeof body === 'string' ? body : JSON.stringify(body),
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now() - 100) },
  messageAttributes: {},
  md5OfBody: 'x',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:ingest',
  awsRegion: 'us-east-1',
});

/** Every EMF metric value the handler printed, by metric name. */
function emfMetrics(log: jest.SpyInstance): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [line] of log.mock.calls) {
    if (typeof line !== 'string' || !line.includes('"_aws"')) continue;
    const document = JSON.parse(line) as {
      _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] };
    } & Record<string, unknown>;
    for (const directive of document._aws.CloudWatchMetrics) {
      expect(directive.Namespace).toBe('MediaMonitor');
      for (const { Name } of directive.Metrics) values[Name] = (values[Name] ?? 0) + Number(document[Name]);
    }
  }
  return values;
}

describe('event-ingest handler', () => {
  let handler: Handler;
  let log: jest.SpyInstance;

  beforeAll(() => {
    handler = loadHandler();
  });

  beforeEach(() => {
    dynamoMock.reset();
    mediaConnectMock.reset();
    cloudWatchMock.reset();
    sqsMock.reset();
    mediaLiveMock.reset();
    mediaLiveMock.on(DescribeChannelCommand).rejects(new NotFoundException({ message: 'gone', $metadata: {} }));
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'sent' });
    dynamoMock.on(GetCommand).resolves({});
    dynamoMock.on(PutCommand).resolves({});
    dynamoMock.on(UpdateCommand).resolves({});
    dynamoMock.on(BatchWriteCommand).resolves({});
    dynamoMock.on(QueryCommand).resolves({ Items: [] });
    mediaConnectMock.on(DescribeFlowCommand).rejects(notFound(FLOW_ARN));
    cloudWatchMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => log.mockRestore());

  it('ingests an SQS batch of an event and a malformed body, reports no failure, re-polls the flow and counts both', async () => {
    // Prepare
    const event = {
      Records: [sqsRecord('m-1', fixture('mediaconnect-flow-health')), sqsRecord('m-2', '{"truncated": ')],
    };

    // Act
    const response = await handler(event, context);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(dynamoMock).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ sk: `HEALTH#${FLOW_ARN}#connectivity` }),
    });
    expect(dynamoMock).toHaveReceivedCommandWith(BatchWriteCommand, {
      RequestItems: {
        state: expect.arrayContaining([
          { PutRequest: { Item: expect.objectContaining({ reason: 'invalid-json', deliveryId: 'm-2' }) } },
        ]),
      },
    });
    expect(mediaConnectMock).toHaveReceivedCommandWith(DescribeFlowCommand, { FlowArn: FLOW_ARN });
    expect(emfMetrics(log)).toMatchObject({ MessagesApplied: 1, UnparsedMessages: 1, RepollsIssued: 1 });
  });

  it("re-polls a MediaLive channel after its state change through MediaLive's own refresher", async () => {
    // Prepare: the fixture's channel, moved into the function's own Region (a refresher reads its Region only)
    const inRegion = JSON.stringify(fixture('medialive-channel-state-change')).replaceAll('us-west-2', 'us-east-1');
    const event = { Records: [sqsRecord('m-1', inRegion)] };

    // Act
    const response = await handler(event, context);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(mediaLiveMock).toHaveReceivedCommandWith(DescribeChannelCommand, {
      ChannelId: CHANNEL_ARN.split(':').at(-1),
    });
    expect(mediaConnectMock).not.toHaveReceivedCommand(DescribeFlowCommand);
    expect(emfMetrics(log)).toMatchObject({ MessagesApplied: 1, RepollsIssued: 1 });
    expect(emfMetrics(log).RepollsSkipped ?? 0).toBe(0);
  });

  it('reports only the message whose store write failed as a batch item failure', async () => {
    // Prepare
    dynamoMock.on(PutCommand).callsFake((input: { Item: { sk: string } }) => {
      if (input.Item.sk.startsWith('HEALTH#'))
        throw Object.assign(new Error('unavailable'), { name: 'ServiceUnavailable' });
      return {};
    });
    const event = {
      Records: [
        sqsRecord('m-ok', fixture('mediaconnect-flow-status-change')),
        sqsRecord('m-bad', fixture('mediaconnect-flow-health')),
      ],
    };

    // Act
    const response = await handler(event, context);

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-bad' }] });
    expect(emfMetrics(log)).toMatchObject({ MessagesFailed: 1, MessagesApplied: 1 });
  });

  it('accepts a direct SNS delivery and a bare EventBridge event', async () => {
    // Act
    const fromSns = await handler(fixture('sns-lambda-event'), context);
    const fromEventBridge = await handler(fixture('mediaconnect-output-health'), context);

    // Assess
    expect([fromSns, fromEventBridge]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(dynamoMock).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ sk: 'ALARM#legacy-output-disconnections' }),
    });
    expect(dynamoMock).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ sk: expect.stringContaining('#connectivity'), resourceKind: 'output' }),
    });
  });

  it('sends the trailing re-poll of an event in a live window to its own queue, and re-polls when it comes back', async () => {
    // Prepare: another container claimed the flow's window 2 s ago; the window is over when the message comes back.
    let windowStart = Date.now() - 2_000;
    dynamoMock
      .on(GetCommand)
      .callsFake((input: { Key: { pk: string } }) =>
        input.Key.pk === `REPOLL#${FLOW_ARN}` ? { Item: { ...input.Key, windowStart, version: 1 } } : {},
      );
    const event = { Records: [sqsRecord('m-1', fixture('mediaconnect-flow-health'))] };

    // Act
    const coalesced = await handler(event, context);
    const sent = sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input;
    windowStart -= 11_000;
    const trailing = await handler({ Records: [sqsRecord('m-2', sent?.MessageBody)] }, context);

    // Assess
    expect([coalesced, trailing]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    expect(sent).toMatchObject({ QueueUrl: QUEUE_URL, DelaySeconds: expect.any(Number) });
    expect(sent?.DelaySeconds).toBeGreaterThanOrEqual(8);
    expect(sent?.DelaySeconds).toBeLessThanOrEqual(9);
    expect(JSON.parse(sent?.MessageBody ?? '{}')).toEqual({
      kind: 'repoll',
      arn: FLOW_ARN,
      windowStart: windowStart + 11_000,
    });
    expect(mediaConnectMock).toHaveReceivedCommandTimes(DescribeFlowCommand, 1);
    expect(emfMetrics(log)).toMatchObject({ TrailingRepollsScheduled: 1, RepollsIssued: 1 });
  });

  it('throws for a direct invocation whose message failed, so Lambda retries it', async () => {
    // Prepare
    dynamoMock.on(PutCommand).rejects(Object.assign(new Error('unavailable'), { name: 'ServiceUnavailable' }));

    // Act & Assess
    await expect(handler(fixture('mediaconnect-flow-maintenance'), context)).rejects.toMatchObject({
      name: 'IngestFailedError',
    });
  });
});
