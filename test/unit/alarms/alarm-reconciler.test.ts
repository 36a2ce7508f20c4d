import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandInput,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ALARM_RECONCILE_POLLER,
  AlarmReconcileDeps,
  CountingReconcileMetrics,
  reconcileAlarms,
} from '../../../lambdas/alarms/alarm-reconciler';
import { ingestMessages } from '../../../lambdas/events/ingest';
import {
  ACCOUNT,
  fixture,
  FLOW_ARN,
  NOW,
  rawMessage,
  REGION,
  snsEnvelope,
  SOURCE_ARN,
  storedChild,
  storedFlow,
  testIngest,
} from '../events/event-fixtures';

const cloudWatch = mockClient(CloudWatchClient);

const SOURCE_ALARM = 'mediamonitor-MainSource-source-disconnected-1a2b3c4d';
const ALARM_SK = `ALARM#${SOURCE_ALARM}`;
const RAISED_AT = '2024-05-14T10:15:00.000Z';

function sourceAlarm(state: 'ALARM' | 'OK', changedAt: string, messageId: string) {
  return rawMessage(
    snsEnvelope(
      {
        ...fixture('alarm-message-source'),
        NewStateValue: state,
        OldStateValue: state === 'OK' ? 'ALARM' : 'OK',
        StateChangeTime: changedAt.replace('Z', '+0000'),
      },
      { messageId },
    ),
  );
}

/** The alarm as DescribeAlarms returns it. */
function describedAlarm(name: string, state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA', changedAt: string): MetricAlarm {
  return {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`,
    StateValue: state,
    StateReason: `Threshold Crossed: now ${state}`,
    StateUpdatedTimestamp: new Date(changedAt),
    StateTransitionedTimestamp: new Date(changedAt),
    Namespace: 'AWS/MediaConnect',
    MetricName: 'SourceConnected',
    Dimensions: [{ Name: 'SourceARN', Value: SOURCE_ARN }],
    Statistic: 'Minimum',
    Threshold: 1,
    ComparisonOperator: 'LessThanThreshold',
  };
}

function reconciler(t: ReturnType<typeof testIngest>) {
  const metrics = new CountingReconcileMetrics();
  let acquired = 0;
  const deps: AlarmReconcileDeps = {
    store: t.store,
    cloudWatch: new CloudWatchClient({ region: REGION }),
    clock: t.deps.clock,
    limiter: { acquire: async () => void acquired++ },
    resolver: t.deps.resolver!,
    metrics,
  };
  const options = { account: ACCOUNT, region: REGION, eventHistoryDays: 14 };
  return { deps, options, metrics, acquired: () => acquired };
}

async function activeAlarms(t: ReturnType<typeof testIngest>) {
  return t.store.queryAll<{ pk: string; name: string }>({
    index: 'gsi1',
    pk: `ALARMS#${ACCOUNT}#${REGION}`,
    skPrefix: 'ALARM#',
  });
}

/** A test ingest with the source alarm raised on its (known) flow. */
async function raisedOnFlow() {
  const t = testIngest();
  t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
  await ingestMessages(t.deps, [sourceAlarm('ALARM', RAISED_AT, 'm-alarm')]);
  return t;
}

