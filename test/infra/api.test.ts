import { Match } from 'aws-cdk-lib/assertions';
import {
  assertHasResource,
  defaultTemplate,
  allowedActions,
  functionStatements,
  logicalIdOf,
  referenceTemplate,
  REFERENCE_QUOTA_ENV,
  resourcesOfType,
  type PolicyStatementJson,
  type SynthesizedTemplate,
} from './synth';

const API_FUNCTION = 'MediaMonitorApiApiFunction';

describe('MonitorApi', () => {
  let synthesized: SynthesizedTemplate;
  let restApiId: string;
  beforeAll(() => {
    synthesized = referenceTemplate();
    restApiId = logicalIdOf(synthesized.template, 'AWS::ApiGateway::RestApi', 'MediaMonitorApiRestApi');
  }, 180_000);

  it('requires AWS_IAM on every method, including the catch-all ANY methods', () => {
    // Act
    const methods = Object.values(resourcesOfType(synthesized.template, 'AWS::ApiGateway::Method')).map(
      (m) => m.Properties!,
    );

    // Assess
    expect(methods.length).toBeGreaterThanOrEqual(2);
    expect(methods.map((m) => m.AuthorizationType)).toEqual(methods.map(() => 'AWS_IAM'));
    expect(methods.map((m) => m.HttpMethod).sort()).toEqual(['ANY', 'ANY']);
  });

  it('proxies every path to the API function, without test-invoke permissions', () => {
    // Prepare
    const functionId = logicalIdOf(synthesized.template, 'AWS::Lambda::Function', API_FUNCTION);
    const permissions = Object.values(resourcesOfType(synthesized.template, 'AWS::Lambda::Permission'))
      .map((p) => p.Properties!)
      .filter((p) => p.Principal === 'apigateway.amazonaws.com');

    // Assess
    assertHasResource(synthesized.template, 'AWS::ApiGateway::Resource', {
      PathPart: '{proxy+}',
      RestApiId: { Ref: restApiId },
    });
    assertHasResource(synthesized.template, 'AWS::ApiGateway::Method', {
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
      RequestParameters: { 'method.request.path.proxy': true },
      RequestValidatorId: { Ref: Match.stringLikeRegexp('RequestValidator') },
    });
    expect(permissions).toHaveLength(2);
    permissions.forEach((p) => expect(p.FunctionName).toEqual({ 'Fn::GetAtt': [functionId, 'Arn'] }));
    expect(JSON.stringify(permissions)).not.toContain('test-invoke-stage');
  });

  it('throttles the stage, traces it and writes JSON access logs and error-level execution logs without data', () => {
    // Prepare
    const stage = Object.values(resourcesOfType(synthesized.template, 'AWS::ApiGateway::Stage'))[0]!.Properties!;
    const accessLogs = logicalIdOf(synthesized.template, 'AWS::Logs::LogGroup', 'MediaMonitorApiAccessLogs');
    const format = (stage.AccessLogSetting as { Format: string }).Format;

    // Assess
    expect(stage).toMatchObject({
      StageName: 'v1',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [accessLogs, 'Arn'] } },
      MethodSettings: [
        {
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 20,
          ThrottlingBurstLimit: 40,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          MetricsEnabled: true,
        },
      ],
    });
    expect(JSON.parse(format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      userArn: '$context.identity.userArn',
      errorMessage: '$context.error.message',
    });
    assertHasResource(synthesized.template, 'AWS::Logs::LogGroup', {
      LogGroupName: { 'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: restApiId }, '/v1']] },
      RetentionInDays: 90,
    });
  });

  it('signs page tokens with a generated secret that the function reads at run time, never from its environment', () => {
    // Prepare
    const secretId = logicalIdOf(synthesized.template, 'AWS::SecretsManager::Secret', 'MediaMonitorApiPageTokenSecret');
    const [, fn] = Object.entries(resourcesOfType(synthesized.template, 'AWS::Lambda::Function')).find(([id]) =>
      id.startsWith(API_FUNCTION),
    )!;
    const variables = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    const statements = functionStatements(synthesized.template, API_FUNCTION);

    // Assess
    assertHasResource(synthesized.template, 'AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    });
    expect(variables.API_TOKEN_SECRET).toBeUndefined();
    expect(JSON.stringify(variables)).not.toContain('{{resolve:secretsmanager:');
    expect(variables.API_TOKEN_SECRET_ARN).toEqual({ Ref: secretId });
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['secretsmanager:GetSecretValue']),
        Resource: { Ref: secretId },
      }),
    );
  });

  it('tells the API function its table, settings, poller schedules, both access roles and the encryption roles', () => {
    // Prepare
    const readOnlyRole = logicalIdOf(synthesized.template, 'AWS::IAM::Role', 'MediaMonitorAccessRolesReadOnlyRole');
    const operatorRole = logicalIdOf(synthesized.template, 'AWS::IAM::Role', 'MediaMonitorAccessRolesOperatorRole');

    // Assess
    assertHasResource(synthesized.template, 'AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          STATE_TABLE_NAME: { Ref: Match.stringLikeRegexp('^MediaMonitorStateTable') },
          ACCOUNT_ID: '123456789012',
          EVENT_HISTORY_DAYS: '30',
          REPOLL_WINDOW_SECONDS: '20',
          POLLER_INTERVALS:
            'mediaconnect-inventory=300,medialive-inventory=300,medialive-inputs=300,medialive-channels=300,' +
            'medialive-input-devices=300,mediapackage-inventory=300,mediapackage-channels=300,' +
            'mediapackage-origin-endpoints=300,mediapackagev2-inventory=300,mediapackagev2-channel-groups=300,' +
            'mediapackagev2-channels=300,mediapackagev2-origin-endpoints=300,metrics=60,alarm-reconcile=900',
          READ_ONLY_ROLE_ARN: { 'Fn::GetAtt': [readOnlyRole, 'Arn'] },
          OPERATOR_ROLE_ARN: { 'Fn::GetAtt': [operatorRole, 'Arn'] },
          ENCRYPTION_ROLE_ARNS: 'arn:aws:iam::123456789012:role/MediaConnectSecrets',
        }),
      },
      Timeout: 25,
    });
  });

  it('caps the API function at the instances its share of each service quota is divided between', () => {
    // Assess
    assertHasResource(synthesized.template, 'AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Media monitor REST API'),
      ReservedConcurrentExecutions: 2,
      Environment: { Variables: Match.objectLike(REFERENCE_QUOTA_ENV) },
    });
  });

  it('lets the API function control flows and entitlements of its account and region only', () => {
    // Prepare
    const statements = functionStatements(synthesized.template, API_FUNCTION);
    const flows = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':mediaconnect:eu-west-1:123456789012:flow:*']],
    };
    const entitlements = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':mediaconnect:eu-west-1:123456789012:entitlement:*']],
    };

    // Act
    const mediaConnect = allowedActions(statements).filter((a) => a.startsWith('mediaconnect:'));

    // Assess
    expect([...new Set(mediaConnect)].sort()).toEqual([
      'mediaconnect:DescribeFlow',
      'mediaconnect:GrantFlowEntitlements',
      'mediaconnect:ListTagsForResource',
      'mediaconnect:RevokeFlowEntitlement',
      'mediaconnect:StartFlow',
      'mediaconnect:StopFlow',
      'mediaconnect:UpdateFlowEntitlement',
    ]);
    for (const statement of statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('mediaconnect:')))) {
      expect(
        [statement.Resource]
          .flat()
          .every((r) => [flows, entitlements].some((e) => JSON.stringify(e) === JSON.stringify(r))),
      ).toBe(true);
    }
  });

  it('passes only the listed encryption roles, and only to MediaConnect', () => {
    // Act
    const passRole = functionStatements(synthesized.template, API_FUNCTION).filter((s) =>
      [s.Action].flat().includes('iam:PassRole'),
    );

    // Assess
    expect(passRole).toEqual([
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: 'arn:aws:iam::123456789012:role/MediaConnectSecrets',
        Condition: { StringEquals: { 'iam:PassedToService': 'mediaconnect.amazonaws.com' } },
      } satisfies PolicyStatementJson,
    ]);
  });

  it('creates the account-wide API Gateway CloudWatch role only when the config opts in', () => {
    // Act
    const optedIn = resourcesOfType(synthesized.template, 'AWS::ApiGateway::Account');

    // Assess
    expect(Object.keys(optedIn)).toHaveLength(1);
  });
});

