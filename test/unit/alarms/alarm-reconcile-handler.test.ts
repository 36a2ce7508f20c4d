import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { alarmReconcileSettingsFromEnv } from '../../../lambdas/alarms/reconcile-config';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const FLOW_ARN = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-abc:Show`;

const cloudWatchMock = mockClient(CloudWatchClient);
const dynamoMock = mockClient(DynamoDBDocumentClient);

const context = {
  functionName: 'alarm-reconcile',
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:alarm-reconcile`,
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

type Handler = (event: unknown, context: Context) => Promise<Record<string, unknown>>;

/** Loads the handler once with the environment the stack sets: it reads config and creates clients at module load. */
function loadHandler(): Handler {
  Object.assign(process.env, {
    AWS_REGION: REGION,
    STATE_TABLE_NAME: 'state',
    ACCOUNT_ID: ACCOUNT,
    EVENT_HISTORY_DAYS: '14',
    ALARM_RECONCILE_RPS: '5',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../lambdas/functions/alarm-reconcile/handler') as { handler: Handler }).handler;
}

describe('alarm-reconcile handler', () => {
  let handler: Handler;
  let stdout: jest.SpyInstance;

  beforeAll(() => {
    handler = loadHandler();
  });

  beforeEach(() => {
    cloudWatchMock.reset();
    dynamoMock.reset();
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  afterEach(() => stdout.mockRestore());

  it('reconciles the account’s stored active alarms and publishes the fixes as an EMF metric', async () => {
    // Prepare
    dynamoMock.on(QueryCommand).resolves({
      Items: [
        {
          pk: `RES#${FLOW_ARN}`,
          sk: 'ALARM#gone',
          name: 'gone',
          gsi1sk: 'ALARM#gone',
          version: 1_000,
          resourceArn: FLOW_ARN,
          parentArn: FLOW_ARN,
        },
      ],
    });
    dynamoMock.on(UpdateCommand).resolves({});
    dynamoMock.on(DeleteCommand).resolves({});
    dynamoMock.on(PutCommand).resolves({});
    dynamoMock.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
    cloudWatchMock.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });

    // Act
    const outcome = await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, context);

    // Assess
    expect(outcome).toMatchObject({ activeAlarms: 1, deleted: 1, errors: [] });
    expect(dynamoMock).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'gsi1',
      ExpressionAttributeValues: { ':pk': `ALARMS#${ACCOUNT}#${REGION}`, ':prefix': 'ALARM#' },
    });
    expect(dynamoMock).toHaveReceivedCommandWith(DeleteCommand, { Key: { pk: `RES#${FLOW_ARN}`, sk: 'ALARM#gone' } });
    expect(dynamoMock).toHaveReceivedCommandTimes(BatchWriteCommand, 1);
    const emf = stdout.mock.calls.map((c) => String(c[0])).find((line) => line.includes('AlarmReconciliationFixes'));
    expect(JSON.parse(emf ?? '{}')).toMatchObject({
      AlarmReconciliationFixes: 1,
      // The dimensions the monitor's stalled alarm on the reconciliation reads (lib/monitor-alarms.ts).
      PollCompleted: 1,
      service: 'alarm-reconcile',
      poller: 'alarm-reconcile',
    });
  });
  it('reconciles the target a Scheduler entry names, and refuses one the deployment does not watch', async () => {
    // Prepare
    dynamoMock.on(QueryCommand).resolves({ Items: [] });
    dynamoMock.on(PutCommand).resolves({});
    dynamoMock.on(DeleteCommand).resolves({});

    // Act
    const outcome = await handler({ target: `${ACCOUNT}#${REGION}` }, context);
    const unwatched = handler({ target: `999999999999#${REGION}` }, context);

    // Assess
    expect(outcome).toMatchObject({ activeAlarms: 0, errors: [] });
    expect(dynamoMock).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: `POLLER#alarm-reconcile#${ACCOUNT}#${REGION}`, sk: '#LEASE' }),
    });
    await expect(unwatched).rejects.toThrow('target 999999999999#eu-west-1 is not watched by this deployment');
  });
});

describe('alarmReconcileSettingsFromEnv', () => {
  it('reads the DescribeAlarms budget, the history retention and the account', () => {
    // Act
    const settings = alarmReconcileSettingsFromEnv({
      ACCOUNT_ID: ACCOUNT,
      EVENT_HISTORY_DAYS: '7',
      ALARM_RECONCILE_RPS: '2',
    });

    // Assess
    expect(settings).toEqual({ accountId: ACCOUNT, eventHistoryDays: 7, describeAlarmsRps: 2 });
  });

  it('defaults to 1 DescribeAlarms call per second and 14 days of history', () => {
    // Act
    const settings = alarmReconcileSettingsFromEnv({});

    // Assess
    expect(settings).toEqual({ eventHistoryDays: 14, describeAlarmsRps: 1 });
  });

  it('refuses a budget above CloudWatch’s quota of 9 calls per second', () => {
    // Act
    const read = () => alarmReconcileSettingsFromEnv({ ALARM_RECONCILE_RPS: '20' });

    // Assess
    expect(read).toThrow(/Invalid alarm reconciliation setting describeAlarmsRps/);
  });
});
