import { Stack, Validations, type Acknowledgment } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';
import { MONITORED_SERVICES, RESOURCE_STAR_ACTIONS } from './services/registry';

/**
 * The cdk-nag AwsSolutions findings the media monitor accepts, each with its reason. Everything else is fixed in
 * the constructs.
 *
 * cdk-nag 3 reports every IAM5 wildcard as its own finding (`AwsSolutions-IAM5[Resource::<the resource>]`) and an
 * acknowledgement must name it exactly. So the wildcards are acknowledged from the synthesized policy documents,
 * one by one, and only when they match a pattern below; a wildcard nobody anticipated stays a finding and fails
 * synthesis.
 */

/** A region or account inside a flattened ARN: a literal, or the pseudo parameter of an env-agnostic stack. */
const REGION = '(?:<AWS::Region>|[a-z0-9-]+)';
const ACCOUNT = '(?:<AWS::AccountId>|\\d{12})';
const arn = (rest: string) => new RegExp(`^arn:<AWS::Partition>:${rest}$`);

interface WildcardRule {
  readonly pattern: RegExp;
  readonly reason: string;
}

/** A service's wildcard ARN (`medialive:${REGION}:${ACCOUNT}:channel:*`) as a flattened-ARN pattern. */
function serviceArnPattern(pattern: string): RegExp {
  const [before, after] = pattern.split('${REGION}:${ACCOUNT}');
  const escape = (text: string) => text.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
  return arn(`${escape(before ?? '')}${REGION}:${ACCOUNT}${escape(after ?? '')}`);
}

export const WILDCARD_RULES: readonly WildcardRule[] = [
  {
    pattern: /^\*$/,
    reason:
      `Resource "*" appears only with actions that have no resource-level permissions: ${RESOURCE_STAR_ACTIONS.join(', ')}. ` +
      'The infra tests walk every policy and fail on any other action with "*".',
  },
  {
    pattern: /^<[A-Za-z0-9]*StateTable[A-Za-z0-9]*\.Arn>\/index\/\*$/,
    reason:
      'Queries on GSI1 (listings, metrics schedule, poller status) need the index ARN; "<table>/index/*" names ' +
      'the indexes of this one table and no other.',
  },
  ...MONITORED_SERVICES.flatMap((service) =>
    service.wildcardResources.map(({ pattern, reason }) => ({ pattern: serviceArnPattern(pattern), reason })),
  ),
  {
    pattern: arn(`cloudwatch:${REGION}:${ACCOUNT}:alarm:\\*`),
    reason:
      'The alarm reconciliation describes the alarms it holds as active by name; they are created outside this stack ' +
      '(by operators, or by other stacks), so their names are unknown at deploy time. The pattern covers alarms of ' +
      'this account and region only, and the statement allows only cloudwatch:DescribeAlarms.',
  },
  {
    pattern: /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/\*$/,
    reason:
      "A watched target's key pair is a Secrets Manager secret, which may be encrypted with a customer managed key the " +
      "config does not name. kms:Decrypt is allowed on the keys of the secret's account and Region only through " +
      'Secrets Manager there (kms:ViaService) and only for the configured secrets (kms:EncryptionContext:SecretARN).',
  },
  {
    pattern: arn(`execute-api:${REGION}:${ACCOUNT}:<[A-Za-z0-9]*RestApi[A-Za-z0-9]*>/\\w+/(?:GET|\\*)/\\*`),
    reason:
      'The access role may invoke its methods (GET only for the read-only role, any for the operator) on every ' +
      'path of this one API stage. Paths are routed by the API function behind {proxy+}, so listing them here ' +
      'would duplicate its route table.',
  },
];

const LAMBDA_RUNTIME: Acknowledgment = {
  id: 'AwsSolutions-L1',
  reason:
    'The monitor pins nodejs22.x (Node 22 LTS, supported by Lambda into 2027): the handlers, their tests and the ' +
    'local runtime target Node 22. cdk-nag flags anything but the newest family member (nodejs24.x); moving up is ' +
    'a deliberate, tested upgrade, not a side effect of a CDK bump.',
};

/**
 * The parts of a media monitor whose findings are acknowledged. The MediaMonitor construct passes them, so this module
 * does not import the construct that calls it.
 */
