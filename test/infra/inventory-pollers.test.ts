import { App, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { Match } from 'aws-cdk-lib/assertions';
import { InventoryPollers } from '../../lib/inventory-pollers';
import { MONITORED_SERVICES } from '../../lib/services/registry';
import { StateTable } from '../../lib/state-table';
import {
  assertHasResource,
  allowedActions,
  FUNCTION_PREFIXES,
  functionStatements,
  logicalIdOf,
  REFERENCE_QUOTA_ENV,
  resourcesOfType,
  referenceTemplate,
  type SynthesizedTemplate,
} from './synth';

const arnPattern = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${rest}`]] });
const INVENTORIES = [
  ['mediaconnect', FUNCTION_PREFIXES.mediaConnectInventory],
  ['medialive', FUNCTION_PREFIXES.mediaLiveInventory],
  ['mediapackage', FUNCTION_PREFIXES.mediaPackageInventory],
  ['mediapackagev2', FUNCTION_PREFIXES.mediaPackageV2Inventory],
] as const;

describe('InventoryPollers and MetricsPoller in the media monitor stack', () => {
  let synthesized: SynthesizedTemplate;
  beforeAll(() => {
    synthesized = referenceTemplate();
  }, 180_000);

  const variablesOf = (prefix: string) => {
    const [, fn] = Object.entries(resourcesOfType(synthesized.template, 'AWS::Lambda::Function')).find(([id]) =>
      id.startsWith(prefix),
    )!;
    return (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
  };

  it('registers an inventory poller for every service the registry lists, and only those', () => {
    // Assess
    expect(MONITORED_SERVICES.map((s) => s.service)).toEqual(INVENTORIES.map(([service]) => service));
    for (const [, prefix] of INVENTORIES)
      expect(() => logicalIdOf(synthesized.template, 'AWS::Lambda::Function', prefix)).not.toThrow();
  });

  it('runs each service inventory every 5 minutes and the one metrics poller every minute', () => {
    // Prepare
    const schedules = [
      ...INVENTORIES.map(([, prefix]) => ['rate(5 minutes)', prefix] as const),
      ['rate(1 minute)', FUNCTION_PREFIXES.metrics] as const,
    ];

    // Assess
    for (const [expression, prefix] of schedules) {
      const functionId = logicalIdOf(synthesized.template, 'AWS::Lambda::Function', prefix);
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
    // Assess
    for (const prefix of [...INVENTORIES.map(([, p]) => p), FUNCTION_PREFIXES.metrics])
      assertHasResource(synthesized.template, 'AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalIdOf(synthesized.template, 'AWS::Lambda::Function', prefix) },
        MaximumRetryAttempts: 0,
      });
  });

  it('gives each inventory poller the tuning and its own service quota, and the metrics poller no quota', () => {
    // Prepare
    const common = {
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: expect.any(String),
      STATE_TABLE_NAME: { Ref: expect.stringMatching(/^MediaMonitorStateTable/) },
      ACCOUNT_ID: '123456789012',
      METRIC_SET: 'SourceBitRate,OUTPUT:OutputBitrate',
      DEFAULT_METRICS_INTERVAL_SECONDS: '300',
      METRICS_HISTORY_MINUTES: '60',
      TOMBSTONE_RETENTION_HOURS: '168',
      DESCRIBE_CONCURRENCY: '3',
    };

    // The rolling sweep's settings (change-events.test.ts covers them).
    const sweep = {
      CHANGE_EVENTS: 'cloudtrail',
      SWEEP_PERIOD_LIVE_MINUTES: '60',
      SWEEP_PERIOD_OFF_MINUTES: '5',
      INVENTORY_INTERVAL_SECONDS: '300',
    };

    // Assess
    expect(variablesOf(FUNCTION_PREFIXES.mediaConnectInventory)).toEqual({
      ...common,
      ...sweep,
      MEDIACONNECT_QUOTA: REFERENCE_QUOTA_ENV.MEDIACONNECT_QUOTA,
    });
    expect(variablesOf(FUNCTION_PREFIXES.mediaLiveInventory)).toEqual({
      ...common,
      ...sweep,
      MEDIALIVE_QUOTA: REFERENCE_QUOTA_ENV.MEDIALIVE_QUOTA,
    });
    expect(variablesOf(FUNCTION_PREFIXES.metrics)).toEqual(common);
  });

  it('runs one instance of each inventory at a time, so its share of the service quota is not multiplied', () => {
    // Assess
    for (const description of [
      '^Lists and describes every MediaConnect flow',
      '^Lists and describes every MediaLive',
      '^Lists and describes every MediaPackage v2',
    ])
      assertHasResource(synthesized.template, 'AWS::Lambda::Function', {
        Handler: 'index.handler',
        Description: Match.stringLikeRegexp(description),
        ReservedConcurrentExecutions: 1,
      });
  });

  it('gives the MediaConnect inventory read-only MediaConnect access, scoped to the flows of its account and region', () => {
    // Act
    const statements = functionStatements(synthesized.template, FUNCTION_PREFIXES.mediaConnectInventory);

    // Assess
    expect(
      allowedActions(statements)
        .filter((a) => /^media(connect|live):/.test(a))
        .sort(),
    ).toEqual(['mediaconnect:DescribeFlow', 'mediaconnect:ListFlows', 'mediaconnect:ListTagsForResource']);
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: ['mediaconnect:DescribeFlow', 'mediaconnect:ListTagsForResource'],
          Resource: arnPattern('mediaconnect:eu-west-1:123456789012:flow:*'),
        }),
        // ListFlows has no resource-level permissions; with tracing off nothing else shares its statement.
        expect.objectContaining({ Action: 'mediaconnect:ListFlows', Resource: '*' }),
      ]),
    );
  });

  it('gives the MediaLive inventory read-only MediaLive access: describes on ARNs of its account and region, lists on *', () => {
    // Act
    const statements = functionStatements(synthesized.template, FUNCTION_PREFIXES.mediaLiveInventory);
    const mediaLive = statements.filter((s) => [s.Action].flat().some((a) => /^media(connect|live):/.test(a)));

    // Assess
    expect(mediaLive).toEqual([
      {
        Effect: 'Allow',
        // CDK sorts the actions of a statement.
        Action: [
          'medialive:ListAlerts',
          'medialive:ListChannels',
          'medialive:ListInputDevices',
          'medialive:ListInputSecurityGroups',
          'medialive:ListInputs',
        ],
        Resource: '*',
      },
      {
        Effect: 'Allow',
        Action: 'medialive:DescribeChannel',
        Resource: arnPattern('medialive:eu-west-1:123456789012:channel:*'),
      },
      {
        Effect: 'Allow',
        Action: 'medialive:DescribeInput',
        Resource: arnPattern('medialive:eu-west-1:123456789012:input:*'),
      },
      {
        Effect: 'Allow',
        Action: 'medialive:DescribeInputSecurityGroup',
        Resource: arnPattern('medialive:eu-west-1:123456789012:inputSecurityGroup:*'),
      },
      {
        Effect: 'Allow',
        Action: 'medialive:DescribeInputDevice',
        Resource: arnPattern('medialive:eu-west-1:123456789012:inputDevice:*'),
      },
    ]);
  });

  it('gives the MediaPackage v2 inventory its own quota and read-only v2 access: Get and List on its account and region, ListChannelGroups on *', () => {
    // Act
    const variables = variablesOf(FUNCTION_PREFIXES.mediaPackageV2Inventory);
    const statements = functionStatements(synthesized.template, FUNCTION_PREFIXES.mediaPackageV2Inventory);
    const media = statements.filter((s) => [s.Action].flat().some((a) => /^media/.test(a)));

    // Assess
    expect(JSON.parse(variables.MEDIAPACKAGEV2_QUOTA as string)).toMatchObject({ rps: 5, burst: 30 });
    expect(variables).not.toHaveProperty('MEDIALIVE_QUOTA');
    expect(media).toEqual([
      { Effect: 'Allow', Action: 'mediapackagev2:ListChannelGroups', Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['mediapackagev2:GetChannelGroup', 'mediapackagev2:ListChannels'],
        Resource: arnPattern('mediapackagev2:eu-west-1:123456789012:channelGroup/*'),
      },
      {
        Effect: 'Allow',
        Action: ['mediapackagev2:GetChannel', 'mediapackagev2:ListOriginEndpoints'],
        Resource: arnPattern('mediapackagev2:eu-west-1:123456789012:channelGroup/*/channel/*'),
      },
      {
        Effect: 'Allow',
        Action: 'mediapackagev2:GetOriginEndpoint',
        Resource: arnPattern('mediapackagev2:eu-west-1:123456789012:channelGroup/*/channel/*/originEndpoint/*'),
      },
    ]);
  });

  it('gives the metrics poller GetMetricData and no access to any media service', () => {
    // Act
    const actions = allowedActions(functionStatements(synthesized.template, FUNCTION_PREFIXES.metrics));

    // Assess
    expect(actions).toContain('cloudwatch:GetMetricData');
    expect(actions.filter((a) => /^media(connect|live|package)/.test(a))).toEqual([]);
  });

  it('alarms on each poller dead-letter queue into the operations topic', () => {
    // Prepare
    const operationsTopic = logicalIdOf(synthesized.template, 'AWS::SNS::Topic', 'MediaMonitorTopicsOperationsTopic');

    // Assess
    for (const prefix of [...INVENTORIES.map(([, p]) => p), FUNCTION_PREFIXES.metrics]) {
      const queueId = logicalIdOf(synthesized.template, 'AWS::SQS::Queue', `${prefix}DeadLetterQueue`);
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

describe('InventoryPollers props', () => {
  it('rejects a schedule for a service it does not poll', () => {
    // Prepare
    const stack = new Stack(new App(), 'PollersTest', { env: { account: '123456789012', region: 'eu-west-1' } });
    const table = new StateTable(stack, 'Table');

    // Act
    const create = () =>
      new InventoryPollers(stack, 'Pollers', {
        table,
        schedules: { mediatailor: events.Schedule.expression('rate(5 minutes)') },
      });

    // Assess
    expect(create).toThrow('InventoryPollers: schedules for unknown services: mediatailor');
  });
});
