import { App, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { MediaMonitor, POLLER_NAMES } from '../../lib/media-monitor';
import { ALARM_RECONCILE_POLLER } from '../../lambdas/alarms/alarm-reconciler';
import { INVENTORY_POLLER_NAME } from '../../lambdas/mediaconnect/flow-kind';
import { METRICS_POLLER_NAME } from '../../lambdas/metrics/metrics-poller';
import { monitoredService, MONITORED_SERVICES } from '../../lib/services/registry';
import { assertHasResource, FLOW_ARN, logicalIdOf, referenceTemplate, type SynthesizedTemplate } from './synth';

const stack = () => new Stack(new App(), 'MonitorTest', { env: { account: '123456789012', region: 'eu-west-1' } });

describe('MediaMonitor', () => {
  it('names the pollers as the pollers name themselves', () => {
    // Assess: the metrics poller's status name becomes `metrics` with the metrics engine (METRICS_POLLER_NAME).
    expect(POLLER_NAMES).toEqual({ metrics: METRICS_POLLER_NAME, alarmReconcile: ALARM_RECONCILE_POLLER });
    expect(monitoredService('mediaconnect').inventoryPoller).toBe(INVENTORY_POLLER_NAME);
    expect(MONITORED_SERVICES.map((s) => s.inventoryPoller)).toEqual([
      'mediaconnect-inventory',
      'medialive-inventory',
      'mediapackage-inventory',
      'mediapackagev2-inventory',
    ]);
  });

  it('refuses default alarms when no topic of its region can receive them', () => {
    // Prepare
    const scope = stack();
    const elsewhere = sns.Topic.fromTopicArn(scope, 'Elsewhere', 'arn:aws:sns:us-east-1:123456789012:alarms');

    // Act
    const create = () =>
      new MediaMonitor(scope, 'Monitor', {
        createAlarmTopic: false,
        existingAlarmTopics: [elsewhere],
        defaultAlarms: { flowArns: [FLOW_ARN] },
      });

    // Assess
    expect(create).toThrow('MediaMonitor: defaultAlarms need the alarm topic or an existing topic in this region');
  });

  it('refuses to run without any alarm topic', () => {
    // Act
    const create = () => new MediaMonitor(stack(), 'Monitor', { createAlarmTopic: false });

    // Assess
    expect(create).toThrow('AlarmTopics: set createTopic or pass existingTopics');
  });

  it('rejects an inventory schedule for a service it does not poll', () => {
    // Act
    const create = () =>
      new MediaMonitor(stack(), 'Monitor', {
        inventorySchedules: { mediatailor: events.Schedule.expression('rate(5 minutes)') },
      });

    // Assess
    expect(create).toThrow('MediaMonitor: inventorySchedules for unknown services: mediatailor');
  });

  it('watches a service inventory on a cron schedule with neither a stalled nor a listing alarm', () => {
    // Prepare: no stack is bundled, so the construct tree is built without esbuild.
    const unbundled = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'CronTest', {
      env: { account: '123456789012', region: 'eu-west-1' },
    });

    // Act
    const monitor = new MediaMonitor(unbundled, 'Monitor', {
      inventorySchedules: { medialive: events.Schedule.expression('cron(0/5 * * * ? *)') },
    });

    // Assess
    expect(Object.keys(monitor.monitorAlarms.incompleteListingAlarms)).toEqual([
      'mediaconnect-inventory',
      'mediapackage-inventory',
      'mediapackagev2-inventory',
    ]);
    expect(Object.keys(monitor.monitorAlarms.stalledAlarms).sort()).toEqual([
      'alarm-reconcile',
      'mediaconnect-inventory',
      'mediapackage-inventory',
      'mediapackagev2-inventory',
      METRICS_POLLER_NAME,
    ]);
    expect(monitor.inventoryPollers.pollers.medialive!.schedule.expressionString).toBe('cron(0/5 * * * ? *)');
  });

  it('rejects a schedule expression EventBridge would reject, before building anything', () => {
    // Act
    const create = () =>
      new MediaMonitor(stack(), 'Monitor', { metricsSchedule: events.Schedule.expression('rate(1 minutes)') });

    // Assess
    expect(create).toThrow('"rate(1 minutes)": write rate(1 minute)');
  });
});

describe('MediaMonitorStack outputs', () => {
  let synthesized: SynthesizedTemplate;
  beforeAll(() => {
    synthesized = referenceTemplate();
  }, 180_000);

  it('watches every inventory poller and the metrics poller on their schedule periods with alarms to the operations topic', () => {
    // Prepare
    const operationsTopic = {
      Ref: logicalIdOf(synthesized.template, 'AWS::SNS::Topic', 'MediaMonitorTopicsOperationsTopic'),
    };

    // Assess
    for (const [poller, period] of [
      ...MONITORED_SERVICES.map((s) => [s.inventoryPoller, 300] as const),
      [POLLER_NAMES.metrics, 60] as const,
    ])
      assertHasResource(synthesized.template, 'AWS::CloudWatch::Alarm', {
        Namespace: 'MediaMonitor',
        MetricName: 'PollCompleted',
        Dimensions: [
          { Name: 'poller', Value: poller },
          { Name: 'service', Value: poller },
        ],
        Period: period,
        EvaluationPeriods: 3,
        AlarmActions: [operationsTopic],
      });
  });

  it('outputs the API URL, both role ARNs, the table and both topics', () => {
    // Prepare
    const ref = (type: string, prefix: string) => logicalIdOf(synthesized.template, type, prefix);

    // Act
    const outputs = synthesized.template.toJSON().Outputs as Record<string, { Value: unknown }>;

    // Assess
    expect(Object.keys(outputs).sort()).toEqual([
      'ApiUrl',
      'OperationsTopicArn',
      'OperatorRoleArn',
      'ReadOnlyRoleArn',
      'TableName',
      'TopicArn',
    ]);
    expect(outputs.ReadOnlyRoleArn!.Value).toEqual({
      'Fn::GetAtt': [ref('AWS::IAM::Role', 'MediaMonitorAccessRolesReadOnlyRole'), 'Arn'],
    });
    expect(outputs.OperatorRoleArn!.Value).toEqual({
      'Fn::GetAtt': [ref('AWS::IAM::Role', 'MediaMonitorAccessRolesOperatorRole'), 'Arn'],
    });
    expect(outputs.TableName!.Value).toEqual({ Ref: ref('AWS::DynamoDB::Table', 'MediaMonitorStateTable') });
    expect(outputs.TopicArn!.Value).toEqual({ Ref: ref('AWS::SNS::Topic', 'MediaMonitorTopicsAlarmTopic') });
    expect(outputs.OperationsTopicArn!.Value).toEqual({
      Ref: ref('AWS::SNS::Topic', 'MediaMonitorTopicsOperationsTopic'),
    });
    expect(JSON.stringify(outputs.ApiUrl!.Value)).toContain('.execute-api.eu-west-1.');
  });
});
