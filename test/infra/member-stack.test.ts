import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as events from 'aws-cdk-lib/aws-events';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SERVICE_MODULES } from '../../lambdas/events/services/service-registry';
import { changeEventPattern } from '../../lib/change-events';
import type { WatchedTargetSpec } from '../../lib/deployment-spec';
import { mediaAlarmEventPattern, mediaServiceEventPatterns } from '../../lib/media-event-patterns';
import { MediaMonitorMemberStack, type MediaMonitorMemberStackProps } from '../../lib/media-monitor-member-stack';
import { MONITORED_SERVICES, RESOURCE_STAR_ACTIONS } from '../../lib/services/registry';
import { allowedActions, asArray, cdkJsonContext, resourcesOfType, type PolicyStatementJson } from './synth';

const DEPLOYMENT = { name: 'eu', account: '111111111111', region: 'eu-west-1' } as const;
const MEMBER = '222222222222';
const READ_ROLE_ARN = `arn:aws:iam::${MEMBER}:role/media-monitor/media-monitor-read-eu-west-1`;
const OPERATOR_ROLE_ARN = `arn:aws:iam::${MEMBER}:role/media-monitor/media-monitor-operate-eu-west-1`;
const FLOW_ARN = `arn:aws:mediaconnect:eu-west-1:${MEMBER}:flow:1-23aBC45dEF67hiJ8-12AbC34DE5fG:AwardsShow`;
const TOPIC_ARN = `arn:aws:sns:eu-west-1:${MEMBER}:existing-alarms`;
const BUS_ARN = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:111111111111:event-bus/media-monitor-eu']],
};
const PRINCIPAL_ARN = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/media-monitor/eu/*']],
};

function target(overrides: Partial<WatchedTargetSpec> = {}): WatchedTargetSpec {
  return {
    account: MEMBER,
    region: 'eu-west-1',
    credentials: {
      type: 'assume-role',
      roleArn: READ_ROLE_ARN,
      externalId: 'mm-eu-2222',
      sessionDurationSeconds: 3600,
    },
    services: ['mediaconnect', 'medialive', 'mediapackage', 'mediapackagev2'],
    quotas: {},
    forwardEvents: true,
    alarmTopicArns: [],
    alarmFlowArns: [],
    memberStack: true,
    ...overrides,
  };
}

function synthMember(props: Partial<MediaMonitorMemberStackProps> = {}): {
  app: App;
  stack: MediaMonitorMemberStack;
  template: Template;
} {
  const app = new App({ context: cdkJsonContext() });
  const stack = new MediaMonitorMemberStack(app, 'MediaMonitorMember-222222222222-eu-west-1', {
    deployment: DEPLOYMENT,
    target: target(),
    changeEvents: 'cloudtrail',
    ...props,
  });
  return { app, stack, template: Template.fromStack(stack) };
}

type Resource = { Type: string; Properties?: Record<string, unknown> };

function roleNamed(template: Template, roleName: string): [string, Resource] | undefined {
  return Object.entries(resourcesOfType(template, 'AWS::IAM::Role')).find(
    ([, r]) => r.Properties!.RoleName === roleName,
  );
}

/** The statements of every AWS::IAM::Policy attached to a role. */
function roleStatements(template: Template, roleId: string): PolicyStatementJson[] {
  return Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((p) => asArray(p.Properties!.Roles as unknown[]).some((r) => JSON.stringify(r) === `{"Ref":"${roleId}"}`))
    .flatMap((p) => (p.Properties!.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
}

/** The actions of statements built in a scratch stack of the member's env: what the services' builders grant. */
function builderActions(build: (stack: Stack) => Array<{ toStatementJson(): unknown }>): string[] {
  const stack = new Stack(new App(), 'Scratch', { env: { account: MEMBER, region: 'eu-west-1' } });
  const statements = build(stack).map((s) => stack.resolve(s.toStatementJson()) as PolicyStatementJson);
  return [...new Set(allowedActions(statements))].sort();
}

/** An EventPattern as CloudFormation holds it (`detail-type`). */
function rendered(pattern: events.EventPattern): Record<string, unknown> {
  const { detailType, ...rest } = pattern;
  return { ...rest, ...(detailType ? { 'detail-type': detailType } : {}) };
}

function cfnLintErrors(template: Template, name: string): string[] {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'mm-member-lint-')), `${name}.template.json`);
  writeFileSync(file, JSON.stringify(template.toJSON(), null, 1));
  const result = spawnSync('cfn-lint', ['--format', 'json', '--', file], { encoding: 'utf8' });
  if (result.error) throw new Error(`cfn-lint could not run (${result.error.message}): pip install --user cfn-lint`);
  if (result.status === 1 || result.status === null) throw new Error(`cfn-lint failed: ${result.stderr}`);
  const matches = JSON.parse(result.stdout || '[]') as Array<{ Level: string; Rule: { Id: string }; Message: string }>;
  return matches.filter((m) => m.Level === 'Error').map((m) => `${m.Rule.Id}: ${m.Message}`);
}

