import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SSM_ADVANCED_MAX_CHARS, SSM_STANDARD_MAX_CHARS } from '../../lib/target-registry';
import { COMPRESSED_REGISTRY_PREFIX, decodeRegistryValue } from '../../lambdas/shared/watched-targets';
import { monitorRolePath, targetsParameterName } from '../../lib/member-naming';
import { parseTargetRegistry } from '../../lambdas/shared/watched-targets';
import { cfnLint, report } from './cfn-lint';
import {
  EU,
  EU_DEPLOYMENT,
  MEMBER_ACCOUNT,
  MONITOR_ACCOUNT,
  memberTarget,
  PARTNER_ACCOUNT,
  PARTNER_SECRET_ARN,
  selfOnlyDeployment,
  synthDeployment,
  watched,
  type SynthesizedDeployment,
} from './deployments';
import {
  asArray,
  FUNCTION_PREFIXES,
  functionStatements,
  REFERENCE_CONFIG,
  resourcesOfType,
  TEST_ENV,
  type PolicyStatementJson,
} from './synth';

const READ_ROLE = `arn:aws:iam::${MEMBER_ACCOUNT}:role/media-monitor/media-monitor-read-${EU}`;
const OPERATOR_ROLE = `arn:aws:iam::${MEMBER_ACCOUNT}:role/media-monitor/media-monitor-operate-${EU}`;
const ALL_FUNCTIONS = Object.values(FUNCTION_PREFIXES);
const MEMBER_KEY = `${MEMBER_ACCOUNT}#${EU}`;
const PARTNER_KEY = `${PARTNER_ACCOUNT}#${EU}`;
const OWN_KEY = `${MONITOR_ACCOUNT}#${EU}`;

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: unknown };

/** The resources of a stack's JSON, by logical id. */
const resources = (template: Template) => (template.toJSON() as { Resources: Record<string, Resource> }).Resources;

/** The statements of a function's role that allow one action. */
function statementsFor(template: Template, prefix: string, action: string): PolicyStatementJson[] {
  return functionStatements(template, prefix).filter((s) => asArray(s.Action).includes(action));
}

/** The resources a function's role may use one action on. */
function resourcesFor(template: Template, prefix: string, action: string): unknown[] {
  return statementsFor(template, prefix, action).flatMap((s) => asArray(s.Resource));
}

describe('a deployment that watches only itself', () => {
  it.each([
    ['the default config', {}],
    ['the reference config with every option on', REFERENCE_CONFIG],
  ])('synthesizes exactly the single-account template with %s', (_case, config) => {
    // Prepare
    const without = synthDeployment(undefined, config, TEST_ENV).template.toJSON();

    // Act
    const selfOnly = synthDeployment(selfOnlyDeployment(TEST_ENV.account, TEST_ENV.region), config, TEST_ENV);

    // Assess
    expect(JSON.stringify(selfOnly.template.toJSON())).toBe(JSON.stringify(without));
    expect(selfOnly.stack.monitor.schedules).toBeUndefined();
    expect(selfOnly.stack.monitor.targetRegistry).toBeUndefined();
  });

  it('keeps its EventBridge rules and one reserved instance per inventory function', () => {
    // Act
    const { template } = synthDeployment(selfOnlyDeployment(TEST_ENV.account, TEST_ENV.region), {}, TEST_ENV);

    // Assess
    const scheduleRules = Object.values(resourcesOfType(template, 'AWS::Events::Rule')).filter(
      (r) => r.Properties!.ScheduleExpression !== undefined,
    );
    expect(scheduleRules).toHaveLength(6);
    const inventories = Object.entries(resourcesOfType(template, 'AWS::Lambda::Function')).filter(([id]) =>
      id.startsWith('MediaMonitorInventoryPollers'),
    );
    expect(inventories.map(([, fn]) => fn.Properties!.ReservedConcurrentExecutions)).toEqual([1, 1, 1, 1]);
  });
});

