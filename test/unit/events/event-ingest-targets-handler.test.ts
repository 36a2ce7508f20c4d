import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
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
import type { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { DescribeFlowCommand, mockMediaConnect, notFound } from '../mediaconnect/mediaconnect-world';
import { ACCOUNT, fixture, FLOW_ARN, REGION } from './event-fixtures';

/**
 * The ingest handler of a deployment that watches itself and a member account (assume-role): a member's event is
 * re-polled with a client of the member's own credentials, the deployment's with its own.
 */

const dynamoMock = mockClient(DynamoDBDocumentClient);
const mediaConnectMock = mockMediaConnect();
const cloudWatchMock = mockClient(CloudWatchClient);
const stsMock = mockClient(STSClient);

const MEMBER = '222222222222';
const MEMBER_FLOW_ARN = FLOW_ARN.replace(ACCOUNT, MEMBER);
const MEMBER_ROLE = `arn:aws:iam::${MEMBER}:role/media-monitor-read-${REGION}`;
const context = {
  functionName: 'event-ingest',
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:ingest`,
  awsRequestId: 'r-1',
} as unknown as Context;
type Handler = (event: unknown, context: Context) => Promise<SQSBatchResponse>;

function loadHandler(): Handler {
  Object.assign(process.env, {
    AWS_REGION: REGION,
    STATE_TABLE_NAME: 'state',
    ACCOUNT_ID: ACCOUNT,
    WATCHED_TARGETS: JSON.stringify({
      deployment: { account: ACCOUNT, region: REGION, name: 'main' },
      targets: [
        { account: ACCOUNT, region: REGION },
        { account: MEMBER, region: REGION, credentials: { type: 'assume-role', roleArn: MEMBER_ROLE } },
      ],
    }),
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../lambdas/functions/event-ingest/handler') as { handler: Handler }).handler;
}

const statusChange = (flowArn: string, account: string, id: string) => ({
  ...fixture('mediaconnect-flow-status-change'),
  id,
  account,
  resources: [flowArn],
});

describe('event-ingest handler with a member target', () => {
  let handler: Handler;

  beforeAll(() => {
    handler = loadHandler();
  });

  beforeEach(() => {
    dynamoMock.reset();
    mediaConnectMock.reset();
    cloudWatchMock.reset();
    stsMock.reset();
    dynamoMock.on(GetCommand).resolves({});
    dynamoMock.on(PutCommand).resolves({});
    dynamoMock.on(UpdateCommand).resolves({});
    dynamoMock.on(BatchWriteCommand).resolves({});
    dynamoMock.on(QueryCommand).resolves({ Items: [] });
    cloudWatchMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    mediaConnectMock.on(DescribeFlowCommand).callsFake((input: { FlowArn: string }) => {
      throw notFound(input.FlowArn);
    });
    stsMock.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIAMEMBEREXAMPLE',
        SecretAccessKey: 'member-secret',
        SessionToken: 'member-token',
        Expiration: new Date(Date.now() + 3_600_000),
      },
      AssumedRoleUser: { Arn: `arn:aws:sts::${MEMBER}:assumed-role/media-monitor-read/s`, AssumedRoleId: 'AROA:s' },
    });
  });

  it('re-polls a member’s flow with a client of the member’s credentials, and the own flow with another', async () => {
    // Act
    await handler(statusChange(MEMBER_FLOW_ARN, MEMBER, 'e-member'), context);
    await handler(statusChange(FLOW_ARN, ACCOUNT, 'e-own'), context);

    // Assess
    const calls = mediaConnectMock.commandCalls(DescribeFlowCommand);
    expect(calls.map((c) => c.args[0].input.FlowArn)).toEqual([MEMBER_FLOW_ARN, FLOW_ARN]);
    const memberClient = calls[0]!.thisValue as MediaConnectClient;
    const ownClient = calls[1]!.thisValue as MediaConnectClient;
    expect(memberClient).not.toBe(ownClient);
    await expect(memberClient.config.credentials()).resolves.toMatchObject({ accessKeyId: 'ASIAMEMBEREXAMPLE' });
    expect(await memberClient.config.region()).toBe(REGION);
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(stsMock).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: MEMBER_ROLE,
      RoleSessionName: 'media-monitor-event-ingest',
    });
  });

  it('drops the message of an unwatched account in a batch, writing nothing of it, and applies the others', async () => {
    // Prepare
    const stranger = FLOW_ARN.replace(ACCOUNT, '333333333333');
    // Another flow than the first test's, whose re-poll window this container still knows to be live.
    const own = FLOW_ARN.replace('AwardsShow', 'Gala');

    // Act
    const response = await handler(
      {
        Records: [
          sqs('m-1', statusChange(stranger, '333333333333', 'e-1')),
          sqs('m-2', statusChange(own, ACCOUNT, 'e-2')),
        ],
      },
      context,
    );

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(mediaConnectMock.commandCalls(DescribeFlowCommand).map((c) => c.args[0].input.FlowArn)).toEqual([own]);
    const written = JSON.stringify(dynamoMock.calls().map((c) => c.args[0].input));
    expect(written).toContain(own);
    expect(written).not.toContain('333333333333');
  });
});

function sqs(messageId: string, body: unknown) {
  return {
    messageId,
    receiptHandle: 'rh',
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now() - 100) },
    messageAttributes: {},
    md5OfBody: 'x',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:ingest`,
    awsRegion: REGION,
  };
}