describe('MediaMonitorMemberStack', () => {
  let full: ReturnType<typeof synthMember>;
  beforeAll(() => {
    full = synthMember({
      target: target({
        operator: {
          type: 'assume-role',
          roleArn: OPERATOR_ROLE_ARN,
          externalId: 'mm-eu-2222',
          sessionDurationSeconds: 3600,
        },
        alarmTopicArns: [TOPIC_ARN],
        alarmFlowArns: [FLOW_ARN],
      }),
      encryptionSetups: [
        { name: 'zixi-partner', account: MEMBER, roleName: 'MediaConnect-zixi-partner', keyBits: 256 },
      ],
    });
  });

  describe('read role', () => {
    it('trusts only roles under the deployment role path in its account, with the configured external id', () => {
      // Act
      const [, role] = roleNamed(full.template, 'media-monitor-read-eu-west-1')!;

      // Assess
      expect(role.Properties!.Path).toBe('/media-monitor/');
      expect(role.Properties!.MaxSessionDuration).toBe(3600);
      expect(role.Properties!.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:root']] } },
            Condition: {
              ArnLike: { 'aws:PrincipalArn': PRINCIPAL_ARN },
              StringEquals: { 'sts:ExternalId': 'mm-eu-2222' },
            },
          },
        ],
      });
    });

    it('has no external id condition when none is configured', () => {
      // Act
      const { template } = synthMember({
        target: target({ credentials: { type: 'assume-role', roleArn: READ_ROLE_ARN, sessionDurationSeconds: 3600 } }),
      });

      // Assess
      const [, role] = roleNamed(template, 'media-monitor-read-eu-west-1')!;
      const statement = (role.Properties!.AssumeRolePolicyDocument as { Statement: PolicyStatementJson[] })
        .Statement[0]!;
      expect(statement.Condition).toEqual({ ArnLike: { 'aws:PrincipalArn': PRINCIPAL_ARN } });
      expect(JSON.stringify(role.Properties!.AssumeRolePolicyDocument)).not.toContain('ExternalId');
    });

    it("allows exactly the selected services' inventory and re-poll actions and the CloudWatch reads", () => {
      // Prepare
      const selected = MONITORED_SERVICES.filter((s) => s.service === 'mediaconnect' || s.service === 'medialive');
      const expected = builderActions((stack) => [
        ...selected.flatMap((s) => [...s.inventoryStatements(stack), ...s.repollStatements(stack)]),
      ]);

      // Act
      const { template } = synthMember({ target: target({ services: ['mediaconnect', 'medialive'] }) });

      // Assess
      const [roleId] = roleNamed(template, 'media-monitor-read-eu-west-1')!;
      const actions = [...new Set(allowedActions(roleStatements(template, roleId)))].sort();
      expect(actions).toEqual(
        [...expected, 'cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 'cloudwatch:ListMetrics'].sort(),
      );
      expect(actions.some((a) => a.startsWith('mediapackage'))).toBe(false);
      expect(actions.some((a) => /Start|Stop|Grant|Revoke|Update/.test(a))).toBe(false);
    });

    it("names the member's own account and Region in every resource ARN, and * only for actions without one", () => {
      // Act
      const [roleId] = roleNamed(full.template, 'media-monitor-read-eu-west-1')!;
      const statements = roleStatements(full.template, roleId);

      // Assess
      for (const statement of statements) {
        for (const resource of asArray(statement.Resource)) {
          if (resource === '*') {
            for (const action of asArray(statement.Action)) expect(RESOURCE_STAR_ACTIONS).toContain(action);
          } else {
            expect(JSON.stringify(resource)).toContain(`:eu-west-1:${MEMBER}:`);
          }
        }
      }
      expect(statements.length).toBeGreaterThan(5);
    });

    it('creates no role, and says so in its output, when the target assumes a role the user brings', () => {
      // Prepare
      const own = `arn:aws:iam::${MEMBER}:role/ops/monitor-reader`;

      // Act
      const { template } = synthMember({
        target: target({ credentials: { type: 'assume-role', roleArn: own, sessionDurationSeconds: 3600 } }),
      });

      // Assess
      expect(roleNamed(template, 'media-monitor-read-eu-west-1')).toBeUndefined();
      template.hasOutput('ReadRoleArn', {
        Value: own,
        Description: `No role created: the deployment assumes ${own}, a role you bring (not media-monitor-read-eu-west-1)`,
      });
    });

    it('creates no role for a key-pair target', () => {
      // Act
      const { template } = synthMember({
        target: target({
          credentials: {
            type: 'key-pair',
            secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:mm/partner-AbCdEf',
          },
        }),
      });

      // Assess
      expect(roleNamed(template, 'media-monitor-read-eu-west-1')).toBeUndefined();
      template.hasOutput('ReadRoleArn', { Value: 'none' });
    });
  });

  describe('operator role', () => {
    it('is created only when the target has an assume-role operator', () => {
      // Act
      const { template } = synthMember();

      // Assess
      expect(roleNamed(template, 'media-monitor-operate-eu-west-1')).toBeUndefined();
      expect(roleNamed(full.template, 'media-monitor-operate-eu-west-1')).toBeDefined();
      template.hasOutput('OperatorRoleArn', { Value: 'none' });
    });

    it("allows the services' API actions and passes exactly the account's encryption roles, only to MediaConnect", () => {
      // Prepare
      const expected = builderActions((stack) =>
        MONITORED_SERVICES.flatMap((s) => s.apiStatements(stack, { encryptionRoleArns: [] })),
      );
      const [setupRoleId] = roleNamed(full.template, 'MediaConnect-zixi-partner')!;

      // Act
      const [roleId, role] = roleNamed(full.template, 'media-monitor-operate-eu-west-1')!;
      const statements = roleStatements(full.template, roleId);

      // Assess
      expect([...new Set(allowedActions(statements))].sort()).toEqual([...expected, 'iam:PassRole'].sort());
      expect(statements.filter((s) => asArray(s.Action).includes('iam:PassRole'))).toEqual([
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: { 'Fn::GetAtt': [setupRoleId, 'Arn'] },
          Condition: { StringEquals: { 'iam:PassedToService': 'mediaconnect.amazonaws.com' } },
        },
      ]);
      expect(role.Properties!.AssumeRolePolicyDocument).toEqual(
        roleNamed(full.template, 'media-monitor-read-eu-west-1')![1].Properties!.AssumeRolePolicyDocument,
      );
    });

    it('passes no role at all when the account has no encryption setup', () => {
      // Act
      const { template } = synthMember({
        target: target({ operator: { type: 'assume-role', roleArn: OPERATOR_ROLE_ARN, sessionDurationSeconds: 3600 } }),
      });

      // Assess
      const [roleId] = roleNamed(template, 'media-monitor-operate-eu-west-1')!;
      expect(allowedActions(roleStatements(template, roleId))).not.toContain('iam:PassRole');
    });
  });

  describe('event forwarding', () => {
    it("forwards with the monitoring stack's own patterns: each service's events, alarm state changes, change calls", () => {
      // Prepare
      const bySource = mediaServiceEventPatterns();
      const expected = [
        ...SERVICE_MODULES.map((m) => rendered(bySource[m.eventSource]!)),
        rendered(mediaAlarmEventPattern()),
        ...SERVICE_MODULES.flatMap((m) => {
          const pattern = changeEventPattern(m);
          return pattern ? [rendered(pattern)] : [];
        }),
      ];

      // Act
      const rules = Object.values(resourcesOfType(full.template, 'AWS::Events::Rule'));

      // Assess
      expect(rules.map((r) => r.Properties!.EventPattern)).toEqual(expect.arrayContaining(expected));
      expect(rules).toHaveLength(expected.length);
      expect(rules.every((r) => r.Properties!.EventBusName === undefined)).toBe(true);
    });

    it("targets exactly the deployment's bus through a role that may only put events on it, with a DLQ", () => {
      // Act
      const rules = Object.values(resourcesOfType(full.template, 'AWS::Events::Rule'));
      const [roleId, role] = Object.entries(resourcesOfType(full.template, 'AWS::IAM::Role')).find(([id]) =>
        id.startsWith('ForwardRole'),
      )!;
      const [queueId] = Object.keys(resourcesOfType(full.template, 'AWS::SQS::Queue'));

      // Assess
      for (const rule of rules)
        expect(rule.Properties!.Targets).toEqual([
          {
            Id: 'Target0',
            Arn: BUS_ARN,
            RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
          },
        ]);
      expect(roleStatements(full.template, roleId)).toEqual([
        { Effect: 'Allow', Action: 'events:PutEvents', Resource: BUS_ARN },
      ]);
      expect(role.Properties!.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'events.amazonaws.com' } }],
      });
    });

    it('forwards only the selected services, and no change calls when changeEvents is off', () => {
      // Act
      const { template } = synthMember({ target: target({ services: ['mediaconnect'] }), changeEvents: 'off' });

      // Assess
      const patterns = Object.values(resourcesOfType(template, 'AWS::Events::Rule')).map(
        (r) => r.Properties!.EventPattern,
      );
      expect(patterns).toEqual([
        rendered(mediaServiceEventPatterns()['aws.mediaconnect']!),
        rendered(mediaAlarmEventPattern()),
      ]);
    });

    it('creates no rule, role or queue when the target does not forward events', () => {
      // Act
      const { template } = synthMember({ target: target({ forwardEvents: false }) });

      // Assess
      expect(resourcesOfType(template, 'AWS::Events::Rule')).toEqual({});
      expect(resourcesOfType(template, 'AWS::SQS::Queue')).toEqual({});
      template.hasOutput('ForwardRuleArns', { Value: 'none' });
    });
  });

  describe('alarm topics and flow alarms', () => {
    it('lets the deployment account subscribe its own SQS queues to the alarm topics', () => {
      // Act
      const [policy] = Object.values(resourcesOfType(full.template, 'AWS::SNS::TopicPolicy')).filter((p) =>
        asArray(p.Properties!.Topics as unknown[]).includes(TOPIC_ARN),
      );

      // Assess
      const statements = (policy!.Properties!.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement;
      expect(statements.find((s) => s.Sid === 'MonitoringDeploymentSubscribes')).toEqual({
        Sid: 'MonitoringDeploymentSubscribes',
        Effect: 'Allow',
        Action: 'sns:Subscribe',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:root']] } },
        Resource: TOPIC_ARN,
        Condition: {
          StringEquals: { 'sns:Protocol': 'sqs' },
          ArnLike: {
            'sns:Endpoint': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sqs:eu-west-1:111111111111:*']] },
          },
        },
      });
      expect(statements.map((s) => s.Sid)).toEqual([
        'OwnerAccount',
        'CloudWatchAlarmsOfThisAccount',
        'MonitoringDeploymentSubscribes',
      ]);
    });

    it("refuses an alarm topic outside the member's account and Region", () => {
      // Act
      const build = () => synthMember({ target: target({ alarmTopicArns: ['arn:aws:sns:eu-west-1:999999999999:x'] }) });

      // Assess
      expect(build).toThrow('alarm topic arn:aws:sns:eu-west-1:999999999999:x is not in 222222222222/eu-west-1');
    });

    it('creates the default flow alarms in the member account, publishing to an encrypted topic', () => {
      // Act
      const alarms = Object.values(resourcesOfType(full.template, 'AWS::CloudWatch::Alarm')).filter(
        (a) => a.Properties!.Namespace === 'AWS/MediaConnect',
      );

      // Assess
      expect(alarms.map((a) => a.Properties!.MetricName).sort()).toEqual([
        'OutputDisconnections',
        'SourceConnected',
        'SourceNotRecoveredPackets',
      ]);
      expect(alarms.every((a) => JSON.stringify(a.Properties!.Dimensions).includes(FLOW_ARN))).toBe(true);
      const [topicId, topic] = Object.entries(resourcesOfType(full.template, 'AWS::SNS::Topic'))[0]!;
      expect(topic.Properties!.KmsMasterKeyId).toBeDefined();
      expect(alarms.every((a) => JSON.stringify(a.Properties!.AlarmActions) === `[{"Ref":"${topicId}"}]`)).toBe(true);
    });
  });

  describe('stack', () => {
    it('creates the encryption setups of its account with the fixed secret name', () => {
      // Assess
      const names = Object.values(resourcesOfType(full.template, 'AWS::SecretsManager::Secret')).map(
        (secret) => secret.Properties!.Name,
      );
      expect(names).toEqual(['media-monitor/encryption/zixi-partner']);
    });

    it('outputs ReadRoleArn, OperatorRoleArn and ForwardRuleArns', () => {
      // Act
      const outputs = full.template.toJSON().Outputs as Record<string, { Value: unknown }>;
      const rules = Object.keys(resourcesOfType(full.template, 'AWS::Events::Rule'));

      // Assess
      const [readId] = roleNamed(full.template, 'media-monitor-read-eu-west-1')!;
      const [operatorId] = roleNamed(full.template, 'media-monitor-operate-eu-west-1')!;
      expect(outputs.ReadRoleArn!.Value).toEqual({ 'Fn::GetAtt': [readId, 'Arn'] });
      expect(outputs.OperatorRoleArn!.Value).toEqual({ 'Fn::GetAtt': [operatorId, 'Arn'] });
      expect(outputs.ForwardRuleArns!.Value).toEqual({
        'Fn::Join': [',', rules.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] }))],
      });
    });

    it("refuses an env other than the target's, and a deployment in another Region", () => {
      // Act
      const otherEnv = () => synthMember({ env: { account: '333333333333', region: 'eu-west-1' } });
      const otherRegion = () => synthMember({ deployment: { ...DEPLOYMENT, region: 'us-east-1' } });

      // Assess
      expect(otherEnv).toThrow(
        "the stack's env 333333333333/eu-west-1 is not the watched target 222222222222/eu-west-1",
      );
      expect(otherRegion).toThrow('the deployment is in us-east-1, the target in eu-west-1');
    });

    it('finds nothing unacknowledged by cdk-nag and no cfn-lint error with every option on', () => {
      // Act
      const report = new AwsSolutionsChecks(full.app).validateScope(full.app);
      const lint = cfnLintErrors(full.template, 'member');

      // Assess
      expect(
        report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`)),
      ).toEqual([]);
      expect(lint).toEqual([]);
    });
  });
});