describe("the sample config's eu deployment (itself, a member through its roles, a partner's key pair)", () => {
  let synthesized: SynthesizedDeployment;
  let template: Template;
  let nested: Template;
  beforeAll(() => {
    synthesized = synthDeployment(EU_DEPLOYMENT);
    template = synthesized.template;
    nested = Template.fromStack(synthesized.stack.monitor.schedules!.nestedStacks[0]!);
  });

  it("alarms when a target's credentials fail, once per poller that reads targets", () => {
    // Act
    const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).filter(
      (alarm) =>
        (alarm as { Properties: { MetricName?: string } }).Properties.MetricName === 'TargetCredentialFailures',
    ) as unknown as { Properties: { Dimensions: { Name: string; Value: string }[]; DatapointsToAlarm: number } }[];
    const pollers = alarms.map((a) => a.Properties.Dimensions.find((d) => d.Name === 'poller')?.Value).sort();

    // Assess
    expect(pollers).toEqual([
      'alarm-reconcile',
      'mediaconnect-inventory',
      'medialive-inventory',
      'mediapackage-inventory',
      'mediapackagev2-inventory',
      'metrics',
    ]);
    expect(alarms.every((a) => a.Properties.DatapointsToAlarm === 2)).toBe(true);
  });

  it('writes a registry parameter that the functions parse back to the watched targets', () => {
    // Act
    const [parameter] = Object.values(resourcesOfType(template, 'AWS::SSM::Parameter'));

    // Assess
    expect(parameter!.Properties).toMatchObject({
      Name: '/media-monitor/eu/targets',
      Type: 'String',
      Tier: 'Standard',
    });
    const registry = parseTargetRegistry(parameter!.Properties!.Value, 'the parameter');
    expect(registry.deployment).toEqual({ account: MONITOR_ACCOUNT, region: EU, name: 'eu' });
    expect(registry.targets).toEqual(
      EU_DEPLOYMENT.watch.map(({ account, region, credentials, operator, services, quotas, metricSet }) => ({
        account,
        region,
        credentials,
        ...(operator ? { operator } : {}),
        services,
        quotas,
        ...(metricSet ? { metricSet } : {}),
      })),
    );
    expect(registry.encryptionSetups).toEqual([
      {
        name: 'zixi-partner',
        account: MEMBER_ACCOUNT,
        region: EU,
        roleArn: `arn:aws:iam::${MEMBER_ACCOUNT}:role/MediaConnect-zixi-partner`,
        secretArn: `arn:aws:secretsmanager:${EU}:${MEMBER_ACCOUNT}:secret:media-monitor/encryption/zixi-partner`,
      },
    ]);
  });

  it('names the parameter in every function and lets each read exactly that parameter', () => {
    // Prepare
    const functions = Object.entries(resourcesOfType(template, 'AWS::Lambda::Function'));

    // Assess
    expect(functions).toHaveLength(ALL_FUNCTIONS.length);
    for (const [id, fn] of functions) {
      const variables = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      const parameter = resourcesOfType(template, 'AWS::SSM::Parameter')[
        (variables.TARGETS_PARAMETER as { Ref: string }).Ref
      ];
      expect({ id, parameter: parameter?.Properties!.Name }).toEqual({ id, parameter: targetsParameterName('eu') });
    }
    for (const prefix of ALL_FUNCTIONS) {
      expect(statementsFor(template, prefix, 'ssm:GetParameter')).toEqual([
        {
          Action: 'ssm:GetParameter',
          Effect: 'Allow',
          Resource: {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                `:ssm:${EU}:${MONITOR_ACCOUNT}:parameter`,
                { Ref: expect.stringMatching(/^MediaMonitorTargetRegistryParameter/) },
              ],
            ],
          },
        },
      ]);
    }
  });

  it("puts every function role under the deployment's path, which the member trust policies match", () => {
    // Act
    const roleIds = Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).map(
      (fn) => (fn.Properties!.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
    );

    // Assess
    const roles = resourcesOfType(template, 'AWS::IAM::Role');
    expect(roleIds.map((id) => roles[id]!.Properties!.Path)).toEqual(ALL_FUNCTIONS.map(() => monitorRolePath('eu')));
    expect(monitorRolePath('eu')).toBe('/media-monitor/eu/');
  });

  it.each([
    ['the MediaConnect inventory', FUNCTION_PREFIXES.mediaConnectInventory, [READ_ROLE], true],
    [
      'the MediaLive inventory (the partner does not watch MediaLive)',
      FUNCTION_PREFIXES.mediaLiveInventory,
      [READ_ROLE],
      false,
    ],
    ['the metrics poller', FUNCTION_PREFIXES.metrics, [READ_ROLE], true],
    ['the alarm reconciliation', FUNCTION_PREFIXES.alarmReconcile, [READ_ROLE], true],
    ['the ingest (re-polls)', FUNCTION_PREFIXES.ingest, [READ_ROLE], true],
    ['the API (re-polls and actions)', FUNCTION_PREFIXES.api, [READ_ROLE, OPERATOR_ROLE], true],
  ])('lets %s assume exactly its targets’ roles and read exactly their key pairs', (_name, prefix, roles, keyPair) => {
    // Act
    const assumable = resourcesFor(template, prefix, 'sts:AssumeRole');
    // The API also reads its own page-token secret (a reference, not a target's).
    const secrets = resourcesFor(template, prefix, 'secretsmanager:GetSecretValue').filter(
      (r) => typeof r === 'string',
    );

    // Assess
    expect([...assumable].sort()).toEqual([...roles].sort());
    expect(secrets).toEqual(keyPair ? [PARTNER_SECRET_ARN] : []);
  });

  it('decrypts a key-pair secret only through Secrets Manager, and only that secret', () => {
    // Act
    const statements = statementsFor(template, FUNCTION_PREFIXES.metrics, 'kms:Decrypt');

    // Assess
    expect(statements).toEqual([
      {
        Action: 'kms:Decrypt',
        Effect: 'Allow',
        Resource: `arn:aws:kms:${EU}:${MONITOR_ACCOUNT}:key/*`,
        Condition: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${EU}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:SecretARN': [PARTNER_SECRET_ARN] },
        },
      },
    ]);
    expect(statementsFor(template, FUNCTION_PREFIXES.mediaLiveInventory, 'kms:Decrypt')).toEqual([]);
  });

  it('grants sts, Secrets Manager and SSM access on named resources only', () => {
    // Act
    const wildcards = ALL_FUNCTIONS.flatMap((prefix) =>
      functionStatements(template, prefix)
        .filter((s) => asArray(s.Action).some((a) => /^(sts|secretsmanager|ssm):/.test(a)))
        .flatMap((s) => asArray(s.Resource))
        .filter((r) => JSON.stringify(r).includes('*'))
        .map((r) => `${prefix}: ${JSON.stringify(r)}`),
    );

    // Assess
    expect(wildcards).toEqual([]);
  });

  it('schedules each poller once per target it watches, with the target as input', () => {
    // Act
    const schedules = Object.values(resources(nested)).filter((r) => r.Type === 'AWS::Scheduler::Schedule');

    // Assess
    const runs = schedules.map(
      (s) =>
        `${String(s.Properties.Name)} ${String(s.Properties.ScheduleExpression)} ${String((s.Properties.Target as { Input: string }).Input)}`,
    );
    const run = (poller: string, key: string, expression: string) =>
      `${poller}-${key.replace('#', '-')} ${expression} {"target":"${key}"}`;
    expect(runs.sort()).toEqual(
      [
        ...[OWN_KEY, MEMBER_KEY].flatMap((key) => [
          run('mediaconnect-inventory', key, 'rate(5 minutes)'),
          run('medialive-inventory', key, 'rate(5 minutes)'),
          run('mediapackage-inventory', key, 'rate(5 minutes)'),
          run('mediapackagev2-inventory', key, 'rate(5 minutes)'),
        ]),
        // The partner watches MediaConnect only, on its own inventory schedule.
        run('mediaconnect-inventory', PARTNER_KEY, 'rate(10 minutes)'),
        ...[OWN_KEY, MEMBER_KEY, PARTNER_KEY].flatMap((key) => [
          run('metrics', key, 'rate(1 minute)'),
          run('alarm-reconcile', key, 'rate(15 minutes)'),
        ]),
      ].sort(),
    );
    expect(runs.filter((r) => r.includes(PARTNER_ACCOUNT) && r.startsWith('medialive'))).toEqual([]);
  });

  it("hands each run to its poller once, within 2 minutes, with failures in that poller's dead-letter queue", () => {
    // Prepare
    const parameters = (template.toJSON() as { Resources: Record<string, Resource> }).Resources[
      Object.keys(resourcesOfType(template, 'AWS::CloudFormation::Stack'))[0]!
    ]!.Properties.Parameters as Record<string, { 'Fn::GetAtt': [string, string] }>;
    const parent = (ref: unknown) => parameters[(ref as { Ref: string }).Ref]!['Fn::GetAtt'][0];

    // Act
    const targets = Object.values(resources(nested))
      .filter((r) => r.Type === 'AWS::Scheduler::Schedule')
      .map((s) => ({ name: String(s.Properties.Name), target: s.Properties.Target as Record<string, unknown> }));

    // Assess
    expect(targets).toHaveLength(15);
    for (const { name, target } of targets) {
      const fn = parent(target.Arn);
      const dlq = parent((target.DeadLetterConfig as { Arn: unknown }).Arn);
      expect({ name, retry: target.RetryPolicy }).toEqual({
        name,
        retry: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 120 },
      });
      expect({ name, dlqOfTheFunction: dlq.startsWith(fn.replace(/[0-9A-F]{8}$/, '')) }).toEqual({
        name,
        dlqOfTheFunction: true,
      });
      expect(resourcesOfType(template, 'AWS::SQS::Queue')[dlq]).toBeDefined();
    }
  });

  it("lets Scheduler act only for this account's schedule group, invoking the pollers and filling their queues", () => {
    // Act
    const roles = Object.values(resources(nested)).filter((r) => r.Type === 'AWS::IAM::Role');
    const [policy] = Object.values(resources(nested)).filter((r) => r.Type === 'AWS::IAM::Policy');

    // Assess
    expect(roles).toHaveLength(1);
    const trust = roles[0]!.Properties.AssumeRolePolicyDocument as { Statement: PolicyStatementJson[] };
    expect(trust.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: {
            'aws:SourceAccount': MONITOR_ACCOUNT,
            'aws:SourceArn': { 'Fn::GetAtt': [expect.stringMatching(/^Group/), 'Arn'] },
          },
        },
      },
    ]);
    const statements = (policy!.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement;
    expect(statements.map((s) => [s.Action, asArray(s.Resource).length])).toEqual([
      ['lambda:InvokeFunction', 6],
      ['sqs:SendMessage', 6],
    ]);
    expect(JSON.stringify(statements)).not.toContain('*');
  });

  it('creates no poller rule and reserves no inventory instance (the per-target lease keeps one run per target)', () => {
    // Act
    const scheduleRules = Object.values(resourcesOfType(template, 'AWS::Events::Rule')).filter(
      (r) => r.Properties!.ScheduleExpression !== undefined,
    );
    const reserved = Object.entries(resourcesOfType(template, 'AWS::Lambda::Function'))
      .filter(([, fn]) => fn.Properties!.ReservedConcurrentExecutions !== undefined)
      .map(([id, fn]) => [id.replace(/[0-9A-F]{8}$/, ''), fn.Properties!.ReservedConcurrentExecutions]);

    // Assess
    expect(scheduleRules).toEqual([]);
    expect(reserved).toEqual([['MediaMonitorApiApiFunction', 3]]);
  });

  it('admits exactly the forwarding member accounts to the member bus', () => {
    // Act
    const [policy] = Object.values(resourcesOfType(template, 'AWS::Events::EventBusPolicy'));
    const [busId] = Object.keys(resourcesOfType(template, 'AWS::Events::EventBus'));

    // Assess
    expect(resourcesOfType(template, 'AWS::Events::EventBus')[busId!]!.Properties).toMatchObject({
      Name: 'media-monitor-eu',
    });
    expect(policy!.Properties).toEqual({
      EventBusName: { Ref: busId },
      StatementId: 'MemberAccountsPutEvents',
      Statement: {
        Sid: 'MemberAccountsPutEvents',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Principal: {
          AWS: [MEMBER_ACCOUNT, PARTNER_ACCOUNT].map((account) => ({
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:root`]],
          })),
        },
        Resource: { 'Fn::GetAtt': [busId, 'Arn'] },
      },
    });
  });

  it("routes the member bus to the ingest queue with the default bus's patterns", () => {
    // Prepare
    const [busId] = Object.keys(resourcesOfType(template, 'AWS::Events::EventBus'));
    const rules = Object.entries(resourcesOfType(template, 'AWS::Events::Rule'));
    const onBus = rules.filter(
      ([, r]) => JSON.stringify(r.Properties!.EventBusName) === JSON.stringify({ Ref: busId }),
    );
    const onDefault = rules.filter(([, r]) => r.Properties!.EventBusName === undefined);
    const patterns = (list: typeof rules) => list.map(([, r]) => JSON.stringify(r.Properties!.EventPattern)).sort();

    // Act
    const targets = onBus.map(([, r]) => (r.Properties!.Targets as Array<{ Arn: unknown }>).map((t) => t.Arn));

    // Assess: four services, alarm state changes, and the CloudTrail change rules.
    expect(onBus.length).toBeGreaterThanOrEqual(9);
    expect(patterns(onBus)).toEqual(patterns(onDefault));
    const queueId = Object.keys(resourcesOfType(template, 'AWS::SQS::Queue')).find((id) =>
      /^MediaMonitorEventIngestQueue[0-9A-F]{8}$/.test(id),
    );
    for (const arns of targets) expect(arns).toEqual([{ 'Fn::GetAtt': [queueId, 'Arn'] }]);
    const admitted = Object.values(resourcesOfType(template, 'AWS::SQS::QueuePolicy'))
      .flatMap((p) => (p.Properties!.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement)
      .map((s) => JSON.stringify(s.Condition?.ArnEquals?.['aws:SourceArn']));
    for (const [id] of onBus) expect(admitted).toContain(JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }));
  });

  it('outputs the bus ARN for the member stacks and the registry parameter name', () => {
    // Act
    const outputs = (template.toJSON() as { Outputs: Record<string, { Value: unknown }> }).Outputs;

    // Assess
    const [busId] = Object.keys(resourcesOfType(template, 'AWS::Events::EventBus'));
    expect(outputs.EventBusArn!.Value).toEqual({ 'Fn::GetAtt': [busId, 'Arn'] });
    expect(outputs.TargetsParameterName!.Value).toEqual({ Ref: expect.stringMatching(/TargetRegistryParameter/) });
  });

  it('finds nothing unacknowledged with cdk-nag, in the stack or its schedules', () => {
    // Act
    const result = new AwsSolutionsChecks(synthesized.app).validateScope(synthesized.app);

    // Assess
    expect(
      result.violations.flatMap((v) =>
        v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath ?? r.resourceLogicalId}`),
      ),
    ).toEqual([]);
  });

  it.each([
    ['the deployment stack', () => template, 'eu-parent'],
    ['the schedules stack', () => nested, 'eu-schedules'],
  ])('finds no cfn-lint error in %s', (_case, which, name) => {
    // Act
    const matches = cfnLint({ template: which() }, name);

    // Assess
    expect(report(matches.filter((m) => m.Level === 'Error'))).toEqual([]);
  });
});

describe("a member's alarm topics", () => {
  it('subscribes the ingest queue, admits the topic by its ARN and accepts its notifications', () => {
    // Prepare
    const topicArn = `arn:aws:sns:${EU}:${MEMBER_ACCOUNT}:media-alarms`;
    const deployment = {
      ...EU_DEPLOYMENT,
      watch: [
        watched({ account: MONITOR_ACCOUNT }),
        { ...memberTarget(MEMBER_ACCOUNT, 'x-1'), alarmTopicArns: [topicArn] },
      ],
      encryptionSetups: [],
    };

    // Act
    const { template } = synthDeployment(deployment);

    // Assess
    const subscriptions = Object.values(resourcesOfType(template, 'AWS::SNS::Subscription')).filter(
      (r) => r.Properties!.TopicArn === topicArn,
    );
    expect(
      subscriptions.map((r) => [
        r.Properties!.Protocol,
        (r.Properties!.Endpoint as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0],
      ]),
    ).toEqual([['sqs', expect.stringMatching(/^MediaMonitorEventIngestQueue[0-9A-F]{8}$/)]]);
    const admitted = Object.values(resourcesOfType(template, 'AWS::SQS::QueuePolicy'))
      .flatMap((p) => (p.Properties!.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement)
      .map((s) => s.Condition?.ArnEquals?.['aws:SourceArn']);
    expect(admitted).toContain(topicArn);
    const ingest = Object.entries(resourcesOfType(template, 'AWS::Lambda::Function')).find(([id]) =>
      id.startsWith(FUNCTION_PREFIXES.ingest),
    )![1];
    const expected = (ingest.Properties!.Environment as { Variables: { EXPECTED_TOPIC_ARNS: unknown } }).Variables;
    expect(JSON.stringify(expected.EXPECTED_TOPIC_ARNS)).toContain(topicArn);
  });
});

describe('an encryption setup in the deployment’s own account', () => {
  it('is created in the deployment stack: its secret by the fixed name, its role trusted by MediaConnect', () => {
    // Prepare
    const deployment = {
      ...selfOnlyDeployment(MONITOR_ACCOUNT, EU),
      encryptionSetups: [
        { name: 'own', account: MONITOR_ACCOUNT, roleName: 'MediaConnect-own', keyBits: 256 as const },
      ],
    };

    // Act
    const { template } = synthDeployment(deployment);

    // Assess
    const secrets = template.findResources('AWS::SecretsManager::Secret', {
      Properties: { Name: 'media-monitor/encryption/own' },
    });
    expect(Object.keys(secrets)).toHaveLength(1);
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'MediaConnect-own',
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'mediaconnect.amazonaws.com' } })],
      }),
    });
  });

  it('lets the API pass exactly its role to MediaConnect', () => {
    // Prepare
    const deployment = {
      ...selfOnlyDeployment(MONITOR_ACCOUNT, EU),
      encryptionSetups: [
        { name: 'own', account: MONITOR_ACCOUNT, roleName: 'MediaConnect-own', keyBits: 256 as const },
      ],
    };

    // Act
    const { template } = synthDeployment(deployment);

    // Assess
    expect(statementsFor(template, FUNCTION_PREFIXES.api, 'iam:PassRole')).toEqual([
      expect.objectContaining({
        Resource: `arn:aws:iam::${MONITOR_ACCOUNT}:role/MediaConnect-own`,
        Condition: { StringEquals: { 'iam:PassedToService': 'mediaconnect.amazonaws.com' } },
      }),
    ]);
  });
});

