import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  CALL_RECORD_TTL_SECONDS,
  changePathHealth,
  CLOCK_SKEW_MS,
  CONFIRM_WITHIN_MS,
  readChangePath,
  recordDeliveredCall,
  recordExpectedCall,
  sweepPeriodMs,
  type ChangeCallRecord,
  type ChangePathRecords,
} from '../../../lambdas/store/change-path';
import { StateStore } from '../../../lambdas/store/state-store';

const ddb = mockClient(DynamoDBDocumentClient);

const WHERE = { account: '111122223333', region: 'eu-west-1' };
const PK = 'CHANGEPATH#111122223333#eu-west-1';
const FLOW = 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-abc:Show';
const CHANNEL = 'arn:aws:medialive:eu-west-1:111122223333:channel:1234567';
const NOW = Date.parse('2025-11-25T10:00:00.000Z');
const MIN = 60_000;

const store = () =>
  new StateStore(
    DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
    ),
    'state-table',
  );

const lastEvent = (atMs: number) => ({
  lastEventAtMs: atMs,
  lastEventAt: new Date(atMs).toISOString(),
  lastEventName: 'UpdateFlowOutput',
});
const expected = (eventName: string, arn: string, expectedAtMs: number, confirmedAtMs?: number): ChangeCallRecord => ({
  eventName,
  arn,
  expectedAtMs,
  ...(confirmedAtMs !== undefined ? { confirmedAtMs } : {}),
});

describe('changePathHealth', () => {
  it('is off in mode off, whatever the records say', () => {
    // Prepare
    const records: ChangePathRecords = { calls: [expected('StopFlow', FLOW, NOW - 60 * MIN)] };

    // Act
    const health = changePathHealth(records, 'off', NOW);

    // Assess
    expect(health).toMatchObject({ mode: 'off', status: 'off', unconfirmedCalls: 1 });
  });

  it('is unproven before any event arrives while no call is overdue', () => {
    // Prepare
    const records: ChangePathRecords = { calls: [expected('StopFlow', FLOW, NOW - 14 * MIN)] };

    // Act
    const health = changePathHealth(records, 'cloudtrail', NOW);

    // Assess
    expect(health).toEqual({
      mode: 'cloudtrail',
      status: 'unproven',
      unconfirmedCalls: 1,
      oldestUnconfirmedAt: new Date(NOW - 14 * MIN).toISOString(),
      overdue: [],
    });
  });

  it('is unproven with no records at all', () => {
    // Act
    const health = changePathHealth({ calls: [] }, 'cloudtrail', NOW);

    // Assess
    expect(health).toEqual({ mode: 'cloudtrail', status: 'unproven', unconfirmedCalls: 0, overdue: [] });
  });

  it('is live when events arrive and every call the API made was reported', () => {
    // Prepare
    const records: ChangePathRecords = {
      state: lastEvent(NOW - 2 * MIN),
      calls: [expected('StopFlow', FLOW, NOW - 30 * MIN, NOW - 30 * MIN + 5_000)],
    };

    // Act
    const health = changePathHealth(records, 'cloudtrail', NOW);

    // Assess
    expect(health).toEqual({
      mode: 'cloudtrail',
      status: 'live',
      lastEventAt: new Date(NOW - 2 * MIN).toISOString(),
      lastEventName: 'UpdateFlowOutput',
      unconfirmedCalls: 0,
      overdue: [],
    });
  });

  it('stays live while a recent call is pending, and names it unconfirmed', () => {
    // Prepare
    const records: ChangePathRecords = {
      state: lastEvent(NOW - 2 * MIN),
      calls: [expected('StartChannel', CHANNEL, NOW - CONFIRM_WITHIN_MS + 1)],
    };

    // Act
    const health = changePathHealth(records, 'cloudtrail', NOW);

    // Assess
    expect(health).toMatchObject({ status: 'live', unconfirmedCalls: 1, overdue: [] });
  });

  it('is broken once a call is unreported for 15 minutes, even after other events arrived', () => {
    // Prepare
    const records: ChangePathRecords = {
      state: lastEvent(NOW - 1 * MIN),
      calls: [
        expected('StopFlow', FLOW, NOW - CONFIRM_WITHIN_MS),
        expected('StartChannel', CHANNEL, NOW - 20 * MIN),
        expected('StartFlow', FLOW, NOW - 2 * MIN),
      ],
    };

    // Act
    const health = changePathHealth(records, 'cloudtrail', NOW);

    // Assess
    expect(health).toMatchObject({
      status: 'broken',
      unconfirmedCalls: 3,
      oldestUnconfirmedAt: new Date(NOW - 20 * MIN).toISOString(),
      overdue: [`StartChannel ${CHANNEL}`, `StopFlow ${FLOW}`],
    });
  });

  it('names at most five overdue calls, oldest first', () => {
    // Prepare
    const calls = Array.from({ length: 7 }, (_, i) => expected('StopFlow', `${FLOW}${i}`, NOW - (20 + i) * MIN));

    // Act
    const health = changePathHealth({ calls }, 'cloudtrail', NOW);

    // Assess
    expect(health.overdue).toEqual([6, 5, 4, 3, 2].map((i) => `StopFlow ${FLOW}${i}`));
    expect(health.unconfirmedCalls).toBe(7);
  });

  it.each([
    ['a report up to a minute earlier than the call (AWS clock behind the function)', -CLOCK_SKEW_MS, 'live'],
    ['a report later than the call', 3_000, 'live'],
    ['a report more than a minute earlier (an earlier call of the same name)', -CLOCK_SKEW_MS - 1, 'broken'],
  ])('counts %s', (_case, offsetMs, status) => {
    // Prepare
    const calledAt = NOW - 30 * MIN;
    const records: ChangePathRecords = {
      state: lastEvent(NOW - 1 * MIN),
      calls: [expected('StopFlow', FLOW, calledAt, calledAt + offsetMs)],
    };

    // Act
    const health = changePathHealth(records, 'cloudtrail', NOW);

    // Assess
    expect(health.status).toBe(status);
  });

  it('ignores calls CloudTrail reported that the API never made', () => {
    // Prepare
    const records: ChangePathRecords = {
      state: lastEvent(NOW - 1 * MIN),
      calls: [{ eventName: 'UpdateFlow', arn: FLOW, confirmedAtMs: NOW - 1 * MIN }],
    };

    // Act
    const health = changePathHealth(records, 'cloudtrail', NOW);

    // Assess
    expect(health).toMatchObject({ status: 'live', unconfirmedCalls: 0 });
  });
});

