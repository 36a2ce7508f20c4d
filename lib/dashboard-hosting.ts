import { Duration, Stack, Validations, type Acknowledgment } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { Construct, type IConstruct } from 'constructs';
import type { AccessRoles } from './access-roles';
import type { MonitorApi } from './api';
import type { HostedDashboardSpec } from './deployment-spec';

export interface DashboardHostingProps {
  /** The API the dashboard calls; it gains CORS for the distribution's origin only. */
  readonly api: MonitorApi;
  /** The read-only and operator roles; the Cognito groups map to them and their trust gains the identity pool. */
  readonly accessRoles: AccessRoles;
  /** `deployments[].dashboard.hosted` of the config. */
  readonly hosted: HostedDashboardSpec;
  /** The built dashboard (index.html, the bundles, the styles): deployed to the bucket beside `config.json`. */
  readonly siteDirectory: string;
}

/**
 * Rewrites a path that names no file (`/flows/<arn>`, `/chains/<arn>/…`) to `/index.html`, so every deep link loads
 * the app, which routes on the URL itself. A path ending in a file extension of the build stays as it is.
 */
export const SPA_REWRITE_FUNCTION = `function handler(event) {
  var request = event.request;
  if (!/\\.(html|js|mjs|css|json|map|svg|png|ico|txt|woff2?)$/.test(request.uri)) request.uri = '/index.html';
  return request;
}`;

/**
 * The dashboard served from a private S3 bucket through CloudFront, signed in with Cognito:
 * - the bucket is reachable only through the distribution (Origin Access Control), HTTPS only, with strict security
 *   headers (a CSP without `unsafe-inline`, HSTS, nosniff, frame DENY, no referrer);
 * - a user pool (administrators create the users; no self sign-up) with the groups `operator` and `read-only`, and an
 *   identity pool that maps a signed-in user's group to the stack's operator or read-only API role (token mapping,
 *   ambiguous tokens denied), so the browser signs API calls with that role's temporary credentials;
 * - the API allows the distribution's origin (CORS) and nothing else.
 */
