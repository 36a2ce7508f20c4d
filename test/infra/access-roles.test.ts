import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AccessRoles, type AccessRolesProps } from '../../lib/access-roles';
import {
  assertHasResource,
  logicalIdOf,
  referenceTemplate,
  resourcesOfType,
  type PolicyStatementJson,
  type SynthesizedTemplate,
} from './synth';

/** AccessRoles in front of a bare REST API (a mock integration, so nothing is bundled). */
function rolesTemplate(props: Omit<AccessRolesProps, 'api'> = {}): Template {
  const stack = new Stack(new App(), 'RolesTest', { env: { account: '123456789012', region: 'eu-west-1' } });
  const restApi = new apigw.RestApi(stack, 'RestApi', {
    cloudWatchRole: false,
    deployOptions: { stageName: 'v1' },
    defaultMethodOptions: { authorizationType: apigw.AuthorizationType.IAM },
  });
  restApi.root.addMethod('ANY', new apigw.MockIntegration());
  new AccessRoles(stack, 'AccessRoles', {
    ...props,
    api: { restApi, stageName: 'v1', arnForMethod: (method) => restApi.arnForExecuteApi(method, '/*', 'v1') },
  });
  return Template.fromStack(stack);
}

function rolePolicy(template: Template, rolePrefix: string): PolicyStatementJson[] {
  const roleId = logicalIdOf(template, 'AWS::IAM::Role', rolePrefix);
  const policy = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).find((p) =>
    (p.Properties!.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId),
  )!;
  return (policy.Properties!.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement;
}

const executeApiArn = (restApiId: string, methodPart: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':execute-api:eu-west-1:123456789012:',
      { Ref: restApiId },
      `/v1/${methodPart}/*`,
    ],
  ],
});

describe('AccessRoles in the media monitor stack', () => {
  let synthesized: SynthesizedTemplate;
  let restApiId: string;
  beforeAll(() => {
    synthesized = referenceTemplate();
    restApiId = logicalIdOf(synthesized.template, 'AWS::ApiGateway::RestApi', 'MediaMonitorApiRestApi');
  }, 180_000);

  it('allows the read-only role to invoke GET methods and nothing else', () => {
    // Act
    const statements = rolePolicy(synthesized.template, 'MediaMonitorAccessRolesReadOnlyRole');

    // Assess
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: executeApiArn(restApiId, 'GET') },
    ]);
  });

  it('allows the operator role to invoke every method', () => {
    // Act
    const statements = rolePolicy(synthesized.template, 'MediaMonitorAccessRolesOperatorRole');

    // Assess
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: executeApiArn(restApiId, '*') },
    ]);
  });

  it('lets principals of the deploying account assume either role by default', () => {
    // Prepare
    const roles = resourcesOfType(synthesized.template, 'AWS::IAM::Role');

    // Assess
    for (const prefix of ['MediaMonitorAccessRolesReadOnlyRole', 'MediaMonitorAccessRolesOperatorRole']) {
      const role = roles[logicalIdOf(synthesized.template, 'AWS::IAM::Role', prefix)]!.Properties!;
      expect(role.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:root']] } },
          },
        ],
      });
      expect(role.MaxSessionDuration).toBe(3600);
    }
  });

  it('denies every other caller through the API resource policy', () => {
    // Prepare
    const readOnly = logicalIdOf(synthesized.template, 'AWS::IAM::Role', 'MediaMonitorAccessRolesReadOnlyRole');
    const operator = logicalIdOf(synthesized.template, 'AWS::IAM::Role', 'MediaMonitorAccessRolesOperatorRole');
    const api = resourcesOfType(synthesized.template, 'AWS::ApiGateway::RestApi')[restApiId]!.Properties!;

    // Act
    const statements = (api.Policy as { Statement: PolicyStatementJson[] }).Statement;

    // Assess
    expect(statements).toEqual([
      {
        Sid: 'ReadOnlyRoleGetsGet',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::GetAtt': [readOnly, 'Arn'] } },
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/v1/GET/*',
      },
      {
        Sid: 'OperatorRoleGetsAll',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::GetAtt': [operator, 'Arn'] } },
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/v1/*/*',
      },
      {
        Sid: 'NobodyElse',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/*',
        Condition: {
          StringNotEquals: {
            'aws:PrincipalArn': [{ 'Fn::GetAtt': [readOnly, 'Arn'] }, { 'Fn::GetAtt': [operator, 'Arn'] }],
          },
        },
      },
    ]);
  });
});

describe('AccessRoles props', () => {
  it('trusts the configured principals, and requires the external id when one is set', () => {
    // Act
    const template = rolesTemplate({
      readOnlyPrincipals: [new iam.AccountPrincipal('111122223333')],
      operatorPrincipals: [new iam.ArnPrincipal('arn:aws:iam::111122223333:role/Operators')],
      externalId: 'media-ops-2024',
    });

    // Assess
    assertHasResource(template, 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111122223333:root']] } },
            Condition: { StringEquals: { 'sts:ExternalId': 'media-ops-2024' } },
          },
        ],
      },
      Description: 'Media monitor API: read-only (GET) access',
    });
    assertHasResource(template, 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { AWS: 'arn:aws:iam::111122223333:role/Operators' },
            Condition: { StringEquals: { 'sts:ExternalId': 'media-ops-2024' } },
          },
        ],
      },
      Description: 'Media monitor API: operator access (all methods)',
    });
  });

  it('leaves the API without a resource policy when asked not to restrict it', () => {
    // Act
    const template = rolesTemplate({ restrictApiToRoles: false });

    // Assess
    const api = Object.values(resourcesOfType(template, 'AWS::ApiGateway::RestApi'))[0]!.Properties!;
    expect(api.Policy).toBeUndefined();
  });

  it.each<[string, Omit<AccessRolesProps, 'api'>, string]>([
    ['an empty principal list', { operatorPrincipals: [] }, 'a principal list, when given, must not be empty'],
    ['an external id with spaces', { externalId: 'not valid' }, 'externalId must be 2-1224 characters'],
  ])('rejects %s', (_case, props, message) => {
    // Act
    const create = () => rolesTemplate(props);

    // Assess
    expect(create).toThrow(message);
  });
});