describe('sweepPeriodMs', () => {
  it('keeps the long period only while the path is live', () => {
    // Act
    const periods = (['live', 'unproven', 'broken', 'off'] as const).map((status) => sweepPeriodMs(status) / MIN);

    // Assess
    expect(periods).toEqual([60, 5, 5, 5]);
  });

  it('uses the configured periods', () => {
    // Act
    const periods = [
      sweepPeriodMs('live', { liveMinutes: 120, offMinutes: 10 }),
      sweepPeriodMs('broken', { liveMinutes: 120, offMinutes: 10 }),
    ];

    // Assess
    expect(periods).toEqual([120 * MIN, 10 * MIN]);
  });
});

describe('change path records', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.on(UpdateCommand).resolves({});
  });

  it('records an expected call with a monotonic condition on expectedAtMs and a two-day expiry', async () => {
    // Act
    await recordExpectedCall(store(), WHERE, 'StopFlow', FLOW, NOW);

    // Assess
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: PK, sk: `CALL#StopFlow#${FLOW}` },
      ConditionExpression: 'attribute_not_exists(#field) OR #field < :value',
      ExpressionAttributeNames: expect.objectContaining({ '#field': 'expectedAtMs' }),
      ExpressionAttributeValues: expect.objectContaining({ ':value': NOW }),
    });
    const values = Object.values(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues ?? {});
    expect(values).toEqual(
      expect.arrayContaining([Math.floor(NOW / 1000) + CALL_RECORD_TTL_SECONDS, new Date(NOW).toISOString()]),
    );
  });

  it('records a delivered call as the last event and as the confirmation of its call', async () => {
    // Act
    await recordDeliveredCall(store(), WHERE, { eventName: 'StopFlow', arn: FLOW, eventTimeMs: NOW });

    // Assess
    const writes = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(
      writes.map((w) => [w.Key, w.ExpressionAttributeNames?.['#field'], w.ExpressionAttributeValues?.[':value']]),
    ).toEqual([
      [{ pk: PK, sk: '#' }, 'lastEventAtMs', NOW],
      [{ pk: PK, sk: `CALL#StopFlow#${FLOW}` }, 'confirmedAtMs', NOW],
    ]);
  });

  it('counts the expiry of a late delivery from its receipt, never setting one in the past', async () => {
    // Prepare: SQS delivers a three-day-old call now
    const calledAt = NOW - 3 * 86_400_000;

    // Act
    await recordDeliveredCall(store(), WHERE, { eventName: 'StopFlow', arn: FLOW, eventTimeMs: calledAt }, NOW);

    // Assess
    const call = ddb
      .commandCalls(UpdateCommand)
      .map((c) => c.args[0].input)
      .find((w) => w.Key?.sk === `CALL#StopFlow#${FLOW}`);
    const values = Object.values(call?.ExpressionAttributeValues ?? {});
    expect(values).toContain(Math.floor(NOW / 1000) + CALL_RECORD_TTL_SECONDS);
    expect(values).not.toContain(Math.floor(calledAt / 1000) + CALL_RECORD_TTL_SECONDS);
  });

  it('records only the last event of a delivered call that named no resource', async () => {
    // Act
    await recordDeliveredCall(store(), WHERE, { eventName: 'CreateFlow', eventTimeMs: NOW });

    // Assess
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, { Key: { pk: PK, sk: '#' } });
  });

  it('reads the state and the calls with one Query of the partition', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({
      Items: [
        { pk: PK, sk: '#', ...lastEvent(NOW - MIN) },
        { pk: PK, sk: `CALL#StopFlow#${FLOW}`, eventName: 'StopFlow', arn: FLOW, expectedAtMs: NOW - 2 * MIN },
        { pk: PK, sk: `CALL#UpdateFlow#${FLOW}`, eventName: 'UpdateFlow', arn: FLOW, confirmedAtMs: NOW - MIN },
      ],
    });

    // Act
    const records = await readChangePath(store(), WHERE);

    // Assess
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 1);
    expect(records.state).toMatchObject({ lastEventName: 'UpdateFlowOutput' });
    expect(records.calls).toEqual([
      { eventName: 'StopFlow', arn: FLOW, expectedAtMs: NOW - 2 * MIN },
      { eventName: 'UpdateFlow', arn: FLOW, confirmedAtMs: NOW - MIN },
    ]);
  });
});
