import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AlarmReconciler } from '../../lib/alarm-reconciler';
import { StateTable } from '../../lib/state-table';
import {
  allowedActions,
  assertHasResource,
  functionStatements,
  logicalIdOf,
  referenceTemplate,
  resourcesOfType,
  type SynthesizedTemplate,
} from './synth';

const RECONCILER = 'MediaMonitorAlarmReconcilerReconcileFunction';

describe('AlarmReconciler', () => {
  let synthesized: SynthesizedTemplate;
  beforeAll(() => {
    synthesized = referenceTemplate();
  }, 180_000);

  it('runs the reconciliation every 15 minutes, handing failed runs to its dead-letter queue', () => {
    // Prepare
    const functionId = logicalIdOf(synthesized.template, 'AWS::Lambda::Function', RECONCILER);

    // Assess
    assertHasResource(synthesized.template, 'AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 120 },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MediaMonitorAlarmReconciler.*DeadLetterQueue'), 'Arn'] },
          },
        }),
      ],
    });
  });

  it('does not retry a failed run: the next run redoes all of it', () => {
    // Prepare
    const functionId = logicalIdOf(synthesized.template, 'AWS::Lambda::Function', RECONCILER);

    // Assess
    assertHasResource(synthesized.template, 'AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 0,
    });
    assertHasResource(synthesized.template, 'AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('failed alarm reconciliations'),
    });
  });

  it('may describe the alarms of its own account and region, and nothing else in CloudWatch', () => {
    // Prepare
    const statements = functionStatements(synthesized.template, RECONCILER);

    // Assess
    const cloudWatch = statements.filter((s) => JSON.stringify(s.Action).includes('cloudwatch:'));
    expect(cloudWatch).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'cloudwatch:DescribeAlarms',
        Resource: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:eu-west-1:123456789012:alarm:*']],
        },
      }),
    ]);
    const actions = allowedActions(statements);
    const others = actions.filter((a) => !/^(dynamodb|logs|xray):/.test(a)).sort();
    expect(others).toEqual(['cloudwatch:DescribeAlarms', 'sqs:SendMessage']);
  });

  it('passes its request budget and the history retention as environment variables', () => {
    // Prepare
    const functions = resourcesOfType(synthesized.template, 'AWS::Lambda::Function');
    const [, fn] = Object.entries(functions).find(([id]) => id.startsWith(RECONCILER))!;

    // Assess
    expect((fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      ALARM_RECONCILE_RPS: '1',
      EVENT_HISTORY_DAYS: expect.stringMatching(/^\d+$/),
      ACCOUNT_ID: '123456789012',
      STATE_TABLE_NAME: { Ref: expect.stringMatching(/^MediaMonitorStateTable/) },
    });
  });

  it('refuses a DescribeAlarms budget above what CloudWatch allows', () => {
    // Prepare
    const stack = new Stack(new App(), 'ReconcilerTest', { env: { account: '123456789012', region: 'eu-west-1' } });
    const table = new StateTable(stack, 'Table', {});

    // Act
    const create = () => new AlarmReconciler(stack, 'Reconciler', { table, describeAlarmsRps: 10 });

    // Assess
    expect(create).toThrow('AlarmReconciler: describeAlarmsRps must be greater than 0 and at most 9');
  });
});
