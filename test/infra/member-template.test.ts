import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MEMBER_TEMPLATE_PATH, synthMemberTemplate } from '../../bin/member-template';
import { MediaMonitorMemberTemplateStack } from '../../lib/media-monitor-member-stack';
import { MONITORED_SERVICES } from '../../lib/services/registry';
import { allowedActions, asArray, type PolicyStatementJson } from './synth';

type Resource = { Type: string; Condition?: string; Properties: Record<string, unknown> };
interface CfnTemplate {
  Parameters: Record<string, { Type: string; Default?: string; AllowedValues?: string[] }>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Condition?: string; Value: unknown }>;
  Rules?: unknown;
}

function ofType(template: CfnTemplate, type: string): Array<[string, Resource]> {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

function roleStatements(template: CfnTemplate, roleId: string): PolicyStatementJson[] {
  return ofType(template, 'AWS::IAM::Policy')
    .filter(([, p]) =>
      asArray(p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === `{"Ref":"${roleId}"}`),
    )
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
}

function roleOf(template: CfnTemplate, prefix: string): [string, Resource] {
  const found = ofType(template, 'AWS::IAM::Role').find(([id]) => id.startsWith(prefix));
  if (!found) throw new Error(`no role ${prefix}*`);
  return found;
}

const BUS_ARN = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':events:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'MonitoringAccountId' },
      ':event-bus/media-monitor-',
      { Ref: 'DeploymentName' },
    ],
  ],
};