describe('reconcileAlarms', () => {
  beforeEach(() => {
    cloudWatch.reset();
  });

  it('closes an alarm deleted while in ALARM, and records the fix in history, status and metric', async () => {
    // Prepare
    const t = await raisedOnFlow();
    const r = reconciler(t);
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });

    // Act
    const outcome = await reconcileAlarms(r.deps, r.options);

    // Assess
    expect(cloudWatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, { AlarmNames: [SOURCE_ALARM] });
    expect(await activeAlarms(t)).toEqual([]);
    expect(outcome).toMatchObject({ activeAlarms: 1, closed: 0, deleted: 1, moved: 0, errors: [] });
    expect(t.store.itemsWithPk(`EVENTS#${FLOW_ARN}`)).toContainEqual(
      expect.objectContaining({ kind: 'alarm-reconciled', detail: expect.objectContaining({ fix: 'deleted' }) }),
    );
    expect(t.store.item(`POLLER#${ALARM_RECONCILE_POLLER}#${ACCOUNT}#${REGION}`, '#STATUS')).toMatchObject({
      type: 'poller',
      lastCycle: expect.objectContaining({ deleted: 1, closed: 0, describeCalls: 1, errors: [] }),
    });
    expect(r.metrics.get('AlarmReconciliationFixes')).toBe(1);
  });

  it('closes an alarm CloudWatch has in OK, versioned by its state change time', async () => {
    // Prepare
    const t = await raisedOnFlow();
    const r = reconciler(t);
    cloudWatch
      .on(DescribeAlarmsCommand)
      .resolves({ MetricAlarms: [describedAlarm(SOURCE_ALARM, 'OK', '2024-05-14T10:20:00.000Z')] });

    // Act
    const outcome = await reconcileAlarms(r.deps, r.options);

    // Assess
    expect(outcome).toMatchObject({ closed: 1, deleted: 0 });
    expect(t.store.item(`RES#${FLOW_ARN}`, ALARM_SK)).toMatchObject({
      state: 'OK',
      version: Date.parse('2024-05-14T10:20:00.000Z'),
      via: 'reconcile',
    });
    expect(await activeAlarms(t)).toEqual([]);
  });

  it('leaves an alarm alone that CloudWatch still has in ALARM', async () => {
    // Prepare
    const t = await raisedOnFlow();
    const r = reconciler(t);
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [describedAlarm(SOURCE_ALARM, 'ALARM', RAISED_AT)] });

    // Act
    const outcome = await reconcileAlarms(r.deps, r.options);

    // Assess
    expect(outcome).toMatchObject({ closed: 0, deleted: 0, moved: 0 });
    expect((await activeAlarms(t)).map((a) => a.pk)).toEqual([`RES#${FLOW_ARN}`]);
    expect(r.metrics.get('AlarmReconciliationFixes')).toBe(0);
  });

  it('does not close a newer ALARM applied while it was describing the older OK', async () => {
    // Prepare
    const t = await raisedOnFlow();
    const r = reconciler(t);
    cloudWatch.on(DescribeAlarmsCommand).callsFake(async () => {
      const answer = { MetricAlarms: [describedAlarm(SOURCE_ALARM, 'OK', '2024-05-14T10:20:00.000Z')] };
      await ingestMessages(t.deps, [sourceAlarm('ALARM', '2024-05-14T10:21:00.000Z', 'm-newer')]);
      return answer;
    });

    // Act
    const outcome = await reconcileAlarms(r.deps, r.options);

    // Assess
    expect(outcome).toMatchObject({ closed: 0 });
    expect(t.store.item(`RES#${FLOW_ARN}`, ALARM_SK)).toMatchObject({
      state: 'ALARM',
      version: Date.parse('2024-05-14T10:21:00.000Z'),
    });
  });

  it('does not close an alarm recreated and raised after it found the name missing', async () => {
    // Prepare
    const t = await raisedOnFlow();
    const r = reconciler(t);
    cloudWatch.on(DescribeAlarmsCommand).callsFake(async () => {
      t.clock.advance(30_000);
      await ingestMessages(t.deps, [sourceAlarm('ALARM', new Date(NOW + 20_000).toISOString(), 'm-recreated')]);
      return { MetricAlarms: [] };
    });

    // Act
    const outcome = await reconcileAlarms(r.deps, r.options);

    // Assess
    expect(outcome).toMatchObject({ deleted: 0 });
    expect(t.store.item(`RES#${FLOW_ARN}`, ALARM_SK)).toMatchObject({ state: 'ALARM', version: NOW + 20_000 });
  });

  it('describes the stored active alarms 100 names per call, each call within its own request budget', async () => {
    // Prepare
    const t = testIngest();
    const names = Array.from({ length: 250 }, (_, i) => `alarm-${String(i).padStart(3, '0')}`);
    t.store.seed(
      ...names.map((name) => ({
        pk: `RES#${FLOW_ARN}`,
        sk: `ALARM#${name}`,
        type: 'alarm',
        name,
        state: 'ALARM',
        version: Date.parse(RAISED_AT),
        account: ACCOUNT,
        region: REGION,
        resourceArn: FLOW_ARN,
        parentArn: FLOW_ARN,
        gsi1pk: `ALARMS#${ACCOUNT}#${REGION}`,
        gsi1sk: `ALARM#${name}`,
      })),
    );
    const r = reconciler(t);
    cloudWatch.on(DescribeAlarmsCommand).callsFake(async (input: DescribeAlarmsCommandInput) => ({
      MetricAlarms: (input.AlarmNames ?? []).map((name) => ({
        ...describedAlarm(name, 'ALARM', RAISED_AT),
        Dimensions: [{ Name: 'FlowARN', Value: FLOW_ARN }],
      })),
    }));

    // Act
    const outcome = await reconcileAlarms(r.deps, r.options);

    // Assess
    const calls = cloudWatch.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input.AlarmNames ?? []);
    expect(calls.map((c) => c.length)).toEqual([100, 100, 50]);
    expect(calls.flat().sort()).toEqual(names);
    expect(r.acquired()).toBe(3);
    expect(outcome).toMatchObject({ activeAlarms: 250, describeCalls: 3, closed: 0, deleted: 0 });
  });

  it('moves an unresolved ALARM to its flow once the inventory knows the source', async () => {
    // Prepare
    const t = testIngest();
    await ingestMessages(t.deps, [sourceAlarm('ALARM', RAISED_AT, 'm-alarm')]);
    t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
    t.clock.advance(15 * 60_000);
    const r = reconciler(t);
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [describedAlarm(SOURCE_ALARM, 'ALARM', RAISED_AT)] });

    // Act
    const outcome = await reconcileAlarms(r.deps, r.options);

    // Assess
    expect(outcome).toMatchObject({ moved: 1, closed: 0, deleted: 0 });
    expect((await activeAlarms(t)).map((a) => a.pk)).toEqual([`RES#${FLOW_ARN}`]);
    expect(t.store.item(`RES#${SOURCE_ARN}`, ALARM_SK)).toBeUndefined();
    expect(t.store.item(`RES#${FLOW_ARN}`, ALARM_SK)).not.toHaveProperty('expiresAt');
    expect(r.metrics.get('AlarmReconciliationFixes')).toBe(1);
  });

  it('closes nothing of a batch whose DescribeAlarms call failed, and reports the error', async () => {
    // Prepare
    const t = await raisedOnFlow();
    const r = reconciler(t);
    cloudWatch.on(DescribeAlarmsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));

    // Act
    const outcome = await reconcileAlarms(r.deps, r.options);

    // Assess
    expect(outcome.errors).toEqual([expect.stringContaining('Throttling')]);
    expect((await activeAlarms(t)).map((a) => a.pk)).toEqual([`RES#${FLOW_ARN}`]);
    expect(r.metrics.get('AlarmReconciliationErrors')).toBe(1);
  });
});
