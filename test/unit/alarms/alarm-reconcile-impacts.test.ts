import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { CountingReconcileMetrics, reconcileAlarms } from '../../../lambdas/alarms/alarm-reconciler';
import type { ImpactList } from '../../../lambdas/chain/chain-graph';
import { ingestMessages } from '../../../lambdas/events/ingest';
import {
  ACCOUNT,
  CHANNEL_ARN,
  fixture,
  FLOW_ARN,
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
const RAISED_AT = '2024-05-14T10:15:00.000Z';
const FED: ImpactList = {
  impacts: [{ arn: CHANNEL_ARN, type: 'medialive:channel', name: 'News-HD', depth: 2 }],
  truncated: false,
  reads: 3,
};

describe('alarm reconciliation: impacts', () => {
  beforeEach(() => cloudWatch.reset());

  it('records the flow’s impacts on an unresolved ALARM it moves to its flow', async () => {
    // Prepare: the alarm came before the inventory knew its source, so it was held unresolved, without impacts.
    const t = testIngest();
    const message = {
      ...fixture('alarm-message-source'),
      NewStateValue: 'ALARM',
      OldStateValue: 'OK',
      StateChangeTime: RAISED_AT.replace('Z', '+0000'),
    };
    await ingestMessages(t.deps, [rawMessage(snsEnvelope(message, { messageId: 'm-alarm' }))]);
    t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
    t.clock.advance(15 * 60_000);
    cloudWatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        {
          AlarmName: SOURCE_ALARM,
          AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${SOURCE_ALARM}`,
          StateValue: 'ALARM',
          StateReason: 'Threshold Crossed',
          StateUpdatedTimestamp: new Date(RAISED_AT),
          StateTransitionedTimestamp: new Date(RAISED_AT),
          Namespace: 'AWS/MediaConnect',
          MetricName: 'SourceConnected',
          Dimensions: [{ Name: 'SourceARN', Value: SOURCE_ARN }],
          Statistic: 'Minimum',
          Threshold: 1,
          ComparisonOperator: 'LessThanThreshold',
        },
      ],
    });
    const impacts = jest.fn().mockResolvedValue(FED);

    // Act
    const outcome = await reconcileAlarms(
      {
        store: t.store,
        cloudWatch: new CloudWatchClient({ region: REGION }),
        clock: t.deps.clock,
        limiter: { acquire: async () => undefined },
        resolver: t.deps.resolver!,
        metrics: new CountingReconcileMetrics(),
        impacts,
      },
      { account: ACCOUNT, region: REGION, eventHistoryDays: 14 },
    );

    // Assess
    expect(outcome).toMatchObject({ moved: 1 });
    expect(impacts).toHaveBeenCalledWith(FLOW_ARN);
    expect(t.store.item(`RES#${FLOW_ARN}`, `ALARM#${SOURCE_ALARM}`)).toMatchObject({
      state: 'ALARM',
      impacts: FED.impacts,
    });
  });
});