describe('the generic member template', () => {
  let template: CfnTemplate;
  beforeAll(() => {
    template = synthMemberTemplate() as unknown as CfnTemplate;
  });

  // Its formatting is prettier's (`npm run lint` checks the file); prettier 3 cannot load inside jest.
  it('is up to date: the checked-in file equals a fresh synthesis (npm run member-template)', () => {
    // Act
    const checkedIn = readFileSync(MEMBER_TEMPLATE_PATH, 'utf8');

    // Assess
    expect(JSON.parse(checkedIn)).toEqual(template);
  });

  it('takes the monitoring account, the deployment name and the options as parameters, and nothing of CDK', () => {
    // Assess
    expect(Object.keys(template.Parameters).sort()).toEqual([
      'CreateOperatorRole',
      'DeploymentName',
      'EncryptionRoleArns',
      'ExternalId',
      'ForwardEvents',
      'MonitoringAccountId',
    ]);
    expect(template.Parameters.EncryptionRoleArns).toMatchObject({ Type: 'CommaDelimitedList', Default: '' });
    expect(template.Parameters.CreateOperatorRole).toMatchObject({
      Default: 'false',
      AllowedValues: ['true', 'false'],
    });
    expect(template.Rules).toBeUndefined();
    expect(ofType(template, 'AWS::CDK::Metadata')).toEqual([]);
    expect(JSON.stringify(template)).not.toContain('cdk-hnb659fds');
  });

  it('requires the external id in both trusts only when the ExternalId parameter is not empty', () => {
    // Prepare
    const principalArn = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':iam::',
          { Ref: 'MonitoringAccountId' },
          ':role/media-monitor/',
          { Ref: 'DeploymentName' },
          '/*',
        ],
      ],
    };

    // Act
    const trusts = [roleOf(template, 'ReadRole'), roleOf(template, 'OperatorRole')].map(
      ([, role]) => (role.Properties.AssumeRolePolicyDocument as { Statement: PolicyStatementJson[] }).Statement,
    );

    // Assess
    expect(template.Conditions.HasExternalId).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ExternalId' }, ''] }] });
    for (const statements of trusts) {
      expect(statements).toHaveLength(1);
      expect(statements[0]!.Principal).toEqual({
        AWS: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'MonitoringAccountId' }, ':root']],
        },
      });
      expect(statements[0]!.Condition).toEqual({
        'Fn::If': [
          'HasExternalId',
          {
            ArnLike: { 'aws:PrincipalArn': principalArn },
            StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } },
          },
          { ArnLike: { 'aws:PrincipalArn': principalArn } },
        ],
      });
    }
  });

  it('grants the read role every registered service and the CloudWatch reads, as the member stack does', () => {
    // Prepare
    const scratch = new Stack(new App(), 'Scratch');
    const expected = allowedActions(
      MONITORED_SERVICES.flatMap((s) => [...s.inventoryStatements(scratch), ...s.repollStatements(scratch)]).map(
        (s) => scratch.resolve(s.toStatementJson()) as PolicyStatementJson,
      ),
    );

    // Act
    const [roleId, role] = roleOf(template, 'ReadRole');

    // Assess
    expect(role.Condition).toBeUndefined();
    expect(role.Properties.RoleName).toEqual({ 'Fn::Join': ['', ['media-monitor-read-', { Ref: 'AWS::Region' }]] });
    expect([...new Set(allowedActions(roleStatements(template, roleId)))].sort()).toEqual(
      [
        ...new Set([...expected, 'cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 'cloudwatch:ListMetrics']),
      ].sort(),
    );
  });

  it('creates the operator role only with CreateOperatorRole, and passes only the listed roles, only to MediaConnect', () => {
    // Act
    const [operatorId, operator] = roleOf(template, 'OperatorRole');
    const passRole = ofType(template, 'AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('iam:PassRole'),
    );

    // Assess
    expect(operator.Condition).toBe('CreateOperator');
    expect(allowedActions(roleStatements(template, operatorId)).filter((a) => a === 'iam:PassRole')).toHaveLength(1);
    expect(passRole).toHaveLength(1);
    const [, policy] = passRole[0]!;
    expect(policy.Condition).toBe('OperatorPassesRoles');
    expect((policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: { Ref: 'EncryptionRoleArns' },
        Condition: { StringEquals: { 'iam:PassedToService': 'mediaconnect.amazonaws.com' } },
      },
    ]);
    expect(template.Conditions.OperatorPassesRoles).toEqual({
      'Fn::And': [
        { Condition: 'CreateOperator' },
        { 'Fn::Not': [{ 'Fn::Equals': [{ 'Fn::Join': ['', { Ref: 'EncryptionRoleArns' }] }, ''] }] },
      ],
    });
  });

  it("forwards to the deployment's bus only with ForwardEvents, every forwarding resource under that condition", () => {
    // Act
    const rules = ofType(template, 'AWS::Events::Rule');
    const forwarding = Object.entries(template.Resources).filter(([id]) => id.startsWith('Forward'));

    // Assess
    expect(rules.length).toBeGreaterThan(4);
    for (const [, rule] of rules) expect((rule.Properties.Targets as Array<{ Arn: unknown }>)[0]!.Arn).toEqual(BUS_ARN);
    expect(forwarding.length).toBe(rules.length + 5);
    expect(forwarding.map(([, r]) => r.Condition)).toEqual(forwarding.map(() => 'Forward'));
    const [forwardRoleId] = roleOf(template, 'ForwardRole');
    expect(roleStatements(template, forwardRoleId)).toEqual([
      { Effect: 'Allow', Action: 'events:PutEvents', Resource: BUS_ARN },
    ]);
    expect(template.Outputs.ForwardRuleArns!.Condition).toBe('Forward');
    expect(template.Outputs.OperatorRoleArn!.Condition).toBe('CreateOperator');
  });

  it('refuses an env: the template is generic', () => {
    // Act
    const build = () =>
      new MediaMonitorMemberTemplateStack(new App(), 'T', { env: { account: '222222222222', region: 'eu-west-1' } });

    // Assess
    expect(build).toThrow('MediaMonitorMemberTemplateStack: the generic template is env-agnostic; set no env');
  });

  it('finds nothing unacknowledged by cdk-nag and no cfn-lint error', () => {
    // Prepare
    const app = new App();
    new MediaMonitorMemberTemplateStack(app, 'MediaMonitorMember');

    // Act
    const report = new AwsSolutionsChecks(app).validateScope(app);
    const lint = spawnSync('cfn-lint', ['--format', 'json', '--', MEMBER_TEMPLATE_PATH], { encoding: 'utf8' });

    // Assess
    expect(
      report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`)),
    ).toEqual([]);
    if (lint.error) throw new Error(`cfn-lint could not run (${lint.error.message}): pip install --user cfn-lint`);
    expect(lint.status === 1 || lint.status === null).toBe(false);
    const errors = (JSON.parse(lint.stdout || '[]') as Array<{ Level: string; Message: string }>).filter(
      (m) => m.Level === 'Error',
    );
    expect(errors.map((m) => m.Message)).toEqual([]);
  });
});
