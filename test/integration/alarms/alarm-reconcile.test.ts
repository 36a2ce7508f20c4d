import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { LOCAL_ACCOUNT, LOCAL_CREDENTIALS } from '../../../bin/local/emulators';
import { LocalRuntime, scheduledEvent, startLocalRuntime } from '../../../bin/local/runtime';
import { alarmNotification, sampleAlarmName, type AlarmTarget } from '../../../bin/local/sample-events';
import { ALARM_RECONCILE_POLLER } from '../../../lambdas/alarms/alarm-reconciler';
import { alarmsListPk, GSI1, pollerPk, resourcePk, STATUS_SK } from '../../../lambdas/store/keys';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, emulatorEndpoints, motoConfig } from '../emulator-env';

// This file's own region: moto partitions its state by region, so no other test sees these alarms.
const REGION = 'ap-southeast-2';
const TARGET: AlarmTarget = {
  flowArn: `arn:aws:mediaconnect:${REGION}:${LOCAL_ACCOUNT}:flow:1-aaaabbbbccccdddd-111122223333:Reconciled`,
  sourceArn: `arn:aws:mediaconnect:${REGION}:${LOCAL_ACCOUNT}:source:1-aaaabbbbccccdddd-111122223333:Main`,
  region: REGION,
  account: LOCAL_ACCOUNT,
};
const DELETED = sampleAlarmName(TARGET.sourceArn, 'source-disconnected');
const CLEARED = sampleAlarmName(TARGET.sourceArn, 'source-not-recovered-packets');

describe('alarm reconciliation in the local runtime, against moto and dynalite', () => {
  let runtime: LocalRuntime;
  let store: StateStore;
  let cloudWatch: CloudWatchClient;

  const activeAlarms = () =>
    store.queryAll<{ name: string; pk: string }>({
      index: GSI1,
      pk: alarmsListPk(LOCAL_ACCOUNT, REGION),
      skPrefix: 'ALARM#',
    });

  beforeAll(async () => {
    let tableName: string;
    ({ store, tableName } = await createTestStore('alarms'));
    const { moto, dynamodb } = emulatorEndpoints();
    runtime = await startLocalRuntime({
      region: REGION,
      account: LOCAL_ACCOUNT,
      tableName,
      dynamodbEndpoint: dynamodb,
      awsEndpoint: moto,
      credentials: LOCAL_CREDENTIALS,
      invokePort: 0,
      apiPort: false,
      schedules: false,
    });
    cloudWatch = new CloudWatchClient(motoConfig(REGION));
  });

  afterAll(async () => {
    cloudWatch.destroy();
    await runtime.stop();
  });

  it('closes a stored ALARM whose alarm was deleted, and one CloudWatch has back in OK without a notification', async () => {
    // Prepare: both alarms raised in CloudWatch and notified; the source's flow is unknown (unresolved placement).
    for (const [name, metricName] of [
      [DELETED, 'SourceConnected'],
      [CLEARED, 'SourceNotRecoveredPackets'],
    ] as const) {
      await cloudWatch.send(
        new PutMetricAlarmCommand({
          AlarmName: name,
          Namespace: 'AWS/MediaConnect',
          MetricName: metricName,
          Dimensions: [{ Name: 'SourceARN', Value: TARGET.sourceArn }],
          Statistic: 'Minimum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'LessThanThreshold',
        }),
      );
      await cloudWatch.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'ALARM', StateReason: 'test' }));
    }
    const raisedAt = Date.now() - 60_000;
    for (const kind of ['source-disconnected', 'source-not-recovered-packets'] as const) {
      const ingested = await runtime.invoke('event-ingest', alarmNotification(TARGET, kind, 'ALARM', raisedAt));
      expect(ingested).toMatchObject({ ok: true });
    }
    expect((await activeAlarms()).map((a) => a.name).sort()).toEqual([CLEARED, DELETED].sort());
    // Neither change notifies anything (moto's SetAlarmState publishes nothing, a deletion never does).
    await cloudWatch.send(new DeleteAlarmsCommand({ AlarmNames: [DELETED] }));
    await cloudWatch.send(new SetAlarmStateCommand({ AlarmName: CLEARED, StateValue: 'OK', StateReason: 'test' }));

    // Act
    const run = await runtime.invoke(
      'alarm-reconcile',
      scheduledEvent('media-monitor-alarm-reconcile', REGION, LOCAL_ACCOUNT),
    );

    // Assess
    expect(run).toMatchObject({ ok: true, result: { activeAlarms: 2, describeCalls: 1, deleted: 1, closed: 1 } });
    expect(await activeAlarms()).toEqual([]);
    const cleared = await store.get<{ state: string }>({ pk: resourcePk(TARGET.sourceArn), sk: `ALARM#${CLEARED}` });
    expect(cleared).toMatchObject({ state: 'OK', via: 'reconcile' });
    expect(
      await store.get({ pk: pollerPk(ALARM_RECONCILE_POLLER, LOCAL_ACCOUNT, REGION), sk: STATUS_SK }),
    ).toMatchObject({ lastCycle: expect.objectContaining({ deleted: 1, closed: 1, errors: [] }) });
    const history = await store.queryAll<{ kind: string }>({ pk: `EVENTS#${TARGET.sourceArn}` });
    expect(history.filter((h) => h.kind === 'alarm-reconciled')).toHaveLength(2);
  });
});
