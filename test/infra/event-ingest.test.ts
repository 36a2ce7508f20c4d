import { Match } from 'aws-cdk-lib/assertions';
import { changeEventPattern } from '../../lib/change-events';
import { MEDIA_EVENT_DETAIL_TYPES } from '../../lib/event-ingest';
import { CLOUDTRAIL_DETAIL_TYPE } from '../../lambdas/events/change-calls';
import { SERVICE_MODULES } from '../../lambdas/events/services/service-registry';
import { matchesEventPattern } from './event-pattern';
import {
  assertHasResource,
  allowedActions,
  asArray,
  functionStatements,
  logicalIdOf,
  REFERENCE_CONFIG,
  referenceTemplate,
  REFERENCE_QUOTA_ENV,
  resourcesOfType,
  type PolicyStatementJson,
  type SynthesizedTemplate,
} from './synth';

const EXISTING_TOPIC = REFERENCE_CONFIG.alarms!.existingTopicArns![0]!;
const INGEST = 'MediaMonitorEventIngestIngestFunction';
const FLOW = 'arn:aws:mediaconnect:us-east-1:111122223333:flow:1-23aBC45dEF67hiJ8-12AbC34DE5fG:AwardsShow';

/** Sample events, shaped as in the AWS documentation (reference §4 and §5). */
const SAMPLE_EVENTS = {
  flowStatus: {
    source: 'aws.mediaconnect',
    'detail-type': 'MediaConnect Flow Status Change',
    resources: [FLOW],
    detail: { currentStatus: 'STARTING', previousStatus: 'STANDBY' },
  },
  channelState: {
    source: 'aws.medialive',
    'detail-type': 'MediaLive Channel State Change',
    resources: ['arn:aws:medialive:us-west-2:111122223333:channel:283886'],
    detail: { state: 'DELETED', pipelines_running_count: 0 },
  },
  multiplexAlert: { source: 'aws.medialive', 'detail-type': 'MediaLive Multiplex Alert', detail: {} },
  inputNotification: {
    source: 'aws.mediapackage',
    'detail-type': 'MediaPackage Input Notification',
    detail: { event: 'InputSwitchEvent', message: 'switched' },
  },
  harvestJobV2: {
    source: 'aws.mediapackagev2',
    'detail-type': 'MediaPackageV2 HarvestJob Notification',
    resources: ['arn:aws:mediapackagev2:eu-west-1:123456789012:channelGroup/g/channel/c/originEndpoint/e/harvestJob/j'],
    detail: {},
  },
  mediaConnectAlarm: alarmEvent(['AWS/MediaConnect']),
  metricMathAlarm: alarmEvent(['AWS/EC2', 'AWS/MediaLive']),
  ec2Alarm: alarmEvent(['AWS/EC2']),
};

function alarmEvent(namespaces: string[]) {
  return {
    source: 'aws.cloudwatch',
    'detail-type': 'CloudWatch Alarm State Change',
    detail: {
      alarmName: 'x',
      state: { value: 'ALARM' },
      configuration: {
        metrics: [
          { id: 'e1', expression: 'm0 + m1', returnData: true },
          ...namespaces.map((namespace, i) => ({
            id: `m${i}`,
            metricStat: {
              metric: { namespace, name: 'SourceBitRate', dimensions: { FlowARN: FLOW } },
              period: 60,
              stat: 'Average',
            },
            returnData: false,
          })),
        ],
      },
    },
  };
}

