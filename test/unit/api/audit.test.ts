import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { AuditLog, type AuditLogOptions } from '../../../lambdas/api/audit';
import type { Caller } from '../../../lambdas/api/http/caller';
import type { Clock } from '../../../lambdas/shared/clock';
import { StateStore } from '../../../lambdas/store/state-store';

const ddb = mockClient(DynamoDBDocumentClient);

const ACCOUNT = '111122223333';
const REGION = 'eu-central-1';
const FLOW_ARN = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-23aBC45dEF67hiJ8-12AbC34DE5fG:AwardsShow`;
const T0 = Date.parse('2025-11-25T10:00:00.000Z');
const caller: Caller = {
  identityArn: `arn:aws:sts::${ACCOUNT}:assumed-role/MediaMonitorOperator/alice`,
  role: 'operator',
};

/** A clock the AWS call moves forward by 2 s, as a slow call would. */
function steppingClock(): Clock & { advance(ms: number): void } {
  let now = T0;
  return { now: () => now, advance: (ms) => (now += ms) };
}

function auditLog(clock: Clock, options: AuditLogOptions) {
  const store = new StateStore(
    DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
    ),
    'state-table',
  );
  return new AuditLog(store, clock, 14, options);
}

const entry = {
  resourceArn: FLOW_ARN,
  action: 'flow.stop',
  caller,
  requestId: 'req-1',
  changeCall: { eventName: 'StopFlow', arn: FLOW_ARN },
};

describe('AuditLog.audited and the change path', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
  });

  it('records the call as expected from CloudTrail, timed just before the AWS call, when the action succeeds', async () => {
    // Prepare
    const clock = steppingClock();
    const audit = auditLog(clock, { changeEvents: 'cloudtrail' });

    // Act
    const result = await audit.audited(entry, async () => {
      clock.advance(2_000);
      return 'STOPPING';
    });

    // Assess
    expect(result).toBe('STOPPING');
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: `CHANGEPATH#${ACCOUNT}#${REGION}`, sk: `CALL#StopFlow#${FLOW_ARN}` },
      ConditionExpression: 'attribute_not_exists(#field) OR #field < :value',
      ExpressionAttributeNames: expect.objectContaining({ '#field': 'expectedAtMs' }),
      ExpressionAttributeValues: expect.objectContaining({ ':value': T0 }),
    });
    const audited = ddb.commandCalls(PutCommand)[0]!.args[0].input.Item!;
    expect(audited).toMatchObject({ action: 'flow.stop', outcome: 'succeeded' });
    expect(audited.changeCall).toBeUndefined();
  });

  it('records no expected call when the AWS call fails, and still audits and rethrows the failure', async () => {
    // Prepare
    const audit = auditLog(steppingClock(), { changeEvents: 'cloudtrail' });
    const refused = Object.assign(new Error('flow is STARTING'), { name: 'BadRequestException' });

    // Act
    const run = audit.audited(entry, () => Promise.reject(refused));

    // Assess
    await expect(run).rejects.toBe(refused);
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ outcome: 'failed', error: 'BadRequestException' }),
    });
  });

  it.each<[string, AuditLogOptions]>([
    ['the change path is off', { changeEvents: 'off' }],
    ['the mode is not set (local runtime, tests)', {}],
  ])('records no expected call when %s', async (_case, options) => {
    // Prepare
    const audit = auditLog(steppingClock(), options);

    // Act
    await audit.audited(entry, () => Promise.resolve('STOPPING'));

    // Assess
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 1);
  });

  it('records no expected call for an action that names no AWS change call', async () => {
    // Prepare
    const audit = auditLog(steppingClock(), { changeEvents: 'cloudtrail' });
    const repoll = { resourceArn: FLOW_ARN, action: 'resource.repoll', caller, requestId: 'req-2' };

    // Act
    await audit.audited(repoll, () => Promise.resolve(undefined));

    // Assess
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('logs a failed expected-call write and still returns the action result', async () => {
    // Prepare
    ddb
      .on(UpdateCommand)
      .rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
    const logger = { warn: jest.fn() };
    const audit = auditLog(steppingClock(), { changeEvents: 'cloudtrail', logger });

    // Act
    const result = await audit.audited(entry, () => Promise.resolve('STOPPING'));

    // Assess
    expect(result).toBe('STOPPING');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Recording an expected change event failed'),
      expect.objectContaining({ eventName: 'StopFlow', arn: FLOW_ARN, error: expect.stringContaining('throttled') }),
    );
    expect(ddb).toHaveReceivedCommandWith(PutCommand, { Item: expect.objectContaining({ outcome: 'succeeded' }) });
  });

  it('logs a change call whose resource is not an ARN instead of writing it', async () => {
    // Prepare
    const logger = { warn: jest.fn() };
    const audit = auditLog(steppingClock(), { changeEvents: 'cloudtrail', logger });

    // Act
    await audit.audited({ ...entry, changeCall: { eventName: 'StopFlow', arn: 'AwardsShow' } }, () =>
      Promise.resolve('STOPPING'),
    );

    // Assess
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});