describe('a deployment of 50 targets', () => {
  let synthesized: SynthesizedDeployment;
  beforeAll(() => {
    // Itself and 49 members read through their member roles, without external ids: the shortest registry entries.
    const members = Array.from({ length: 49 }, (_, i) => {
      const account = `2222222222${String(i).padStart(2, '0')}`;
      return watched({
        account,
        credentials: {
          type: 'assume-role',
          roleArn: `arn:aws:iam::${account}:role/media-monitor/media-monitor-read-${EU}`,
          sessionDurationSeconds: 3600,
        },
      });
    });
    synthesized = synthDeployment({
      ...EU_DEPLOYMENT,
      watch: [watched({ account: MONITOR_ACCOUNT }), ...members],
      encryptionSetups: [],
    });
  });

  it('stays under 500 resources in the deployment stack and in its schedules stack', () => {
    // Act
    const parentCount = Object.keys(resources(synthesized.template)).length;
    const nestedCounts = synthesized.stack.monitor.schedules!.nestedStacks.map(
      (n) => Object.keys(resources(Template.fromStack(n))).length,
    );

    // Assess
    console.log(
      `50 targets: deployment stack ${parentCount} resources, schedules stack(s) ${nestedCounts.join(', ')} ` +
        `(${50 * 6} schedules), registry parameter ${synthesized.stack.monitor.targetRegistry!.size} characters`,
    );
    expect(parentCount).toBeLessThan(500);
    expect(nestedCounts).toHaveLength(1);
    expect(nestedCounts[0]).toBe(300 + 3);
  });

  it('compresses the registry into one Standard parameter that the functions read back', () => {
    // Act
    const registry = synthesized.stack.monitor.targetRegistry!;
    const value = synthesized.template.findResources('AWS::SSM::Parameter');
    const [parameter] = Object.values(value) as { Properties: { Value: string; Tier?: string } }[];

    // Assess: 50 entries of ~171 characters of JSON (8.5 KB) are gzipped under the Standard tier's 4 KB.
    expect(parameter!.Properties.Value.startsWith(COMPRESSED_REGISTRY_PREFIX)).toBe(true);
    expect(registry.size).toBeLessThan(SSM_STANDARD_MAX_CHARS);
    expect(parameter!.Properties.Tier ?? 'Standard').toBe('Standard');
    const source = 'the parameter';
    expect(parseTargetRegistry(decodeRegistryValue(parameter!.Properties.Value, source), source).targets).toHaveLength(
      50,
    );
    expect(Annotations.fromStack(synthesized.stack).findError('*', Match.anyValue())).toHaveLength(0);
  });
});

