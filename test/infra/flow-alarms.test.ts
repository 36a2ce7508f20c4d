import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FlowAlarms } from '../../lib/flow-alarms';
import {
  defaultTemplate,
  FLOW_ARN,
  logicalIdOf,
  OUTPUT_ARN,
  referenceTemplate,
  resourcesOfType,
  SOURCE_ARN,
} from './synth';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:media-alarms';

function alarmsTemplate(props: Omit<ConstructorParameters<typeof FlowAlarms>[2], 'topic'>): Template {
  const stack = new Stack(new App(), 'AlarmsTest', { env: { account: '123456789012', region: 'eu-west-1' } });
  new FlowAlarms(stack, 'FlowAlarms', { topic: sns.Topic.fromTopicArn(stack, 'Topic', TOPIC_ARN), ...props });
  return Template.fromStack(stack);
}

const mediaConnectAlarms = (template: Template) =>
  Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm'))
    .map((a) => a.Properties!)
    .filter((p) => p.Namespace === 'AWS/MediaConnect');

describe('FlowAlarms', () => {
  it('creates the three flow alarms by FlowARN, publishing ALARM and OK to the topic', () => {
    // Act
    const template = alarmsTemplate({ flowArns: [FLOW_ARN] });

    // Assess
    const alarms = mediaConnectAlarms(template);
    expect(alarms.map((a) => [a.MetricName, a.Statistic, a.ComparisonOperator, a.Threshold])).toEqual([
      ['SourceConnected', 'Minimum', 'LessThanThreshold', 1],
      ['SourceNotRecoveredPackets', 'Sum', 'GreaterThanThreshold', 0],
      ['OutputDisconnections', 'Sum', 'GreaterThanThreshold', 0],
    ]);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
        Dimensions: [{ Name: 'FlowARN', Value: FLOW_ARN }],
        Period: 60,
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
        AlarmActions: [TOPIC_ARN],
        OKActions: [TOPIC_ARN],
        AlarmName: expect.stringMatching(/^mediamonitor-AwardsShow-[a-z-]+-[0-9a-f]{8}$/),
      });
    }
  });

  it('watches listed sources by SourceARN and listed outputs by OutputARN', () => {
    // Act
    const alarms = mediaConnectAlarms(alarmsTemplate({ sourceArns: [SOURCE_ARN], outputArns: [OUTPUT_ARN] }));

    // Assess
    expect(alarms.map((a) => [a.MetricName, (a.Dimensions as Array<{ Name: string; Value: string }>)[0]])).toEqual([
      ['SourceConnected', { Name: 'SourceARN', Value: SOURCE_ARN }],
      ['SourceNotRecoveredPackets', { Name: 'SourceARN', Value: SOURCE_ARN }],
      ['OutputDisconnections', { Name: 'OutputARN', Value: OUTPUT_ARN }],
    ]);
  });

  it('gives every alarm a distinct name even for flows with the same name', () => {
    // Prepare
    const twin = FLOW_ARN.replace('1-23aBC45dEF67hiJ8-12AbC34DE5fG', '1-99zzz45dEF67hiJ8-12AbC34DE5fG');

    // Act
    const names = mediaConnectAlarms(alarmsTemplate({ flowArns: [FLOW_ARN, twin] })).map((a) => a.AlarmName);

    // Assess
    expect(names).toHaveLength(6);
    expect(new Set(names).size).toBe(6);
  });

  it('rejects an ARN that is not of the listed kind', () => {
    // Act
    const create = () => alarmsTemplate({ flowArns: [SOURCE_ARN] });

    // Assess
    expect(create).toThrow(`FlowAlarms: "${SOURCE_ARN}" is not a MediaConnect flow ARN`);
  });
});

describe('default alarms in the media monitor stack', () => {
  it('publishes the default alarms of the listed flow and output to the created alarm topic', () => {
    // Prepare
    const { template } = referenceTemplate();
    const alarmTopic = logicalIdOf(template, 'AWS::SNS::Topic', 'MediaMonitorTopicsAlarmTopic');

    // Act
    const alarms = mediaConnectAlarms(template);

    // Assess
    expect(alarms).toHaveLength(3 + 1);
    alarms.forEach((a) =>
      expect([a.AlarmActions, a.OKActions]).toEqual([[{ Ref: alarmTopic }], [{ Ref: alarmTopic }]]),
    );
  }, 180_000);

  it('creates no media alarm when default alarms are off', () => {
    // Act
    const alarms = mediaConnectAlarms(defaultTemplate().template);

    // Assess
    expect(alarms).toEqual([]);
  }, 180_000);
});
