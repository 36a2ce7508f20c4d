import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  ConfigValidationError,
  configForDeployment,
  deploymentSpecs,
  parseConfig,
  type MediaMonitorConfigInput,
} from '../../lib/config';
import { SPA_REWRITE_FUNCTION } from '../../lib/dashboard-hosting';
import { buildMediaMonitorAppStacks } from '../../lib/media-monitor-app';
import { MediaMonitorStack } from '../../lib/media-monitor-stack';
import { cfnLint, report } from './cfn-lint';
import { asArray, cdkJsonContext, resourcesOfType } from './synth';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const WEB_ACL_ARN = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/dashboard/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`;

type HostedInput = Record<string, unknown>;
/** A synthesized template's value, read as the test knows its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Cfn = any;

/** A deployment of `ACCOUNT`/`REGION` with `dashboard.hosted` set to `hosted` (or no dashboard). */
const configWith = (hosted?: HostedInput): MediaMonitorConfigInput =>
  ({
    deployments: [{ account: ACCOUNT, region: REGION, ...(hosted ? { dashboard: { hosted } } : {}) }],
  }) as MediaMonitorConfigInput;

/** The problems of a config, or [] when it is valid. */
function problemsOf(input: unknown): readonly string[] {
  try {
    parseConfig(input);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

/** A built dashboard stand-in: the construct deploys whatever the directory holds. */
function siteDirectory(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-hosted-site-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Media monitor</title>');
  writeFileSync(path.join(dir, 'app-TEST1234.js'), 'export {};');
  return dir;
}

interface Synthesized {
  readonly app: App;
  readonly stack: MediaMonitorStack;
  readonly template: Template;
}

/** The deployment's stack as the app builds it from the config, without bundling the functions. */
function synthHosted(hosted?: HostedInput): Synthesized {
  const config = parseConfig(configWith(hosted));
  const [spec] = deploymentSpecs(config);
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const stack = new MediaMonitorStack(app, 'MediaMonitorHosted', {
    env: { account: ACCOUNT, region: REGION },
    config: configForDeployment(config, spec!),
    deployment: spec!,
    dashboardSiteDirectory: siteDirectory(),
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** A CloudFormation string value with every `Fn::Join`, `Ref` and `Fn::GetAtt` written out as `<Id>` / `<Id.Attr>`. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if ('Fn::Join' in v) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(separator);
  }
  if ('Ref' in v) return `<${String(v.Ref)}>`;
  if ('Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}

const onlyOf = (template: Template, type: string) => {
  const resources = Object.entries(resourcesOfType(template, type));
  expect(resources).toHaveLength(1);
  const [id, resource] = resources[0]!;
  return { id, properties: (resource as { Properties: Record<string, unknown> }).Properties };
};

describe('dashboard.hosted in the config', () => {
  it('applies the defaults: no extra callbacks, MFA required, no web ACL', () => {
    // Act
    const [spec] = deploymentSpecs(parseConfig(configWith({ domainPrefix: 'acme-media-monitor' })));

    // Assess
    expect(spec!.hostedDashboard).toEqual({ domainPrefix: 'acme-media-monitor', callbackUrls: [], mfa: 'required' });
  });

  it('leaves a deployment without a dashboard unhosted', () => {
    // Act
    const [spec] = deploymentSpecs(parseConfig(configWith()));

    // Assess
    expect(spec).not.toHaveProperty('hostedDashboard');
  });

  const at = 'deployments.0.dashboard.hosted';
  it.each<[string, HostedInput, string]>([
    ['a missing domain prefix', {}, `${at}.domainPrefix:`],
    [
      'an upper-case domain prefix',
      { domainPrefix: 'Acme' },
      `${at}.domainPrefix: must be 1-63 characters of [a-z0-9-]`,
    ],
    ['a prefix ending in a hyphen', { domainPrefix: 'acme-' }, `${at}.domainPrefix: must be 1-63 characters`],
    ['a prefix with a word Cognito reserves', { domainPrefix: 'acme-cognito' }, `${at}.domainPrefix: must not contain`],
    [
      'a plain-HTTP callback off the loopback',
      { domainPrefix: 'acme', callbackUrls: ['http://dashboard.example.com/'] },
      `${at}.callbackUrls.0: must be an https:// URL`,
    ],
    [
      'a regional web ACL (CloudFront takes global ones only)',
      {
        domainPrefix: 'acme',
        webAclArn: `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/dashboard/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`,
      },
      `${at}.webAclArn: must be a WAFv2 web ACL ARN of global scope`,
    ],
    ['an MFA mode Cognito does not offer here', { domainPrefix: 'acme', mfa: 'sms' }, `${at}.mfa:`],
    ['an unknown key', { domainPrefix: 'acme', certificateArn: 'x' }, `${at}: Unrecognized key: "certificateArn"`],
  ])('refuses %s, naming the field', (_case, hosted, expected) => {
    // Act
    const problems = problemsOf(configWith(hosted));

    // Assess
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });

  it('accepts an https custom domain and a loopback callback', () => {
    // Act
    const problems = problemsOf(
      configWith({
        domainPrefix: 'acme',
        callbackUrls: ['https://monitor.example.com/', 'http://localhost:8080/'],
        webAclArn: WEB_ACL_ARN,
        mfa: 'optional',
      }),
    );

    // Assess
    expect(problems).toEqual([]);
  });
});