describe('a registry that no compression fits', () => {
  it('fails synthesis, naming its size', () => {
    // Prepare: external ids of 1,000 random characters (IAM allows 1,224) do not compress.
    const randomId = () =>
      Array.from(
        { length: 1000 },
        () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 62)],
      ).join('');
    const members = Array.from({ length: 10 }, (_, i) => {
      const account = `4444444444${String(i).padStart(2, '0')}`;
      return watched({
        account,
        credentials: {
          type: 'assume-role',
          roleArn: `arn:aws:iam::${account}:role/media-monitor/media-monitor-read-${EU}`,
          externalId: randomId(),
          sessionDurationSeconds: 3600,
        },
      });
    });

    // Act
    const large = synthDeployment({
      ...EU_DEPLOYMENT,
      watch: [watched({ account: MONITOR_ACCOUNT }), ...members],
      encryptionSetups: [],
    });
    const size = large.stack.monitor.targetRegistry!.size;

    // Assess
    expect(size).toBeGreaterThan(SSM_ADVANCED_MAX_CHARS);
    Annotations.fromStack(large.stack).hasError(
      '*',
      `Deployment eu: its registry of 11 targets is ${size} characters, over the 8192 an SSM parameter holds; ` +
        'split the watched targets between two deployments',
    );
  });
});

