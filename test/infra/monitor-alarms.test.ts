import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { MonitorAlarms } from '../../lib/monitor-alarms';
import { assertHasResource, resourcesOfType } from './synth';

const POLLERS = { 'mediaconnect-inventory': 300, 'medialive-inventory': 300, metrics: 60 };
const LISTING_POLLERS = ['mediaconnect-inventory', 'medialive-inventory'];

function alarmsOf(pollers: Record<string, number> = POLLERS, listingPollers: string[] = LISTING_POLLERS) {
  const stack = new Stack(new App(), 'MonitorAlarmsTest', { env: { account: '123456789012', region: 'eu-west-1' } });
  const topic = new sns.Topic(stack, 'Operations');
  const alarms = new MonitorAlarms(stack, 'MonitorAlarms', {
    topic,
    pollers: Object.entries(pollers).map(([poller, seconds]) => ({ poller, period: Duration.seconds(seconds) })),
    listingPollers,
  });
  return { alarms, template: Template.fromStack(stack), topicId: stack.getLogicalId(topic.node.defaultChild as never) };
}

const dimensionsOf = (poller: string) => [
  { Name: 'poller', Value: poller },
  { Name: 'service', Value: poller },
];

describe('MonitorAlarms', () => {
  it('alarms when a poller has not completed a cycle in 3 of its schedule periods, missing data included', () => {
    // Act
    const { template, topicId } = alarmsOf();

    // Assess
    for (const [poller, period] of Object.entries(POLLERS)) {
      assertHasResource(template, 'AWS::CloudWatch::Alarm', {
        Namespace: 'MediaMonitor',
        MetricName: 'PollCompleted',
        Dimensions: Match.arrayEquals(dimensionsOf(poller)),
        Statistic: 'Sum',
        Period: period,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
      });
    }
  });

  it("alarms on an incomplete listing of each service's inventory in 3 cycles in a row", () => {
    // Act
    const { template } = alarmsOf();

    // Assess
    for (const poller of LISTING_POLLERS)
      assertHasResource(template, 'AWS::CloudWatch::Alarm', {
        Namespace: 'MediaMonitor',
        MetricName: 'IncompleteListing',
        Dimensions: Match.arrayEquals(dimensionsOf(poller)),
        Statistic: 'Maximum',
        Period: 300,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
  });

  it('alarms when more than 10 % of the resources a poller polled failed', () => {
    // Act
    const { template } = alarmsOf();

    // Assess
    for (const [poller, period] of Object.entries(POLLERS)) {
      assertHasResource(template, 'AWS::CloudWatch::Alarm', {
        Threshold: 0.1,
        ComparisonOperator: 'GreaterThanThreshold',
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: 'IF(polled > 0, failed / polled, 0)', ReturnData: true }),
          Match.objectLike({
            Id: 'failed',
            ReturnData: false,
            MetricStat: Match.objectLike({
              Metric: {
                Namespace: 'MediaMonitor',
                MetricName: 'ResourcesFailed',
                Dimensions: Match.arrayEquals(dimensionsOf(poller)),
              },
              Period: period,
              Stat: 'Sum',
            }),
          }),
          Match.objectLike({
            Id: 'polled',
            ReturnData: false,
            MetricStat: Match.objectLike({
              Metric: {
                Namespace: 'MediaMonitor',
                MetricName: 'ResourcesPolled',
                Dimensions: Match.arrayEquals(dimensionsOf(poller)),
              },
              Period: period,
              Stat: 'Sum',
            }),
          }),
        ]),
      });
    }
  });

  it('makes eight alarms for two inventories and the metrics poller: stalled and failed share each, listing per inventory', () => {
    // Act
    const { alarms, template } = alarmsOf();

    // Assess
    expect(Object.keys(resourcesOfType(template, 'AWS::CloudWatch::Alarm'))).toHaveLength(8);
    expect(Object.keys(alarms.incompleteListingAlarms).sort()).toEqual(LISTING_POLLERS);
  });

  it('rejects a listing poller it does not watch', () => {
    // Act + Assess
    expect(() => alarmsOf({ metrics: 60 }, ['medialive-inventory'])).toThrow(
      'MonitorAlarms: listing pollers must be among the pollers: medialive-inventory',
    );
  });

  it('rejects a period CloudWatch cannot evaluate', () => {
    // Act + Assess
    expect(() => alarmsOf({ 'mediaconnect-inventory': 90 }, [])).toThrow(/multiple of 60/);
  });
});