export class DashboardHosting extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  public readonly userPool: cognito.UserPool;
  public readonly userPoolClient: cognito.UserPoolClient;
  public readonly identityPool: cognito.CfnIdentityPool;
  /** `https://<distribution domain>`: where the dashboard is, and the only origin the API allows. */
  public readonly url: string;
  /** The Cognito managed login's base URL (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  public readonly cognitoDomain: string;

  constructor(scope: Construct, id: string, props: DashboardHostingProps) {
    super(scope, id);
    const { api, accessRoles, hosted } = props;
    const stack = Stack.of(this);
    const region = stack.region;
    this.cognitoDomain = `https://${hosted.domainPrefix}.auth.${region}.amazoncognito.com`;
    const apiOrigin = `https://${api.restApi.restApiId}.execute-api.${region}.${stack.urlSuffix}`;

    // The files are rebuilt from source on every deploy; RETAIN (the default) only avoids an auto-delete custom
    // resource, a second Lambda with delete rights on the bucket. A removed stack leaves the bucket to delete by hand.
    this.bucket = new s3.Bucket(this, 'SiteBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: false,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Media monitor dashboard: CSP without unsafe-inline, HSTS, nosniff, frame DENY, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy({
            apiOrigin,
            identityOrigin: `https://cognito-identity.${region}.${stack.urlSuffix}`,
            cognitoDomain: this.cognitoDomain,
          }),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    const rewrite = new cloudfront.Function(this, 'SpaRewrite', {
      comment: 'Deep links: a path that names no file loads /index.html',
      code: cloudfront.FunctionCode.fromInline(SPA_REWRITE_FUNCTION),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Media monitor dashboard',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // No minimumProtocolVersion: with the default *.cloudfront.net certificate CloudFront ignores it (see CFR4).
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      ...(hosted.webAclArn ? { webAclId: hosted.webAclArn } : {}),
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [{ function: rewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInCaseSensitive: false,
      signInAliases: { username: true, email: true },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: hosted.mfa === 'required' ? cognito.Mfa.REQUIRED : cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    });
    this.userPoolClient = this.userPool.addClient('DashboardClient', {
      generateSecret: false,
      authFlows: {},
      preventUserExistenceErrors: true,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${this.url}/`, ...hosted.callbackUrls],
        logoutUrls: [`${this.url}/`, ...hosted.callbackUrls],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: hosted.domainPrefix } });
    // The group with the lower precedence wins for a user in both: read-only, so acting needs the operator group alone.
    new cognito.CfnUserPoolGroup(this, 'ReadOnlyGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: 'read-only',
      description: 'Dashboard users who see the estate (the read-only API role)',
      precedence: 1,
      roleArn: accessRoles.readOnlyRole.roleArn,
    });
    new cognito.CfnUserPoolGroup(this, 'OperatorGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: 'operator',
      description: 'Dashboard users who may act: start/stop, re-poll, entitlements (the operator API role)',
      precedence: 2,
      roleArn: accessRoles.operatorRole.roleArn,
    });

    const provider = `cognito-idp.${region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    this.identityPool = new cognito.CfnIdentityPool(this, 'IdentityPool', {
      allowUnauthenticatedIdentities: false,
      allowClassicFlow: false,
      cognitoIdentityProviders: [
        {
          providerName: provider,
          clientId: this.userPoolClient.userPoolClientId,
          serverSideTokenCheck: true,
        },
      ],
    });
    accessRoles.trustIdentityPool(this.identityPool.ref);
    new cognito.CfnIdentityPoolRoleAttachment(this, 'RoleMapping', {
      identityPoolId: this.identityPool.ref,
      // No authenticated default role: a user in no group gets no credentials (AmbiguousRoleResolution Deny).
      roleMappings: {
        userPool: {
          identityProvider: `${provider}:${this.userPoolClient.userPoolClientId}`,
          type: 'Token',
          ambiguousRoleResolution: 'Deny',
        },
      },
    });

    api.allowBrowserOrigin(this.url);

    const deployment = new s3deploy.BucketDeployment(this, 'Site', {
      destinationBucket: this.bucket,
      sources: [
        s3deploy.Source.asset(props.siteDirectory),
        s3deploy.Source.jsonData('config.json', {
          mode: 'hosted',
          apiUrl: `${apiOrigin}/${api.stageName}`,
          region,
          userPoolId: this.userPool.userPoolId,
          userPoolClientId: this.userPoolClient.userPoolClientId,
          identityPoolId: this.identityPool.ref,
          cognitoDomain: this.cognitoDomain,
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });
    this.acknowledgeFindings(hosted, deployment);
  }

  private acknowledgeFindings(hosted: HostedDashboardSpec, deployment: s3deploy.BucketDeployment): void {
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds only the built dashboard, replaced on every deploy, and is read only by CloudFront through ' +
        'Origin Access Control; CloudFront is where viewer requests could be logged. No user data is stored in it.',
    });
    const distributionFindings: Acknowledgment[] = [
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Operators sign in from wherever they work; the files are public-by-design static assets and every API ' +
          'call is authorized by IAM role, so a geo restriction would add no protection.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'The distribution serves only static files; who did what is recorded by the API (the audit trail in the ' +
          'state table, API Gateway metrics). Standard logs need a log bucket with ACLs, left out on purpose.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses the default *.cloudfront.net certificate, with which CloudFront cannot enforce a ' +
          'minimum TLS version below its own policy; HSTS keeps browsers on HTTPS. Put a custom domain with an ACM ' +
          'certificate (TLSv1.2_2021) in front to pin TLS 1.2+.',
      },
    ];
    if (!hosted.webAclArn)
      distributionFindings.push({
        id: 'AwsSolutions-CFR2',
        reason:
          'No web ACL is configured (dashboard.hosted.webAclArn): the distribution serves static files only and the ' +
          'API behind it requires SigV4. Set webAclArn to put a WAFv2 web ACL in front.',
      });
    Validations.of(this.distribution).acknowledge(...distributionFindings);
    const plusPlan =
      'needs the Cognito Plus plan, billed per monthly active user; the pool has no self sign-up, administrators ' +
      'create every user, passwords are long and MFA is TOTP, so the Essentials plan (the default) is kept.';
    Validations.of(this.userPool).acknowledge(
      { id: 'AwsSolutions-COG3', reason: `Threat protection (advanced security) ${plusPlan}` },
      { id: 'AwsSolutions-COG8', reason: `The Plus feature plan ${plusPlan}` },
    );
    if (hosted.mfa === 'optional')
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason:
          'The deployment set dashboard.hosted.mfa to "optional" (TOTP offered, not enforced); the default is "required".',
      });
    // BucketDeployment's handler is one Lambda per stack (a singleton): its role is where its findings are.
    const handler: IConstruct = deployment.handlerRole.node.scope ?? deployment.handlerRole;
    Validations.of(handler).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's BucketDeployment handler writes its logs through AWSLambdaBasicExecutionRole, the policy AWS maintains " +
          'for exactly that; it runs only during deployments.',
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          "The runtime of CDK's BucketDeployment handler is chosen and tested by aws-cdk-lib; it runs only during " +
          'deployments, and a CDK upgrade moves it.',
      },
    );
    for (const id of bucketDeploymentWildcards(this, deployment))
      Validations.of(handler).acknowledge({
        id,
        reason:
          "CDK's BucketDeployment handler copies the build from the CDK asset bucket to the site bucket (object keys " +
          "are known only at deploy time) with CDK's own read/write grants, which name those two buckets only, and " +
          'invalidates this one distribution.',
      });
  }
}

/**
 * The dashboard's Content-Security-Policy: everything from its own origin, no inline script or style; it connects
 * only to the API, the identity pool and the Cognito domain, where the sign-in form posts too.
 */
export function contentSecurityPolicy(origins: {
  apiOrigin: string;
  identityOrigin: string;
  cognitoDomain: string;
}): string {
  return [
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    `connect-src 'self' ${origins.apiOrigin} ${origins.identityOrigin} ${origins.cognitoDomain}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    `form-action 'self' ${origins.cognitoDomain}`,
  ].join('; ');
}

/**
 * The IAM5 finding ids of the BucketDeployment handler's wildcards: CDK's grants on the asset and site buckets
 * (`s3:GetObject*`, `s3:List*`, `<bucket>/*`, …).
 */
function bucketDeploymentWildcards(scope: Construct, deployment: s3deploy.BucketDeployment): string[] {
  const stack = Stack.of(scope);
  const policies = deployment.handlerRole.node.findAll().filter((c): c is iam.CfnPolicy => c instanceof iam.CfnPolicy);
  const ids = new Set<string>();
  for (const policy of policies) {
    const document = stack.resolve(policy.policyDocument) as {
      Statement?: Array<{ Action?: string | string[]; Resource?: unknown }>;
    };
    for (const statement of document.Statement ?? []) {
      for (const action of [statement.Action ?? []].flat())
        if (action.includes('*')) ids.add(`AwsSolutions-IAM5[Action::${action}]`);
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      for (const resource of resources) {
        const flat = flattenCfnReference(resource);
        if (flat.includes('*')) ids.add(`AwsSolutions-IAM5[Resource::${flat}]`);
      }
    }
  }
  return [...ids];
}
