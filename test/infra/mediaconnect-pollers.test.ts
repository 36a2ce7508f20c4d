import { Match } from 'aws-cdk-lib/assertions';
import {
  assertHasResource,
  allowedActions,
  functionStatements,
  logicalIdOf,
  resourcesOfType,
  referenceTemplate,
  type SynthesizedTemplate,
} from './synth';

const INVENTORY = 'MediaMonitorMediaConnectPollersInventoryFunction';
const METRICS = 'MediaMonitorMediaConnectPollersMetricsFunction';
const FLOW_PATTERN = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':mediaconnect:eu-west-1:123456789012:flow:*']],
};

describe('MediaConnectPollers', () => {
  let synthesized: SynthesizedTemplate;
  beforeAll(() => {
    synthesized = referenceTemplate();
  }, 180_000);

  it('runs the inventory poller every 5 minutes and the metrics poller every minute', () => {
    // Prepare
    const inventoryId = logicalIdOf(synthesized.template, 'AWS::Lambda::Function', INVENTORY);
    const metricsId = logicalIdOf(synthesized.template, 'AWS::Lambda::Function', METRICS);

    // Assess
    for (const [expression, functionId] of [
      ['rate(5 minutes)', inventoryId],
      ['rate(1 minute)', metricsId],
    ]) {
      assertHasResource(synthesized.template, 'AWS::Events::Rule', {
        ScheduleExpression: expression,
        State: 'ENABLED',
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
            RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }),
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
          }),
        ],
      });
    }
  });

  it('never retries a scheduled poll asynchronously, so a retry cannot overlap the next scheduled run', () => {
    // Prepare
    const inventoryId = logicalIdOf(synthesized.template, 'AWS::Lambda::Function', INVENTORY);
    const metricsId = logicalIdOf(synthesized.template, 'AWS::Lambda::Function', METRICS);

    // Assess
    for (const functionId of [inventoryId, metricsId])
      assertHasResource(synthesized.template, 'AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: functionId },
        MaximumRetryAttempts: 0,
      });
  });

  it('passes the configured tuning to both pollers as environment variables', () => {
    // Prepare
    const functions = resourcesOfType(synthesized.template, 'AWS::Lambda::Function');

    // Assess
    for (const prefix of [INVENTORY, METRICS]) {
      const [, fn] = Object.entries(functions).find(([id]) => id.startsWith(prefix))!;
      expect((fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables).toEqual({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: expect.any(String),
        STATE_TABLE_NAME: { Ref: expect.stringMatching(/^MediaMonitorStateTable/) },
        ACCOUNT_ID: '123456789012',
        METRIC_SET: 'SourceBitRate,OUTPUT:OutputBitrate',
        DEFAULT_METRICS_INTERVAL_SECONDS: '300',
        METRICS_HISTORY_MINUTES: '60',
        TOMBSTONE_RETENTION_HOURS: '168',
        MEDIACONNECT_QUOTA:
          '{"rps":5,"burst":30,"margin":0.9,"shares":{"inventory":2.5,"ingest":1.5,"api":0.5},"concurrency":{"ingest":3,"api":2}}',
        DESCRIBE_CONCURRENCY: '3',
      });
    }
  });

  it('runs one inventory instance at a time, so its share of the MediaConnect quota is not multiplied', () => {
    // Assess
    assertHasResource(synthesized.template, 'AWS::Lambda::Function', {
      Handler: 'index.handler',
      Description: Match.stringLikeRegexp('^Lists and describes every MediaConnect flow'),
      ReservedConcurrentExecutions: 1,
    });
  });

  it('gives the inventory poller read-only MediaConnect access, scoped to the flows of its account and region', () => {
    // Act
    const statements = functionStatements(synthesized.template, INVENTORY);
    const mediaConnect = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('mediaconnect:')));

    // Assess
    expect(
      allowedActions(statements)
        .filter((a) => a.startsWith('mediaconnect:'))
        .sort(),
    ).toEqual(['mediaconnect:DescribeFlow', 'mediaconnect:ListFlows', 'mediaconnect:ListTagsForResource']);
    expect(mediaConnect).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: ['mediaconnect:DescribeFlow', 'mediaconnect:ListTagsForResource'],
          Resource: FLOW_PATTERN,
        }),
        // ListFlows has no resource-level permissions; with tracing off nothing else shares its statement.
        expect.objectContaining({ Action: 'mediaconnect:ListFlows', Resource: '*' }),
      ]),
    );
  });

  it('gives the metrics poller GetMetricData and no MediaConnect access', () => {
    // Act
    const actions = allowedActions(functionStatements(synthesized.template, METRICS));

    // Assess
    expect(actions).toContain('cloudwatch:GetMetricData');
    expect(actions.filter((a) => a.startsWith('mediaconnect:'))).toEqual([]);
  });

  it('alarms on each poller dead-letter queue into the operations topic', () => {
    // Prepare
    const operationsTopic = logicalIdOf(synthesized.template, 'AWS::SNS::Topic', 'MediaMonitorTopicsOperationsTopic');

    // Assess
    for (const prefix of [
      'MediaMonitorMediaConnectPollersInventoryFunctionDeadLetterQueue',
      'MediaMonitorMediaConnectPollersMetricsFunctionDeadLetterQueue',
    ]) {
      const queueId = logicalIdOf(synthesized.template, 'AWS::SQS::Queue', prefix);
      assertHasResource(synthesized.template, 'AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        AlarmActions: [{ Ref: operationsTopic }],
      });
    }
  });
});