describe('MonitorApi with the default config', () => {
  let synthesized: SynthesizedTemplate;
  beforeAll(() => {
    synthesized = defaultTemplate();
  }, 180_000);

  it('has no iam:PassRole and no encryption roles when the config names none', () => {
    // Prepare
    const [, fn] = Object.entries(resourcesOfType(synthesized.template, 'AWS::Lambda::Function')).find(([id]) =>
      id.startsWith(API_FUNCTION),
    )!;
    const variables = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;

    // Act
    const actions = allowedActions(functionStatements(synthesized.template, API_FUNCTION));

    // Assess
    expect(actions).not.toContain('iam:PassRole');
    expect(variables.ENCRYPTION_ROLE_ARNS).toBeUndefined();
  });

  it('creates no AWS::ApiGateway::Account and no stage logging that would need it', () => {
    // Prepare
    const stage = Object.values(resourcesOfType(synthesized.template, 'AWS::ApiGateway::Stage'))[0]!.Properties!;

    // Assess
    expect(resourcesOfType(synthesized.template, 'AWS::ApiGateway::Account')).toEqual({});
    expect(stage.AccessLogSetting).toBeUndefined();
    expect(JSON.stringify(stage.MethodSettings ?? [])).not.toContain('LoggingLevel');
    expect(stage).toMatchObject({ TracingEnabled: true });
  });
});