export interface MonitorFindingsScope {
  readonly functions: readonly { readonly function: IConstruct; readonly role: iam.Role }[];
  readonly accessRoles: readonly iam.Role[];
  readonly restApi: apigw.RestApi;
  readonly pageTokenSecret: IConstruct;
  /** False when the stage has no access logs (no account-wide API Gateway role). */
  readonly apiHasAccessLogs: boolean;
}

export function suppressMediaMonitorFindings(monitor: MonitorFindingsScope): void {
  for (const fn of monitor.functions) {
    Validations.of(fn.function).acknowledge(LAMBDA_RUNTIME);
    acknowledgeWildcards(fn.role);
  }
  for (const role of monitor.accessRoles) acknowledgeWildcards(role);
  acknowledgeApiFindings(monitor.restApi);
  Validations.of(monitor.pageTokenSecret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      "The secret is the HMAC key that signs the API's pagination tokens, which expire within an hour and carry only " +
      'a DynamoDB position inside a scope the caller is already IAM-authorized for. The API function reads it at run ' +
      'time with a five-minute cache and verifies tokens against AWSCURRENT and AWSPREVIOUS, so a new value (put by ' +
      'hand) takes effect without a redeploy and without breaking listings in progress; no Lambda rotator is needed.',
  });
  if (!monitor.apiHasAccessLogs) {
    Validations.of(monitor.restApi).acknowledge(
      {
        id: 'AwsSolutions-APIG1',
        reason:
          'Access logs need the account-wide API Gateway CloudWatch role (AWS::ApiGateway::Account), which this ' +
          'deployment does not own: set api.createAccountLogRole (or api.stageLogging when the account already has ' +
          'the role) to turn them on. Metrics, X-Ray traces and the audit trail in the state table stay on.',
      },
      {
        id: 'AwsSolutions-APIG6',
        reason:
          'Execution logs need the account-wide API Gateway CloudWatch role, which is opt-in (api.createAccountLogRole ' +
          'or api.stageLogging); the function logs every refused and failed request itself.',
      },
    );
  }
}

/**
 * Acknowledges each wildcard resource in the role's policies that matches a WILDCARD_RULE, by its exact finding id.
 * Call it after every grant: statements added later are not covered.
 */
export function acknowledgeWildcards(role: iam.Role): void {
  const stack = Stack.of(role);
  const policies = role.node.findAll().filter((c): c is iam.CfnPolicy => c instanceof iam.CfnPolicy);
  for (const policy of policies) {
    const document = stack.resolve(policy.policyDocument) as {
      Statement?: Array<{ Effect: string; Resource?: unknown }>;
    };
    for (const statement of document.Statement ?? []) {
      if (statement.Effect !== 'Allow') continue;
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      for (const resource of resources.map(flattenCfnReference).filter((r) => r.includes('*'))) {
        const rule = WILDCARD_RULES.find((r) => r.pattern.test(resource));
        if (rule)
          Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason: rule.reason });
      }
    }
  }
}

function acknowledgeApiFindings(restApi: apigw.RestApi): void {
  Validations.of(restApi).acknowledge(
    {
      id: 'AwsSolutions-APIG2',
      reason:
        'A request validator checks the required path parameters. Bodies are validated by the API function, per ' +
        'route, with zod schemas: one {proxy+} ANY method cannot carry one body model for every route.',
    },
    {
      id: 'AwsSolutions-APIG3',
      reason:
        'Every method requires SigV4 (AWS_IAM) and the resource policy admits only the two access roles, so ' +
        'anonymous traffic is rejected before the integration, and stage throttling caps the rest. A WAF web ACL ' +
        '($5/month plus rules) can be associated if the API is ever opened beyond IAM principals.',
    },
    {
      id: 'AwsSolutions-COG4',
      reason:
        'The API authorizes with IAM (SigV4) by design: its clients are AWS principals that assume the read-only ' +
        'or operator role. There are no Cognito users.',
    },
  );
  const cloudWatchRole: IConstruct | undefined = restApi.node.tryFindChild('CloudWatchRole');
  if (cloudWatchRole) {
    Validations.of(cloudWatchRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'API Gateway writes access and execution logs through one account-level role; ' +
        'AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS maintains for exactly that role.',
    });
  }
}