describe('SPA deep links (the CloudFront viewer-request function)', () => {
  // The function is plain ES5 for CloudFront's JS runtime; Node runs it as it is.
  const handler = new Function(`${SPA_REWRITE_FUNCTION}; return handler;`)() as (event: {
    request: { uri: string };
  }) => { uri: string };

  it.each([
    ['/', '/index.html'],
    ['/flows', '/index.html'],
    [`/flows/${encodeURIComponent('arn:aws:mediaconnect:eu-west-1:111111111111:flow:1-abc:Show.v2')}`, '/index.html'],
    [
      `/flows/${encodeURIComponent('arn:aws:mediaconnect:eu-west-1:111111111111:flow:1-abc:Show')}/grant`,
      '/index.html',
    ],
    ['/app-TEST1234.js', '/app-TEST1234.js'],
    ['/app-TEST1234.css', '/app-TEST1234.css'],
    ['/config.json', '/config.json'],
  ])('serves %s as %s', (uri, expected) => {
    // Act
    const request = handler({ request: { uri } });

    // Assess
    expect(request.uri).toBe(expected);
  });
});

describe('DashboardHosting', () => {
  let hosted: Synthesized;
  let optional: Synthesized;
  let plain: Synthesized;
  beforeAll(() => {
    hosted = synthHosted({ domainPrefix: 'acme-media-monitor' });
    optional = synthHosted({
      domainPrefix: 'acme-media-monitor',
      mfa: 'optional',
      webAclArn: WEB_ACL_ARN,
      callbackUrls: ['https://monitor.example.com/'],
    });
    plain = synthHosted();
  });

  it('keeps the bucket private, encrypted, TLS-only and unversioned', () => {
    // Act
    const bucket = onlyOf(hosted.template, 'AWS::S3::Bucket');

    // Assess
    expect(bucket.properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    expect(bucket.properties).not.toHaveProperty('VersioningConfiguration');
    hosted.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket.id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
          }),
        ]),
      },
    });
  });

  it('serves through CloudFront with Origin Access Control, HTTPS only and the SPA rewrite', () => {
    // Act
    const { properties } = onlyOf(hosted.template, 'AWS::CloudFront::Distribution');
    const config = properties.DistributionConfig as Record<string, Cfn>;

    // Assess
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      {
        EventType: 'viewer-request',
        FunctionARN: { 'Fn::GetAtt': [expect.stringMatching(/SpaRewrite/), 'FunctionARN'] },
      },
    ]);
    expect(config.Origins[0].OriginAccessControlId).toBeDefined();
    expect(config.Origins[0].S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(config).not.toHaveProperty('WebACLId');
    expect(config).not.toHaveProperty('ViewerCertificate');
    hosted.template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });

  it('puts the configured web ACL in front of the distribution', () => {
    // Act
    const { properties } = onlyOf(optional.template, 'AWS::CloudFront::Distribution');

    // Assess
    expect((properties.DistributionConfig as { WebACLId: string }).WebACLId).toBe(WEB_ACL_ARN);
  });

  it('sends the strict security headers: CSP without unsafe-inline, HSTS, nosniff, frame DENY, no referrer', () => {
    // Act
    const { properties } = onlyOf(hosted.template, 'AWS::CloudFront::ResponseHeadersPolicy');
    const security = (properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, Cfn> })
      .SecurityHeadersConfig;
    const csp = flatten(security.ContentSecurityPolicy.ContentSecurityPolicy);

    // Assess
    const cognito = 'https://acme-media-monitor.auth.eu-west-1.amazoncognito.com';
    const restApi = onlyOf(hosted.template, 'AWS::ApiGateway::RestApi').id;
    expect(csp).toBe(
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
        `connect-src 'self' https://<${restApi}>.execute-api.eu-west-1.<AWS::URLSuffix> ` +
        `https://cognito-identity.eu-west-1.<AWS::URLSuffix> ${cognito}; ` +
        `frame-ancestors 'none'; base-uri 'none'; form-action 'self' ${cognito}`,
    );
    expect(csp).not.toContain('unsafe');
    expect(security).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Preload: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY' },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer' },
    });
  });

  it('creates a user pool for administrator-created users only, with a strong password policy and TOTP MFA', () => {
    // Act
    const { properties } = onlyOf(hosted.template, 'AWS::Cognito::UserPool');

    // Assess
    expect(properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameConfiguration: { CaseSensitive: false },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
    expect(onlyOf(optional.template, 'AWS::Cognito::UserPool').properties.MfaConfiguration).toBe('OPTIONAL');
  });

  it('signs in with the authorization code flow (PKCE, no client secret) back to the distribution', () => {
    // Act
    const { properties } = onlyOf(optional.template, 'AWS::Cognito::UserPoolClient');
    const distribution = onlyOf(optional.template, 'AWS::CloudFront::Distribution').id;

    // Assess
    expect(properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
    });
    expect((properties.CallbackURLs as unknown[]).map(flatten)).toEqual([
      `https://<${distribution}.DomainName>/`,
      'https://monitor.example.com/',
    ]);
    optional.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'acme-media-monitor' });
  });

  it('maps the groups operator and read-only to the operator and read-only API roles, and nothing else', () => {
    // Act
    const groups = Object.values(resourcesOfType(hosted.template, 'AWS::Cognito::UserPoolGroup')).map(
      (g) => (g as unknown as { Properties: { GroupName: string; RoleArn: unknown } }).Properties,
    );
    const attachment = onlyOf(hosted.template, 'AWS::Cognito::IdentityPoolRoleAttachment').properties;

    // Assess
    expect(groups.map((g) => [g.GroupName, flatten(g.RoleArn)]).sort()).toEqual([
      ['operator', expect.stringMatching(/^<MediaMonitorAccessRolesOperatorRole\w+\.Arn>$/)],
      ['read-only', expect.stringMatching(/^<MediaMonitorAccessRolesReadOnlyRole\w+\.Arn>$/)],
    ]);
    expect(onlyOf(hosted.template, 'AWS::Cognito::IdentityPool').properties).toMatchObject({
      AllowUnauthenticatedIdentities: false,
      AllowClassicFlow: false,
    });
    expect(attachment).not.toHaveProperty('Roles');
    expect(Object.values(attachment.RoleMappings as object)).toEqual([
      expect.objectContaining({ Type: 'Token', AmbiguousRoleResolution: 'Deny' }),
    ]);
  });

  it("lets the identity pool's authenticated identities assume both roles, keeping the existing trust", () => {
    // Act
    const pool = onlyOf(hosted.template, 'AWS::Cognito::IdentityPool').id;
    const roles = Object.entries(resourcesOfType(hosted.template, 'AWS::IAM::Role')).filter(([id]) =>
      /AccessRoles(ReadOnly|Operator)Role/.test(id),
    );

    // Assess
    expect(roles).toHaveLength(2);
    for (const [, role] of roles) {
      const statements = asArray((role as Cfn).Properties.AssumeRolePolicyDocument.Statement);
      expect(statements).toEqual([
        expect.objectContaining({ Action: 'sts:AssumeRole' }),
        {
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': { Ref: pool } },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
          },
        },
      ]);
    }
  });

  it("answers CORS preflights for the distribution's origin only, without auth and without the function", () => {
    // Act
    const options = Object.values(resourcesOfType(hosted.template, 'AWS::ApiGateway::Method'))
      .map((m) => (m as { Properties: Record<string, Cfn> }).Properties)
      .filter((m) => m.HttpMethod === 'OPTIONS');
    const distribution = onlyOf(hosted.template, 'AWS::CloudFront::Distribution').id;

    // Assess
    expect(options).toHaveLength(2);
    for (const method of options) {
      expect(method.AuthorizationType).toBe('NONE');
      expect(method.Integration.Type).toBe('MOCK');
      const headers = method.Integration.IntegrationResponses[0].ResponseParameters;
      expect(flatten(headers['method.response.header.Access-Control-Allow-Origin'])).toBe(
        `'https://<${distribution}.DomainName>'`,
      );
      expect(headers['method.response.header.Access-Control-Allow-Headers']).toBe(
        "'authorization,content-type,x-amz-date,x-amz-security-token,x-amz-content-sha256,if-none-match'",
      );
    }
    expect(resourcesOfType(plain.template, 'AWS::ApiGateway::Method')).not.toContainEqual(
      expect.objectContaining({ Properties: expect.objectContaining({ HttpMethod: 'OPTIONS' }) }),
    );
  });

  it("names the origin on the gateway's own errors and in the function's environment", () => {
    // Act
    const responses = Object.values(resourcesOfType(hosted.template, 'AWS::ApiGateway::GatewayResponse')).map(
      (r) =>
        (r as unknown as { Properties: { ResponseType: string; ResponseParameters: Record<string, unknown> } })
          .Properties,
    );
    const distribution = onlyOf(hosted.template, 'AWS::CloudFront::Distribution').id;
    const apiFunction = Object.entries(resourcesOfType(hosted.template, 'AWS::Lambda::Function')).find(([id]) =>
      id.startsWith('MediaMonitorApiApiFunction'),
    )!;

    // Assess
    expect(responses.map((r) => r.ResponseType).sort()).toEqual(['DEFAULT_4XX', 'DEFAULT_5XX']);
    for (const r of responses)
      expect(flatten(r.ResponseParameters['gatewayresponse.header.Access-Control-Allow-Origin'])).toBe(
        `'https://<${distribution}.DomainName>'`,
      );
    const variables = (apiFunction[1] as Cfn).Properties.Environment.Variables;
    expect(flatten(variables.CORS_ALLOW_ORIGIN)).toBe(`https://<${distribution}.DomainName>`);
  });

  it('admits anonymous callers to OPTIONS only; every other method stays limited to the two roles', () => {
    // Act
    const policy = (onlyOf(hosted.template, 'AWS::ApiGateway::RestApi').properties.Policy as Cfn).Statement;
    const plainPolicy = (onlyOf(plain.template, 'AWS::ApiGateway::RestApi').properties.Policy as Cfn).Statement;

    // Assess
    const bySid = (statements: Array<{ Sid: string }>, sid: string) => statements.find((s) => s.Sid === sid);
    expect(bySid(policy, 'AnyoneGetsCorsPreflight')).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Resource: 'execute-api:/v1/OPTIONS/*',
    });
    expect(bySid(policy, 'NobodyElse')).toMatchObject({ Effect: 'Deny', NotResource: 'execute-api:/v1/OPTIONS/*' });
    expect(bySid(plainPolicy, 'AnyoneGetsCorsPreflight')).toBeUndefined();
    expect(bySid(plainPolicy, 'NobodyElse')).toMatchObject({ Effect: 'Deny', Resource: 'execute-api:/*' });
  });

  it('deploys the site with a config.json naming the API, the pools and the Cognito domain, and invalidates the cache', () => {
    // Act
    const { properties } = onlyOf(hosted.template, 'Custom::CDKBucketDeployment');

    // Assess
    expect(properties.SourceObjectKeys).toHaveLength(2);
    expect(properties.DistributionPaths).toEqual(['/*']);
    const markers = JSON.stringify(properties.SourceMarkers);
    for (const expected of ['UserPool', 'DashboardClient', 'IdentityPool', 'RestApi'])
      expect(markers).toContain(expected);
    expect(hosted.stack.dashboard?.cognitoDomain).toBe('https://acme-media-monitor.auth.eu-west-1.amazoncognito.com');
  });

  it('adds nothing of the dashboard to a deployment that does not host it', () => {
    // Act
    const types = Object.values(plain.template.toJSON().Resources as Record<string, { Type: string }>).map(
      (r) => r.Type,
    );

    // Assess
    expect(types.filter((t) => /Cognito|CloudFront|CDKBucketDeployment|GatewayResponse/.test(t))).toEqual([]);
    expect(plain.stack.dashboard).toBeUndefined();
  });

  it.each([
    ['MFA required, no web ACL', () => hosted],
    ['MFA optional, with a web ACL', () => optional],
  ])('leaves no unacknowledged cdk-nag finding (%s)', (_case, synthesized) => {
    // Act
    const { app } = synthesized();
    const result = new AwsSolutionsChecks(app).validateScope(app);

    // Assess
    const findings = result.violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath ?? r.resourceLogicalId}`),
    );
    expect(findings).toEqual([]);
  });

  it('finds no cfn-lint error in the hosted template', () => {
    // Act
    const matches = cfnLint(hosted, 'hosted');

    // Assess
    expect(report(matches.filter((m) => m.Level === 'Error'))).toEqual([]);
  });
});

describe('the app builds the hosted dashboard only for a deployment that hosts it', () => {
  /** The app from a config file in a temporary folder, counting the calls to the dashboard builder. */
  function appWith(hosted?: HostedInput): { builds: number; template: Template } {
    const cwd = mkdtempSync(path.join(tmpdir(), 'mm-app-config-'));
    writeFileSync(path.join(cwd, 'media-monitor.config.json'), JSON.stringify(configWith(hosted)));
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    let builds = 0;
    const { deployments } = buildMediaMonitorAppStacks(
      app,
      { cwd, env: {} },
      {
        dashboardSite: () => {
          builds += 1;
          return siteDirectory();
        },
      },
    );
    return { builds, template: Template.fromStack(deployments[0]!) };
  }

  it('builds the dashboard once and uploads it when the deployment hosts it', () => {
    // Act
    const { builds, template } = appWith({ domainPrefix: 'media-monitor-ops' });

    // Assess
    expect(builds).toBe(1);
    expect(Object.keys(resourcesOfType(template, 'Custom::CDKBucketDeployment'))).toHaveLength(1);
  });

  it('never builds the dashboard for a deployment without hosting', () => {
    // Act
    const { builds, template } = appWith();

    // Assess
    expect(builds).toBe(0);
    expect(Object.keys(resourcesOfType(template, 'Custom::CDKBucketDeployment'))).toHaveLength(0);
  });

  it('refuses a hosting deployment without the built dashboard, saying what to pass', () => {
    // Prepare
    const config = parseConfig(configWith({ domainPrefix: 'media-monitor-ops' }));
    const [spec] = deploymentSpecs(config);
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });

    // Act
    const build = () =>
      new MediaMonitorStack(app, 'MediaMonitorHostedWithoutSite', {
        env: { account: ACCOUNT, region: REGION },
        config: configForDeployment(config, spec!),
        deployment: spec!,
      });

    // Assess
    expect(build).toThrow(/dashboard\.hosted needs the built dashboard: pass dashboardSiteDirectory/);
  });
});