describe('EventIngest', () => {
  let synthesized: SynthesizedTemplate;
  let queueId: string;
  let deadLetterQueueId: string;
  beforeAll(() => {
    synthesized = referenceTemplate();
    queueId = logicalIdOf(synthesized.template, 'AWS::SQS::Queue', 'MediaMonitorEventIngestQueue');
    deadLetterQueueId = logicalIdOf(synthesized.template, 'AWS::SQS::Queue', 'MediaMonitorEventIngestDeadLetterQueue');
  }, 180_000);

  // The service-event and alarm rules; the CloudTrail change rules are change-events.test.ts's.
  const eventRules = () =>
    Object.entries(resourcesOfType(synthesized.template, 'AWS::Events::Rule')).filter(([, rule]) => {
      const pattern = rule.Properties!.EventPattern as { 'detail-type'?: string[] } | undefined;
      return pattern && !pattern['detail-type']?.includes(CLOUDTRAIL_DETAIL_TYPE);
    });
  const changeRuleCount = SERVICE_MODULES.filter((m) => changeEventPattern(m)).length;

  it('routes each media service and media alarm state changes from the default bus to the ingest queue', () => {
    // Act
    const patterns = eventRules().map(([, rule]) => rule.Properties!.EventPattern);

    // Assess
    expect(patterns).toEqual(
      expect.arrayContaining([
        ...Object.entries(MEDIA_EVENT_DETAIL_TYPES).map(([source, detailTypes]) => ({
          source: [source],
          'detail-type': [...detailTypes],
        })),
        {
          source: ['aws.cloudwatch'],
          'detail-type': ['CloudWatch Alarm State Change'],
          detail: {
            configuration: {
              metrics: {
                metricStat: { metric: { namespace: ['AWS/MediaConnect', 'AWS/MediaLive', 'AWS/MediaPackage'] } },
              },
            },
          },
        },
      ]),
    );
    expect(patterns).toHaveLength(5);
    for (const [, rule] of eventRules()) {
      expect(rule.Properties!.EventBusName).toBeUndefined();
      expect(rule.Properties!.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [queueId, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deadLetterQueueId, 'Arn'] } },
        }),
      ]);
    }
  });

  it('matches the documented media events and only media alarms', () => {
    // Prepare
    const patterns = eventRules().map(([, rule]) => rule.Properties!.EventPattern as Record<string, unknown>);
    const matched = (event: unknown) => patterns.some((pattern) => matchesEventPattern(pattern, event));

    // Act
    const results = Object.fromEntries(Object.entries(SAMPLE_EVENTS).map(([name, event]) => [name, matched(event)]));

    // Assess
    expect(results).toEqual({
      flowStatus: true,
      channelState: true,
      multiplexAlert: false,
      inputNotification: true,
      harvestJobV2: true,
      mediaConnectAlarm: true,
      metricMathAlarm: true,
      ec2Alarm: false,
    });
  });

  it('routes exactly the detail-types the parsers type, for every service, and no other', () => {
    // Prepare: what the ingest function parses, per event source (one source of truth: the service modules).
    const parsed = Object.fromEntries(SERVICE_MODULES.map((m) => [m.eventSource, [...m.detailTypes].sort()]));

    // Act: what the synthesized rules route, per source.
    const routed = Object.fromEntries(
      eventRules()
        .map(([, rule]) => rule.Properties!.EventPattern as { source: string[]; 'detail-type': string[] })
        .filter((pattern) => pattern.source[0] !== 'aws.cloudwatch')
        .map((pattern) => [pattern.source[0], [...pattern['detail-type']].sort()]),
    );

    // Assess: equal both ways, including MediaConnect Flow Content Quality.
    expect(routed).toEqual(parsed);
    expect(routed['aws.mediaconnect']).toContain('MediaConnect Flow Content Quality');
    expect(routed['aws.mediapackagev2']).toEqual(['MediaPackageV2 HarvestJob Notification']);
  });

  it('subscribes the queue to the created and the existing topics, keeping the SNS envelope', () => {
    // Prepare
    const alarmTopic = logicalIdOf(synthesized.template, 'AWS::SNS::Topic', 'MediaMonitorTopicsAlarmTopic');
    const subscriptions = Object.values(resourcesOfType(synthesized.template, 'AWS::SNS::Subscription')).map(
      (s) => s.Properties,
    );

    // Assess
    expect(subscriptions).toHaveLength(2);
    for (const topicArn of [{ Ref: alarmTopic }, EXISTING_TOPIC]) {
      expect(subscriptions).toContainEqual(
        expect.objectContaining({
          Protocol: 'sqs',
          TopicArn: topicArn,
          Endpoint: { 'Fn::GetAtt': [queueId, 'Arn'] },
          // SNS wraps each message in its JSON envelope (TopicArn, MessageId, Timestamp, Message).
          RawMessageDelivery: false,
        }),
      );
    }
  });

  it('lets only the subscribed topics and the monitor rules send to the queue, over TLS', () => {
    // Prepare
    const policy = Object.values(resourcesOfType(synthesized.template, 'AWS::SQS::QueuePolicy')).find(
      (p) => JSON.stringify(p.Properties!.Queues) === JSON.stringify([{ Ref: queueId }]),
    )!;
    const statements = (policy.Properties!.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement;
    const allows = statements.filter((s) => s.Effect === 'Allow');

    // Assess
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(allows).toHaveLength(2 + 5 + changeRuleCount);
    for (const statement of allows) {
      expect(asArray(statement.Action)).toEqual(expect.arrayContaining(['sqs:SendMessage']));
      expect(statement.Condition).toEqual({ ArnEquals: { 'aws:SourceArn': expect.anything() } });
    }
    const principals = allows.map((s) => (s.Principal as { Service: string }).Service).sort();
    expect(principals).toEqual([
      ...Array<string>(5 + changeRuleCount).fill('events.amazonaws.com'),
      'sns.amazonaws.com',
      'sns.amazonaws.com',
    ]);
  });

  it('feeds the ingest function from the queue with partial batch responses', () => {
    // Prepare
    const functionId = logicalIdOf(synthesized.template, 'AWS::Lambda::Function', INGEST);

    // Assess
    assertHasResource(synthesized.template, 'AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: functionId },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 1,
      ScalingConfig: { MaximumConcurrency: 3 },
    });
  });

  it('moves a message to the dead-letter queue after five receives, and alarms on the first one there', () => {
    // Prepare
    const operationsTopic = logicalIdOf(synthesized.template, 'AWS::SNS::Topic', 'MediaMonitorTopicsOperationsTopic');

    // Assess
    assertHasResource(synthesized.template, 'AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterQueueId, 'Arn'] }, maxReceiveCount: 5 },
      SqsManagedSseEnabled: true,
      // Six times the 60 s function timeout plus the 1 s batching window.
      VisibilityTimeout: 361,
    });
    assertHasResource(synthesized.template, 'AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetterQueueId, 'QueueName'] } }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: operationsTopic }],
      OKActions: [{ Ref: operationsTopic }],
    });
  });

  it('never sends the dead-letter alarm to a topic the ingest queue subscribes to', () => {
    // Prepare
    const alarmTopic = logicalIdOf(synthesized.template, 'AWS::SNS::Topic', 'MediaMonitorTopicsAlarmTopic');
    const deadLetterAlarms = Object.values(resourcesOfType(synthesized.template, 'AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties!.Namespace === 'AWS/SQS',
    );

    // Assess: one inventory per service (4), metrics, ingest and alarm reconciliation
    expect(deadLetterAlarms).toHaveLength(7);
    for (const alarm of deadLetterAlarms) {
      const actions = JSON.stringify([alarm.Properties!.AlarmActions, alarm.Properties!.OKActions]);
      expect(actions).not.toContain(alarmTopic);
      expect(actions).not.toContain(EXISTING_TOPIC);
    }
  });

  it('tells the ingest function its table, topics, history and re-poll window', () => {
    // Prepare
    const alarmTopic = logicalIdOf(synthesized.template, 'AWS::SNS::Topic', 'MediaMonitorTopicsAlarmTopic');

    // Assess
    assertHasResource(synthesized.template, 'AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          STATE_TABLE_NAME: { Ref: Match.stringLikeRegexp('^MediaMonitorStateTable') },
          ACCOUNT_ID: '123456789012',
          EVENT_HISTORY_DAYS: '30',
          REPOLL_WINDOW_SECONDS: '20',
          EXPECTED_TOPIC_ARNS: { 'Fn::Join': ['', [{ Ref: alarmTopic }, `,${EXISTING_TOPIC}`]] },
          METRIC_SET: 'SourceBitRate,OUTPUT:OutputBitrate',
          METRICS_HISTORY_MINUTES: '60',
          ...REFERENCE_QUOTA_ENV,
        }),
      },
      Timeout: 60,
    });
  });

  it('lets the ingest function send trailing re-polls to its own queue only, and tells it the queue', () => {
    // Act
    const statements = functionStatements(synthesized.template, INGEST);
    const sending = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('sqs:Send')));

    // Assess: CDK merges the statement with the event source's on the same queue; the queue is the only resource.
    expect(sending).toHaveLength(1);
    expect(sending[0]).toMatchObject({ Effect: 'Allow', Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    expect(asArray(sending[0]!.Action).filter((a) => a.startsWith('sqs:Send'))).toEqual(['sqs:SendMessage']);
    assertHasResource(synthesized.template, 'AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ INGEST_QUEUE_URL: { Ref: queueId } }) },
    });
  });

  it('lets the ingest function re-poll flows, channels and inputs but not change them', () => {
    // Act
    const actions = allowedActions(functionStatements(synthesized.template, INGEST));

    // Assess
    expect(actions.filter((a) => a.startsWith('mediaconnect:')).sort()).toEqual([
      'mediaconnect:DescribeFlow',
      'mediaconnect:ListTagsForResource',
    ]);
    expect(actions.filter((a) => a.startsWith('medialive:')).sort()).toEqual([
      'medialive:DescribeChannel',
      'medialive:DescribeInput',
      'medialive:ListAlerts',
    ]);
    expect(actions).toEqual(
      expect.arrayContaining([
        'cloudwatch:GetMetricData',
        'dynamodb:UpdateItem',
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
      ]),
    );
  });
});