describe('schedules beyond one nested stack', () => {
  it('spreads them over nested stacks that share one schedule group', () => {
    // Prepare: 80 targets × 6 pollers = 480 schedules, over the 450 of one nested stack.
    const members = Array.from({ length: 79 }, (_, i) =>
      watched({ account: `3333333333${String(i).padStart(2, '0')}`, forwardEvents: false }),
    );
    const deployment = {
      ...EU_DEPLOYMENT,
      watch: [watched({ account: MONITOR_ACCOUNT }), ...members],
      encryptionSetups: [],
    };

    // Act
    const { stack } = synthDeployment(deployment);

    // Assess
    const nestedStacks = stack.monitor.schedules!.nestedStacks.map((n) => resources(Template.fromStack(n)));
    const count = (r: Record<string, Resource>, type: string) => Object.values(r).filter((x) => x.Type === type).length;
    expect(nestedStacks.map((r) => count(r, 'AWS::Scheduler::Schedule'))).toEqual([450, 30]);
    expect(nestedStacks.map((r) => count(r, 'AWS::Scheduler::ScheduleGroup'))).toEqual([1, 0]);
    const groups = nestedStacks.flatMap((r) =>
      Object.values(r)
        .filter((x) => x.Type === 'AWS::Scheduler::Schedule')
        .map((x) => x.Properties.GroupName),
    );
    expect(new Set(groups)).toEqual(new Set(['media-monitor-eu']));
  });
});
